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

#: adaptation kinds, in the order a summary lists them: (one, several)
KINDS = {
    "code_fence": ("code fence removed", "code fences removed"),
    "prose": ("response with prose around its JSON", "responses with prose around their JSON"),
    "json_repaired": ("JSON repaired (comments, trailing commas)", "JSON repaired (comments, trailing commas)"),
    "python_literal": ("Python literal read as JSON", "Python literals read as JSON"),
    "json_in_string": ("JSON read from a string", "JSON read from strings"),
    "objects_one_by_one": ("broken array read object by object", "broken arrays read object by object"),
    "json_skipped": ("JSON value without attributions skipped", "JSON values without attributions skipped"),
    "wrapped_list": ("array taken from an object", "arrays taken from objects"),
    "single_object": ("single object read as a list of one", "single objects read as lists of one"),
    "field_renamed": ("field renamed", "fields renamed"),
    "label_normalised": ("label normalised", "labels normalised"),
    "label_unknown": ("label not understood (left out)", "labels not understood (left out)"),
    "field_dropped": ("unknown field dropped", "unknown fields dropped"),
    "content_joined": ("content list joined with an ellipsis", "content lists joined with an ellipsis"),
    "speaker_object": ("speaker object read by name", "speaker objects read by name"),
    "speaker_placeholder": ("placeholder speaker read as none", "placeholder speakers read as none"),
    "item_unreadable": ("item without readable content (left out)", "items without readable content (left out)"),
    "doc_id_filled": ("doc_id filled in", "doc_ids filled in"),
    "file_skipped": ("file skipped (not .txt or .json)", "files skipped (not .txt or .json)"),
    "no_json": ("response without a readable answer (scored as misses)",
                "responses without a readable answer (scored as misses)"),
}
_PLACEHOLDERS = frozenset(("unknown", "n/a", "na", "none", "null", "unspecified", "not specified", "-", "?"))


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
        """`12 code fences removed, 3 labels normalised, 1 response without a readable answer ...`."""
        parts = [f"{n} {KINDS[k][0] if n == 1 else KINDS[k][1]}" for k, n in self.summary().items() if n]
        return ", ".join(parts) if parts else "no adaptation needed"


_FENCE = re.compile(r"(```|~~~)[ \t]*[\w+-]*[ \t]*\r?\n?(.*?)\1", re.S)


def _fenced_blocks(text: str) -> list[str]:
    """The contents of ``` and ~~~ fences (a language tag and a same-line body allowed)."""
    return [m.group(2) for m in _FENCE.finditer(text)]


def _repaired(text: str) -> str | None:
    """`text` without `//` and `/* */` comments and trailing commas (outside strings), or None
    when there was nothing to repair."""
    out, i, n, changed, in_str = [], 0, len(text), False, False
    while i < n:
        c = text[i]
        if in_str:
            out.append(c)
            if c == "\\" and i + 1 < n:
                out.append(text[i + 1])
                i += 1
            elif c == '"':
                in_str = False
        elif c == '"':
            in_str = True
            out.append(c)
        elif text.startswith("//", i):
            j = text.find("\n", i)
            i, changed = (n if j < 0 else j), True
            continue
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            i, changed = (n if j < 0 else j + 2), True
            continue
        elif c == "," and re.match(r"\s*[\]}]", text[i + 1:]):
            changed = True
        else:
            out.append(c)
        i += 1
    return "".join(out) if changed else None


def _parse_whole(text: str, doc_id: str, out: list):
    """`text` as one JSON value: as it is, repaired, or as a Python literal; else None."""
    text = text.strip()
    if not text:
        return None
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        pass
    fixed = _repaired(text)
    if fixed is not None:
        try:
            value = json.loads(fixed)
            out.append(Adaptation(doc_id, "json_repaired", "comments or trailing commas removed"))
            return value
        except (ValueError, RecursionError):
            pass
    if text[:1] in "[{":
        import ast
        import warnings

        try:
            with warnings.catch_warnings():  # `\o` in a model's text is not our syntax error
                warnings.simplefilter("ignore")
                value = ast.literal_eval(text)
        except (ValueError, SyntaxError, RecursionError, MemoryError, TypeError):
            return None
        if isinstance(value, (list, dict)):
            out.append(Adaptation(doc_id, "python_literal", "a Python literal (single quotes, None, True)"))
            return json.loads(json.dumps(value, default=str))
    return None


def _values_in(text: str) -> list:
    """Every JSON array or object that parses in `text`, left to right, none inside another."""
    decoder = json.JSONDecoder()
    found, pos = [], 0
    for m in re.finditer(r"[\[{]", text):
        if m.start() < pos:
            continue
        try:
            value, end = decoder.raw_decode(text, m.start())
        except (ValueError, RecursionError):
            continue
        found.append(value)
        pos = end
    return found


def _is_item(x) -> bool:
    return isinstance(x, dict) and any(str(k).lower() in FIELDS["content"] for k in x)


def _find_items(value: Any, doc_id: str, out: list, depth: int = 0) -> list | None:
    """The attributions a JSON value holds: an array, an array under a key (searched two
    levels deep), or one attribution object; None when it holds none."""
    if isinstance(value, str) and depth == 0 and value.strip()[:1] in "[{":
        try:
            inner = json.loads(value)
        except ValueError:
            return None
        out.append(Adaptation(doc_id, "json_in_string", "JSON given as a string holding JSON"))
        return _find_items(inner, doc_id, out, depth + 1)
    if isinstance(value, list):
        if value and not any(_is_item(x) or isinstance(x, str) for x in value):
            return None  # [1], [[...]], a list of numbers: not attributions
        if value and all(isinstance(x, str) for x in value) and depth == 0 and len(value) <= 3 \
                and all(x.lower() in _STANCE_OF or x.lower() in _TYPE_OF for x in value):
            return None  # a list of labels, such as a model thinking aloud about the stances
        return value
    if isinstance(value, dict):
        if isinstance(value.get("attributions"), list) and depth == 0:  # the reference schema
            return value["attributions"]
        if _is_item(value):
            out.append(Adaptation(doc_id, "single_object", "one attribution object, not an array"))
            return [value]
        if depth < 2:
            keys = sorted(value, key=lambda k: (str(k).lower() not in LIST_KEYS, str(k)))
            for key in keys:
                v = value[key]
                if isinstance(v, list) and v and all(_is_item(x) for x in v):
                    out.append(Adaptation(doc_id, "wrapped_list", f"array taken from key {key!r}"))
                    return v
                if isinstance(v, list) and not v and str(key).lower() in LIST_KEYS:
                    return v
            for key in keys:
                if isinstance(value[key], dict):
                    found = _find_items(value[key], doc_id, out, depth + 1)
                    if found is not None:
                        return found
    return None


def answer_items(response: Any, doc_id: str, out: list) -> list | None:
    """The attribution items of one raw response, or None when it holds no readable answer.

    Every fence is read (several fences, or several JSON values, are combined); a region that
    is not one JSON value is repaired (comments, trailing commas) or read as a Python literal;
    failing that, each JSON value in it is taken that holds attributions, and, failing that,
    each attribution object in it one by one (a truncated or broken array). JSON that holds no
    attributions (`[1]`, a list of labels) is skipped and counted."""
    if not isinstance(response, str):
        return _find_items(response, doc_id, out)
    blocks = _fenced_blocks(response)
    if blocks:
        out.extend(Adaptation(doc_id, "code_fence", "answer read from a code fence") for _ in blocks)
    regions = blocks or [response]
    items: list = []
    found_any = False
    for region in regions:
        value = _parse_whole(region, doc_id, out)
        broken_array = value is None and region.strip().startswith("[")
        values = [value] if value is not None else ([] if broken_array else _values_in(region))
        if value is None and values and not blocks:
            out.append(Adaptation(doc_id, "prose", "JSON read from the prose around it"))
        holding = []
        for v in values:
            got = _find_items(v, doc_id, out)
            if got is None:
                out.append(Adaptation(doc_id, "json_skipped", f"JSON holding no attributions: {json.dumps(v)[:40]}"))
            else:
                holding.append(got)
        if not holding:
            singles = [v for v in _objects_in(region) if _is_item(v)]
            if singles:
                out.append(Adaptation(doc_id, "objects_one_by_one",
                                      f"{len(singles)} attribution objects read one by one (the array around them "
                                      "does not parse)"))
                holding.append(singles)
        found_any = found_any or bool(holding)
        for got in holding:
            items.extend(got)
    return items if found_any else None


def _objects_in(text: str) -> list:
    """Every JSON object that parses in `text`, innermost ones included, left to right."""
    decoder = json.JSONDecoder()
    found, pos = [], 0
    for m in re.finditer(r"{", text):
        if m.start() < pos:
            continue
        try:
            value, end = decoder.raw_decode(text, m.start())
        except (ValueError, RecursionError):
            continue
        found.append(value)
        pos = end
    return found


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
