"""The result of scoring: a plain dict inside (`benchmark.scoring.statistics` builds it),
rendered as a table, DataFrame, Markdown, CSV or HTML."""
from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field

from .scoring.statistics import Units, build_result, headline_statistics, llm_measures  # noqa: F401

LEVELS = ("quote", "speaker", "stance", "full")
FRAME_COLUMNS = ("level", "tp", "fp", "fn", "precision", "recall", "f1",
                 "precision_lo", "precision_hi", "recall_lo", "recall_hi", "f1_lo", "f1_hi", "count", "of", "share")


def _col(columns, name):
    return columns.index(name)


def _level_cols(columns, level):
    return (_col(columns, f"tp_{level}"), _col(columns, f"cp_{level}"), _col(columns, f"cr_{level}"))


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


def _nan(v):
    return float("nan") if v is None else v


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

    def __repr__(self) -> str:
        levels = self.data["levels"]
        f1 = ", ".join(f"{lv} F1 {_fmt(levels[lv]['f1'])}" if levels.get(lv) else f"{lv} n/a" for lv in LEVELS)
        return f"<Result {f1}; {self.signature}>"

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
        per stance class, recall by quote type and phenomenon (`type:direct:quote`,
        `phenomenon:cueless:full`, ...), and the LLM measures (`invented`, `misquoted`, `speaker_unnamed`:
        `count` of `of`, and `share`); the `signature` on every row."""
        import pandas as pd

        frame = pd.concat([self.level_frame(), self.soft_frame(), self.macro_frame(), self.class_frame(),
                           self.breakdown_frame(), self.llm_frame()], ignore_index=True)
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

    def breakdown_frame(self):
        """Recall by quote type and by phenomenon, one `type:T:LEVEL` or `phenomenon:P:LEVEL`
        row per applicable level: tp, fn, recall and `count` (the support), as the table prints."""
        import pandas as pd

        rows = []
        for kind, block in (("type", self.data["by_type"]), ("phenomenon", self.data["by_phenomenon"])):
            for key, v in block.items():
                for level, tp in v["tp"].items():
                    row = {k: float("nan") for k in FRAME_COLUMNS}
                    row.update(level=f"{kind}:{key}:{level}", tp=tp, fn=v["support"] - tp,
                               recall=_nan(v["recall"][level]), count=v["support"])
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
