"""The data model: documents, entities, mentions, spans and attributions.

Frozen dataclasses so that gold data cannot be changed by accident once loaded;
`from_dict`/`to_dict` mirror the JSON files exactly (see annotations/schema/).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, Mapping

STANCES = ("claim", "denial", "accusation")
QUOTE_TYPES = ("direct", "indirect", "mixed")
ENTITY_TYPES = ("person", "organisation", "government", "media", "other")
MENTION_KINDS = ("name", "pronoun", "nominal", "metonym")
PHENOMENA = (
    "pronoun_speaker",
    "nominal_speaker",
    "metonymic_speaker",
    "cueless",
    "discontinuous",
    "multi_sentence",
    "nested_source",
)


@dataclass(frozen=True, order=True)
class Span:
    """A half-open character range `[start, end)` and the text it covers."""

    start: int
    end: int
    text: str

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Span":
        return cls(int(d["start"]), int(d["end"]), str(d["text"]))

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text}

    def __len__(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class Mention:
    """One place in the text that refers to an entity."""

    id: str
    span: Span
    kind: str  # one of MENTION_KINDS

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Mention":
        return cls(d["id"], Span.from_dict(d), d["kind"])

    def to_dict(self) -> dict:
        return {"id": self.id, **self.span.to_dict(), "kind": self.kind}


@dataclass(frozen=True)
class Entity:
    """A source that can be quoted, with every mention of it in the document."""

    id: str
    name: str
    type: str  # one of ENTITY_TYPES
    aliases: tuple[str, ...] = ()
    mentions: tuple[Mention, ...] = ()

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Entity":
        return cls(
            id=d["id"],
            name=d["name"],
            type=d["type"],
            aliases=tuple(d.get("aliases", ())),
            mentions=tuple(Mention.from_dict(m) for m in d.get("mentions", ())),
        )

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "aliases": list(self.aliases),
            "mentions": [m.to_dict() for m in self.mentions],
        }


@dataclass(frozen=True)
class SourceRef:
    """Points an attribution at an entity and, optionally, the mention used in the sentence."""

    entity: str
    mention: str | None = None

    @classmethod
    def from_dict(cls, d: Mapping[str, Any] | None) -> "SourceRef | None":
        if d is None:
            return None
        return cls(d["entity"], d.get("mention"))

    def to_dict(self) -> dict:
        return {"entity": self.entity, "mention": self.mention}


@dataclass(frozen=True)
class Attribution:
    """One reported communication: content span(s), cue, source, type and stance."""

    id: str
    content: tuple[Span, ...]
    type: str  # one of QUOTE_TYPES
    stance: str | None  # one of STANCES, or None for corpora without stance labels
    speaker: SourceRef | None
    cue: tuple[Span, ...] = ()
    intermediary: SourceRef | None = None
    tags: tuple[str, ...] = ()
    note: str | None = None

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Attribution":
        return cls(
            id=d["id"],
            content=tuple(Span.from_dict(s) for s in d["content"]),
            type=d["type"],
            stance=d.get("stance"),
            speaker=SourceRef.from_dict(d.get("speaker")),
            cue=tuple(Span.from_dict(s) for s in d.get("cue", ())),
            intermediary=SourceRef.from_dict(d.get("intermediary")),
            tags=tuple(d.get("tags", ())),
            note=d.get("note"),
        )

    def to_dict(self) -> dict:
        out = {
            "id": self.id,
            "type": self.type,
            "stance": self.stance,
            "content": [s.to_dict() for s in self.content],
            "cue": [s.to_dict() for s in self.cue],
            "speaker": self.speaker.to_dict() if self.speaker else None,
            "intermediary": self.intermediary.to_dict() if self.intermediary else None,
            "tags": list(self.tags),
        }
        if self.note is not None:
            out["note"] = self.note
        return out

    @property
    def start(self) -> int:
        return min(s.start for s in self.content)

    @property
    def end(self) -> int:
        return max(s.end for s in self.content)

    @property
    def content_text(self) -> str:
        """The content fragments joined by ' … ' (readable; offsets stay authoritative)."""
        return " … ".join(s.text for s in self.content)


@dataclass(frozen=True)
class Document:
    """A text, the sha256 it is pinned to, its entities and its attributions."""

    doc_id: str
    text: str
    text_sha256: str
    entities: tuple[Entity, ...] = ()
    attributions: tuple[Attribution, ...] = ()
    metadata: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Document":
        return cls(
            doc_id=d["doc_id"],
            text=d["text"],
            text_sha256=d["text_sha256"],
            entities=tuple(Entity.from_dict(e) for e in d.get("entities", ())),
            attributions=tuple(Attribution.from_dict(a) for a in d.get("attributions", ())),
            metadata=dict(d.get("metadata", {})),
        )

    def to_dict(self) -> dict:
        out = {
            "doc_id": self.doc_id,
            "text_sha256": self.text_sha256,
            "text": self.text,
            "entities": [e.to_dict() for e in self.entities],
            "attributions": [a.to_dict() for a in self.attributions],
        }
        if self.metadata:
            out["metadata"] = dict(self.metadata)
        return out

    def entity(self, entity_id: str) -> Entity:
        for e in self.entities:
            if e.id == entity_id:
                return e
        raise KeyError(entity_id)

    def mention(self, mention_id: str) -> Mention:
        for e in self.entities:
            for m in e.mentions:
                if m.id == mention_id:
                    return m
        raise KeyError(mention_id)


def sha256_text(text: str) -> str:
    """The sha256 a gold file pins: of the text's UTF-8 bytes, as the seed file stores them."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
