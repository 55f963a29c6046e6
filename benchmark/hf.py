"""The gold set as Hugging Face `datasets.Dataset` views with explicit `Features`.

Every offset is a character offset into the document `text` (Python string indices), never
into a paragraph or a sentence. `stance` is a ClassLabel (claim, denial, accusation) and is
None in corpora without stance labels (PolNeAR): filter those rows before `set_format("torch")`.

- "documents": one row per document, the raw gold as columns: `doc_id`, `text_sha256`,
  `text`, `entities` (id, name, type, aliases, mentions with offsets and kind) and
  `attributions` (id, type, stance, content and cue spans, `speaker_entity` and
  `speaker_mention` ids, `intermediary_entity`, phenomenon `tags`).
- "attributions": one row per attribution, ready for a stance or type classifier:
  `content` (the span texts joined by " … "), `content_spans`, `context` (the whole
  sentence(s) the content touches), `cue` (cue texts joined by a space), `speaker` (the
  entity's canonical name), `speaker_mention` (the mention's text in the article),
  `speaker_type` (person, organization, ...), `stance`, `type`, and `tags`: the phenomenon
  tags (pronoun_speaker, cueless, discontinuous, ...).
- "tokens": one row per paragraph (`paragraph` is its index in the document, blank-line
  separated), ready for token classification: `tokens`, their document offsets `starts`
  and `ends`, and `tags`: here BIO labels over SOURCE (the speaker mention), CUE and
  CONTENT, a ClassLabel. Source and cue win where they lie inside content; a span that
  starts inside a token tagged otherwise starts with B- on its next token, so every I-
  follows a B- or I- of its own label.
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


def load_dataset(view: str = "documents", gold: str | Sequence[Document] | None = None,
                 split: str | None = None):
    """One view of the gold set as `datasets` objects; columns are in this module's docstring.

    With quotebench's gold: `split` `seed`, `dev`, `test` or `all` gives one Dataset; no
    split gives a `datasets.DatasetDict` with the three splits (the Hugging Face
    convention). `gold` (a corpus path or a list of Documents) gives one Dataset of it."""
    from .corpus import load_corpus, load_gold
    from .splits import SPLITS

    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}: choose one of {', '.join(VIEWS)}")
    if gold is not None:
        if split is not None:
            raise ValueError("split applies to quotebench's own gold, not to a corpus given as `gold`")
        docs = load_corpus(gold) if isinstance(gold, str) or hasattr(gold, "__fspath__") else tuple(gold)
        return _dataset(view, docs, "a custom corpus")
    if split is None:
        return datasets.DatasetDict({name: _dataset(view, load_gold(split=name), f"split {name!r}")
                                     for name in SPLITS})
    return _dataset(view, load_gold(split=split), f"split {split!r}")


def _dataset(view: str, docs: Sequence[Document], what: str) -> datasets.Dataset:
    rows, features = {
        "documents": (document_rows, DOCUMENT_FEATURES),
        "attributions": (attribution_rows, ATTRIBUTION_FEATURES),
        "tokens": (token_rows, TOKEN_FEATURES),
    }[view]
    from .corpus import read_manifest

    canary = read_manifest().get("canary", "")
    info = datasets.DatasetInfo(description=f"quotebench {view!r} view of {what}; columns are described in "
                                f"benchmark/hf.py and in the dataset card (annotations/README.md). {canary}",
                                features=features)
    found = list(rows(docs))
    if not found:  # from_list cannot tell the columns of no rows
        return datasets.Dataset.from_dict({k: [] for k in features}, features=features, info=info)
    return datasets.Dataset.from_list(found, features=features, info=info)


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
    for i, t in enumerate(tags):  # a span whose first token a later layer took starts again
        if t[0] == "I" and (i == 0 or tags[i - 1][2:] != t[2:]):
            tags[i] = "B-" + t[2:]
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
