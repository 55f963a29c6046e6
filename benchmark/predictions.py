"""Reading predictions: a JSONL file (or stdin), a list of dicts or a `datasets.Dataset`.

Every line is checked against annotations/schema/prediction.schema.json. A cheap test
accepts the common well-formed line; anything it does not recognise goes to the full JSON
Schema validator, which names the field. Offsets and span texts are checked against the
document when it is scored (`check_spans`). Problems are `InputError`s naming the file
and line (`<predictions>` and the row number for in-memory input).

An empty file is valid: every gold attribution is then missed. Duplicate predictions
are kept: each one is scored, and a duplicate that finds no gold partner is spurious.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional, Sequence

from .errors import InputError, InputErrors
from .prediction_lines import (_FAILED, _LINE_KEYS, IN_MEMORY, STDIN, VALID, Pred, _attr_keys,  # noqa: F401
                               _json_lines, _line_ok, parse_object, recheck)
from .text import trim




_NOT_NULL = ("content", "content_spans", "id", "attributions", "doc_id")


def _clean_row(row: dict) -> dict:
    """A `datasets.Dataset` row gives None for absent columns: drop those the schema forbids."""
    out = {k: v for k, v in row.items() if not (v is None and k in _NOT_NULL)}
    for k in ("content_spans", "speaker_span", "cue_span"):
        v = out.get(k)
        if isinstance(v, list):
            out[k] = [{kk: vv for kk, vv in s.items() if vv is not None} if isinstance(s, dict) else s for s in v]
        elif isinstance(v, dict):
            out[k] = {kk: vv for kk, vv in v.items() if vv is not None}
    if isinstance(out.get("attributions"), list):
        out["attributions"] = [_clean_row(a) if isinstance(a, dict) else a for a in out["attributions"]]
    return out


def source_name(source) -> str:
    if isinstance(source, (str, Path)):
        return STDIN if str(source) == "-" else str(source)
    return IN_MEMORY


def _is_dataset(source) -> bool:
    """Whether `source` is a `datasets.Dataset`, without importing `datasets` (1.5 s): a
    Dataset exists only once its module is imported."""
    datasets = sys.modules.get("datasets")
    return datasets is not None and isinstance(source, datasets.Dataset)


def iter_objects(source, errors: Optional[list] = None) -> Iterator[tuple[int, Any]]:
    """(line, object) from a path ('-' = stdin), a list of dicts or a datasets.Dataset."""
    if isinstance(source, (str, Path)):
        name = source_name(source)
        for n, obj, raw in _json_lines(str(source), errors):
            if raw is not None and raw is not VALID:
                obj = recheck(raw, obj, name, n, errors)
                if obj is _FAILED:
                    continue
            yield n, obj
        return
    if _is_dataset(source):
        for n, row in enumerate(source, 1):
            yield n, _clean_row(row)
        return
    if isinstance(source, dict) or not isinstance(source, Iterable):
        raise InputError(IN_MEMORY, "predictions must be a path, a list of dicts or a datasets.Dataset")
    for n, obj in enumerate(source, 1):
        yield n, obj


def read_predictions(source, known: Optional[set] = None, collect: bool = False
                     ) -> tuple[dict, list[InputError], int]:
    """({doc_id: [Pred, ...]}, errors, count). Raise at the first problem unless `collect`.

    `known`, when given, is the set of gold doc ids: a prediction for any other document is
    an error.
    """
    file = source_name(source)
    by_doc: dict = {}
    errors: list[InputError] = []
    count = 0
    new_pred = tuple.__new__  # Pred(...) without the Python-level __new__
    if isinstance(source, (str, Path)):  # iter_objects, one generator fewer per line
        objects = _json_lines(str(source), errors if collect else None)
    else:
        objects = ((n, obj, None) for n, obj in iter_objects(source, errors if collect else None))
    line_keys = _LINE_KEYS
    for n, obj, raw in objects:
        if raw is VALID:  # checked whole by `_json_chunks`
            doc_id = obj["doc_id"]
            if known is None or doc_id in known:
                lst = by_doc.get(doc_id)
                if lst is None:
                    by_doc[doc_id] = [new_pred(Pred, (n, "", obj))]
                else:
                    lst.append(new_pred(Pred, (n, "", obj)))
                count += 1
                continue
            raw = None
        if type(obj) is dict and "attributions" not in obj:  # the common line (`_line_ok`), inline
            doc_id = obj.get("doc_id")
            if type(doc_id) is str and doc_id and (known is None or doc_id in known):
                k = _attr_keys(obj, line_keys)
                # no more colons than keys: no key is given twice (else `recheck` decides)
                if k >= 0 and (raw is None or raw.count(":") <= k):
                    lst = by_doc.get(doc_id)
                    if lst is None:
                        by_doc[doc_id] = [new_pred(Pred, (n, "", obj))]
                    else:
                        lst.append(new_pred(Pred, (n, "", obj)))
                    count += 1
                    continue
        if raw is not None:
            obj = recheck(raw, obj, file, n, errors if collect else None)
            if obj is _FAILED:
                continue
        try:
            doc_id, preds = parse_object(obj, file, n)
            if known is not None and doc_id not in known:
                raise InputError(file, f"unknown document {doc_id!r} (not in the gold corpus)", n, "doc_id")
        except InputErrors as e:
            if not collect:
                raise
            errors.extend(e.errors)
            continue
        except InputError as e:
            if not collect:
                raise
            errors.append(e)
            continue
        lst = by_doc.get(doc_id)
        if lst is None:
            by_doc[doc_id] = preds
        else:
            lst.extend(preds)
        count += len(preds)
    return by_doc, errors, count


def span_problem(text: str, doc_id: str, span: dict) -> Optional[str]:
    """Why a span does not fit the document text, or None."""
    s, e, t = span["start"], span["end"], span.get("text")
    if not (0 <= s < e <= len(text)):
        return (f"offsets [{s}, {e}) are outside the text of document {doc_id!r} "
                f"(length {len(text)}) or empty")
    if t is not None and text[s:e] != t:
        return f"text {t!r} does not equal the document text at [{s}, {e}): {text[s:e]!r}"
    a, b = trim(text, s, e)
    if a >= b:
        return f"offsets [{s}, {e}) hold only whitespace or quotation marks: {text[s:e]!r}"
    return None


def check_spans(text: str, doc_id: str, preds: Sequence[Pred], file: str) -> list[InputError]:
    """Offsets inside the text and span texts equal to it, for every prediction of a document."""
    out: list[InputError] = []
    for p in preds:
        o = p.obj
        fields = [(f"content_spans[{k}]", x) for k, x in enumerate(o.get("content_spans") or ())]
        fields += [(name, o[name]) for name in ("speaker_span", "cue_span") if o.get(name) is not None]
        for field, span in fields:
            msg = span_problem(text, doc_id, span)
            if msg:
                out.append(InputError(file, msg, p.line, p.where + field))
    return out


def validate_predictions(path, gold_docs, split: Optional[str] = None) -> int:
    """Check a prediction file against a corpus; return its attribution count.

    Raises InputErrors listing every problem: invalid JSON, schema violations, unknown
    doc_id, offsets outside the text, span texts that disagree with the document."""
    docs = {d.doc_id: d for d in gold_docs}
    file = source_name(path)
    by_doc, errors, count = read_predictions(path, known=set(docs), collect=True)
    for doc_id, preds in by_doc.items():
        errors.extend(check_spans(docs[doc_id].text, doc_id, preds, file))
    if errors:
        errors.sort(key=lambda e: (e.line or 0))
        raise InputErrors(_one_per_unknown_document(errors, split))
    return count


def _one_per_unknown_document(errors: list, split: Optional[str]) -> list:
    """One error per unknown document (the first line that names it, with the count of the
    others), naming the shipped split that holds it when a split was chosen."""
    from .splits import split_of

    first: dict = {}
    more: dict = {}
    out = []
    for e in errors:
        m = re.match(r"unknown document '(.*)' \(not in the gold corpus\)$", e.message)
        if m is None:
            out.append(e)
            continue
        doc_id = m.group(1)
        if doc_id in first:
            more[doc_id] += 1
            continue
        first[doc_id], more[doc_id] = len(out), 0
        out.append(e)
    for doc_id, k in first.items():
        e = out[k]
        owner = split_of().get(doc_id) if split else None
        msg = (f"unknown document {doc_id!r} in split {split} (it belongs to split {owner})" if owner
               else e.message)
        if more[doc_id]:
            msg += f"; {more[doc_id]} more line{'s' if more[doc_id] > 1 else ''} name it"
        out[k] = InputError(e.file, msg, e.line, e.field)
    return out
