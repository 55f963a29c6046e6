"""A scored system's error table read into plain per-item dicts, the report's one input shape.

`Result.errors` is a pandas DataFrame (one row per gold or predicted item; its columns are
listed in `COLUMNS`). Its cells may be pandas NA, NaN, numpy scalars or arrays; the renderers
should not care, so every row is cleaned here once: missing is None, flags are bools, spans
are tuples of int pairs, phenomena a tuple of tags.
"""
from __future__ import annotations

import math

VERDICTS = ("correct", "incorrect", "partial", "missed", "spurious")
FLAGS = ("invented", "misquoted")
COLUMNS = ("doc_id", "verdict", "invented", "misquoted", "gold_id", "pred_id", "line", "type", "phenomena",
           "gold_text", "pred_text", "aligned_text", "gold_spans", "aligned_spans", "gold_cue", "gold_cue_spans",
           "pred_cue", "gold_speaker", "gold_speaker_spans", "pred_speaker", "pred_speaker_span",
           "speaker_correct", "gold_stance", "pred_stance", "stance_correct", "overlap", "detail")
SPAN_COLUMNS = ("gold_spans", "aligned_spans", "gold_cue_spans", "gold_speaker_spans", "pred_speaker_span")


def _missing(v) -> bool:
    if v is None:
        return True
    if isinstance(v, float) and math.isnan(v):
        return True
    return type(v).__name__ in ("NAType", "NaTType")


def _scalar(v):
    if _missing(v):
        return None
    if hasattr(v, "item") and not hasattr(v, "__len__"):  # numpy scalar
        v = v.item()
    return v


def spans(v) -> tuple:
    """(start, end) int pairs from a tuple, list or array of pairs; () when missing or bad."""
    if v is None or (not hasattr(v, "__iter__")) or isinstance(v, str):
        return ()
    out = []
    try:
        for pair in v:
            start, end = (int(x) for x in pair)
            out.append((start, end))
    except (TypeError, ValueError):
        return tuple(out)
    return tuple(out)


def _flag(v) -> bool:
    v = _scalar(v)
    return bool(v) if v is not None else False


def _optional_bool(v):
    v = _scalar(v)
    return None if v is None else bool(v)


def clean_row(row: dict, key: str) -> dict:
    """One error-table row as a plain dict, with `key` (unique in the report) and `flags`."""
    item = {c: _scalar(row.get(c)) if c not in SPAN_COLUMNS else None for c in COLUMNS}
    for c in SPAN_COLUMNS:
        item[c] = spans(row.get(c))
    for c in ("doc_id", "verdict", "gold_id", "pred_id", "type", "gold_text", "pred_text", "aligned_text",
              "gold_cue", "pred_cue", "gold_speaker", "pred_speaker", "gold_stance", "pred_stance", "detail"):
        if item[c] is not None:
            item[c] = str(item[c])
    item["invented"], item["misquoted"] = _flag(row.get("invented")), _flag(row.get("misquoted"))
    item["speaker_correct"] = _optional_bool(row.get("speaker_correct"))
    item["stance_correct"] = _optional_bool(row.get("stance_correct"))
    line = _scalar(row.get("line"))
    item["line"] = int(line) if line is not None else None
    overlap = _scalar(row.get("overlap"))
    item["overlap"] = float(overlap) if overlap is not None else None
    phen = item["phenomena"]
    item["phenomena"] = tuple(t.strip() for t in str(phen).split(",") if t.strip()) if phen else ()
    item["flags"] = tuple(f for f in FLAGS if item[f])
    item["key"] = key
    return item


def system_items(errors, system: int) -> list:
    """Every row of one system's error table as a clean item, keyed `S-K` (system, row)."""
    if errors is None:
        return []
    records = errors.to_dict("records") if hasattr(errors, "to_dict") else list(errors)
    return [clean_row(r, f"{system}-{k}") for k, r in enumerate(records)]


def counts(items) -> dict:
    """Items per verdict and per flag (every verdict and flag present, zero if none)."""
    out = {v: 0 for v in VERDICTS + FLAGS}
    for it in items:
        if it["verdict"] in out:
            out[it["verdict"]] += 1
        for f in it["flags"]:
            out[f] += 1
    return out


def stance_of(item) -> str | None:
    """The stance a filter sees: the gold stance, or the predicted one for a spurious item."""
    return item["gold_stance"] or item["pred_stance"]


def first_offset(item) -> float:
    """Where the item starts in the text (for ordering); items without spans go last."""
    starts = [s for s, _ in item["gold_spans"] + item["aligned_spans"]]
    return min(starts) if starts else math.inf
