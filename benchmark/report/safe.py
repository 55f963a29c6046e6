"""The only ways a string reaches the report's HTML: escaped text, an escaped attribute, a
URL-hash value, or JSON inside `<script type="application/json">`.

Every speaker, content, cue, document id, entity and system name in a report comes from a
user's file, so none of it is ever written raw. Keeping the escaping in one small module
makes that checkable: the renderers build markup only from constants and these functions.
"""
from __future__ import annotations

import html
import json
import math
import re
from urllib.parse import quote

_SURROGATE = re.compile("[\ud800-\udfff]")
_SCRIPT_JSON = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def text(value) -> str:
    """`value` as HTML text: `<`, `>`, `&` and both quotes escaped (safe in attributes too).
    None is the empty string."""
    if value is None:
        return ""
    return html.escape(unicode_text(str(value)), quote=True)


def unicode_text(value: str) -> str:
    """`value` with every lone surrogate as U+FFFD (one code point for one, so offsets into
    a document text still hold). Readers refuse them in files, but a file name or `--title`
    with bytes that are not UTF-8 reaches Python as surrogate escapes, which no UTF-8 page
    can hold: writing it would fail."""
    return _SURROGATE.sub("\ufffd", value)


def attr(value) -> str:
    """`value` for a double-quoted attribute (newlines kept as character references, so a
    `title` tooltip keeps its lines)."""
    return text(value).replace("\n", "&#10;").replace("\r", "&#13;")


def hash_value(value) -> str:
    """`value` percent-encoded for a `#key=value` URL hash (the page's JS decodes it with
    decodeURIComponent); the caller still escapes the whole href with `attr`."""
    return quote(unicode_text(str(value)), safe="")


def script_json(data) -> str:
    """`data` as JSON that cannot end its `<script>` element or start markup: `<`, `>`, `&`
    and U+2028/U+2029 written as \\u escapes (JSON.parse reads them back unchanged). NaN
    becomes null, as JSON has no NaN."""
    raw = unicode_text(json.dumps(_finite(data), ensure_ascii=False, allow_nan=False))
    return "".join(_SCRIPT_JSON.get(c, c) for c in raw)


def _finite(v):
    if type(v).__name__ in ("NAType", "NaTType"):  # pandas' missing values
        return None
    if hasattr(v, "item") and not hasattr(v, "__len__"):  # numpy scalars
        v = v.item()
    if isinstance(v, float) and (math.isnan(v) or math.isinf(v)):
        return None
    if isinstance(v, dict):
        return {str(k): _finite(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_finite(x) for x in v]
    return v
