"""JSON Schema validation that reports errors as `field: what is wrong`."""
from __future__ import annotations

import json
from functools import lru_cache
from typing import Any, Iterator

import jsonschema

from .resources import schema_path


@lru_cache(maxsize=None)
def validator(name: str) -> jsonschema.Draft202012Validator:
    """The draft 2020-12 validator for 'gold' or 'prediction', built once."""
    with open(schema_path(name), encoding="utf-8") as f:
        return jsonschema.Draft202012Validator(json.load(f))


def json_path(path) -> str:
    """`attributions[3].content[0].start` from a jsonschema error path."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def _message(err: jsonschema.ValidationError) -> str:
    if err.validator == "additionalProperties":
        return err.message.replace("Additional properties are not allowed", "unknown field")
    if err.validator == "required":
        return err.message.replace("is a required property", "is missing")
    if err.validator == "enum":
        return f"{err.instance!r} is not one of {', '.join(map(repr, err.validator_value))}"
    if err.validator == "anyOf" and err.schema.get("anyOf") and all(
        "required" in s for s in err.schema["anyOf"]
    ):
        names = " or ".join(s["required"][0] for s in err.schema["anyOf"])
        return f"needs {names}"
    return err.message


def schema_errors(name: str, instance: Any) -> Iterator[tuple[str, str]]:
    """(field path, message) for every schema violation, in document order."""
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
        yield json_path(err.absolute_path), _message(err)
