"""The gold set as Hugging Face `datasets.Dataset` views with explicit `Features`.

Views:
- "documents": one row per document (text, entities, attributions), the raw gold as columns;
- "attributions": one row per attribution with its content text, context sentence(s),
  speaker name, stance and type: ready for a stance or type classifier;
- "tokens": one row per paragraph with tokens, their offsets and BIO tags for source, cue
  and content: ready for token-classification training.
"""
from __future__ import annotations

from typing import Iterable, Sequence

import datasets

from .model import ENTITY_TYPES, MENTION_KINDS, QUOTE_TYPES, STANCES, Attribution, Document
from .text import paragraphs, sentences, tokenize

VIEWS = ("documents", "attributions", "tokens")
BIO_LABELS = ("O", "B-SOURCE", "I-SOURCE", "B-CUE", "I-CUE", "B-CONTENT", "I-CONTENT")

_SPAN = {"start": datasets.Value("int32"), "end": datasets.Value("int32"), "text": datasets.Value("string")}
_STANCE = datasets.ClassLabel(names=list(STANCES))
_TYPE = datasets.ClassLabel(names=list(QUOTE_TYPES))

DOCUMENT_FEATURES = datasets.Features({
    "doc_id": datasets.Value("string"),
    "text_sha256": datasets.Value("string"),
    "text": datasets.Value("string"),
    "entities": [{
        "id": datasets.Value("string"),
        "name": datasets.Value("string"),
        "type": datasets.ClassLabel(names=list(ENTITY_TYPES)),
        "aliases": [datasets.Value("string")],
        "mentions": [{"id": datasets.Value("string"), **_SPAN,
                      "kind": datasets.ClassLabel(names=list(MENTION_KINDS))}],
    }],
    "attributions": [{
        "id": datasets.Value("string"),
        "type": _TYPE,
        "stance": _STANCE,
        "content": [_SPAN],
        "cue": [_SPAN],
        "speaker_entity": datasets.Value("string"),
        "speaker_mention": datasets.Value("string"),
        "intermediary_entity": datasets.Value("string"),
        "tags": [datasets.Value("string")],
    }],
})

ATTRIBUTION_FEATURES = datasets.Features({
    "doc_id": datasets.Value("string"),
    "id": datasets.Value("string"),
    "content": datasets.Value("string"),
    "content_spans": [_SPAN],
    "context": datasets.Value("string"),
    "cue": datasets.Value("string"),
    "speaker": datasets.Value("string"),
    "speaker_mention": datasets.Value("string"),
    "speaker_type": datasets.Value("string"),
    "stance": _STANCE,
    "type": _TYPE,
    "tags": [datasets.Value("string")],
})

TOKEN_FEATURES = datasets.Features({
    "doc_id": datasets.Value("string"),
    "paragraph": datasets.Value("int32"),
    "tokens": [datasets.Value("string")],
    "starts": [datasets.Value("int32")],
    "ends": [datasets.Value("int32")],
    "tags": [datasets.ClassLabel(names=list(BIO_LABELS))],
})


def load_dataset(view: str = "documents", gold: str | Sequence[Document] | None = None) -> datasets.Dataset:
    """One view of the gold set (or of a corpus path / list of documents) as a Dataset."""
    from .corpus import load_corpus, load_gold

    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}: choose one of {', '.join(VIEWS)}")
    if gold is None:
        docs = load_gold()
    elif isinstance(gold, (str,)) or hasattr(gold, "__fspath__"):
        docs = load_corpus(gold)
    else:
        docs = tuple(gold)
    rows, features = {
        "documents": (document_rows, DOCUMENT_FEATURES),
        "attributions": (attribution_rows, ATTRIBUTION_FEATURES),
        "tokens": (token_rows, TOKEN_FEATURES),
    }[view]
    return datasets.Dataset.from_list(list(rows(docs)), features=features)


def document_rows(docs: Iterable[Document]) -> Iterable[dict]:
    for d in docs:
        yield {
            "doc_id": d.doc_id,
            "text_sha256": d.text_sha256,
            "text": d.text,
            "entities": [e.to_dict() for e in d.entities],
            "attributions": [{
                "id": a.id, "type": a.type, "stance": a.stance,
                "content": [s.to_dict() for s in a.content],
                "cue": [s.to_dict() for s in a.cue],
                "speaker_entity": a.speaker.entity if a.speaker else None,
                "speaker_mention": a.speaker.mention if a.speaker else None,
                "intermediary_entity": a.intermediary.entity if a.intermediary else None,
                "tags": list(a.tags),
            } for a in d.attributions],
        }


def context_of(doc: Document, a: Attribution, sents: Sequence[tuple[int, int]]) -> str:
    """The sentence(s) that the content touches, from the first to the last."""
    touched = [(s, e) for s, e in sents if s < a.end and a.start < e]
    if not touched:
        return doc.text[a.start:a.end]
    return doc.text[touched[0][0]:touched[-1][1]]


def attribution_rows(docs: Iterable[Document]) -> Iterable[dict]:
    for d in docs:
        sents = sentences(d.text)
        entities = {e.id: e for e in d.entities}
        for a in d.attributions:
            entity = entities.get(a.speaker.entity) if a.speaker else None
            mention = d.mention(a.speaker.mention).span.text if a.speaker and a.speaker.mention else None
            yield {
                "doc_id": d.doc_id,
                "id": a.id,
                "content": a.content_text,
                "content_spans": [s.to_dict() for s in a.content],
                "context": context_of(d, a, sents),
                "cue": " ".join(s.text for s in a.cue) or None,
                "speaker": entity.name if entity else None,
                "speaker_mention": mention,
                "speaker_type": entity.type if entity else None,
                "stance": a.stance,
                "type": a.type,
                "tags": list(a.tags),
            }


def bio_tags(doc: Document, tokens: Sequence[tuple[int, int]]) -> list[str]:
    """BIO tags over tokens; source and cue spans win over the content that contains them."""
    tags = ["O"] * len(tokens)
    layers = []
    for a in doc.attributions:
        layers.append(("CONTENT", a.content))
    for a in doc.attributions:
        layers.append(("CUE", a.cue))
        if a.speaker and a.speaker.mention:
            layers.append(("SOURCE", (doc.mention(a.speaker.mention).span,)))
    for label, spans in layers:  # later layers overwrite earlier ones
        for span in spans:
            inside = [i for i, (s, e) in enumerate(tokens) if s < span.end and span.start < e]
            for k, i in enumerate(inside):
                tags[i] = ("B-" if k == 0 else "I-") + label
    return tags


def token_rows(docs: Iterable[Document]) -> Iterable[dict]:
    for d in docs:
        toks = tokenize(d.text)
        tags = bio_tags(d, toks)
        for p, (ps, pe) in enumerate(paragraphs(d.text)):
            idx = [i for i, (s, e) in enumerate(toks) if ps <= s and e <= pe]
            yield {
                "doc_id": d.doc_id,
                "paragraph": p,
                "tokens": [d.text[toks[i][0]:toks[i][1]] for i in idx],
                "starts": [toks[i][0] for i in idx],
                "ends": [toks[i][1] for i in idx],
                "tags": [tags[i] for i in idx],
            }
