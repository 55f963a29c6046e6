"""Scoring predictions against a gold corpus: `score`, `compare` and `significance`.

Per document, predicted and gold attributions are matched one-to-one by content
(`benchmark.matching`). Every level uses that same content matching:

- `quote`: a matched pair is a true positive;
- `speaker`: a matched pair is a true positive only if the speaker is right; a matched pair
  with the wrong speaker counts as **both** a false positive and a false negative at this
  level (the usual end-to-end attribution scoring);
- `stance`: the same with the stance label; `full`: speaker and stance both right.

A predicted speaker is right if its `speaker_span` overlaps a mention of the gold entity
best (of all mentions it overlaps, the one with the largest overlap relative to the longer
of the two belongs to the gold entity) and does not overlap the gold content (a span over
the clause, the sentence or the article that holds the quote earns nothing), or if its
`speaker` string equals the entity's name, an alias or the text of one of its name
mentions, with case, quotation marks, punctuation and a leading `the` folded; a bare
pronoun string without a span is wrong, and a blank string means no speaker. A gold attribution
without a speaker is matched only by a prediction without one. Gold without stance labels
(other corpora) makes the `stance` and `full` levels not applicable (None).

Gold documents without predictions count all their attributions as misses; a prediction
for a document that is not in the gold corpus is an error. Duplicate predictions are scored,
not merged: the second copy finds no gold partner and is spurious.

Scoring streams the gold corpus one document at a time and keeps only count rows
(`benchmark.stats`), so memory holds the predictions, not the gold; `jobs > 1` spreads the
documents over worker processes, with results merged in corpus order (identical to jobs=1).
"""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping, Optional, Sequence

from .align import align
from .llm.measures import char_diff, is_verbatim, speaker_form
from .errors import InputError, InputErrors
from .matching import (TokenCounter, candidate_pairs, content_key, match_exact, match_overlap,  # noqa: F401
                       match_overlap_twice, overlap_scores, scored_pairs, shares)
from .model import STANCES, Attribution, Document
from .predictions import Pred, read_predictions, source_name, span_problem
from .text import QUOTE_CHARS, fold_quotes

LEVELS = ("quote", "speaker", "stance", "full")
MODES = ("exact", "overlap", "soft")
COLUMNS = (("n_pred", "n_gold")
           + tuple(f"{x}_{lvl}" for lvl in LEVELS for x in ("tp", "cp", "cr"))
           + tuple(f"{x}_{c}" for c in STANCES for x in ("tp", "pred", "gold")))
SOFT_COLUMNS = ("n_pred", "n_gold", "tp", "cp", "cr")
MAX_BOOTSTRAP = 100_000  # 95% intervals settle long before; more only burns time
MAX_JOBS = 256  # processes; more than documents or cores buys nothing (and jobs > documents are not started)
CATEGORIES = {"COR": "correct", "INC": "incorrect", "PAR": "partial", "MIS": "missed", "SPU": "spurious"}

_PRONOUNS = frozenset(
    "i me my mine we us our ours you your yours he him his she her hers it its they them "
    "their theirs who whom this that these those one".split())
_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)
_WS = re.compile(r"\s+")


@dataclass(frozen=True)
class Settings:
    """How to score. `soft` adds the proportional quote-level score next to the main mode."""

    match: str = "overlap"
    threshold: float = 0.5
    bootstrap: int = 1000
    seed: int = 12345
    errors: bool = False
    jobs: int = 1
    soft: bool = True

    def check(self) -> "Settings":
        if self.match not in MODES:
            raise InputError("--match", f"must be one of {', '.join(MODES)}, not {self.match!r}")
        if not 0 < self.threshold <= 1:
            raise InputError("--threshold", f"must be in (0, 1], not {self.threshold}")
        if not 0 <= self.bootstrap <= MAX_BOOTSTRAP:
            raise InputError("--bootstrap", f"must be from 0 to {MAX_BOOTSTRAP:,}, not {self.bootstrap}")
        if not 1 <= self.jobs <= MAX_JOBS:
            raise InputError("--jobs", f"must be from 1 to {MAX_JOBS}, not {self.jobs}")
        if self.seed < 0:
            raise InputError("--seed", f"must be 0 or more (a numpy seed), not {self.seed}")
        return self


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
    covers many mentions names none of them in particular (`_Speakers.correct` also refuses a
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


@lru_cache(maxsize=None)
def _class_part(pred_stance, gold_stance, hit: bool) -> tuple:
    out = []
    for c in STANCES:
        out += [int(hit and pred_stance == c and gold_stance == c), int(pred_stance == c), int(gold_stance == c)]
    return tuple(out)


class Accumulator:
    """Counts gathered document by document; two accumulators merge by addition."""

    def __init__(self, settings: Settings, keep_gold_rows: bool = False):
        self.s = settings
        self.rows: Counter = Counter()
        self.soft: Counter = Counter()
        self.confusion: Counter = Counter()
        self.groups: Counter = Counter()  # (gold type, tags, hits per level) -> gold attributions
        self.pred_types: Counter = Counter()  # (predicted type, matched) -> predictions
        self.docs: list = []
        self.errors: list = []
        self.texts: dict = {}  # doc_id -> text, of the documents with error items
        self.unaligned = 0
        self.n_docs = 0
        self.n_gold = 0
        self.n_pred = 0
        self.stance_missing = False
        self.text_hashes: list = []
        self.gold_rows: Optional[list] = [] if keep_gold_rows else None
        self.spurious_rows: Counter = Counter()
        self.quoting: Counter = Counter()  # the LLM measures' counts (`_count_quoting`)
        self.misquotes: list = []

    def merge(self, other: "Accumulator") -> None:
        self.rows.update(other.rows)
        self.soft.update(other.soft)
        self.confusion.update(other.confusion)
        self.groups.update(other.groups)
        self.pred_types.update(other.pred_types)
        self.docs.extend(other.docs)
        self.errors.extend(other.errors)
        self.texts.update(other.texts)
        self.unaligned += other.unaligned
        self.n_docs += other.n_docs
        self.n_gold += other.n_gold
        self.n_pred += other.n_pred
        self.stance_missing |= other.stance_missing
        self.text_hashes.extend(other.text_hashes)
        if self.gold_rows is not None and other.gold_rows is not None:
            self.gold_rows.extend(other.gold_rows)
        self.spurious_rows.update(other.spurious_rows)
        self.quoting.update(other.quoting)
        self.misquotes.extend(other.misquotes)

    # -- one document ---------------------------------------------------------------
    def add(self, doc: Document, preds: Sequence[Pred], file: str) -> None:
        s = self.s
        text = doc.text
        golds = doc.attributions
        self.n_docs += 1
        self.n_gold += len(golds)
        self.n_pred += len(preds)
        self.text_hashes.append(doc.text_sha256)
        gk, stance_missing = _gold_keys(text, golds)
        if stance_missing:
            self.stance_missing = True
        pk, unaligned = _pred_keys(doc, preds, file)
        self.unaligned += len(unaligned)
        P, PK = _canonical_order(preds, pk)
        PO = [p.obj for p in P]

        speakers = _Speakers(doc)
        cache: dict = {}

        def attrs(i: int, j: int) -> tuple:
            r = cache.get((i, j))
            if r is None:
                g, o = golds[i], PO[j]
                st = o.get("stance")
                r = cache[(i, j)] = (speakers.correct(o, g), st is not None and st == g.stance)
            return r

        def bonus(i: int, j: int) -> int:
            a = attrs(i, j)
            return a[0] + a[1]

        soft_pairs = None
        if s.match == "exact":
            pairs = match_exact(gk, PK, bonus)
            if s.soft:
                soft_pairs, _ = match_overlap_twice(_scored(text, gk, PK), 0.0, bonus, loose=False)
        else:
            threshold = s.threshold if s.match == "overlap" else 0.0
            pairs, soft_pairs = match_overlap_twice(_scored(text, gk, PK), threshold, bonus,
                                                    loose=s.match == "overlap" and s.soft)

        misquoted = self._count_quoting(doc, golds, P, PK, pairs)
        if s.match == "soft":
            g_hits, p_hit = self._count_soft_pairs(doc, golds, PO, pairs, attrs)
        else:
            g_hits, p_hit = self._count_pairs(doc, golds, PO, pairs, speakers.correct)
        if soft_pairs is not None:
            soft = self.soft
            for _, _, sp, sg in soft_pairs:
                soft[(1, 1, 1, sp, sg)] += 1
            if len(golds) > len(soft_pairs):
                soft[(0, 1, 0, 0, 0)] += len(golds) - len(soft_pairs)
            if len(P) > len(soft_pairs):
                soft[(1, 0, 0, 0, 0)] += len(P) - len(soft_pairs)

        if s.errors:
            matched_g = {i: j for i, j, _, _ in pairs}
            matched_p = {j: i for i, j, _, _ in pairs}
            self.errors.extend(_error_items(doc, golds, gk, P, PK, pairs, matched_g, matched_p,
                                            attrs, unaligned, misquoted))
            self.texts[doc.doc_id] = text

    def _count_quoting(self, doc, golds, P, PK, pairs) -> dict:
        """Misquoted direct quotes and speakers not given by name, over the matched pairs
        (see `benchmark.llm.measures`). Returns {position of a misquoted prediction: its diff}."""
        q = self.quoting
        misquoted = {}
        text = doc.text
        for i, j, _, _ in pairs:
            o = P[j].obj
            name = o.get("speaker")
            if type(name) is str and name.strip():
                q["speaker_given"] += 1
                form = _speaker_form(name)
                if form != "name":
                    q[f"speaker_{form}"] += 1
            g = golds[i]
            if g.type != "direct":
                continue
            q["direct_matched"] += 1
            written = o.get("content")
            if o.get("content_spans") or type(written) is not str or not PK[j]:
                continue
            region = text[PK[j][0][0]:PK[j][-1][1]]
            if not is_verbatim(written, region):
                q["misquoted"] += 1
                diff = misquoted[j] = char_diff(written, region)
                self.misquotes.append({"doc_id": doc.doc_id, "gold": g.id, "pred": P[j].id, "line": P[j].line,
                                       "written": written, "text": region, "diff": diff})
        return misquoted

    def _count_pairs(self, doc, golds, PO, pairs, correct) -> tuple:
        """Count rows, confusion, breakdowns and the per-document entry (exact and overlap
        modes, where every level credits whole pairs). Returns (hits per gold, matched per pred)."""
        rows = self.rows
        confusion = self.confusion
        keep = self.gold_rows is not None
        gold_rows = [None] * len(golds) if keep else None
        g_hits: list = [_NO_HITS] * len(golds)
        p_hit = [False] * len(PO)
        n_spk = n_st = n_full = 0
        for i, j, _, _ in pairs:
            g, o = golds[i], PO[j]
            spk = correct(o, g)
            pst = o.get("stance")
            gst = g.stance
            st = pst is not None and pst == gst
            row = _row(spk, st, pst, gst)
            rows[row] += 1
            if spk:
                n_spk += 1
                if st:
                    n_full += 1
            if st:
                n_st += 1
            g_hits[i] = _HITS[(spk, st)]
            p_hit[j] = True
            if gst is not None:
                confusion[(gst, pst or "none")] += 1
            if keep:
                gold_rows[i] = row
        n = len(pairs)
        self._count_unmatched(golds, PO, g_hits, p_hit, gold_rows)
        self.docs.append((doc.doc_id, len(PO), len(golds), n, n, n, n_spk, n_spk, n_spk,
                          n_st, n_st, n_st, n_full, n_full, n_full))
        return g_hits, p_hit

    def _count_soft_pairs(self, doc, golds, PO, pairs, attrs) -> tuple:
        """`_count_pairs` for soft mode: a pair credits its overlap shares."""
        rows = self.rows
        confusion = self.confusion
        keep = self.gold_rows is not None
        gold_rows = [None] * len(golds) if keep else None
        d_counts = [0] * 12  # tp, cp, cr per level, for the per-document breakdown
        g_hits: list = [_NO_HITS] * len(golds)
        p_hit = [False] * len(PO)
        for i, j, sp, sg in pairs:
            spk, st = attrs(i, j)
            g = golds[i]
            pst = PO[j].get("stance")
            row = _soft_row(spk, st, sp, sg, pst, g.stance)
            rows[row] += 1
            hits = _HITS[(spk, st)]
            for n in range(4):
                if hits[n]:
                    d_counts[3 * n] += 1
                    d_counts[3 * n + 1] += row[3 + 3 * n]
                    d_counts[3 * n + 2] += row[4 + 3 * n]
            p_hit[j] = True
            g_hits[i] = hits
            if g.stance is not None:
                confusion[(g.stance, pst or "none")] += 1
            if keep:
                gold_rows[i] = row
        self._count_unmatched(golds, PO, g_hits, p_hit, gold_rows)
        self.docs.append((doc.doc_id, len(PO), len(golds), *d_counts))
        return g_hits, p_hit

    def _count_unmatched(self, golds, PO, g_hits, p_hit, gold_rows) -> None:
        """Rows of missed gold and spurious predictions, and the breakdown groups."""
        rows = self.rows
        groups = self.groups
        keep = gold_rows is not None
        for i, g in enumerate(golds):
            h = g_hits[i]
            if h is _NO_HITS:
                row = _row_missed(g.stance)
                rows[row] += 1
                if keep:
                    gold_rows[i] = row
            groups[(g.type, g.tags, h)] += 1
        pred_types = self.pred_types
        for j, o in enumerate(PO):
            if not p_hit[j]:
                row = _row_spurious(o.get("stance"))
                rows[row] += 1
                if keep:
                    self.spurious_rows[row] += 1
            t = o.get("type")
            if t is not None:
                pred_types[(t, p_hit[j])] += 1
        if keep:
            self.gold_rows.extend(gold_rows)


def _gold_keys(text: str, golds) -> tuple:
    """(content key of every gold attribution, does any lack a stance label?)"""
    keys = []
    stance_missing = False
    for a in golds:
        if a.stance is None:
            stance_missing = True
        c = a.content
        if len(c) == 1:
            x, y = c[0].start, c[0].end
            if text[x] in _EDGE or text[y - 1] in _EDGE:
                keys.append(content_key(text, ((x, y),)))
            else:
                keys.append(((x, y),))
        else:
            keys.append(content_key(text, [(x.start, x.end) for x in c]))
    return keys, stance_missing


def _pred_keys(doc: Document, preds: Sequence[Pred], file: str) -> tuple:
    """(content key of every prediction, ids of the unaligned ones); an InputError names the
    first line (by line number) with a span that does not fit the document."""
    text = doc.text
    n_text = len(text)
    pk, unaligned, problems = [], set(), []
    for p in preds:
        o = p.obj
        cs = o.get("content_spans")
        if cs:
            if len(cs) == 1:
                sp = cs[0]
                x, y = sp["start"], sp["end"]
                t = sp.get("text")  # text[x:y] == t, without copying the slice:
                if not (0 <= x < y <= n_text) or (t is not None and (len(t) != y - x or not text.startswith(t, x))):
                    problems.append((p, "content_spans[0]", sp))
                    continue
                if text[x] in _EDGE or text[y - 1] in _EDGE:
                    key = content_key(text, ((x, y),))
                    if not key:  # only whitespace or quotation marks
                        problems.append((p, "content_spans[0]", sp))
                        continue
                    pk.append(key)
                else:
                    pk.append(((x, y),))
            else:
                bad = [(p, f"content_spans[{k}]", sp) for k, sp in enumerate(cs)
                       if span_problem(text, doc.doc_id, sp)]
                if bad:  # the key would read outside the text
                    problems.extend(bad)
                    continue
                pk.append(content_key(text, [(sp["start"], sp["end"]) for sp in cs]))
        else:
            cue, spk = o.get("cue_span"), o.get("speaker_span")
            near = cue["start"] if cue else (spk["start"] if spk else None)
            hints = tuple((k, o[k]) for k in ("context", "speaker", "cue") if type(o.get(k)) is str and o[k].strip())
            found = align(text, o["content"], near, hints)
            if found is None:
                unaligned.add(id(p))
                pk.append(())
            else:
                pk.append(content_key(text, found))
        sp = o.get("speaker_span")
        if sp is not None and span_problem(text, doc.doc_id, sp):
            problems.append((p, "speaker_span", sp))
        sp = o.get("cue_span")
        if sp is not None and span_problem(text, doc.doc_id, sp):
            problems.append((p, "cue_span", sp))
    if problems:
        p, field, sp = min(problems, key=lambda t: t[0].line)
        raise InputError(file, span_problem(text, doc.doc_id, sp), p.line, p.where + field)
    return pk, unaligned


def _canonical_order(preds: Sequence[Pred], pk: list) -> tuple:
    """(predictions, keys) sorted by content key, equal keys by attributes: the result
    must not depend on the order of the input lines."""
    order = sorted(range(len(preds)), key=pk.__getitem__)
    if len(set(pk)) < len(pk):  # equal contents (rare): order those by attributes
        order.sort(key=lambda j: (pk[j], _attr_key(preds[j])))
    return [preds[j] for j in order], [pk[j] for j in order]


def _scored(text: str, gk: list, PK: list) -> list:
    return overlap_scores(gk, PK, text)


class _Speakers:
    """The speaker rule (see the module docstring) for one document, with per-document tables built
    only when a prediction needs them: entities by id, an entity's accepted names (most
    predicted speakers are the entity's own name, accepted without them) and the mentions."""

    __slots__ = ("doc", "entities", "names", "mentions")

    def __init__(self, doc: Document):
        self.doc = doc
        self.entities = None
        self.names: dict = {}
        self.mentions = None

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
def _speaker_form(name: str) -> str:
    return speaker_form(name, is_pronoun)


# every character `trim` removes: a span whose edges are none of these needs no trimming
_EDGE = frozenset(QUOTE_CHARS + "".join(chr(c) for c in range(0x3001) if chr(c).isspace()))
_MISSING = object()
_NO_HITS = (False, False, False, False)
_HITS = {(a, b): (True, a, b, a and b) for a in (False, True) for b in (False, True)}


def _attr_key(p: Pred) -> tuple:
    o = p.obj
    sp = o.get("speaker_span")
    return (o.get("stance") or "", o.get("speaker") or "", (sp["start"], sp["end"]) if sp else (),
            o.get("type") or "", p.line, p.where)


@lru_cache(maxsize=None)
def _row(spk: bool, st: bool, pred_stance, gold_stance) -> tuple:
    """Count row of a matched pair in exact or overlap mode."""
    lv = (1, 1, 1) + ((1, 1, 1) if spk else (0, 0, 0)) + ((1, 1, 1) if st else (0, 0, 0)) \
        + ((1, 1, 1) if spk and st else (0, 0, 0))
    return (1, 1) + lv + _class_part(pred_stance, gold_stance, st)


def _soft_row(spk, st, sp, sg, pred_stance, gold_stance) -> tuple:
    """Count row of a matched pair in soft mode: overlap shares as credits."""
    lv = []
    for h in (True, spk, st, spk and st):
        lv += (1, sp, sg) if h else (0, 0, 0)
    return (1, 1, *lv) + _class_part(pred_stance, gold_stance, st)


@lru_cache(maxsize=None)
def _row_missed(gold_stance) -> tuple:
    return (0, 1) + (0,) * 12 + _class_part(None, gold_stance, False)


@lru_cache(maxsize=None)
def _row_spurious(pred_stance) -> tuple:
    return (1, 0) + (0,) * 12 + _class_part(pred_stance, None, False)


def _content_text(text: str, key) -> str:
    return " … ".join(text[a:b] for a, b in key)


def _spans(spans) -> tuple | None:
    return tuple((x.start, x.end) for x in spans) or None


def _speaker_mention(doc: Document, ref) -> tuple | None:
    """The spans of the mention a gold attribution names as its speaker."""
    if ref is None or ref.mention is None:
        return None
    for e in doc.entities:
        for m in e.mentions:
            if m.id == ref.mention:
                return ((m.span.start, m.span.end),)
    return None


def _gold_item(doc: Document, g: Attribution, key, names: dict) -> dict:
    """The gold half of an error item."""
    ref = g.speaker
    return {"gold_id": g.id, "type": g.type, "phenomena": ", ".join(g.tags),
            "gold_text": _content_text(doc.text, key), "gold_spans": _spans(g.content),
            "gold_cue": " … ".join(c.text for c in g.cue) or None, "gold_cue_spans": _spans(g.cue),
            "gold_speaker": names.get(ref.entity, ref.entity) if ref else None,
            "gold_speaker_spans": _speaker_mention(doc, ref), "gold_stance": g.stance}


_NO_GOLD = {"gold_id": None, "type": None, "phenomena": "", "gold_text": None, "gold_spans": None,
            "gold_cue": None, "gold_cue_spans": None, "gold_speaker": None, "gold_speaker_spans": None,
            "gold_stance": None}


def _pred_item(text: str, p: Pred, key, aligned: bool) -> dict:
    """The predicted half: the content as the system wrote it and where it was aligned."""
    o = p.obj
    written = o.get("content")
    if type(written) is not str:
        written = " … ".join(text[x["start"]:x["end"]] for x in o.get("content_spans") or ())
    sp = o.get("speaker_span")
    speaker = o.get("speaker")
    return {"pred_id": p.id, "line": p.line, "pred_text": written,
            "aligned_text": _content_text(text, key) if aligned else None,
            "aligned_spans": tuple(key) if aligned else None,
            "pred_cue": o.get("cue") if type(o.get("cue")) is str else None,
            "pred_speaker": speaker if type(speaker) is str else None,
            "pred_speaker_span": ((sp["start"], sp["end"]),) if sp else None,
            "pred_stance": o.get("stance")}


_NO_PRED = {"pred_id": None, "line": None, "pred_text": None, "aligned_text": None, "aligned_spans": None,
            "pred_cue": None, "pred_speaker": None, "pred_speaker_span": None, "pred_stance": None}

# the order of `Result.errors`' columns
ERROR_COLUMNS = ("doc_id", "verdict", "invented", "misquoted", "gold_id", "pred_id", "line", "type", "phenomena",
                 "gold_text", "pred_text", "aligned_text", "gold_spans", "aligned_spans", "gold_cue",
                 "gold_cue_spans", "pred_cue", "gold_speaker", "gold_speaker_spans", "pred_speaker",
                 "pred_speaker_span", "speaker_correct", "gold_stance", "pred_stance", "stance_correct",
                 "overlap", "detail", "category")


_AGREEING = {"COR": "content, speaker and stance right", "PAR": "speaker and stance right, content boundaries differ",
             "INC": "content matched"}


def _item(doc_id: str, category: str, gold: dict, pred: dict, **rest) -> dict:
    item = {"doc_id": doc_id, "verdict": CATEGORIES[category], "category": category, **gold, **pred, **rest}
    return {c: item[c] for c in ERROR_COLUMNS}


def _error_items(doc, golds, gk, P, PK, pairs, matched_g, matched_p, attrs, unaligned, misquoted) -> list:
    """One item per gold and predicted attribution: its verdict (nervaluate's COR, INC, PAR,
    MIS, SPU) and both sides as written, for `Result.errors` and the HTML report."""
    text = doc.text
    out = []
    names = {e.id: e.name for e in doc.entities}
    for i, j, sp, sg in pairs:
        g, p = golds[i], P[j]
        o = p.obj
        spk, st = attrs(i, j)
        problems = []
        if not spk:
            want = f"{g.speaker.entity} ({names.get(g.speaker.entity, '?')})" if g.speaker else "none"
            ss = o.get("speaker_span")
            got = o.get("speaker") or (f"span [{ss['start']}, {ss['end']})" if ss else "none")
            problems.append(f"speaker {got!r}, gold {want}")
        if g.stance is not None and not st:
            problems.append(f"stance {o.get('stance') or 'none'}, gold {g.stance}")
        if j in misquoted:
            problems.append(f"misquoted ([-text-]{{+written+}}): {misquoted[j]}")
        if problems and not (spk and (st or g.stance is None)):
            cat = "INC"
        elif gk[i] == PK[j]:
            cat = "COR"
        else:
            cat = "PAR"
        out.append(_item(doc.doc_id, cat, _gold_item(doc, g, gk[i], names), _pred_item(text, p, PK[j], True),
                         invented=False, misquoted=j in misquoted, speaker_correct=spk,
                         stance_correct=st if g.stance is not None else None,
                         overlap=round(min(sp, sg), 4),
                         detail="; ".join(problems) or _AGREEING[cat]))
    for i, g in enumerate(golds):
        if i not in matched_g:
            out.append(_item(doc.doc_id, "MIS", _gold_item(doc, g, gk[i], names), _NO_PRED, invented=False,
                             misquoted=False, speaker_correct=None, stance_correct=None, overlap=0.0,
                             detail="no prediction matches"))
    for j, p in enumerate(P):
        if j not in matched_p:
            un = id(p) in unaligned
            out.append(_item(doc.doc_id, "SPU", _NO_GOLD, _pred_item(text, p, PK[j], not un), invented=un,
                             misquoted=False, speaker_correct=None, stance_correct=None, overlap=0.0,
                             detail="content not found in the document (unaligned)" if un
                             else "no gold attribution matches"))
    return out


# -- gold sources and workers -------------------------------------------------------------

_WORKER: dict = {}


def _worker_init(preds, settings, file, keep):
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's: it stops the pool, quietly
    _WORKER.update(preds=preds, settings=settings, file=file, keep=keep)


def _worker_run(task):
    """Score one chunk of documents in a worker; errors come back as data (picklable)."""
    from .corpus import parse_document

    kind, gold_file, items = task
    acc = Accumulator(_WORKER["settings"], _WORKER["keep"])
    ids = []
    try:
        for item in items:
            if kind == "docs":
                doc = item
            elif kind == "lines":
                n, raw = item
                doc = parse_document(raw, gold_file, n, single_line=True)
            else:
                doc = parse_document(Path(item).read_text(encoding="utf-8"), str(item))
            ids.append(doc.doc_id)
            acc.add(doc, _WORKER["preds"].get(doc.doc_id, ()), _WORKER["file"])
    except InputError as e:
        errs = getattr(e, "errors", [e])
        return None, [(x.file, x.message, x.line, x.field) for x in errs]
    return (acc, ids), None


def _tasks(gold, chunk: int):
    """Chunks of work for the workers: documents, raw JSONL lines, or gold file paths."""
    if not isinstance(gold, (str, Path)):
        docs = list(gold)
        for k in range(0, len(docs), chunk):
            yield ("docs", None, docs[k:k + chunk])
        return
    path = Path(gold)
    if path.is_dir():
        files = sorted(path.glob("*.json"))
        if not files:
            raise InputError(str(path), "folder holds no .json gold files")
        for k in range(0, len(files), chunk):
            yield ("files", None, [str(f) for f in files[k:k + chunk]])
    elif not path.exists():
        raise InputError(str(path), "no such file")
    elif path.suffix == ".jsonl":
        buf = []
        with open(path, encoding="utf-8") as f:
            for n, raw in enumerate(f, 1):
                if raw.strip():
                    buf.append((n, raw))
                    if len(buf) >= chunk:
                        yield ("lines", str(path), buf)
                        buf = []
        if buf:
            yield ("lines", str(path), buf)
    else:
        yield ("files", None, [str(path)])


def _iter_gold(gold):
    from .corpus import iter_corpus

    if isinstance(gold, (str, Path)):
        return iter_corpus(gold)
    return iter(gold)


def accumulate(predictions, gold, settings: Settings, keep_gold_rows: bool = False) -> Accumulator:
    return _accumulate_gc_paused(predictions, gold, settings, keep_gold_rows, None)


def _accumulate_gc_paused(predictions, gold, settings: Settings, keep_gold_rows: bool, preds) -> Accumulator:
    """Read predictions, stream the gold corpus and gather every count.

    The cyclic garbage collector is paused meanwhile: scoring allocates many small
    tuples and no cycles, and each collection would walk the whole gold corpus."""
    import gc

    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _accumulate(predictions, gold, settings, keep_gold_rows, preds)
    finally:
        if was_enabled:
            gc.enable()


def _accumulate(predictions, gold, settings: Settings, keep_gold_rows: bool, preds=None) -> Accumulator:
    """`preds`, when given, are the predictions already read (as read_predictions returns them)."""
    file = source_name(predictions)
    known = None if isinstance(gold, (str, Path)) else {d.doc_id for d in gold}
    if preds is None:
        preds, _, _ = read_predictions(predictions, known=known)
    gold_name = str(gold) if isinstance(gold, (str, Path)) else "gold"
    acc = Accumulator(settings, keep_gold_rows)
    seen: set = set()

    def note(doc_id: str) -> None:
        if doc_id in seen:
            raise InputError(gold_name, f"document {doc_id!r} appears twice", field="doc_id")
        seen.add(doc_id)

    if settings.jobs <= 1:
        for doc in _iter_gold(gold):  # each document's predictions are dropped once scored
            note(doc.doc_id)
            acc.add(doc, preds.pop(doc.doc_id, ()), file)
    else:
        import multiprocessing as mp

        methods = mp.get_all_start_methods()
        ctx = mp.get_context("fork" if "fork" in methods else "spawn")
        with ctx.Pool(min(settings.jobs, max(1, len(gold) if not isinstance(gold, (str, Path)) else settings.jobs)),
                      initializer=_worker_init,
                      initargs=(preds, settings, file, keep_gold_rows)) as pool:
            for out, err in pool.imap(_worker_run, _tasks(gold, 64)):
                if err:
                    f, msg, line, field = err[0]
                    raise InputError(f, msg, line, field)
                part, ids = out
                for d in ids:
                    note(d)
                acc.merge(part)
    unknown = [d for d in preds if d not in seen]
    if unknown:
        first = min(unknown, key=lambda d: preds[d][0].line if preds[d] else 0)
        line = preds[first][0].line if preds[first] else None
        raise InputError(file, f"unknown document {first!r} (not in the gold corpus)", line, "doc_id")
    return acc


# -- public API -----------------------------------------------------------------------

def _settings(kw: Mapping[str, Any]) -> Settings:
    allowed = set(Settings.__dataclass_fields__)
    bad = set(kw) - allowed
    if bad:
        raise TypeError(f"unknown setting(s): {', '.join(sorted(bad))}")
    return Settings(**kw).check()


def _resolve_gold(gold, split):
    """Gold for streaming: the shipped split (None when it is to be inferred), or the
    caller's corpus (a path or Documents), which has no splits."""
    from .corpus import load_gold

    if gold is None:
        return None if split is None else load_gold(split=_checked_split(split))  # canonical name
    if split is not None:
        raise InputError("--split", "applies to quotebench's own gold only; a corpus given with --gold has no splits")
    return [gold] if isinstance(gold, Document) else gold


def _read_against_all(predictions) -> dict:
    """Predictions read with every shipped document known ({doc_id: [Pred]})."""
    from .corpus import load_gold

    preds, _, _ = read_predictions(predictions, known={d.doc_id for d in load_gold()})
    return preds


def infer_split(systems: Sequence[Mapping], names: Sequence[str]) -> str:
    """The one shipped split that the predictions' document ids belong to.

    Predictions over several splits, or over none (an empty file), are refused rather than
    scored against a union the user did not ask for: the message says how to name it."""
    from .splits import splits_touched

    touched = splits_touched({d for preds in systems for d in preds})
    if len(touched) == 1:
        return touched[0]
    where = names[0] if len(names) == 1 else ", ".join(names)
    if not touched:
        raise InputError(where, "no document ids to tell the split from (no predictions): "
                         "give --split (split= in Python) to score against seed, dev, test or all")
    joined = "+".join(touched)
    raise InputError(where, f"the predictions cover several splits ({', '.join(touched)}): give --split "
                     f"{joined} (or all) to score them together, or one split to score that one")


def _with_split_hint(err: InputError, split: str | None) -> InputError:
    """An unknown document that another shipped split holds: say which, and how to score it."""
    from .splits import split_of

    m = re.match(r"unknown document '(.*)' \(not in the gold corpus\)$", err.message)
    owner = split_of().get(m.group(1)) if m and split else None
    if owner is None or isinstance(err, InputErrors):
        return err
    return InputError(err.file, f"unknown document {m.group(1)!r} in split {split} (it belongs to split {owner})",
                      err.line, err.field)


def _checked_split(split: str) -> str:
    from .splits import check_split

    try:
        return check_split(split)
    except ValueError as err:
        raise InputError("--split", str(err)) from None


def _shipped_split(gold, text_hashes: list) -> str | None:
    """The name of the shipped split(s) a corpus equals document for document, else None."""
    from .corpus import load_corpus, load_gold, read_manifest
    from .splits import split_name

    try:
        pinned = {d["doc_id"]: d["sha256"] for d in read_manifest()["documents"]}
    except (OSError, KeyError, ValueError):
        return None
    try:
        docs = load_corpus(gold) if isinstance(gold, (str, Path)) else tuple(gold)
    except InputError:
        return None
    name = split_name(d.doc_id for d in docs)
    if name is None or sorted(pinned[d.doc_id] for d in docs) != sorted(text_hashes):
        return None
    try:
        shipped = {d.doc_id: d for d in load_gold(split=name)}
    except InputError:
        return None
    return name if all(shipped.get(d.doc_id) == d for d in docs) else None


def score(predictions, gold=None, match: str = "overlap", threshold: float = 0.5,
          bootstrap: int = 1000, seed: int = 12345, split: str | None = None, **settings):
    """Score predictions (a path, '-', a list of dicts or a datasets.Dataset) -> Result.

    `gold`: None (quotebench's gold set), a path to a corpus in the gold schema, or a
    sequence of Documents. `split`: with quotebench's gold, `seed`, `dev`, `test` or `all`;
    None scores the split(s) that the predictions' document ids belong to (and says so in
    the result). Documents of the split without predictions count as misses. Other
    settings: `errors=True` lists an error category for every item, `jobs=N` uses N
    processes, `soft=False` skips the proportional score.
    """
    s = _settings({"match": match, "threshold": threshold, "bootstrap": bootstrap, "seed": seed, **settings})
    return _score(predictions, gold, s, split=split)


def _score(predictions, gold, s: Settings, keep_gold_rows: bool = False, split: str | None = None):
    from .result import build_result

    if split is not None and gold is None:
        split = _checked_split(split)  # `test+dev` is `dev+test`: one signature for one set of documents

    resolved = _resolve_gold(gold, split)
    preds, inferred = None, False
    if resolved is None:  # our gold, split inferred from the predictions' document ids
        from .corpus import load_gold

        preds = _read_against_all(predictions)
        split = infer_split([preds], [source_name(predictions)])
        inferred = True
        resolved = load_gold(split=split)
    try:
        acc = _accumulate_gc_paused(predictions, resolved, s, keep_gold_rows, preds)
    except InputError as err:
        raise _with_split_hint(err, split if gold is None else None) from None
    ours = split if gold is None else _shipped_split(resolved, acc.text_hashes)
    if ours is not None:
        gold_name = f"quotebench gold, split {ours}" + (" (from the predictions' document ids)" if inferred else "")
    else:
        gold_name = str(gold) if isinstance(gold, (str, Path)) else "custom corpus"
    return build_result(acc, s, ours, source_name(predictions), gold_name)


def finish(acc: Accumulator, settings: Settings, predictions: str = "predictions",
           gold: str = "custom corpus"):
    """The Result of an Accumulator filled elsewhere, e.g. merged from cluster partitions:

        preds, _, _ = read_predictions(path)               # {doc_id: [Pred, ...]}
        def part(docs):                                     # runs on a worker (Spark, Ray)
            acc = Accumulator(Settings())
            for d in docs:
                acc.add(d, preds.get(d.doc_id, ()), path)
            return acc
        total = Accumulator(Settings())
        for acc in partials:                                # in corpus order
            total.merge(acc)
        result = finish(total, Settings())
    """
    from .result import build_result

    return build_result(acc, settings, None, predictions, gold)


def compare(systems: Mapping[str, Any], gold=None, split: str | None = None, **settings):
    """One DataFrame for several systems: their to_frame() rows, each with a leading
    `system` column, plus a `stance_macro_f1` row per system (f1 = macro-F1).

    With quotebench's gold and no `split`, the document ids of all the systems together
    decide the split (as in `score`: one split, else an error), so every system is scored
    on the same documents whatever their order."""
    import pandas as pd

    from .corpus import load_corpus

    s = _settings(settings)
    if not isinstance(systems, Mapping):
        raise TypeError("compare() takes a mapping of system names to predictions, e.g. {'mine': 'preds.jsonl'}")
    if not systems:
        raise ValueError("compare() needs at least one system")
    if isinstance(gold, (str, Path)):
        gold = load_corpus(gold)
    if gold is None and split is None:  # one split for every system, from all their document ids
        split = infer_split([_read_against_all(p) for p in systems.values()], list(systems))
    frames, sig = [], None
    for name, preds in systems.items():
        r = _score(preds, gold, s, split=split)
        sig = sig or r.signature
        f = r.to_frame()
        f = pd.concat([f, r.macro_frame(), r.llm_frame()], ignore_index=True)
        f.insert(0, "system", name)
        frames.append(f)
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["system", "level"])
    out.attrs["signature"] = sig
    out.attrs["split"] = split
    return out


def significance(a, b, gold=None, shuffles: Optional[int] = None, split: str | None = None, **settings):
    """Paired approximate-randomisation p-values of system `a` against `b`.

    One row per headline metric (P, R, F1 of every applicable level and stance macro-F1)
    with both values, the difference a - b and the two-sided p-value. `shuffles`
    defaults to the `bootstrap` setting (1000). `split` as in `compare`."""
    import pandas as pd

    from .corpus import load_corpus
    from .result import headline_statistics
    from .stats import randomisation_test

    s = _settings(settings)
    if isinstance(gold, (str, Path)):
        gold = load_corpus(gold)
    s_noboot = Settings(**{**s.__dict__, "bootstrap": 0, "errors": False, "soft": False})
    if gold is None and split is None:
        split = infer_split([_read_against_all(a), _read_against_all(b)], ["a", "b"])
    ra = _score(a, gold, s_noboot, keep_gold_rows=True, split=split)
    rb = _score(b, gold, s_noboot, keep_gold_rows=True, split=split)
    joint: Counter = Counter()
    for x, y in zip(ra.units.gold_rows, rb.units.gold_rows):
        joint[(x, y)] += 1
    zero = (0,) * len(COLUMNS)
    for x, c in ra.units.spurious_rows.items():
        joint[(x, zero)] += c
    for y, c in rb.units.spurious_rows.items():
        joint[(zero, y)] += c
    import numpy as np

    items = sorted(joint.items())
    ta = np.array([k[0] for k, _ in items], dtype=float).reshape(len(items), len(COLUMNS))
    tb = np.array([k[1] for k, _ in items], dtype=float).reshape(len(items), len(COLUMNS))
    w = np.array([c for _, c in items], dtype=np.int64)
    n = s.bootstrap if shuffles is None else shuffles
    stance = ra.data["levels"]["stance"] is not None
    rows = []
    for metric, stat in headline_statistics(stance):
        va = float(stat((w @ ta)[None])[0]) if len(w) else float("nan")
        vb = float(stat((w @ tb)[None])[0]) if len(w) else float("nan")
        defined = len(w) and va == va and vb == vb  # an undefined side (NaN) has no difference to test
        p = randomisation_test(ta, tb, w, stat, n, s.seed) if defined else float("nan")
        rows.append({"metric": metric, "a": va, "b": vb, "difference": va - vb, "p_value": p})
    out = pd.DataFrame(rows)
    out.attrs["signature"] = ra.signature
    out.attrs["shuffles"] = n
    return out


def dumps(result) -> str:
    return json.dumps(result.to_dict(), indent=2, ensure_ascii=False)
