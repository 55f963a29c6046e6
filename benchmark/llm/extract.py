"""Finding the attributions in one raw answer: fences, prose, broken JSON, wrappers."""
from __future__ import annotations

import json
import re
from typing import Any

from .vocabulary import _STANCE_OF, _TYPE_OF, FIELDS, LIST_KEYS, Adaptation

MAX_TRIES = 2000
"""Most places a JSON value is tried from, in one region of an answer (bounds the work on a
hostile answer such as 200,000 opening brackets)."""
MAX_LITERAL = 200_000
"""Longest region read as a Python literal (its parser is recursive)."""

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
    if text[:1] in "[{" and len(text) <= MAX_LITERAL:
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


def _values_in(text: str, openers: str = r"[\[{]") -> list:
    """Every JSON value that starts at one of `openers` and parses in `text`, left to right,
    none inside another (`{` alone: the objects of a broken array, one by one)."""
    decoder = json.JSONDecoder()
    found, pos, tried = [], 0, 0
    for m in re.finditer(openers, text):
        if m.start() < pos:
            continue
        tried += 1
        if tried > MAX_TRIES:  # `{{{{...`: each failed start costs a scan, so give up after enough
            break
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
            singles = [v for v in _values_in(region, r"{") if _is_item(v)]
            if singles:
                out.append(Adaptation(doc_id, "objects_one_by_one",
                                      f"{len(singles)} attribution objects read one by one (the array around them "
                                      "does not parse)"))
                holding.append(singles)
        found_any = found_any or bool(holding)
        for got in holding:
            items.extend(got)
    return items if found_any else None
