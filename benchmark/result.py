"""The result of scoring: a plain dict inside, rendered as a table, DataFrame, Markdown, CSV or HTML."""
from __future__ import annotations

import copy
import json
from collections import Counter
from dataclasses import dataclass, field
from .metrics import level_summary, macro_f1_arrays, per_class, prf, prf_for_interval
from .model import PHENOMENA, QUOTE_TYPES, STANCES
from .stats import CountTable, bootstrap_sums, percentile_ci

LEVELS = ("quote", "speaker", "stance", "full")
FRAME_COLUMNS = ("level", "tp", "fp", "fn", "precision", "recall", "f1",
                 "precision_lo", "precision_hi", "recall_lo", "recall_hi", "f1_lo", "f1_hi", "count", "of", "share")


def _col(columns, name):
    return columns.index(name)


def _level_cols(columns, level):
    return (_col(columns, f"tp_{level}"), _col(columns, f"cp_{level}"), _col(columns, f"cr_{level}"))


def headline_statistics(stance: bool):
    """(name, statistic of column sums) for every headline metric, for the paired test."""
    from .scorer import COLUMNS

    npred, ngold = _col(COLUMNS, "n_pred"), _col(COLUMNS, "n_gold")
    out = []
    for level in LEVELS:
        if level in ("stance", "full") and not stance:
            continue
        _, cp, cr = _level_cols(COLUMNS, level)
        for k, metric in enumerate(("precision", "recall", "f1")):
            out.append((f"{level} {metric}",
                        (lambda S, cp=cp, cr=cr, k=k: prf(S[:, cp], S[:, cr], S[:, npred], S[:, ngold])[k])))
    if stance:
        tp, pr, gd = _class_cols(COLUMNS)
        out.append(("stance macro-F1", lambda S: macro_f1_arrays(S[:, tp], S[:, pr], S[:, gd])))
    return out


def _class_cols(columns):
    return ([_col(columns, f"tp_{c}") for c in STANCES], [_col(columns, f"pred_{c}") for c in STANCES],
            [_col(columns, f"gold_{c}") for c in STANCES])


@dataclass(frozen=True)
class Units:
    """Per-gold-attribution count rows and spurious rows, and one summed row per document,
    kept for the paired test; `unit` says which of them it resamples."""

    gold_rows: tuple = ()
    spurious_rows: dict = field(default_factory=dict)
    doc_rows: tuple = ()
    unit: str = "attribution"


def _frame_row(level: str, d: dict | None) -> dict:
    """One `FRAME_COLUMNS` row of a level summary (all NaN where the level does not apply)."""
    row: dict = {"level": level}
    if d is None:
        row.update({c: float("nan") for c in FRAME_COLUMNS[1:]})
        return row
    row.update({k: d[k] for k in ("tp", "fp", "fn", "precision", "recall", "f1")})
    for m in ("precision", "recall", "f1"):
        lo, hi = d["ci"][m]
        row[f"{m}_lo"] = float("nan") if lo is None else lo
        row[f"{m}_hi"] = float("nan") if hi is None else hi
    return row


def _int_counts(frame):
    """tp/fp/fn and count as nullable integers: whole counts stay `8`, not `8.0`, beside n/a rows."""
    for c in ("tp", "fp", "fn", "count", "of"):
        if c in frame.columns:
            frame[c] = frame[c].astype("Int64")
    return frame


def json_records(frame) -> list[dict]:
    """A frame's rows for JSON: NaN and pandas' NA as null (JSON has no NaN), numbers as numbers."""
    import math

    def clean(v):
        if v is None or (isinstance(v, float) and math.isnan(v)) or str(v) == "<NA>":
            return None
        if hasattr(v, "item"):  # numpy scalars
            return clean(v.item())
        return v

    return [{k: clean(v) for k, v in r.items()} for r in frame.to_dict("records")]


def with_signature(frame, signature: str):
    """A copy of `frame` with a last `signature` column (CSV output carries it on every row)."""
    out = frame.copy()
    out["signature"] = signature
    out.attrs["signature"] = signature
    return out


def _ci_dict(p, r, f) -> dict:
    return {"precision": percentile_ci(p), "recall": percentile_ci(r), "f1": percentile_ci(f)}


_NO_CI = {"precision": [None, None], "recall": [None, None], "f1": [None, None]}


def _nan(v):
    return float("nan") if v is None else v


def _share(n: int, of: int):
    return n / of if of else None


def llm_measures(acc, with_cases: bool) -> dict:
    """invented, misquoted and speaker_unnamed: count, share and its denominator."""
    q = acc.quoting
    unnamed = q["speaker_pronoun"] + q["speaker_generic"]
    out = {
        "invented": {"count": acc.unaligned, "of": acc.n_pred, "share": _share(acc.unaligned, acc.n_pred)},
        "misquoted": {"count": q["misquoted"], "of": q["direct_matched"],
                      "share": _share(q["misquoted"], q["direct_matched"])},
        "speaker_unnamed": {"count": unnamed, "of": q["speaker_given"], "share": _share(unnamed, q["speaker_given"]),
                            "pronoun": q["speaker_pronoun"], "generic": q["speaker_generic"]},
    }
    if with_cases:
        out["misquoted"]["cases"] = list(acc.misquotes)
    return out


def build_result(acc, s, ours: str | None, pred_name: str, gold_name: str) -> "Result":
    """`ours`: the name of the shipped split scored, or None for any other corpus."""
    from . import __version__
    from .corpus import dataset_version
    from .scorer import COLUMNS, SOFT_COLUMNS
    from .signature import data_hash, make_signature

    stance_ok = not acc.stance_missing
    table = CountTable.from_counter(acc.rows, COLUMNS)
    tot = table.totals()
    unit = s.unit(acc.n_docs)
    by_doc_rows = unit == "document" and acc.doc_rows is not None
    resampled = CountTable.from_counter(Counter(acc.doc_rows), COLUMNS) if by_doc_rows else table
    boot = bootstrap_sums(resampled, s.bootstrap, s.seed) if s.bootstrap else None
    npred, ngold = _col(COLUMNS, "n_pred"), _col(COLUMNS, "n_gold")

    levels = {}
    for level in LEVELS:
        if level in ("stance", "full") and not stance_ok:
            levels[level] = None
            continue
        tp, cp, cr = _level_cols(COLUMNS, level)
        d = level_summary(tot[tp], tot[cp], tot[cr], tot[npred], tot[ngold])
        d["ci"] = (_ci_dict(*prf_for_interval(boot[:, cp], boot[:, cr], boot[:, npred], boot[:, ngold]))
                   if boot is not None else copy.deepcopy(_NO_CI))
        levels[level] = d

    if s.match == "soft":
        soft = copy.deepcopy(levels["quote"])
    elif s.soft:
        st = CountTable.from_counter(acc.soft, SOFT_COLUMNS)
        t = st.totals()
        soft = level_summary(t[2], t[3], t[4], t[0], t[1])
        if s.bootstrap:
            if by_doc_rows and acc.doc_soft is not None:
                st = CountTable.from_counter(Counter(acc.doc_soft), SOFT_COLUMNS)
            b = bootstrap_sums(st, s.bootstrap, s.seed)
            soft["ci"] = _ci_dict(*prf_for_interval(b[:, 3], b[:, 4], b[:, 0], b[:, 1]))
        else:
            soft["ci"] = copy.deepcopy(_NO_CI)
    else:
        soft = None

    stance = None
    if stance_ok:
        tpc, prc, gdc = _class_cols(COLUMNS)
        classes, macro = per_class({c: tot[i] for c, i in zip(STANCES, tpc)},
                                   {c: tot[i] for c, i in zip(STANCES, prc)},
                                   {c: tot[i] for c, i in zip(STANCES, gdc)}, STANCES)
        labels = list(STANCES) + (["none"] if any(k[1] == "none" for k in acc.confusion) else [])
        matrix = [[int(acc.confusion.get((g, p), 0)) for p in labels] for g in labels]
        macro_ci = [None, None]
        if boot is not None:
            macro_ci = percentile_ci(macro_f1_arrays(boot[:, tpc], boot[:, prc], boot[:, gdc]))
        stance = {"per_class": classes, "macro_f1": macro, "macro_f1_ci": macro_ci,
                  "confusion": {"labels": labels, "matrix": matrix}}

    applicable = [lv for lv in LEVELS if levels[lv] is not None]

    def recall_block(counts, support):
        return ({lv: int(counts[n]) for n, lv in enumerate(LEVELS) if lv in applicable},
                {lv: (counts[n] / support if support else None) for n, lv in enumerate(LEVELS) if lv in applicable})

    type_counts: dict = {}
    phen_counts: dict = {}
    for (gtype, tags, hits), n in acc.groups.items():
        for key, table_ in [(gtype, type_counts)] + [(t, phen_counts) for t in tags]:
            v = table_.setdefault(key, [0] * 5)
            v[0] += n
            for k, h in enumerate(hits):
                v[1 + k] += n * h
    pred_counts: dict = {}
    for (ptype, matched), n in acc.pred_types.items():
        v = pred_counts.setdefault(ptype, [0, 0])
        v[0] += n
        v[1] += n * matched
    by_type = {}
    for t in sorted(set(type_counts) | set(pred_counts),
                    key=lambda x: (QUOTE_TYPES.index(x) if x in QUOTE_TYPES else 99, x)):
        v = type_counts.get(t, [0] * 5)
        pv = pred_counts.get(t, [0, 0])
        tp, rec = recall_block(v[1:5], v[0])
        by_type[t] = {"support": v[0], "tp": tp, "recall": rec, "predicted": pv[0],
                      "precision": (pv[1] / pv[0]) if pv[0] else None}
    by_phen = {}
    for tag in sorted(phen_counts, key=lambda x: (PHENOMENA.index(x) if x in PHENOMENA else 99, x)):
        v = phen_counts[tag]
        tp, rec = recall_block(v[1:5], v[0])
        by_phen[tag] = {"support": v[0], "tp": tp, "recall": rec}
    by_doc = {}
    for doc_id, n_pred, n_gold, *c in acc.docs:
        entry = {"n_pred": n_pred, "n_gold": n_gold}
        for n, lv in enumerate(LEVELS):
            entry[lv] = level_summary(c[3 * n], c[3 * n + 1], c[3 * n + 2], n_pred, n_gold) if lv in applicable else None
        by_doc[doc_id] = entry

    version = dataset_version() if ours else "custom"
    sig = make_signature(__version__, version, data_hash(acc.text_hashes), s.match, s.threshold,
                         s.bootstrap, s.seed, split=ours or None, documents=acc.n_docs, unit=unit)
    data = {
        "signature": sig,
        "settings": {"match": s.match, "threshold": s.threshold if s.match == "overlap" else None,
                     "bootstrap": s.bootstrap, "seed": s.seed, "resample": unit,
                     "predictions": pred_name, "gold": gold_name,
                     "split": ours or None,
                     "documents": acc.n_docs, "gold_attributions": acc.n_gold, "predicted_attributions": acc.n_pred},
        "levels": levels,
        "soft": soft,
        "stance": stance,
        "by_type": by_type,
        "by_phenomenon": by_phen,
        "by_document": by_doc,
        "unaligned": acc.unaligned,
        "llm": llm_measures(acc, s.errors),
    }
    if s.errors:
        data["errors"] = acc.errors
    units = Units(tuple(acc.gold_rows) if acc.gold_rows is not None else (), dict(acc.spurious_rows),
                  tuple(acc.doc_rows or ()), unit)
    return Result(data, units, dict(acc.texts))


def _fmt(v, digits=3) -> str:
    if v is None or (isinstance(v, float) and v != v):
        return "n/a"  # an empty denominator: undefined, not zero
    return f"{v:.{digits}f}"


def _ci(ci) -> str:
    if not ci or ci[0] is None:
        return ""
    return f"[{ci[0]:.2f}, {ci[1]:.2f}]"


@dataclass(frozen=True)
class Result:
    """Scores of one system: `to_dict()`, `to_frame()`, `str()` (a table), `_repr_html_()`."""

    data: dict
    units: Units = field(default_factory=Units, repr=False, compare=False)
    texts: dict = field(default_factory=dict, repr=False, compare=False)  # doc_id -> text, with errors=True

    @property
    def errors(self):
        """One row per gold and predicted attribution (scored with `errors=True`): its verdict
        (correct, incorrect, partial, missed, spurious; flags invented and misquoted), both
        sides' content, spans, cue, speaker and stance, and the overlap. See `ERROR_COLUMNS`."""
        from .errortable import error_frame

        if "errors" not in self.data:
            raise ValueError("no error items: score with errors=True (--errors) to keep them")
        return error_frame(self.data["errors"])

    @property
    def signature(self) -> str:
        return self.data["signature"]

    def __getitem__(self, key):
        return self.data[key]

    def to_dict(self) -> dict:
        return copy.deepcopy(self.data)

    def to_json(self, indent: int = 2) -> str:
        return json.dumps(self.data, indent=indent, ensure_ascii=False)

    def to_frame(self):
        """Every row the table prints, one DataFrame: the levels (quote, speaker, stance,
        full; NaN where a level does not apply) with interval bounds, `quote_soft` (the
        proportional score beside the main mode), `stance_macro_f1`, one `stance:LABEL` row
        per stance class, and the LLM measures (`invented`, `misquoted`, `speaker_unnamed`:
        `count` of `of`, and `share`); the `signature` on every row."""
        import pandas as pd

        frame = pd.concat([self.level_frame(), self.soft_frame(), self.macro_frame(), self.class_frame(),
                           self.llm_frame()], ignore_index=True)
        return with_signature(_int_counts(frame), self.signature)

    def level_frame(self):
        """The four levels only, with interval bounds."""
        import pandas as pd

        rows = [_frame_row(level, self.data["levels"][level]) for level in LEVELS]
        frame = _int_counts(pd.DataFrame(rows, columns=list(FRAME_COLUMNS)))
        frame.attrs["signature"] = self.signature
        return frame

    def class_frame(self):
        """One `stance:LABEL` row per stance class seen: counts and P/R/F1 (no intervals)."""
        import pandas as pd

        st = self.data["stance"]
        rows = []
        for label, c in (st or {}).get("per_class", {}).items():
            row = {k: float("nan") for k in FRAME_COLUMNS}
            row.update(level=f"stance:{label}", tp=c["tp"], fp=c["predicted"] - c["tp"], fn=c["support"] - c["tp"],
                       precision=_nan(c["precision"]), recall=_nan(c["recall"]), f1=_nan(c["f1"]))
            rows.append(row)
        return _int_counts(pd.DataFrame(rows, columns=list(FRAME_COLUMNS)))

    def macro_frame(self):
        """The `stance_macro_f1` row of compare(): f1 = stance macro-F1 with its CI."""
        import pandas as pd

        st = self.data["stance"]
        row = {c: float("nan") for c in FRAME_COLUMNS}
        row["level"] = "stance_macro_f1"
        if st is not None and st["macro_f1"] is not None:
            row["f1"] = st["macro_f1"]
            lo, hi = st["macro_f1_ci"]
            row["f1_lo"] = float("nan") if lo is None else lo
            row["f1_hi"] = float("nan") if hi is None else hi
        return _int_counts(pd.DataFrame([row], columns=list(FRAME_COLUMNS)))

    def soft_frame(self):
        """The `quote_soft` row (the soft quote-level score printed beside the main mode), or
        an empty frame when there is none."""
        import pandas as pd

        d = self.data.get("soft")
        if d is None or self.data["settings"]["match"] == "soft":
            return _int_counts(pd.DataFrame([], columns=list(FRAME_COLUMNS)))
        return _int_counts(pd.DataFrame([_frame_row("quote_soft", d)], columns=list(FRAME_COLUMNS)))

    def llm_frame(self):
        """The LLM measures as rows (`invented`, `misquoted`, `speaker_unnamed`): `count` and
        `share`, the other columns empty."""
        import pandas as pd

        from .llm.report import measure_rows

        rows = [{c: r.get(c, float("nan")) for c in FRAME_COLUMNS} for r in measure_rows(self.data)]
        return _int_counts(pd.DataFrame(rows, columns=list(FRAME_COLUMNS)))

    def to_csv(self) -> str:
        """`to_frame()` as CSV: one table, the signature on every row, so that a CSV file alone
        says how it was scored."""
        from .csvout import to_csv

        return to_csv(self.to_frame())

    def _level_rows(self):
        out = []
        for level in LEVELS:
            out.append((level, self.data["levels"][level]))
        if self.data.get("soft") is not None and self.data["settings"]["match"] != "soft":
            out.append(("soft (quote)", self.data["soft"]))
        return out

    def to_markdown(self) -> str:
        lines = ["| level | P | P 95% CI | R | R 95% CI | F1 | F1 95% CI | TP | FP | FN |",
                 "|---|---|---|---|---|---|---|---|---|---|"]
        for level, d in self._level_rows():
            if d is None:
                lines.append(f"| {level} | n/a | | n/a | | n/a | | | | |")
                continue
            lines.append(f"| {level} | {_fmt(d['precision'])} | {_ci(d['ci']['precision'])} | {_fmt(d['recall'])} | "
                         f"{_ci(d['ci']['recall'])} | {_fmt(d['f1'])} | {_ci(d['ci']['f1'])} | {d['tp']} | {d['fp']} | {d['fn']} |")
        st = self.data["stance"]
        if st is not None:
            lines.append(f"\nStance macro-F1: {_fmt(st['macro_f1'])} {_ci(st['macro_f1_ci'])}")
        from .llm.report import measure_markdown

        lines += measure_markdown(self.data)
        lines.append(f"\nSignature: `{self.signature}`")
        return "\n".join(lines)

    def __str__(self) -> str:
        d = self.data
        st = d["settings"]
        mode = st["match"] + (f" (threshold {st['threshold']:g})" if st["match"] == "overlap" else "")
        out = [f"{st['predictions']} against {st['gold']}: {st['documents']} document(s), "
               f"{st['gold_attributions']} gold and {st['predicted_attributions']} predicted attributions "
               f"({d['unaligned']} unaligned)",
               f"match {mode}; bootstrap {st['bootstrap']} by {st['resample']}, seed {st['seed']}", ""]
        out.append(f"{'level':<14} {'P':>6} {'95% CI':<13} {'R':>6} {'95% CI':<13} {'F1':>6} {'95% CI':<13} {'TP':>6} {'FP':>6} {'FN':>6}")
        for level, v in self._level_rows():
            if v is None:
                out.append(f"{level:<14} {'n/a':>6}")
                continue
            out.append(f"{level:<14} {_fmt(v['precision']):>6} {_ci(v['ci']['precision']):<13} {_fmt(v['recall']):>6} "
                       f"{_ci(v['ci']['recall']):<13} {_fmt(v['f1']):>6} {_ci(v['ci']['f1']):<13} "
                       f"{v['tp']:>6} {v['fp']:>6} {v['fn']:>6}")
        sd = d["stance"]
        if sd is not None:
            out += ["", f"stance macro-F1 {_fmt(sd['macro_f1'])} {_ci(sd['macro_f1_ci'])}",
                    f"{'stance':<14} {'P':>6} {'R':>6} {'F1':>6} {'support':>8} {'predicted':>9}"]
            for lab, c in sd["per_class"].items():
                out.append(f"{lab:<14} {_fmt(c['precision']):>6} {_fmt(c['recall']):>6} {_fmt(c['f1']):>6} "
                           f"{c['support']:>8} {c['predicted']:>9}")
            labels = sd["confusion"]["labels"]
            out += ["", "confusion over matched pairs (rows gold, columns predicted)",
                    " " * 12 + "".join(f"{lab:>12}" for lab in labels)]
            for lab, row in zip(labels, sd["confusion"]["matrix"]):
                if lab == "none":
                    continue
                out.append(f"{lab:<12}" + "".join(f"{x:>12}" for x in row))
        applicable = [lv for lv in LEVELS if d["levels"][lv] is not None]
        for title, block in (("type", d["by_type"]), ("phenomenon", d["by_phenomenon"])):
            if not block:
                continue
            out += ["", f"recall by {title}".ljust(26) + f"{'support':>8} " + " ".join(f"{lv:>8}" for lv in applicable)]
            for k, v in block.items():
                out.append(f"{k:<26}{v['support']:>8} " + " ".join(f"{_fmt(v['recall'][lv]):>8}" for lv in applicable))
        from .llm.report import error_lines, measure_lines

        out += measure_lines(d)
        if "errors" in d:
            out += ["", f"{'cat':<4} {'doc':<22} {'gold':<8} {'pred':<14} {'line':>5}  detail / content"]
            for e in d["errors"]:
                text = next((e[k] for k in ("aligned_text", "pred_text", "gold_text") if e[k] is not None), "")
                text = (text or "").replace("\n", " ")
                detail = e["detail"] + " | " if e["category"] in ("INC", "SPU") else ""
                out.append(f"{e['category']:<4} {str(e['doc_id'])[:22]:<22} {str(e['gold_id'] or '-'):<8} "
                           f"{str(e['pred_id'] if e['pred_id'] is not None else '-')[:14]:<14} {str(e['line'] or '-'):>5}  "
                           f"{detail}{text[:70]}")
        if "errors" in d:
            out += error_lines(d)
        out += ["", f"signature: {self.signature}"]
        return "\n".join(out)

    def to_html(self, title: str | None = None) -> str:
        """The HTML report as one self-contained page (`quotebench report`): the summary, and
        with `errors=True` every document with its marked spans and verdicts."""
        from .report.page import result_html

        return result_html(self, title)

    def _repr_html_(self) -> str:
        """The same report inline in a notebook (scoped styles; readable without scripts)."""
        from .report.page import result_repr_html

        return result_repr_html(self)
