"""Predictions held in a table: a `datasets.Dataset` or a pandas DataFrame, as prediction dicts.

The package's own views score as they are: the `attributions` view (one row per
attribution) and the `documents` view (one row per document, its attributions nested);
ClassLabel integers become their names, and the columns that only the views have (the text,
its hash, entities, tags, the speaker's mention and type) are left out by name. Any other
table is read as prediction rows: its columns must be prediction fields, and a missing
value (None, NaN) is an absent field. The result is checked like a prediction file.
"""
from __future__ import annotations

import math
from typing import Any

from .model import QUOTE_TYPES, STANCES

# columns of the views that are no prediction field
VIEW_ONLY = frozenset({"speaker_mention", "speaker_type", "tags", "text", "text_sha256", "entities",
                       "intermediary_entity", "speaker_entity"})
_LABELS = {"stance": STANCES, "type": QUOTE_TYPES}


def is_table(source: Any) -> bool:
    """A Dataset or DataFrame, told without importing `datasets` or pandas."""
    module = type(source).__module__ or ""
    return (module.startswith("datasets") and type(source).__name__ == "Dataset") or \
        (module.startswith("pandas") and type(source).__name__ == "DataFrame")


def prediction_dicts(source) -> list[dict]:
    """The prediction dicts of a Dataset or DataFrame (see the module docstring)."""
    if type(source).__name__ == "DataFrame":
        rows = source.to_dict("records")
        names = _dataset_labels(None)
    else:
        rows = source.to_list()
        names = _dataset_labels(source.features)
    if rows and "attributions" in rows[0] and "text" in rows[0]:  # the documents view
        return [p for row in rows for p in _document_predictions(_plain(row))]
    return [_prediction(row, names) for row in rows]


def _dataset_labels(features) -> dict:
    """{column: label names} for the ClassLabel columns (by index), and the views' own labels."""
    out = {k: list(v) for k, v in _LABELS.items()}
    for name, feature in (features or {}).items():
        if type(feature).__name__ == "ClassLabel":
            out[name] = list(feature.names)
    return out


def _missing(v) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


def _plain(v):
    """numpy scalars and arrays (a DataFrame's cells) as Python values."""
    if hasattr(v, "tolist"):
        v = v.tolist()
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items() if not _missing(x)}
    if isinstance(v, (list, tuple)):
        return [_plain(x) for x in v]
    return v


def _prediction(row: dict, names: dict) -> dict:
    out = {}
    for k, v in row.items():
        if k in VIEW_ONLY:
            continue
        v = _plain(v)
        if _missing(v):
            continue
        if k in names and type(v) is int:
            labels = names[k]
            v = labels[v] if 0 <= v < len(labels) else v  # out of range: left for the check to name
        out[k] = v
    return out


def _document_predictions(row: dict) -> list[dict]:
    """Every attribution of a `documents` view row as a prediction: its spans, speaker (the
    entity's name, and the mention's span), stance, type and cue."""
    entities = {e["id"]: e for e in row.get("entities") or ()}
    mentions = {m["id"]: m for e in entities.values() for m in e.get("mentions") or ()}
    out = []
    for a in row.get("attributions") or ():
        p: dict = {"doc_id": row["doc_id"], "id": a["id"],
                   "content_spans": [{"start": s["start"], "end": s["end"], "text": s["text"]} for s in a["content"]]}
        for k in ("stance", "type"):
            v = a.get(k)
            if not _missing(v):
                p[k] = _LABELS[k][v] if type(v) is int and 0 <= v < len(_LABELS[k]) else v
        entity = entities.get(a.get("speaker_entity"))
        if entity is not None:
            p["speaker"] = entity["name"]
        mention = mentions.get(a.get("speaker_mention"))
        if mention is not None:
            p["speaker_span"] = {"start": mention["start"], "end": mention["end"], "text": mention["text"]}
        if a.get("cue"):
            p["cue"] = " ".join(s["text"] for s in a["cue"])
        out.append(p)
    return out
