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

A view of a corpus file (`gold=PATH`) or of a shipped split is cached as Arrow (`save_to_disk`,
then memory-mapped by `load_from_disk`) under `$QUOTEBENCH_VIEWS_CACHE`, else
`$HF_DATASETS_CACHE/quotebench-views`, else `$XDG_CACHE_HOME/quotebench/views`
(~/.cache/quotebench/views): see benchmark/views/cache.py. The key is the sha256 of the
corpus bytes, the view, `VIEW_VERSION`, the split, the datasets version and the builder
code, so a changed file, view or tokenizer builds afresh. `QUOTEBENCH_VIEWS_CACHE=off` or
`cache=False` turns it off; a list of Documents is never cached.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from pathlib import Path
from typing import Iterable, Sequence

import datasets
import numpy as np
import pyarrow as pa

from .model import ENTITY_TYPES, MENTION_KINDS, QUOTE_TYPES, STANCES, Attribution, Document
from .text import paragraphs, sentences, tokenize

VIEWS = ("documents", "attributions", "tokens")
VIEW_VERSION = 1  # bump when a view's columns or contents change (part of the cache key)
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



_FEATURES = {"documents": DOCUMENT_FEATURES, "attributions": ATTRIBUTION_FEATURES, "tokens": TOKEN_FEATURES}


def load_dataset(view: str = "documents", gold: str | Sequence[Document] | None = None,
                 split: str | None = None, cache: bool | str | Path | None = None):
    """One view of the gold set as `datasets` objects; columns are in this module's docstring.

    With quotebench's gold: `split` `seed`, `dev`, `test` or `all` gives one Dataset; no
    split gives a `datasets.DatasetDict` with the three splits (the Hugging Face
    convention). `gold` (a corpus path or a list of Documents) gives one Dataset of it.
    `cache`: None (the default: $QUOTEBENCH_VIEWS_CACHE or the default folder), False (build
    in memory, read and write nothing) or a folder."""
    from .corpus import load_corpus, load_gold
    from .splits import SPLITS, check_split
    from .views.cache import cached_view, corpus_digest, gold_digest

    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}: choose one of {', '.join(VIEWS)}")
    if gold is not None:
        if split is not None:
            raise ValueError("split applies to quotebench's own gold, not to a corpus given as `gold`")
        if isinstance(gold, str) or hasattr(gold, "__fspath__"):
            return cached_view(view, "a custom corpus", corpus_digest(gold), lambda: load_corpus(gold),
                               _dataset, cache)
        return _dataset(view, tuple(gold), "a custom corpus")

    def one(name: str) -> datasets.Dataset:
        name = check_split(name)
        return cached_view(view, f"split {name!r}", gold_digest(name), lambda: load_gold(split=name),
                           _dataset, cache)

    if split is None:
        return datasets.DatasetDict({name: one(name) for name in SPLITS})
    return one(split)


def _dataset(view: str, docs: Sequence[Document], what: str) -> datasets.Dataset:
    """The view built in memory: plain column lists made into Arrow arrays of the view's types
    (no per-row encoding by `datasets`)."""
    from .corpus import read_manifest

    features = _FEATURES[view]
    canary = read_manifest().get("canary", "")
    info = datasets.DatasetInfo(description=f"quotebench {view!r} view of {what}; columns are described in "
                                f"benchmark/hf.py and in the dataset card (annotations/README.md). {canary}",
                                features=features)
    columns = {"documents": document_columns, "attributions": attribution_columns,
               "tokens": token_columns}[view](docs)
    schema = features.arrow_schema
    arrays = {name: col if isinstance(col, pa.Array) else pa.array(col, type=schema.field(name).type)
              for name, col in columns.items()}
    return datasets.Dataset.from_dict(arrays, features=features, info=info)


def _label_ids(names: Sequence[str], what: str):
    """str -> class id (None stays None), in the order of the ClassLabel's `names`."""
    ids = {name: i for i, name in enumerate(names)}

    def encode(value):
        if value is None:
            return None
        try:
            return ids[value]
        except KeyError:
            raise ValueError(f"{what} {value!r} is not one of {', '.join(names)}") from None
    return encode


_ENTITY_TYPE = _label_ids(ENTITY_TYPES, "entity type")
_MENTION_KIND = _label_ids(MENTION_KINDS, "mention kind")
_STANCE_ID = _label_ids(STANCES, "stance")
_TYPE_ID = _label_ids(QUOTE_TYPES, "attribution type")
_BIO_ID = {name: i for i, name in enumerate(BIO_LABELS)}


def _spans(spans) -> list[dict]:
    return [{"start": s.start, "end": s.end, "text": s.text} for s in spans]


def document_rows(docs: Iterable[Document]) -> Iterable[dict]:
    """The documents view's rows as plain dicts, labels as strings (before encoding)."""
    for d in docs:
        yield {
            "doc_id": d.doc_id,
            "text_sha256": d.text_sha256,
            "text": d.text,
            "entities": [e.to_dict() for e in d.entities],
            "attributions": [_attribution_record(a, a.type, a.stance) for a in d.attributions],
        }


def _attribution_record(a, type_, stance) -> dict:
    """One attribution of the documents view; type and stance as names or as label ids."""
    return {"id": a.id, "type": type_, "stance": stance, "content": _spans(a.content), "cue": _spans(a.cue),
            "speaker_entity": a.speaker.entity if a.speaker else None,
            "speaker_mention": a.speaker.mention if a.speaker else None,
            "intermediary_entity": a.intermediary.entity if a.intermediary else None,
            "tags": list(a.tags)}


def document_columns(docs: Sequence[Document]) -> dict[str, list]:
    entities, attributions = [], []
    for d in docs:
        entities.append([{
            "id": e.id, "name": e.name, "type": _ENTITY_TYPE(e.type), "aliases": list(e.aliases),
            "mentions": [{"id": m.id, "start": m.span.start, "end": m.span.end, "text": m.span.text,
                          "kind": _MENTION_KIND(m.kind)} for m in e.mentions],
        } for e in d.entities])
        attributions.append([_attribution_record(a, _TYPE_ID(a.type), _STANCE_ID(a.stance)) for a in d.attributions])
    return {"doc_id": [d.doc_id for d in docs], "text_sha256": [d.text_sha256 for d in docs],
            "text": [d.text for d in docs], "entities": entities, "attributions": attributions}


def _touching(starts: Sequence[int], ends: Sequence[int], start: int, end: int) -> range:
    """Indices of the ordered, non-overlapping ranges that overlap `[start, end)`:
    those with `s < end and start < e`, found by bisection."""
    return range(bisect_right(ends, start), bisect_left(starts, end))


def _context(text: str, starts, ends, a_start: int, a_end: int) -> str:
    touched = _touching(starts, ends, a_start, a_end)
    if not touched:
        return text[a_start:a_end]
    return text[starts[touched[0]]:ends[touched[-1]]]


def context_of(doc: Document, a: Attribution, sents: Sequence[tuple[int, int]]) -> str:
    """The sentence(s) that the content touches, from the first to the last (`sents` in order,
    as `sentences` gives them)."""
    return _context(doc.text, [s for s, _ in sents], [e for _, e in sents], a.start, a.end)


def _mentions(d: Document) -> dict:
    """mention id -> Mention, the first of an id winning (as `Document.mention` finds it)."""
    out: dict = {}
    for e in d.entities:
        for m in e.mentions:
            out.setdefault(m.id, m)
    return out


def attribution_rows(docs: Iterable[Document]) -> Iterable[dict]:
    """The attributions view's rows as plain dicts, labels as strings (before encoding)."""
    for d in docs:
        yield from _attribution_dicts(d)


def _attribution_dicts(d: Document) -> Iterable[dict]:
    sents = sentences(d.text)
    starts, ends = [s for s, _ in sents], [e for _, e in sents]
    entities = {e.id: e for e in d.entities}
    mentions = _mentions(d)
    for a in d.attributions:
        entity = entities.get(a.speaker.entity) if a.speaker else None
        if a.speaker and a.speaker.mention:
            if a.speaker.mention not in mentions:
                raise KeyError(a.speaker.mention)
            mention = mentions[a.speaker.mention].span.text
        else:
            mention = None
        a_start, a_end = min(s.start for s in a.content), max(s.end for s in a.content)
        yield {
            "doc_id": d.doc_id,
            "id": a.id,
            "content": a.content_text,
            "content_spans": _spans(a.content),
            "context": _context(d.text, starts, ends, a_start, a_end),
            "cue": " ".join(s.text for s in a.cue) or None,
            "speaker": entity.name if entity else None,
            "speaker_mention": mention,
            "speaker_type": entity.type if entity else None,
            "stance": a.stance,
            "type": a.type,
            "tags": list(a.tags),
        }


def attribution_columns(docs: Sequence[Document]) -> dict[str, list]:
    columns: dict[str, list] = {name: [] for name in ATTRIBUTION_FEATURES}
    for d in docs:
        for row in _attribution_dicts(d):
            for name, value in row.items():
                columns[name].append(value)
    columns["stance"] = [_STANCE_ID(s) for s in columns["stance"]]
    columns["type"] = [_TYPE_ID(t) for t in columns["type"]]
    return columns


def _layers(doc: Document) -> list:
    """(label, spans) in painting order: every content, then every cue and source mention."""
    layers = [("CONTENT", a.content) for a in doc.attributions]
    mentions = _mentions(doc)
    for a in doc.attributions:
        layers.append(("CUE", a.cue))
        if a.speaker and a.speaker.mention:
            if a.speaker.mention not in mentions:
                raise KeyError(a.speaker.mention)
            layers.append(("SOURCE", (mentions[a.speaker.mention].span,)))
    return layers


_LABEL_OF = np.array([0 if t == "O" else 1 + sorted({u[2:] for u in BIO_LABELS if u != "O"}).index(t[2:])
                      for t in BIO_LABELS])  # tag id -> label group (0 for O)
_IS_INSIDE = np.array([t.startswith("I-") for t in BIO_LABELS])
_BEGIN_OF = np.array([_BIO_ID["B-" + t[2:]] if t != "O" else 0 for t in BIO_LABELS])  # I-X -> B-X


def _bio_ids(doc: Document, starts: Sequence[int], ends: Sequence[int]) -> np.ndarray:
    """`bio_tags` as BIO_LABELS ids, for tokens in order and not overlapping (as `tokenize`
    gives them): each span paints its tokens, found by bisection, B- then I-; then an I- that
    does not follow its own label becomes B-."""
    tags = np.zeros(len(starts), dtype=np.int64)
    for label, spans in _layers(doc):  # later layers overwrite earlier ones
        begin, inside = _BIO_ID["B-" + label], _BIO_ID["I-" + label]
        for span in spans:
            hit = _touching(starts, ends, span.start, span.end)
            if hit:
                tags[hit.start] = begin
                tags[hit.start + 1:hit.stop] = inside
    if len(tags):  # a span whose first token a later layer took starts again
        label = _LABEL_OF[tags]
        before = np.concatenate(([0], label[:-1]))
        restart = _IS_INSIDE[tags] & (before != label)
        tags[restart] = _BEGIN_OF[tags[restart]]
    return tags


def bio_tags(doc: Document, tokens: Sequence[tuple[int, int]]) -> list[str]:
    """BIO tags over tokens; source and cue spans win over the content that contains them."""
    starts, ends = [s for s, _ in tokens], [e for _, e in tokens]
    if all(s < e for s, e in tokens) and all(e <= s for e, s in zip(ends, starts[1:])):
        return [BIO_LABELS[i] for i in _bio_ids(doc, starts, ends)]
    tags = ["O"] * len(tokens)  # tokens out of order or overlapping: scan them all per span
    for label, spans in _layers(doc):
        for span in spans:
            inside = [i for i, (s, e) in enumerate(tokens) if s < span.end and span.start < e]
            for k, i in enumerate(inside):
                tags[i] = ("B-" if k == 0 else "I-") + label
    for i, t in enumerate(tags):
        if t[0] == "I" and (i == 0 or tags[i - 1][2:] != t[2:]):
            tags[i] = "B-" + t[2:]
    return tags


def _paragraph_tokens(d: Document):
    """Per paragraph of `d`: its index and the slice of `d`'s tokens that lie wholly inside
    it, with the document's token texts, starts, ends and tag ids."""
    toks = tokenize(d.text)
    starts, ends = (list(c) for c in zip(*toks)) if toks else ([], [])
    texts = list(map(d.text.__getitem__, map(slice, starts, ends)))
    tags = _bio_ids(d, starts, ends)
    for p, (ps, pe) in enumerate(paragraphs(d.text)):
        i = bisect_left(starts, ps)
        yield p, slice(i, max(i, bisect_right(ends, pe))), texts, starts, ends, tags


def token_rows(docs: Iterable[Document]) -> Iterable[dict]:
    """The tokens view's rows as plain dicts, tags as strings (before encoding)."""
    for d in docs:
        for p, cut, texts, starts, ends, tags in _paragraph_tokens(d):
            yield {"doc_id": d.doc_id, "paragraph": p, "tokens": texts[cut], "starts": starts[cut],
                   "ends": ends[cut], "tags": [BIO_LABELS[i] for i in tags[cut]]}


def token_columns(docs: Sequence[Document]) -> dict:
    """The tokens view as columns: each list column is one flat array cut by one offsets array."""
    doc_ids, paras, offsets = [], [], [0]
    tokens, starts, ends, tags = [], [], [], []
    for d in docs:
        for p, cut, texts, ss, es, ts in _paragraph_tokens(d):
            doc_ids.append(d.doc_id)
            paras.append(p)
            tokens.extend(texts[cut])
            starts.extend(ss[cut])
            ends.extend(es[cut])
            tags.append(ts[cut])
            offsets.append(len(tokens))
    schema = TOKEN_FEATURES.arrow_schema
    off = pa.array(offsets, type=pa.int32())
    flat = {"tokens": tokens, "starts": starts, "ends": ends,
            "tags": np.concatenate(tags) if tags else np.zeros(0, dtype=np.int64)}
    lists = {name: pa.ListArray.from_arrays(off, pa.array(values, type=schema.field(name).type.value_type))
             for name, values in flat.items()}
    return {"doc_id": doc_ids, "paragraph": paras, **lists}
