"""Inter-annotator agreement, computed with the scorer so that it means what scores mean.

For a pair (A, B), B's attributions are turned into predictions and scored against A as
gold (`benchmark.score`, no bootstrap): content F1 in `exact` and `overlap` mode (F1 is
symmetric: swapping A and B swaps precision and recall); the number of pairs matched with
any token overlap (`agr`, below); and, over the pairs matched in overlap mode,

- speaker agreement: the share of matched pairs whose speakers agree by the scorer's
  speaker rule: B's speaker mention overlaps a mention of A's entity best, or B's entity
  name equals A's entity name, an alias or a name mention (case and punctuation folded); two speaker-less
  attributions agree;
- Cohen's kappa on stance, from the scorer's confusion matrix (A rows, B columns); not
  applicable unless both sides label every attribution. When both annotators use one
  label only, chance agreement is 1 and kappa is reported as 1.0 if they agree throughout.

`agr` follows the attribution-wise agreement used for PARC and PolNeAR:
agr(A||B) = |A's attributions matched in B| / |A|, matching on any overlap; the reported
`agr` is the mean of both directions.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations
from typing import Mapping, Sequence

from .errors import InputError
from .model import STANCES, Document

SUMMARY_FIELDS = ("content_f1_exact", "content_f1_overlap", "agr", "speaker_agreement", "stance_kappa")


def as_predictions(docs: Sequence[Document]) -> list[dict]:
    """One annotator's attributions as prediction lines (offsets, speaker, stance, type)."""
    out = []
    for doc in docs:
        names = {e.id: e.name for e in doc.entities}
        spans = {m.id: m.span for e in doc.entities for m in e.mentions}
        for a in doc.attributions:
            line = {"doc_id": doc.doc_id, "id": a.id,
                    "content_spans": [{"start": s.start, "end": s.end} for s in a.content],
                    "type": a.type, "stance": a.stance}
            if a.speaker is not None:
                line["speaker"] = names.get(a.speaker.entity)
                if a.speaker.mention is not None and a.speaker.mention in spans:
                    m = spans[a.speaker.mention]
                    line["speaker_span"] = {"start": m.start, "end": m.end}
            out.append(line)
    return out


def cohen_kappa(labels: Sequence[str], matrix: Sequence[Sequence[int]]) -> float | None:
    """Cohen's kappa of a square confusion matrix; None when it holds no pair."""
    n = sum(sum(r) for r in matrix)
    if n == 0:
        return None
    po = sum(matrix[i][i] for i in range(len(labels))) / n
    rows = [sum(r) / n for r in matrix]
    cols = [sum(matrix[i][j] for i in range(len(labels))) / n for j in range(len(labels))]
    pe = sum(r * c for r, c in zip(rows, cols))
    if pe >= 1.0:
        return 1.0 if po >= 1.0 else 0.0
    return (po - pe) / (1 - pe)


@dataclass(frozen=True)
class PairAgreement:
    """Agreement of annotation B with annotation A (A read as gold)."""

    a: str
    b: str
    documents: int
    n_a: int
    n_b: int
    exact: Mapping[str, float]  # tp, precision, recall, f1
    overlap: Mapping[str, float]
    any_overlap: int  # pairs matched with any token overlap
    matched: int  # pairs matched in overlap mode
    speaker_agree: int
    stance: Mapping | None  # {"labels", "matrix", "observed", "kappa"} or None
    disagreements: tuple = ()

    @property
    def agr(self) -> float | None:
        if not self.n_a or not self.n_b:
            return None
        return (self.any_overlap / self.n_a + self.any_overlap / self.n_b) / 2

    @property
    def speaker_agreement(self) -> float | None:
        return self.speaker_agree / self.matched if self.matched else None

    @property
    def stance_kappa(self) -> float | None:
        return self.stance["kappa"] if self.stance else None

    def summary(self) -> dict:
        return {"content_f1_exact": self.exact["f1"], "content_f1_overlap": self.overlap["f1"],
                "agr": self.agr, "speaker_agreement": self.speaker_agreement, "stance_kappa": self.stance_kappa}

    def to_dict(self) -> dict:
        out = {"a": self.a, "b": self.b, "documents": self.documents,
               "attributions_a": self.n_a, "attributions_b": self.n_b,
               **self.summary(),
               "exact": dict(self.exact), "overlap": dict(self.overlap),
               "matched_any_overlap": self.any_overlap, "matched": self.matched,
               "speaker_agree": self.speaker_agree, "stance": self.stance}
        if self.disagreements:
            out["disagreements"] = list(self.disagreements)
        return out


@dataclass(frozen=True)
class AgreementReport:
    annotators: tuple[str, ...]
    pairs: tuple[PairAgreement, ...]
    threshold: float = 0.5
    mean: Mapping[str, float | None] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"annotators": list(self.annotators), "threshold": self.threshold,
                "pairs": [p.to_dict() for p in self.pairs], "mean": dict(self.mean)}


def _check_same_texts(a: Sequence[Document], b: Sequence[Document], name_a: str, name_b: str) -> None:
    ta = {d.doc_id: d.text_sha256 for d in a}
    tb = {d.doc_id: d.text_sha256 for d in b}
    for doc_id in sorted(set(ta) ^ set(tb)):
        where, other = (name_a, name_b) if doc_id in ta else (name_b, name_a)
        raise InputError(where, f"document {doc_id!r} is not in {other}: both annotations must cover the same documents")
    for doc_id in sorted(ta):
        if ta[doc_id] != tb[doc_id]:
            raise InputError(name_b, f"document {doc_id!r} has a different text (sha256) than in {name_a}")


def _level(d: Mapping) -> dict:
    return {k: d[k] for k in ("tp", "fp", "fn", "precision", "recall", "f1")}


def pair_agreement(a: Sequence[Document], b: Sequence[Document], name_a: str = "A", name_b: str = "B",
                   threshold: float = 0.5, listing: bool = False) -> PairAgreement:
    """Agreement of B with A over the same documents (see the module docstring)."""
    from .scorer import score

    _check_same_texts(a, b, name_a, name_b)
    preds = as_predictions(b)
    ex = score(preds, gold=list(a), match="exact", bootstrap=0, soft=False).to_dict()
    ov = score(preds, gold=list(a), match="overlap", threshold=threshold, bootstrap=0, soft=True,
               errors=listing).to_dict()
    quote = ov["levels"]["quote"]
    speaker = ov["levels"]["speaker"]
    has_stance = all(x.stance is not None for d in (*a, *b) for x in d.attributions)
    stance = None
    if has_stance and ov["stance"] is not None:
        conf = ov["stance"]["confusion"]
        labels = [lab for lab in conf["labels"] if lab in STANCES]
        idx = [conf["labels"].index(lab) for lab in labels]
        matrix = [[conf["matrix"][i][j] for j in idx] for i in idx]
        n = sum(map(sum, matrix))
        stance = {"labels": labels, "matrix": matrix,
                  "observed": (sum(matrix[i][i] for i in range(len(labels))) / n) if n else None,
                  "kappa": cohen_kappa(labels, matrix)}
    listed = ()
    if listing:
        listed = tuple(_disagreement(e) for e in ov.get("errors", []) if e["category"] != "COR")
    return PairAgreement(
        a=name_a, b=name_b, documents=len(a),
        n_a=sum(len(d.attributions) for d in a), n_b=sum(len(d.attributions) for d in b),
        exact=_level(ex["levels"]["quote"]), overlap=_level(quote),
        any_overlap=int(ov["soft"]["tp"]) if ov.get("soft") else 0,
        matched=int(quote["tp"]), speaker_agree=int(speaker["tp"]),
        stance=stance, disagreements=listed)


_WHAT = {"MIS": "only in A", "SPU": "only in B", "INC": "matched, labels differ",
         "PAR": "matched, content boundaries differ"}


def _disagreement(e: Mapping) -> dict:
    detail = e.get("detail") or ""
    if e["category"] == "INC":
        detail = detail.replace(", gold ", ", A ").replace("speaker ", "speaker B ").replace("stance ", "stance B ")
    elif e["category"] in ("MIS", "SPU"):
        detail = ""
    return {"kind": _WHAT.get(e["category"], e["category"]), "doc_id": e["doc_id"], "a": e.get("gold_id"),
            "b": e.get("pred_id"), "a_content": e.get("gold_text"),
            "b_content": e.get("aligned_text") if e.get("aligned_text") is not None else e.get("pred_text"),
            "detail": detail}


def _mean(values) -> float | None:
    vals = [v for v in values if v is not None]
    return sum(vals) / len(vals) if vals else None


def agreement(annotations: Mapping[str, Sequence[Document]], threshold: float = 0.5,
              listing: bool = False) -> AgreementReport:
    """Pairwise agreement for every pair of annotations (in the given order) and the mean."""
    names = tuple(annotations)
    if len(names) < 2:
        raise InputError("agreement", "needs at least two annotations")
    pairs = tuple(pair_agreement(annotations[x], annotations[y], x, y, threshold, listing)
                  for x, y in combinations(names, 2))
    mean = {k: _mean(p.summary()[k] for p in pairs) for k in SUMMARY_FIELDS}
    return AgreementReport(names, pairs, threshold, mean)


def _fmt(v) -> str:
    return "n/a" if v is None else f"{v:.3f}"


def render_table(report: AgreementReport, listing: bool = False) -> str:
    """Plain-text table: one row per pair, then the mean when there are several pairs."""
    w = max([len("A"), *(len(n) for n in report.annotators)])
    head = (f"{'A':<{w}}  {'B':<{w}}  {'docs':>4}  {'n A':>4}  {'n B':>4}  {'F1 exact':>8}  "
            f"{'F1 overlap':>10}  {'agr':>5}  {'speaker':>7}  {'kappa':>5}")
    lines = [f"content matching: exact, and overlap at threshold {report.threshold:g}; "
             "speaker agreement and stance kappa over pairs matched in overlap mode", "", head, "-" * len(head)]
    for p in report.pairs:
        lines.append(f"{p.a:<{w}}  {p.b:<{w}}  {p.documents:>4}  {p.n_a:>4}  {p.n_b:>4}  {_fmt(p.exact['f1']):>8}  "
                     f"{_fmt(p.overlap['f1']):>10}  {_fmt(p.agr):>5}  {_fmt(p.speaker_agreement):>7}  "
                     f"{_fmt(p.stance_kappa):>5}")
    if len(report.pairs) > 1:
        m = report.mean
        lines.append("-" * len(head))
        lines.append(f"{'mean of ' + str(len(report.pairs)) + ' pairs':<{2 * w + 2}}  {'':>4}  {'':>4}  {'':>4}  "
                     f"{_fmt(m['content_f1_exact']):>8}  {_fmt(m['content_f1_overlap']):>10}  {_fmt(m['agr']):>5}  "
                     f"{_fmt(m['speaker_agreement']):>7}  {_fmt(m['stance_kappa']):>5}")
    if listing:
        for p in report.pairs:
            lines += ["", f"disagreements {p.a} (A) vs {p.b} (B): {len(p.disagreements)}"]
            if not p.disagreements:
                lines.append("  none")
            for d in p.disagreements:
                ids = f"A:{d['a'] or '-'} B:{d['b'] or '-'}"
                lines.append(f"  {d['doc_id']}  {ids}  {d['kind']}" + (f": {d['detail']}" if d["detail"] else ""))
                for side in ("a", "b"):
                    if d[f"{side}_content"]:
                        txt = " ".join(d[f"{side}_content"].split())
                        lines.append(f"      {side.upper()}: {txt[:110]}{'…' if len(txt) > 110 else ''}")
    return "\n".join(lines)
