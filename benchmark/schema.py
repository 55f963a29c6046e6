"""JSON Schema validation that reports errors as `field: what is wrong`.

`jsonschema` is imported only to word an error (`schema_errors`): importing it costs
about 0.17 s, and valid input never needs it (`accepts`)."""
from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Iterator

from .resources import schema_path

if TYPE_CHECKING:  # pragma: no cover
    import jsonschema


@lru_cache(maxsize=None)
def schema(name: str) -> dict:
    """The JSON Schema 'gold' or 'prediction', read once."""
    with open(schema_path(name), encoding="utf-8") as f:
        return json.load(f)


@lru_cache(maxsize=None)
def validator(name: str) -> "jsonschema.Draft202012Validator":
    """The draft 2020-12 validator for 'gold' or 'prediction', built once."""
    import jsonschema

    return jsonschema.Draft202012Validator(schema(name))


def json_path(path) -> str:
    """`attributions[3].content[0].start` from a jsonschema error path."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def _named(path: str, key: str) -> str:
    return key if path == "(top level)" else f"{path}.{key}"


def _field_and_message(err: "jsonschema.ValidationError") -> list[tuple[str, str]]:
    """(field, message) pairs for one schema error, naming the field itself where the error
    is about one: `speeker: unknown field`, `doc_id: is missing`,
    `content: is missing (give content or content_spans)`."""
    path = json_path(err.absolute_path)
    inst = err.instance
    if err.validator == "additionalProperties" and isinstance(inst, dict):
        known = set(err.schema.get("properties", {}))
        return [(_named(path, k), "unknown field") for k in inst if k not in known]
    if err.validator == "required" and isinstance(inst, dict):
        return [(_named(path, k), "is missing") for k in err.validator_value if k not in inst]
    if err.validator == "anyOf" and err.schema.get("anyOf") and all("required" in s for s in err.schema["anyOf"]):
        names = [s["required"][0] for s in err.schema["anyOf"]]
        return [(_named(path, names[0]), f"is missing (give {' or '.join(names)})")]
    if err.validator == "enum":
        return [(path, f"{inst!r} is not one of {', '.join(map(repr, err.validator_value))}")]
    if err.validator == "pattern" and err.validator_value == r"\S":
        # an empty string is already reported by minLength
        return [] if inst == "" else [(path, "is only whitespace; give the content text")]
    return [(path, err.message)]


def float_offsets(obj: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """(field path, message) for every `start`/`end` written as a float. JSON Schema counts
    137.0 as an integer, but an offset is a string index, and quotebench coerces nothing."""
    if isinstance(obj, dict):
        for k, v in obj.items():
            here = f"{path}.{k}" if path else k
            if k in ("start", "end") and type(v) is float:
                yield here, f"{v!r} is not an integer offset" + (f" (write {int(v)})" if v.is_integer() else "")
            else:
                yield from float_offsets(v, here)
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from float_offsets(v, f"{path}[{i}]")


def schema_errors(name: str, instance: Any) -> Iterator[tuple[str, str]]:
    """(field path, message) for every schema violation, in document order."""
    import jsonschema

    if name == "prediction" and isinstance(instance, dict):
        # Dispatch on shape so the message names the field, not a 'oneOf' failure.
        root = validator(name).schema
        sub = "document_line" if "attributions" in instance else "attribution_line"
        v = jsonschema.Draft202012Validator(
            {**root["$defs"][sub], "$defs": root["$defs"]}
        )
    else:
        v = validator(name)
    errors = sorted(v.iter_errors(instance), key=lambda e: [str(p) for p in e.absolute_path])
    for err in errors:
        yield from _field_and_message(err)


# --- fast acceptance --------------------------------------------------------------------------
# jsonschema costs ~7 ms per gold document, 70 times the JSON parse. The schemas use a small
# set of keywords, so they are compiled once into plain predicates that accept valid input
# quickly; anything they reject goes to jsonschema, which words the errors (and has the
# last word: a document it accepts is accepted).

_IGNORED = {"$schema", "$id", "title", "description"}
_TYPES = {
    "object": lambda v: type(v) is dict,
    "array": lambda v: type(v) is list,
    "string": lambda v: type(v) is str,
    "integer": lambda v: type(v) is int,
    "number": lambda v: type(v) in (int, float),
    "boolean": lambda v: type(v) is bool,
    "null": lambda v: v is None,
}


def _compile(schema: dict, defs: dict, cache: dict):
    """A predicate equivalent to `schema` (or stricter: it may reject what jsonschema allows)."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        if name not in cache:
            cache[name] = None
            cache[name] = _compile(defs[name], defs, cache)
        return lambda v: cache[name](v)
    checks = []
    for key, arg in schema.items():
        if key in _IGNORED or key == "$defs":
            continue
        if key == "type":
            names = arg if isinstance(arg, list) else [arg]
            tests = [_TYPES[n] for n in names]
            checks.append(lambda v, tests=tests: any(t(v) for t in tests))
        elif key == "enum":
            allowed = list(arg)
            checks.append(lambda v, allowed=allowed: any(v is a or (type(v) is type(a) and v == a) for a in allowed))
        elif key == "properties":
            props = {k: _compile(s, defs, cache) for k, s in arg.items()}
            checks.append(lambda v, props=props: type(v) is not dict or all(
                props[k](x) for k, x in v.items() if k in props))
        elif key == "required":
            need = tuple(arg)
            checks.append(lambda v, need=need: type(v) is not dict or all(k in v for k in need))
        elif key == "additionalProperties":
            if arg is not False:
                raise ValueError("only additionalProperties: false is supported")
            allowed_keys = frozenset(schema.get("properties", {}))
            checks.append(lambda v, ok=allowed_keys: type(v) is not dict or ok.issuperset(v))
        elif key == "items":
            item = _compile(arg, defs, cache)
            checks.append(lambda v, item=item: type(v) is not list or all(item(x) for x in v))
        elif key == "minItems":
            checks.append(lambda v, n=arg: type(v) is not list or len(v) >= n)
        elif key == "uniqueItems":
            checks.append(lambda v: type(v) is not list or len(set(map(json.dumps, v))) == len(v))
        elif key == "minLength":
            checks.append(lambda v, n=arg: type(v) is not str or len(v) >= n)
        elif key == "minimum":
            checks.append(lambda v, n=arg: type(v) not in (int, float) or v >= n)
        elif key == "pattern":
            rx = re.compile(arg)
            checks.append(lambda v, rx=rx: type(v) is not str or rx.search(v) is not None)
        elif key in ("oneOf", "anyOf"):
            subs = [_compile(s, defs, cache) for s in arg]
            if key == "anyOf":
                checks.append(lambda v, subs=subs: any(s(v) for s in subs))
            else:
                checks.append(lambda v, subs=subs: sum(1 for s in subs if s(v)) == 1)
        else:
            raise ValueError(f"schema keyword {key!r} is not supported by the fast validator")
    return lambda v: all(c(v) for c in checks)


@lru_cache(maxsize=None)
def accepts(name: str):
    """A fast predicate for schema `name`: True means valid; False means ask `schema_errors`."""
    root = schema(name)
    return _compile(root, root.get("$defs", {}), {})
