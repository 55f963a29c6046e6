"""Raw LLM answers in: the model's text for each document, turned into prediction lines.

Models wrap their JSON in code fences or prose, answer with an array or an object holding
one, and name fields and labels in their own way. `read_answers` accepts all of that on
purpose and records every adaptation it makes (`Adaptation`), so that the result can say
"12 code fences removed, 3 labels normalised, 1 response without JSON" and list each one.
Nothing is adapted silently: what cannot be read is counted as well.

Field names (case-insensitive) mapped to the prediction schema:

- content: `content`, `quote`, `quotation`, `text`, `quote_text`, `content_text`, `statement`
- speaker: `speaker`, `source`, `speaker_name`, `who`, `attributed_to`, `person`, `name`
- stance: `stance`, `label`, `stance_label`, `category`, `classification`
- type: `type`, `quote_type`, `kind`; cue: `cue`, `cue_word`, `reporting_verb`, `verb`
- context: `context`, `sentence`; score: `score`, `confidence`
- arrays of attributions under `attributions`, `quotes`, `quotations`, `results`, `items`,
  `data`, `answer`, `output`, `predictions`

Labels, case-insensitive: `claim` (`claims`, `claimed`, `assertion`, `statement`), `denial`
(`deny`, `denies`, `denied`, `reject`, `rejects`, `rejected`, `rejection`, `refute`,
`refutes`, `refuted`, `refutation`), `accusation` (`accuse`, `accuses`, `accused`, `blame`,
`blames`, `blamed`, `allegation`, `alleges`, `alleged`, `charge`); types `direct`
(`verbatim`, `quote`), `indirect` (`paraphrase`, `reported`, `reported speech`), `mixed`
(`partial`, `mixed quote`).
"""
from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional

from ..errors import InputError
from .extract import answer_items
from .vocabulary import (  # noqa: F401
    _FIELD_OF,
    _PLACEHOLDERS,
    _STANCE_OF,
    _TYPE_OF,
    FIELDS,
    KINDS,
    LIST_KEYS,
    STANCE_WORDS,
    TYPE_WORDS,
    Adaptation,
)


@dataclass(frozen=True)
class Answers:
    """Prediction lines read from LLM responses, and what had to be adapted on the way."""

    predictions: tuple  # prediction dicts (the prediction schema), ids `llm-DOC-N`
    adaptations: tuple  # Adaptation, in reading order
    documents: tuple  # doc ids that had a response, in reading order

    def summary(self) -> dict:
        counts = {k: 0 for k in KINDS}
        for a in self.adaptations:
            counts[a.kind] += 1
        return counts

    def summary_line(self) -> str:
        """`12 code fences removed, 3 labels normalised, 1 response without a readable answer ...`."""
        parts = [f"{n} {KINDS[k][0] if n == 1 else KINDS[k][1]}" for k, n in self.summary().items() if n]
        return ", ".join(parts) if parts else "no adaptation needed"


def _label(value: Any, table: dict, field: str, doc_id: str, k: int, out: list) -> Optional[str]:
    if value is None:
        return None
    word = re.sub(r"\s+", " ", str(value)).strip().lower() if isinstance(value, str) else None
    label = table.get(word) if word is not None else None
    if label is None:
        out.append(Adaptation(doc_id, "label_unknown", f"{field} {value!r} not understood", k))
        return None
    if label != value:
        out.append(Adaptation(doc_id, "label_normalised", f"{field} {value!r} -> {label!r}", k))
    return label


def _valid_text(value: Any, doc_id: str, k: int, out: list) -> Any:
    """Strings with a lone surrogate (`"\\ud800"`, no Unicode text) get U+FFFD in its place."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            out.append(Adaptation(doc_id, "field_dropped", "a lone surrogate replaced by U+FFFD", k))
            return "".join(c if not 0xD800 <= ord(c) <= 0xDFFF else "\ufffd" for c in value)
    if isinstance(value, dict):
        return {_valid_text(key, doc_id, k, out): _valid_text(v, doc_id, k, out) for key, v in value.items()}
    if isinstance(value, list):
        return [_valid_text(v, doc_id, k, out) for v in value]
    return value


def normalise_item(item: Any, doc_id: str, k: int, out: list) -> Optional[dict]:
    """One answer item as a prediction dict, or None when it has no readable content."""
    item = _valid_text(item, doc_id, k, out)
    if not isinstance(item, dict):
        if isinstance(item, str) and item.strip():
            item = {"content": item}
            out.append(Adaptation(doc_id, "field_renamed", "a bare string read as content", k))
        else:
            out.append(Adaptation(doc_id, "item_unreadable", f"not an object: {json.dumps(item)[:60]}", k))
            return None
    pred: dict = {}
    for key, value in item.items():
        field = _FIELD_OF.get(str(key).lower())
        if key in ("doc_id", "id"):
            continue
        if field is None:
            out.append(Adaptation(doc_id, "field_dropped", f"field {key!r}", k))
            continue
        if field in pred:
            out.append(Adaptation(doc_id, "field_dropped", f"field {key!r} (a second {field})", k))
            continue
        if key != field:
            out.append(Adaptation(doc_id, "field_renamed", f"{key!r} -> {field!r}", k))
        pred[field] = value
    content = pred.get("content")
    if isinstance(content, list) and content and all(isinstance(c, str) for c in content):
        pred["content"] = " … ".join(c.strip() for c in content)
        out.append(Adaptation(doc_id, "content_joined", f"{len(content)} pieces", k))
    if not isinstance(pred.get("content"), str) or not pred["content"].strip():
        out.append(Adaptation(doc_id, "item_unreadable", "no content text", k))
        return None
    speaker = pred.get("speaker")
    if isinstance(speaker, dict):
        name = next((speaker[x] for x in ("name", "speaker", "text") if isinstance(speaker.get(x), str)), None)
        if name is None:
            out.append(Adaptation(doc_id, "field_dropped", f"speaker object without a name: {speaker!r}"[:80], k))
            pred.pop("speaker")
        else:
            pred["speaker"] = name
            out.append(Adaptation(doc_id, "speaker_object", f"speaker object -> {name!r}", k))
    if pred.get("speaker") is not None and not isinstance(pred["speaker"], str):  # null stays null
        out.append(Adaptation(doc_id, "field_dropped", f"speaker {pred['speaker']!r} is not text", k))
        pred.pop("speaker")
    if isinstance(pred.get("speaker"), str) and pred["speaker"].strip().lower() in _PLACEHOLDERS:
        out.append(Adaptation(doc_id, "speaker_placeholder", f"speaker {pred['speaker']!r} -> none", k))
        pred.pop("speaker")
    pred["stance"] = _label(pred.get("stance"), _STANCE_OF, "stance", doc_id, k, out)
    pred["type"] = _label(pred.get("type"), _TYPE_OF, "type", doc_id, k, out)
    for field in ("cue", "context"):
        if field in pred and pred[field] is not None and not isinstance(pred[field], str):
            out.append(Adaptation(doc_id, "field_dropped", f"{field} {pred[field]!r} is not text", k))
            pred.pop(field)
    if pred.get("score") is not None and (isinstance(pred["score"], bool) or not isinstance(pred["score"], (int, float))
                            or pred["score"] != pred["score"] or abs(pred["score"]) == float("inf")):
        out.append(Adaptation(doc_id, "field_dropped", f"score {pred['score']!r} is not a finite number", k))
        pred.pop("score")
    return {key: v for key, v in pred.items() if v is not None}


def read_answer(doc_id: str, response: Any, out: list) -> list[dict]:
    """The predictions one response holds (possibly none), adaptations noted in `out`.

    Items are numbered from 1 in the answer's own order, unreadable ones included, so that
    the id `llm-DOC-N` and an adaptation's `item N` name the same item."""
    items = answer_items(response, doc_id, out)
    if items is None:
        out.append(Adaptation(doc_id, "no_json", "no readable answer (no JSON array of attributions)"))
        return []
    preds = []
    for k, item in enumerate(items, 1):
        p = normalise_item(item, doc_id, k, out)
        if p is not None:
            preds.append({"doc_id": doc_id, "id": f"llm-{doc_id}-{k}", **p})
    return preds


def _responses(path: str, single_doc: Optional[str], out: list) -> Iterator[tuple[str, Any, str, int]]:
    """(doc_id, response, file, line) from a JSONL file or a folder of DOC_ID.txt|.json files."""
    p = Path(path)
    if path != "-" and p.is_dir():
        entries = sorted(f for f in p.iterdir() if f.is_file())
        files = [f for f in entries if f.suffix.lower() in (".txt", ".json")]
        for f in entries:
            if f not in files:
                out.append(Adaptation(f.name, "file_skipped", f"{f} is not a .txt or .json response"))
        if not files:
            raise InputError(path, "folder holds no DOC_ID.txt or DOC_ID.json response files")
        for f in files:
            yield f.stem, _read_text(f), str(f), 1
        return
    if path == "-":
        if sys.stdin is None:
            raise InputError("-", "cannot read: standard input is closed")
        text = sys.stdin.read()
    elif not p.exists():
        raise InputError(path, "no such file or folder")
    else:
        text = _read_text(p)
    for n, raw in enumerate(text.split("\n"), 1):  # not splitlines(): U+2028 may sit inside a string
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
        except ValueError as e:
            raise InputError(path, f"not a JSON line: {e}; each line is {{\"doc_id\": ..., \"response\": ...}}", n) from None
        if not isinstance(obj, dict) or "response" not in obj:
            raise InputError(path, "each line needs a `response` (the model's raw answer) and a `doc_id`", n)
        doc_id = obj.get("doc_id")
        if doc_id is None and single_doc is not None:
            doc_id = single_doc
            out.append(Adaptation(single_doc, "doc_id_filled", f"line {n}: the split has one document"))
        if doc_id is not None and not isinstance(doc_id, str):
            raise InputError(path, f"doc_id: must be a string, not {json.dumps(doc_id)[:40]}", n, None)
        if not doc_id:
            raise InputError(path, "doc_id: is missing (it may be left out only when the split has one document)",
                             n, None)
        yield doc_id, obj["response"], path, n


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")  # a byte-order mark from Windows tools is skipped
    except UnicodeDecodeError as e:
        raise InputError(str(path), f"cannot read: not UTF-8 text: {e.reason} at byte {e.start + 1}") from None
    except OSError as e:
        raise InputError(str(path), f"cannot read: {e.strerror or e}") from None


def read_answers(source, known: Iterable[str] | None = None, single_doc: Optional[str] = None) -> Answers:
    """Predictions from raw LLM responses: a JSONL path (`{doc_id, response}` per line), a
    folder of `DOC_ID.txt|.json` files, or a mapping / list of (doc_id, response).

    `known`: the gold doc ids (an unknown one is an error naming its line); `single_doc`: the
    one document of a one-document split, filled in where a line has no doc_id."""
    out: list = []
    preds: list = []
    docs: list = []
    known = set(known) if known is not None else None
    if isinstance(source, (str, Path)):
        stream = _responses(str(source), single_doc, out)
    else:
        pairs = source.items() if isinstance(source, dict) else source
        stream = ((d, r, "<responses>", n) for n, (d, r) in enumerate(pairs, 1))
    for doc_id, response, file, line in stream:
        if known is not None and doc_id not in known:
            raise InputError(file, f"unknown document {doc_id!r} (not in the gold corpus)", line, "doc_id")
        if doc_id in docs:
            raise InputError(file, f"a second response for document {doc_id!r}", line, "doc_id")
        docs.append(doc_id)
        preds.extend(read_answer(doc_id, response, out))
    return Answers(tuple(preds), tuple(out), tuple(docs))
