"""JSON as the standard defines it, read fast.

Python's json module accepts NaN and Infinity and keeps the last of repeated keys; both
would be silent coercions of a user's file. `FAST` parses without NaN; `checked` sends the
rare line that may repeat a key (more colons than keys) to `STRICT`, which names the key.
"""
from __future__ import annotations

import json


class NotJSON(ValueError):
    """What Python's json module accepts but JSON does not: NaN, Infinity, repeated keys."""


def _no_constant(name: str):
    raise NotJSON(f"{name} is not a JSON number (write a finite number or null)")


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
    """Keys in a parsed JSON value, nested ones included."""
    if type(o) is dict:
        return len(o) + sum(_n_keys(v) for v in o.values() if type(v) is dict or type(v) is list)
    return sum(_n_keys(v) for v in o if type(v) is dict or type(v) is list)


def checked(raw: str, obj):
    """`obj` parsed from `raw` by `FAST`, or `STRICT`'s error if a key is repeated.

    A parsed dict keeps the last of repeated keys, so a text with more colons than keys is
    parsed again strictly; colons inside strings make that occasional, not costly."""
    if (type(obj) is dict or type(obj) is list) and raw.count(":") > _n_keys(obj):
        return STRICT.decode(raw)
    return obj


def loads(raw: str):
    """`json.loads` without NaN, Infinity or repeated keys (raises NotJSON for those)."""
    return checked(raw, FAST.decode(raw))
