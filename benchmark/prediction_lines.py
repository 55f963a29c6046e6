"""Reading prediction lines: the shape check of the usual line (one pass, no schema
validator), and JSON Lines decoded strictly, block by block (what JSON forbids but Python's
parser accepts, such as a repeated key, NaN or a lone surrogate, is refused with its line).
`benchmark.predictions` groups what is read here by document."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Iterator, NamedTuple, Optional

from .errors import InputError, InputErrors, ReadGuard
from .jsonio import FAST, PLAIN, TYPED, UNSET, NotJSON, checked, strict_decode
from .schema import float_offsets, schema_errors

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
