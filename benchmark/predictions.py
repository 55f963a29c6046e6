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

import json
import re
import sys
from pathlib import Path
from typing import Any, Iterable, Iterator, NamedTuple, Optional, Sequence

from .errors import InputError, InputErrors, ReadGuard
from .jsonio import FAST, PLAIN, TYPED, UNSET, NotJSON, checked, strict_decode
from .schema import float_offsets, schema_errors
from .text import trim

IN_MEMORY = "<predictions>"
STDIN = "<stdin>"


class Pred(NamedTuple):
    """One predicted attribution: where it was read and its (schema-valid) object.

    Offsets in `obj` are ints; they are checked against the document when it is scored."""

    line: int  # line in the file (row number for in-memory input)
    where: str  # "" for an attribution line, "attributions[k]." inside a document line
    obj: dict

    @property
    def id(self):
        return self.obj.get("id")


_ATTR_KEYS = frozenset(("id", "content", "content_spans", "speaker", "speaker_span", "stance",
                        "type", "cue", "cue_span", "score", "context"))
_LINE_KEYS = _ATTR_KEYS | {"doc_id"}
_STANCES = frozenset(("claim", "denial", "accusation", None))
_TYPES = frozenset(("direct", "indirect", "mixed", None))


_SPAN_KEYS = frozenset(("start", "end", "text"))
_CUE_KEYS = frozenset(("cue", "speaker_span", "cue_span", "context"))  # tested only when one is there
_SCORE_ID_KEYS = frozenset(("score", "id"))


def _span_ok(s) -> bool:
    if type(s) is not dict or not s.keys() <= _SPAN_KEYS:
        return False
    a, b = s.get("start"), s.get("end")
    return (type(a) is int and type(b) is int and a >= 0 and b >= 0
            and type(s.get("text", "")) is str)


def _attr_keys(a, keys) -> int:
    """For an attribution the schema certainly accepts (fast path): its number of keys,
    those of its spans included (what `jsonio.checked` compares with the colons of the
    line to rule out a repeated key). Otherwise -1: the schema validator decides.

    Runs once per prediction line, so it is written out flat."""
    if type(a) is not dict or not a.keys() <= keys:
        return -1
    get = a.get
    n = len(a)
    cs = get("content_spans")
    if cs is None:
        if "content_spans" in a:
            return -1
        c = get("content")
        if type(c) is not str or not c or c.isspace():
            return -1
    else:
        if type(cs) is not list or not cs:
            return -1
        if len(cs) == 1:  # `_span_ok`, inline for the usual single span
            s = cs[0]
            if type(s) is not dict or not s.keys() <= _SPAN_KEYS:
                return -1
            x, y = s.get("start"), s.get("end")
            if not (type(x) is int and type(y) is int and x >= 0 and y >= 0
                    and type(s.get("text", "")) is str):
                return -1
            n += len(s)
        else:
            for s in cs:
                if not _span_ok(s):
                    return -1
                n += len(s)
        if "content" in a:
            c = a["content"]
            if type(c) is not str or not c or c.isspace():
                return -1
    v = get("speaker")
    if v is not None and type(v) is not str:
        return -1
    if not a.keys().isdisjoint(_CUE_KEYS):
        v = get("cue")
        if v is not None and type(v) is not str:
            return -1
        v = get("speaker_span")
        if v is not None:
            if not _span_ok(v):
                return -1
            n += len(v)
        v = get("cue_span")
        if v is not None:
            if not _span_ok(v):
                return -1
            n += len(v)
        v = get("context")
        if v is not None and type(v) is not str:
            return -1
    v, w = get("stance"), get("type")
    if (v is not None and (type(v) is not str or v not in _STANCES)
            or w is not None and (type(w) is not str or w not in _TYPES)):
        return -1
    if a.keys().isdisjoint(_SCORE_ID_KEYS):
        return n
    v = get("score")
    if v is not None and (type(v) is not int and type(v) is not float or v - v != 0):  # inf, from 1e400
        return -1
    v = get("id")
    return n if v is None and "id" not in a or type(v) in (str, int) else -1


def _attr_ok(a, keys) -> bool:
    """True only for attributions the schema certainly accepts (fast path)."""
    return _attr_keys(a, keys) >= 0


def _line_ok(obj) -> bool:
    if type(obj) is not dict:
        return False
    d = obj.get("doc_id")
    if type(d) is not str or not d:
        return False
    if "attributions" in obj:
        atts = obj["attributions"]
        return (obj.keys() == {"doc_id", "attributions"} and type(atts) is list
                and all(_attr_ok(a, _ATTR_KEYS) for a in atts))
    return _attr_ok(obj, _LINE_KEYS)


def _infinite_scores(obj: dict) -> list[tuple[str, str]]:
    """(field, message) for a `score` that JSON Schema accepts but is not finite (1e400 is
    read as infinity; a NaN can come from memory)."""
    atts = obj.get("attributions")
    items = [("", obj)] if atts is None else [(f"attributions[{k}].", a) for k, a in enumerate(atts)]
    return [(f"{where}score", f"must be a finite number, not {a['score']!r}")
            for where, a in items if type(a.get("score")) is float and a["score"] - a["score"] != 0]


_JSON_KINDS = {list: "an array", str: "a string", int: "a number", float: "a number", bool: "true or false",
               type(None): "null"}


def parse_object(obj: Any, file: str, line: int) -> tuple[str, list[Pred]]:
    """(doc_id, predictions) of one line; InputErrors listing every schema problem."""
    if not _line_ok(obj):
        if type(obj) is not dict:
            raise InputError(file, f"a line must be one JSON object, not {_JSON_KINDS.get(type(obj), 'a value')}", line)
        if "text" in obj and "attributions" in obj:
            raise InputError(file, "a gold document, not a prediction: give the corpus with --gold and predictions "
                             "as the first argument", line)
        problems = list(schema_errors("prediction", obj))
        problems = problems or list(float_offsets(obj)) + _infinite_scores(obj)
        if problems:
            raise InputErrors([InputError(file, msg, line, None if field == "(top level)" else field)
                               for field, msg in problems])
    if "attributions" in obj:
        return obj["doc_id"], [Pred(line, f"attributions[{k}].", a) for k, a in enumerate(obj["attributions"])]
    return obj["doc_id"], [Pred(line, "", obj)]


def _json_lines(path: str, errors: Optional[list] = None) -> Iterator[tuple[int, Any, Optional[str]]]:
    """(line number, parsed object, raw line or None) for every non-blank line.

    The raw line comes with an object that is still to be checked for a repeated key
    (`recheck`; the reader does it, cheaply, for lines of the usual shape), None when the
    object is already checked. Invalid JSON raises InputError, or is appended to `errors`
    when a list is given. A missing file raises at once; the lines are read by the
    generator returned (one level, not a chain of generators, since it runs once per line)."""
    if path == "-":
        if sys.stdin is None:  # started with `<&-`
            raise InputError(STDIN, "cannot read: standard input is closed")
        binary = getattr(sys.stdin, "buffer", None)  # absent when stdin is replaced by a text stream
        if binary is None:
            return _json_byte_lines((line.encode("utf-8") for line in sys.stdin), STDIN, errors)
        return _json_chunks(binary, STDIN, errors, close=False)
    p = Path(path)
    if not p.exists():
        raise InputError(path, "no such file")
    if p.is_dir():
        raise InputError(path, "is a folder, not a prediction file")
    return _json_chunks(ReadGuard(p, "rb"), path, errors, close=True)


_CHUNK = 1 << 20
_JSON_SPACE = " \t\r"  # JSON whitespace other than the line break
_ASCII_SPACE = " \t\r\x0b\x0c"  # bytes.isspace() other than the line break


def _json_chunks(stream, name: str, errors: Optional[list], close: bool) -> Iterator[tuple[int, Any, Optional[str]]]:
    """`_json_byte_lines`, faster: decodes blocks of whole lines at once and parses each line
    with the decoder's scanner, handing any line it does not accept whole to
    `jsonio.strict_decode`, which words the error. A block that escapes a surrogate
    (`\\ud...`) has its lines checked here (`jsonio.checked`); the lines of the others are
    yielded raw, for `recheck`.

    With msgspec, a line of the usual shape (`jsonio.TYPED`) with no more colons than keys
    comes as (n, obj, VALID): schema-valid on the fast path, no key repeated.

    A block that is not valid UTF-8 is read line by line, so the error names its line.
    `close`: close the stream when done."""
    try:
        scan = FAST.scan_once
        typed, plain = TYPED, PLAIN
        n = 0
        first = True
        while True:
            block = stream.read(_CHUNK)
            if not block:
                return
            if block[-1:] != b"\n":
                block += stream.readline()
            if first and block.startswith(b"\xef\xbb\xbf"):  # a byte-order mark from Windows tools
                block = block[3:]
            first = False
            try:
                decoded = block.decode("utf-8")
            except UnicodeDecodeError:
                pieces = block.split(b"\n")
                last = pieces.pop()
                raws = [x + b"\n" for x in pieces] + ([last] if last else [])
                yield from _json_byte_lines(raws, name, errors, n, strip_bom=False)
                n += len(raws)
                continue
            surrogates = "\\ud" in decoded or "\\uD" in decoded
            lines = decoded.split("\n")
            if lines[-1] == "":
                lines.pop()
            fast = typed is not None and not surrogates
            for line in lines:
                n += 1
                if fast:
                    try:
                        v = typed(line)
                    except Exception:  # not the usual shape: the `json` path below decides
                        v = None
                    if v is not None and (v.content_spans is not UNSET or v.content is not UNSET):
                        obj = plain(line)
                        yield n, obj, VALID if line.count(":") <= _n_keys(obj) else line
                        continue
                try:
                    obj, end = scan(line, 0)
                    ok = end == len(line) or not line[end:].strip(_JSON_SPACE)
                    if ok and surrogates:
                        obj = checked(line, obj)
                except Exception:  # leading space, bad JSON, NaN, a repeated key: the strict decoder decides
                    ok = False
                if ok:
                    yield n, obj, None if surrogates else line
                elif line.strip(_ASCII_SPACE):
                    try:
                        yield n, strict_decode(line), None
                    except (json.JSONDecodeError, NotJSON) as e:
                        _json_error(name, n, e, errors)
    finally:
        if close:
            stream.close()


def recheck(raw: str, obj, name: str, n: int, errors: Optional[list]):
    """`obj` as `jsonio.checked` leaves it (a repeated key or a lone surrogate is invalid
    JSON: raised, or appended to `errors` and `_FAILED` returned)."""
    try:
        return checked(raw, obj)
    except Exception:  # the strict decoder decides, as in `_json_chunks`
        pass
    try:
        return strict_decode(raw)
    except (json.JSONDecodeError, NotJSON) as e:
        _json_error(name, n, e, errors)
        return _FAILED


_FAILED = object()
VALID = object()  # in place of the raw line: a line already checked whole (`_json_chunks`)


def _n_keys(obj: dict) -> int:
    """Keys of a prediction line of the usual shape, its spans' included, as `_attr_keys` counts them."""
    n = len(obj)
    cs = obj.get("content_spans")
    if cs:
        for sp in cs:
            n += len(sp)
    sp = obj.get("speaker_span")
    if sp:
        n += len(sp)
    sp = obj.get("cue_span")
    if sp:
        n += len(sp)
    return n


def _json_error(name: str, n: int, e: ValueError, errors: Optional[list]) -> None:
    what = f"{e.msg} (column {e.colno})" if isinstance(e, json.JSONDecodeError) else str(e)
    if isinstance(e, json.JSONDecodeError) and e.doc.strip() in ("{", "["):
        what += " (a pretty-printed JSON file? predictions are JSON Lines, one object per line)"
    err = InputError(name, f"invalid JSON: {what}", n)
    if errors is None:
        raise err from None
    errors.append(err)


def _json_byte_lines(stream, name: str, errors: Optional[list], start: int = 0,
                     strip_bom: bool = True) -> Iterator[tuple[int, Any, None]]:
    """(line number, parsed object, None) of raw byte lines, each decoded apart so errors name the line."""
    loads = strict_decode
    for n, raw in enumerate(stream, start + 1):
        if strip_bom and n == 1 and raw.startswith(b"\xef\xbb\xbf"):  # a byte-order mark from Windows tools
            raw = raw[3:]
        if raw.isspace() or not raw:
            continue
        try:
            yield n, loads(raw.decode("utf-8")), None
        except UnicodeDecodeError as e:
            raise InputError(name, f"cannot read: not UTF-8 text: {e.reason} at byte {e.start + 1}", n) from None
        except (json.JSONDecodeError, NotJSON) as e:
            _json_error(name, n, e, errors)


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
