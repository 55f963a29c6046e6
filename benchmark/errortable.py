"""The error items of a result as one well-typed table: a DataFrame, CSV, JSON or Markdown.

One row per gold and predicted attribution (`benchmark.scorer.ERROR_COLUMNS`). Counts and
line numbers stay integers (nullable where a side is absent), flags stay booleans, and
spans, which are lists of (start, end) pairs, are written as JSON text in CSV and Markdown so
that `pandas.read_csv` reads every file as one table with one type per column.
"""
from __future__ import annotations

import json

SPAN_COLUMNS = ("gold_spans", "aligned_spans", "gold_cue_spans", "gold_speaker_spans", "pred_speaker_span")
FLAG_COLUMNS = ("speaker_correct", "stance_correct")


def error_frame(items):
    """The DataFrame of `Result.errors`: columns in `ERROR_COLUMNS` order, even when empty."""
    import pandas as pd

    from .scorer import ERROR_COLUMNS

    frame = pd.DataFrame(list(items), columns=list(ERROR_COLUMNS))
    frame["line"] = frame["line"].astype("Int64")
    for c in ("invented", "misquoted"):
        frame[c] = frame[c].astype(bool)
    for c in FLAG_COLUMNS:
        frame[c] = frame[c].astype("boolean")
    frame["overlap"] = frame["overlap"].astype(float)
    return frame


def _span_text(v):
    return None if v is None else json.dumps([list(x) for x in v])


def flat_frame(items, signature: str | None = None):
    """`error_frame` with the span columns as JSON text (for CSV and Markdown cells), and the
    signature as a last column, so that the file alone says how it was scored."""
    frame = error_frame(items)
    for c in SPAN_COLUMNS:
        frame[c] = frame[c].map(_span_text, na_action="ignore")
    if signature is not None:
        frame["signature"] = signature
    return frame


def to_csv(items, signature: str | None = None) -> str:
    from .csvout import to_csv as write

    return write(flat_frame(items, signature))


def to_json(items, signature: str | None = None) -> str:
    """A JSON array of the rows (spans as [[start, end], ...], absent values null)."""
    from .result import json_records

    frame = error_frame(items)
    if signature is not None:
        frame["signature"] = signature
    records = json_records(frame)
    for r, item in zip(records, items):  # spans as lists, straight from the items
        for c in SPAN_COLUMNS:
            r[c] = None if item[c] is None else [list(x) for x in item[c]]
    return json.dumps(records, indent=2, ensure_ascii=False)


def _cell(v) -> str:
    if v is None or (isinstance(v, float) and v != v) or str(v) == "<NA>":
        return ""
    return str(v).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").replace("\r", " ")


def to_markdown(items, signature: str | None = None) -> str:
    frame = flat_frame(items, signature)
    cols = list(frame.columns)
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for row in frame.itertuples(index=False):
        lines.append("| " + " | ".join(_cell(v) for v in row) + " |")
    return "\n".join(lines)
