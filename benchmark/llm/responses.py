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
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional

from ..errors import InputError

FIELDS = {
    "content": ("content", "quote", "quotation", "text", "quote_text", "content_text", "statement"),
    "speaker": ("speaker", "source", "speaker_name", "who", "attributed_to", "person", "name"),
    "stance": ("stance", "label", "stance_label", "category", "classification"),
    "type": ("type", "quote_type", "kind"),
    "cue": ("cue", "cue_word", "reporting_verb", "verb"),
    "context": ("context", "sentence"),
    "score": ("score", "confidence"),
}
_FIELD_OF = {alias: field for field, aliases in FIELDS.items() for alias in aliases}
LIST_KEYS = ("attributions", "quotes", "quotations", "results", "items", "data", "answer", "output",
             "predictions")
STANCE_WORDS = {
    "claim": ("claim", "claims", "claimed", "assertion", "statement"),
    "denial": ("denial", "deny", "denies", "denied", "reject", "rejects", "rejected", "rejection",
               "refute", "refutes", "refuted", "refutation"),
    "accusation": ("accusation", "accuse", "accuses", "accused", "blame", "blames", "blamed",
                   "allegation", "alleges", "alleged", "charge"),
}
TYPE_WORDS = {
    "direct": ("direct", "verbatim", "quote", "direct quote"),
    "indirect": ("indirect", "paraphrase", "reported", "reported speech", "indirect quote"),
    "mixed": ("mixed", "partial", "mixed quote"),
}
_STANCE_OF = {w: label for label, words in STANCE_WORDS.items() for w in words}
_TYPE_OF = {w: label for label, words in TYPE_WORDS.items() for w in words}

#: adaptation kinds, in the order a summary lists them, with the words it uses
KINDS = {
    "code_fence": "code fences removed",
    "prose": "responses with prose around the JSON",
    "wrapped_list": "arrays taken from an object",
    "single_object": "single objects read as a list of one",
    "field_renamed": "fields renamed",
    "label_normalised": "labels normalised",
    "label_unknown": "labels not understood (left out)",
    "field_dropped": "unknown fields dropped",
    "content_joined": "content lists joined with an ellipsis",
    "speaker_object": "speaker objects read by name",
    "item_unreadable": "items without readable content (left out)",
    "doc_id_filled": "doc_ids filled in",
    "no_json": "responses without JSON (scored as misses)",
}


@dataclass(frozen=True)
class Adaptation:
    """One thing `read_answers` changed or left out, and where."""

    doc_id: str
    kind: str  # a key of KINDS
    detail: str
    item: Optional[int] = None  # index of the attribution in the answer, when it is about one

    def to_dict(self) -> dict:
        return {"doc_id": self.doc_id, "item": self.item, "kind": self.kind, "detail": self.detail}


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
        """`12 code fences removed, 3 labels normalised, 1 response without JSON`."""
        parts = [f"{n} {KINDS[k]}" for k, n in self.summary().items() if n]
        return ", ".join(parts) if parts else "no adaptation needed"


def _fenced_blocks(text: str) -> list[str]:
    return [m.group(1) for m in re.finditer(r"```[ \t]*[\w+-]*[ \t]*\r?\n(.*?)```", text, re.S)]


def _first_json(text: str) -> tuple[Any, int, int] | None:
    """The first JSON array or object in `text` (start, end) that parses, else None."""
    decoder = json.JSONDecoder()
    for m in re.finditer(r"[\[{]", text):
        try:
            value, end = decoder.raw_decode(text, m.start())
        except ValueError:
            continue
        if isinstance(value, (list, dict)):
            return value, m.start(), end
    return None


def extract_json(response: str, doc_id: str, out: list) -> Any:
    """The JSON value an answer holds (fences and prose removed, each noted in `out`), or None."""
    blocks = _fenced_blocks(response)
    for block in blocks:
        found = _first_json(block)
        if found is not None:
            out.append(Adaptation(doc_id, "code_fence", "answer read from a ``` code fence"))
            return found[0]
    stripped = response.strip()
    try:
        value = json.loads(stripped)
        if isinstance(value, (list, dict)):
            return value
    except ValueError:
        pass
    found = _first_json(response)
    if found is None:
        return None
    value, start, end = found
    out.append(Adaptation(doc_id, "prose", f"JSON read from characters {start}-{end} of the response"))
    return value


def _items(value: Any, doc_id: str, out: list) -> list | None:
    """The list of attributions an answer's JSON holds, or None."""
    if isinstance(value, list):
        return value
    if isinstance(value, dict):
        if isinstance(value.get("attributions"), list):  # the reference answer schema: nothing adapted
            return value["attributions"]
        lowered = {str(k).lower(): v for k, v in value.items()}
        for key in LIST_KEYS:
            if isinstance(lowered.get(key), list):
                out.append(Adaptation(doc_id, "wrapped_list", f"array taken from key {key!r}"))
                return lowered[key]
        if any(str(k).lower() in FIELDS["content"] for k in value):
            out.append(Adaptation(doc_id, "single_object", "one attribution object, not an array"))
            return [value]
    return None


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


def normalise_item(item: Any, doc_id: str, k: int, out: list) -> Optional[dict]:
    """One answer item as a prediction dict, or None when it has no readable content."""
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
        pred["speaker"] = name
        out.append(Adaptation(doc_id, "speaker_object", f"speaker object -> {name!r}", k))
    if pred.get("speaker") is not None and not isinstance(pred["speaker"], str):  # null stays null
        out.append(Adaptation(doc_id, "field_dropped", f"speaker {pred['speaker']!r} is not text", k))
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
    """The predictions one response holds (possibly none), adaptations noted in `out`."""
    if isinstance(response, str):
        value = extract_json(response, doc_id, out)
    else:  # already parsed JSON (a response field holding an array or object)
        value = response
    items = _items(value, doc_id, out) if value is not None else None
    if items is None:
        out.append(Adaptation(doc_id, "no_json", "no JSON array of attributions in the response"))
        return []
    preds = []
    for k, item in enumerate(items):
        p = normalise_item(item, doc_id, k, out)
        if p is not None:
            preds.append({"doc_id": doc_id, "id": f"llm-{doc_id}-{len(preds) + 1}", **p})
    return preds


def _responses(path: str, single_doc: Optional[str], out: list) -> Iterator[tuple[str, Any, str, int]]:
    """(doc_id, response, file, line) from a JSONL file or a folder of DOC_ID.txt|.json files."""
    p = Path(path)
    if p.is_dir():
        files = sorted(f for f in p.iterdir() if f.suffix in (".txt", ".json") and f.is_file())
        if not files:
            raise InputError(path, "folder holds no DOC_ID.txt or DOC_ID.json response files")
        for f in files:
            yield f.stem, _read_text(f), str(f), 1
        return
    if not p.exists():
        raise InputError(path, "no such file or folder")
    for n, raw in enumerate(_read_text(p).splitlines(), 1):
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
        if not isinstance(doc_id, str) or not doc_id:
            raise InputError(path, "doc_id: is missing (it may be left out only when the split has one document)",
                             n, None)
        yield doc_id, obj["response"], path, n


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        raise InputError(str(path), f"not UTF-8 text: {e.reason} at byte {e.start + 1}") from None
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
