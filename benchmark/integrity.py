"""Checks on gold documents that JSON Schema cannot express.

Each check yields (field path, message); the path names the attribution, entity or
mention by id so that a reader can find it.
"""
from __future__ import annotations

from collections import Counter
from typing import Iterator

from .model import Attribution, Document, Span, sha256_text

_TAG_FOR_KIND = {"pronoun": "pronoun_speaker", "nominal": "nominal_speaker", "metonym": "metonymic_speaker"}


def check_span(text: str, where: str, span: Span) -> Iterator[tuple[str, str]]:
    if not (0 <= span.start < span.end <= len(text)):
        yield where, f"offsets [{span.start}, {span.end}) are outside the text (length {len(text)}) or empty"
    elif text[span.start : span.end] != span.text:
        yield where, (
            f"text {span.text!r} does not equal text[{span.start}:{span.end}] "
            f"= {text[span.start:span.end]!r}"
        )


def check_document(doc: Document, strict: bool = False) -> Iterator[tuple[str, str]]:
    """Every integrity problem in one document (an empty iterator means it is sound).

    `strict` is for quotebench's own gold: every attribution needs a stance and its
    phenomenon tags must agree with the data. Converted corpora have neither.
    """
    actual = sha256_text(doc.text)
    if actual != doc.text_sha256:
        yield "text_sha256", f"pinned {doc.text_sha256} but the text hashes to {actual}"

    ids = Counter()
    for e in doc.entities:
        ids[("entity", e.id)] += 1
        for m in e.mentions:
            ids[("mention", m.id)] += 1
            yield from check_span(doc.text, f"entity {e.id} mention {m.id}", m.span)
    for a in doc.attributions:
        ids[("attribution", a.id)] += 1
    for (kind, ident), n in sorted(ids.items()):
        if n > 1:
            yield f"{kind} {ident}", f"id {ident!r} is used {n} times"

    entities = {e.id: e for e in doc.entities}
    for a in doc.attributions:
        yield from _check_attribution(doc, a, entities, strict)


def _check_attribution(doc, a: Attribution, entities, strict) -> Iterator[tuple[str, str]]:
    where = f"attribution {a.id}"
    for i, s in enumerate(a.content):
        yield from check_span(doc.text, f"{where} content[{i}]", s)
    for i, s in enumerate(a.cue):
        yield from check_span(doc.text, f"{where} cue[{i}]", s)
    for prev, nxt in zip(a.content, a.content[1:]):
        if nxt.start < prev.end:
            yield f"{where} content", "content spans must be in text order and must not overlap"
    if strict and a.stance is None:
        yield f"{where} stance", "missing: every gold attribution needs a stance"

    mention_kind = None
    for role, ref in (("speaker", a.speaker), ("intermediary", a.intermediary)):
        if ref is None:
            continue
        entity = entities.get(ref.entity)
        if entity is None:
            yield f"{where} {role}.entity", f"unknown entity {ref.entity!r}"
            continue
        if ref.mention is not None:
            owned = {m.id: m for m in entity.mentions}
            if ref.mention not in owned:
                yield f"{where} {role}.mention", f"mention {ref.mention!r} does not belong to entity {ref.entity!r}"
            elif role == "speaker":
                mention_kind = owned[ref.mention].kind

    if strict or a.tags:  # optional in other corpora; when given they must agree with the data
        expected = {
            "discontinuous": len(a.content) > 1,
            "cueless": not a.cue,
            "nested_source": a.intermediary is not None,
        }
        for kind, tag in _TAG_FOR_KIND.items():
            expected[tag] = mention_kind == kind
        for tag, should in expected.items():
            if should != (tag in a.tags):
                state = "missing" if should else "present but not supported by the data"
                yield f"{where} tags", f"tag {tag!r} is {state}"
