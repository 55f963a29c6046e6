"""The speaker rule: when a predicted speaker names the gold attribution's speaker.

A predicted speaker is right if its `speaker_span` overlaps a mention of the gold entity
best (of all mentions it overlaps, the one with the largest overlap relative to the longer
of the two belongs to the gold entity) and does not overlap the gold content (a span over
the clause, the sentence or the article that holds the quote earns nothing), or if its
`speaker` string equals the entity's name, an alias or the text of one of its name
mentions, with case, quotation marks, punctuation and a leading `the` folded; a bare
pronoun string without a span is wrong, and a blank string means no speaker. A gold
attribution without a speaker is matched only by a prediction without one.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..llm.measures import speaker_form
from ..model import Attribution, Document
from ..text import QUOTE_CHARS, fold_quotes


_PRONOUNS = frozenset(
    "i me my mine we us our ours you your yours he him his she her hers it its they them "
    "their theirs who whom this that these those one".split())
_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)
_WS = re.compile(r"\s+")


def fold_name(s: str) -> str:
    """Case, quotation marks and punctuation folded; whitespace runs read as one space."""
    return _WS.sub(" ", _PUNCT.sub("", fold_quotes(s).casefold())).strip()


@lru_cache(maxsize=65536)
def _folded(s: str) -> str:
    return fold_name(s)


def _strip_article(folded: str) -> str:
    return folded[4:] if folded.startswith("the ") else folded


_ARTICLE = re.compile(r"^\s*the\s+", re.IGNORECASE)


@lru_cache(maxsize=65536)
def is_pronoun(name: str) -> bool:
    """A bare pronoun (`he`, `She`, `they`, `the He`): one word of `_PRONOUNS`, in lower or title
    case, after a leading `the`. Capitals (`US`, `WHO`) and dots (`U.S.`) make it a name, so
    the United States and the World Health Organization can be named by their initials."""
    core = _ARTICLE.sub("", name).strip().strip(QUOTE_CHARS + " \t")
    return (core.isalpha() and core.casefold() in _PRONOUNS
            and not (len(core) > 1 and core.isupper()))


def _entity_names(doc: Document, entity_id: str):
    """The accepted folded speaker strings of an entity, or None: its name and aliases and the
    texts of its name mentions, each also without a leading `the`, so that the article's own
    wording is a right answer."""
    for e in doc.entities:
        if e.id == entity_id:
            texts = [e.name, *e.aliases, *(m.span.text for m in e.mentions if m.kind == "name")]
            names = {_folded(t) for t in texts}
            names |= {_strip_article(n) for n in names}
            return frozenset(n for n in names if n)
    return None


def _mentions(doc: Document) -> tuple:
    """(start, end, entity id) of every mention in the document."""
    return tuple((m.span.start, m.span.end, other.id) for other in doc.entities for m in other.mentions)


def resolve_span(start: int, end: int, mentions) -> set:
    """The entities of the mention(s) a speaker span overlaps best.

    Best is the largest overlap relative to the longer of span and mention, so a span that
    covers many mentions names none of them in particular (`SpeakerRule.correct` also refuses a
    span that reaches into the quote itself)."""
    best, ents = 0.0, set()
    for ms, me, eid in mentions:
        inter = min(end, me) - max(start, ms)
        if inter <= 0:
            continue
        ratio = inter / max(end - start, me - ms)
        if ratio > best:
            best, ents = ratio, {eid}
        elif ratio == best:
            ents.add(eid)
    return ents


def _no_speaker(pred: dict) -> bool:
    """A prediction names no speaker: no span, and no speaker string or a blank one."""
    name = pred.get("speaker")
    return (not name or name.isspace()) and pred.get("speaker_span") is None


def _reaches_content(sp: dict, gold: Attribution) -> bool:
    """Whether a speaker span overlaps the gold content: a source is never part of its own
    quote, so such a span is a clause, a sentence or the article, not a speaker."""
    start, end = sp["start"], sp["end"]
    return any(start < c.end and c.start < end for c in gold.content)


class SpeakerRule:
    """The speaker rule (see the module docstring) for one document, with per-document tables built
    only when a prediction needs them: entities by id, an entity's accepted names (most
    predicted speakers are the entity's own name, accepted without them) and the mentions."""

    __slots__ = ("doc", "entities", "names", "mentions", "by_name")

    def __init__(self, doc: Document):
        self.doc = doc
        self.entities = None
        self.names: dict = {}
        self.mentions = None
        # (speaker string, gold entity id or None) -> verdict, for predictions without a
        # speaker span (whose verdict depends on nothing else); filled by the counting
        self.by_name: dict = {}

    def verdict(self, pred: dict, gold: Attribution) -> bool:
        """`correct`, cached for predictions without a speaker span, whose verdict depends on
        the speaker string and the gold entity only (most pairs of a document share them)."""
        if pred.get("speaker_span") is not None:
            return self.correct(pred, gold)
        ref = gold.speaker
        key = (pred.get("speaker"), None if ref is None else ref.entity)
        spk = self.by_name.get(key)
        if spk is None:
            spk = self.by_name[key] = self.correct(pred, gold)
        return spk

    def correct(self, pred: dict, gold: Attribution) -> bool:
        ref = gold.speaker
        if ref is None:
            return _no_speaker(pred)
        if self.entities is None:
            self.entities = {e.id: e for e in reversed(self.doc.entities)}  # the first of an id wins
        eid = ref.entity
        entity = self.entities.get(eid)
        if entity is None:
            return False
        sp = pred.get("speaker_span")
        if sp is not None and not _reaches_content(sp, gold):
            if self.mentions is None:
                self.mentions = _mentions(self.doc)
            if eid in resolve_span(sp["start"], sp["end"], self.mentions):
                return True
        name = pred.get("speaker")
        if name:
            f = _folded(name)
            if f and not is_pronoun(name):
                if f == _folded(entity.name):
                    return True
                names = self.names.get(eid)
                if names is None:
                    names = self.names[eid] = _entity_names(self.doc, eid)
                if f in names or _strip_article(f) in names:
                    return True
        return False


@lru_cache(maxsize=65536)
def speaker_form_of(name: str) -> str:
    return speaker_form(name, is_pronoun)


class PairAttributes:
    """(speaker right?, stance right?) of gold `i` and prediction `j` of one document, each
    pair worked out once; `bonus` is the matching's tie-breaker (how many of the two agree)."""

    __slots__ = ("golds", "pred_objs", "rule", "cache")

    def __init__(self, doc: Document, ordered):
        self.golds = doc.attributions
        self.pred_objs = [p.obj for p in ordered]
        self.rule = SpeakerRule(doc)
        self.cache: dict = {}

    def __call__(self, i: int, j: int) -> tuple:
        r = self.cache.get((i, j))
        if r is None:
            g, o = self.golds[i], self.pred_objs[j]
            st = o.get("stance")
            r = self.cache[(i, j)] = (self.rule.correct(o, g), st is not None and st == g.stance)
        return r

    def bonus(self, i: int, j: int) -> int:
        a = self(i, j)
        return a[0] + a[1]
