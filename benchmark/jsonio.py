"""JSON as the standard defines it, read fast.

Python's json module accepts NaN and Infinity, keeps the last of repeated keys, lets a lone
surrogate (`"\\ud800"`) through as text no file can hold, and overflows its stack on deeply
nested arrays. `FAST` parses without NaN; `checked` sends the rare line that may repeat a key
(more colons than keys) to `strict_decode`, which names the key, and looks for lone
surrogates only where the line escapes one.
"""
from __future__ import annotations

import json
import re


class NotJSON(ValueError):
    """What Python's json module accepts but JSON does not: NaN, Infinity, repeated keys.

    `pattern`, when set, finds the offending token in the raw text (to name its line)."""

    def __init__(self, message: str, pattern: str | None = None):
        super().__init__(message)
        self.pattern = pattern


def _no_constant(name: str):
    raise NotJSON(f"{name} is not a JSON number (write a finite number or null)",
                  r"(?<![\w\"])-?" + re.escape(name) + r"(?![\w\"])")


def _no_repeated_keys(pairs: list) -> dict:
    out = dict(pairs)
    if len(out) < len(pairs):
        seen: set = set()
        key = next(k for k, _ in pairs if k in seen or seen.add(k))
        raise NotJSON(f"field {key!r} is given twice")
    return out


FAST = json.JSONDecoder(parse_constant=_no_constant)
STRICT = json.JSONDecoder(parse_constant=_no_constant, object_pairs_hook=_no_repeated_keys)


def _n_keys(o) -> int:
    """Keys in a parsed JSON object or array, nested ones included."""
    if type(o) is dict:
        n, values = len(o), o.values()
    else:
        n, values = 0, o
    for v in values:
        if type(v) is dict or type(v) is list:
            n += _n_keys(v)
    return n


_TOO_LONG = NotJSON("a number with more than 4300 digits (no offset, count or score needs one)", r"\d{4301,}")


def strict_decode(raw: str):
    """Parse `raw`; NotJSON for NaN, Infinity, a repeated key, a lone surrogate, nesting too
    deep for Python or an integer too long for it (json.JSONDecodeError for everything else)."""
    try:
        obj = STRICT.decode(raw)
    except RecursionError:
        raise NotJSON("nested too deeply") from None
    except (json.JSONDecodeError, NotJSON):
        raise
    except ValueError:  # Python refuses to convert integers of more than 4300 digits
        raise NotJSON(str(_TOO_LONG), _TOO_LONG.pattern) from None
    _no_lone_surrogates(raw, obj)
    return obj


def _strings(o):
    if type(o) is str:
        yield o
    elif type(o) is dict:
        for k, v in o.items():
            yield k
            yield from _strings(v)
    elif type(o) is list:
        for v in o:
            yield from _strings(v)


def _no_lone_surrogates(raw: str, obj) -> None:
    if "\\ud" in raw or "\\uD" in raw:  # only an escape can put a surrogate in a str
        for s in _strings(obj):
            try:
                s.encode("utf-8")
            except UnicodeEncodeError as e:
                code = f"{ord(s[e.start]):04x}"
                raise NotJSON(f"lone surrogate \\u{code} in a string is not Unicode text",
                              r"\\u(?i:" + code + ")") from None


def checked(raw: str, obj):
    """`obj` parsed from `raw` by `FAST`, or `strict_decode`'s error if a key is repeated or
    a string holds a lone surrogate.

    A parsed dict keeps the last of repeated keys, so a text with more colons than keys is
    parsed again strictly; colons inside strings make that occasional, not costly."""
    if (type(obj) is dict or type(obj) is list) and raw.count(":") > _n_keys(obj):
        return strict_decode(raw)
    _no_lone_surrogates(raw, obj)
    return obj


def loads(raw: str):
    """`json.loads` without NaN, Infinity, repeated keys or lone surrogates (NotJSON for those)."""
    try:
        return checked(raw, FAST.decode(raw))
    except RecursionError:
        raise NotJSON("nested too deeply") from None
    except (json.JSONDecodeError, NotJSON):
        raise
    except ValueError:  # an integer of more than 4300 digits
        raise NotJSON(str(_TOO_LONG), _TOO_LONG.pattern) from None


# -- the usual prediction line, checked in C ------------------------------------------
# `TYPED(line)` decodes a line and checks it against the shape that `prediction_lines._attr_keys`
# accepts on its fast path (a subset of the schema), raising for anything else; `PLAIN(line)`
# gives the line's dict, the same as `json` gives. Neither catches a repeated key (the
# reader compares colons with keys, as for the lines `json` parses). Without msgspec both are
# None and every line takes the `json` path.
try:
    import msgspec
except ImportError:  # pragma: no cover - msgspec is a dependency
    msgspec = None

TYPED = PLAIN = None
if msgspec is not None:
    from typing import Annotated, Literal, Optional, Union

    _Offset = Annotated[int, msgspec.Meta(ge=0)]
    _NotBlank = Annotated[str, msgspec.Meta(pattern=r"\S")]  # `\S` is `not str.isspace()`, per character
    _Unset = msgspec.UnsetType

    class _Span(msgspec.Struct, forbid_unknown_fields=True):
        start: _Offset
        end: _Offset
        text: str = ""

    class _PredictionLine(msgspec.Struct, forbid_unknown_fields=True):
        doc_id: Annotated[str, msgspec.Meta(min_length=1)]
        content: Union[_NotBlank, _Unset] = msgspec.UNSET
        content_spans: Union[Annotated[list[_Span], msgspec.Meta(min_length=1)], _Unset] = msgspec.UNSET
        speaker: Optional[str] = None
        speaker_span: Optional[_Span] = None
        stance: Optional[Literal["claim", "denial", "accusation"]] = None
        type: Optional[Literal["direct", "indirect", "mixed"]] = None
        cue: Optional[str] = None
        cue_span: Optional[_Span] = None
        score: Optional[float] = None  # finite: msgspec refuses 1e400
        context: Optional[str] = None
        id: Union[str, int, _Unset] = msgspec.UNSET  # null is not an id

    TYPED = msgspec.json.Decoder(_PredictionLine).decode
    PLAIN = msgspec.json.Decoder().decode
    UNSET = msgspec.UNSET
