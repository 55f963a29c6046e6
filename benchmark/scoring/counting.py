"""Counting: one document's matched pairs, misses and spurious predictions as count rows.

Every unit (a matched pair, a missed gold attribution, a spurious prediction) becomes one
row of `COLUMNS`; identical rows are counted once with a multiplicity (`benchmark.stats`).
Every level uses the same content matching:

- `quote`: a matched pair is a true positive;
- `speaker`: a matched pair is a true positive only if the speaker is right
  (`benchmark.scoring.speakers`); a matched pair with the wrong speaker counts as **both** a
  false positive and a false negative at this level (the usual end-to-end attribution scoring);
- `stance`: the same with the stance label; `full`: speaker and stance both right.
"""
from __future__ import annotations

from collections import Counter
from functools import lru_cache
from typing import Optional, Sequence

from ..llm.measures import char_diff, is_verbatim
from ..matching import match_exact, match_overlap_twice
from ..model import STANCES, Document
from ..predictions import Pred
from .errors import error_items
from .keys import Aligned, align_document, overlap_table
from .settings import Settings
from .speakers import PairAttributes, speaker_form_of


LEVELS = ("quote", "speaker", "stance", "full")
COLUMNS = (("n_pred", "n_gold")
           + tuple(f"{x}_{lvl}" for lvl in LEVELS for x in ("tp", "cp", "cr"))
           + tuple(f"{x}_{c}" for c in STANCES for x in ("tp", "pred", "gold")))
SOFT_COLUMNS = ("n_pred", "n_gold", "tp", "cp", "cr")
_MISSING = object()


@lru_cache(maxsize=65536)
def _speaker_keys(name) -> tuple:
    """The `quoting` counts a predicted speaker string adds: none when it is blank (or not a
    string), `speaker_given`, and `speaker_<form>` when it is not a name."""
    if type(name) is not str or not name.strip():
        return ()
    form = speaker_form_of(name)
    return ("speaker_given",) if form == "name" else ("speaker_given", f"speaker_{form}")
_NO_HITS = (False, False, False, False)
_HITS = {(a, b): (True, a, b, a and b) for a in (False, True) for b in (False, True)}


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
        # one summed row per document (corpus order), for the document-level bootstrap and test
        self.doc_rows: Optional[list] = [] if settings.bootstrap or keep_gold_rows else None
        self.doc_soft: Optional[list] = [] if settings.bootstrap and settings.soft else None

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
        if self.doc_rows is not None and other.doc_rows is not None:
            self.doc_rows.extend(other.doc_rows)
        if self.doc_soft is not None and other.doc_soft is not None:
            self.doc_soft.extend(other.doc_soft)

    # -- one document ---------------------------------------------------------------
    def add(self, doc: Document, preds: Sequence[Pred], file: str) -> None:
        """Score one document: align (`keys.align_document`), match (`match_document`), count."""
        aligned = align_document(doc, preds, file)
        attrs = PairAttributes(doc, aligned.ordered)
        pairs, soft_pairs = match_document(aligned, attrs, self.s)
        self.count(aligned, attrs, pairs, soft_pairs)

    def count(self, aligned: Aligned, attrs: "PairAttributes", pairs: list, soft_pairs: Optional[list]) -> None:
        """The counts of one aligned and matched document."""
        s = self.s
        doc, golds, ordered = aligned.doc, aligned.golds, aligned.ordered
        self.n_docs += 1
        self.n_gold += len(golds)
        self.n_pred += len(ordered)
        self.text_hashes.append(doc.text_sha256)
        if aligned.stance_missing:
            self.stance_missing = True
        self.unaligned += len(aligned.unaligned)
        pred_objs = attrs.pred_objs
        misquoted = self._count_quoting(doc, golds, ordered, aligned.pred_contents, pairs)
        doc_rows: dict = {}  # this document's rows (first-seen order), for its cluster row
        if s.match == "soft":
            self._count_soft_pairs(doc, golds, pred_objs, pairs, attrs, doc_rows)
        else:
            self._count_pairs(doc, golds, pred_objs, pairs, attrs.rule, doc_rows)
        _add_counts(self.rows, doc_rows)
        if self.doc_rows is not None:
            self.doc_rows.append(_column_sums(doc_rows, len(COLUMNS)))
        if soft_pairs is not None:
            soft = self.soft
            get = soft.get
            for _, _, sp, sg in soft_pairs:
                k = (1, 1, 1, sp, sg)
                soft[k] = get(k, 0) + 1
            if len(golds) > len(soft_pairs):
                soft[(0, 1, 0, 0, 0)] += len(golds) - len(soft_pairs)
            if len(ordered) > len(soft_pairs):
                soft[(1, 0, 0, 0, 0)] += len(ordered) - len(soft_pairs)
            if self.doc_soft is not None:
                self.doc_soft.append((len(ordered), len(golds), len(soft_pairs),
                                      sum(x[2] for x in soft_pairs), sum(x[3] for x in soft_pairs)))

        if s.errors:
            matched_g = {i: j for i, j, _, _ in pairs}
            matched_p = {j: i for i, j, _, _ in pairs}
            self.errors.extend(error_items(doc, golds, aligned.gold_contents, ordered, aligned.pred_contents, pairs,
                                           matched_g, matched_p, attrs, aligned.unaligned, misquoted))
            self.texts[doc.doc_id] = doc.text

    def _count_quoting(self, doc, golds, ordered, pred_contents, pairs) -> dict:
        """Misquoted direct quotes and speakers not given by name, over the matched pairs
        (see `benchmark.llm.measures`). Returns {position of a misquoted prediction: its diff}."""
        q: dict = {}  # this document's counts (first-seen order), added to `quoting` once
        misquoted = {}
        text = doc.text
        for i, j, _, _ in pairs:
            o = ordered[j].obj
            name = o.get("speaker")
            if name is not None:
                for k in _speaker_keys(name):
                    q[k] = q.get(k, 0) + 1
            g = golds[i]
            if g.type != "direct":
                continue
            q["direct_matched"] = q.get("direct_matched", 0) + 1
            written = o.get("content")
            if o.get("content_spans") or type(written) is not str or not pred_contents[j]:
                continue
            region = text[pred_contents[j][0][0]:pred_contents[j][-1][1]]
            if not is_verbatim(written, region):
                q["misquoted"] = q.get("misquoted", 0) + 1
                diff = misquoted[j] = char_diff(written, region)
                self.misquotes.append({"doc_id": doc.doc_id, "gold": g.id, "pred": ordered[j].id, "line": ordered[j].line,
                                       "written": written, "text": region, "diff": diff})
        if q:
            _add_counts(self.quoting, q)
        return misquoted

    def _count_pairs(self, doc, golds, pred_objs, pairs, rule, doc_rows: dict) -> None:
        """Count rows (into `doc_rows`), confusion, breakdowns and the per-document entry
        (exact and overlap modes, where every level credits whole pairs).

        A pair's row depends only on (speaker right, stance right, the two stances): those are
        counted first, and turned into rows once per document."""
        confusion: dict = {}  # this document's confusion (first-seen order), added once
        keep = self.gold_rows is not None
        gold_rows = [None] * len(golds) if keep else None
        g_hits: list = [_NO_HITS] * len(golds)
        p_hit = [False] * len(pred_objs)
        kinds: dict = {}  # (speaker right, stance right, predicted stance, gold stance) -> pairs
        verdict = rule.verdict
        for i, j, _, _ in pairs:
            g, o = golds[i], pred_objs[j]
            spk = verdict(o, g)
            pst = o.get("stance")
            gst = g.stance
            st = pst is not None and pst == gst
            kind = (spk, st, pst, gst)
            kinds[kind] = kinds.get(kind, 0) + 1
            g_hits[i] = _HITS[(spk, st)]
            p_hit[j] = True
            if gst is not None:
                c = (gst, pst or "none")
                confusion[c] = confusion.get(c, 0) + 1
            if keep:
                gold_rows[i] = _row(spk, st, pst, gst)
        if confusion:
            _add_counts(self.confusion, confusion)
        n = len(pairs)
        n_spk = n_st = n_full = 0
        for kind, c in kinds.items():
            doc_rows[_row(*kind)] = c
            if kind[0]:
                n_spk += c
                if kind[1]:
                    n_full += c
            if kind[1]:
                n_st += c
        self._count_unmatched(golds, pred_objs, g_hits, p_hit, gold_rows, doc_rows)
        self.docs.append((doc.doc_id, len(pred_objs), len(golds), n, n, n, n_spk, n_spk, n_spk,
                          n_st, n_st, n_st, n_full, n_full, n_full))

    def _count_soft_pairs(self, doc, golds, pred_objs, pairs, attrs, doc_rows: dict) -> None:
        """`_count_pairs` for soft mode: a pair credits its overlap shares.

        The row is assembled from the two shares and a cached stance part; the shares are
        summed per level in pair order (float sums depend on the order)."""
        keep = self.gold_rows is not None
        gold_rows = [None] * len(golds) if keep else None
        g_hits: list = [_NO_HITS] * len(golds)
        p_hit = [False] * len(pred_objs)
        confusion: dict = {}  # this document's confusion (first-seen order), added once
        rule = attrs.rule
        verdict = rule.verdict
        n_q = n_spk = n_st = n_full = 0
        q_p = q_g = spk_p = spk_g = st_p = st_g = full_p = full_g = 0
        for i, j, sp, sg in pairs:
            g, o = golds[i], pred_objs[j]
            spk = verdict(o, g)
            pst = o.get("stance")
            gst = g.stance
            st = pst is not None and pst == gst
            cp = _class_part(pst, gst, st)
            n_q += 1
            q_p += sp
            q_g += sg
            if spk:
                n_spk += 1
                spk_p += sp
                spk_g += sg
                if st:
                    n_st += 1
                    st_p += sp
                    st_g += sg
                    n_full += 1
                    full_p += sp
                    full_g += sg
                    row = (1, 1, 1, sp, sg, 1, sp, sg, 1, sp, sg, 1, sp, sg) + cp
                else:
                    row = (1, 1, 1, sp, sg, 1, sp, sg, 0, 0, 0, 0, 0, 0) + cp
            elif st:
                n_st += 1
                st_p += sp
                st_g += sg
                row = (1, 1, 1, sp, sg, 0, 0, 0, 1, sp, sg, 0, 0, 0) + cp
            else:
                row = (1, 1, 1, sp, sg, 0, 0, 0, 0, 0, 0, 0, 0, 0) + cp
            doc_rows[row] = doc_rows.get(row, 0) + 1
            p_hit[j] = True
            g_hits[i] = _HITS[(spk, st)]
            if gst is not None:
                c = (gst, pst or "none")
                confusion[c] = confusion.get(c, 0) + 1
            if keep:
                gold_rows[i] = row
        if confusion:
            _add_counts(self.confusion, confusion)
        self._count_unmatched(golds, pred_objs, g_hits, p_hit, gold_rows, doc_rows)
        self.docs.append((doc.doc_id, len(pred_objs), len(golds), n_q, q_p, q_g, n_spk, spk_p, spk_g,
                          n_st, st_p, st_g, n_full, full_p, full_g))

    def _count_unmatched(self, golds, pred_objs, g_hits, p_hit, gold_rows, doc_rows: dict) -> None:
        """Rows of missed gold and spurious predictions (into `doc_rows`), and the breakdown
        groups (gathered per document in first-seen order, then added: the same order)."""
        keep = gold_rows is not None
        missed: dict = {}  # gold stance -> missed attributions (first-seen order, as rows)
        groups: dict = {}
        for i, g in enumerate(golds):
            h = g_hits[i]
            if h is _NO_HITS:
                gst = g.stance
                missed[gst] = missed.get(gst, 0) + 1
                if keep:
                    gold_rows[i] = _row_missed(gst)
            k = (g.type, g.tags, h)
            groups[k] = groups.get(k, 0) + 1
        if groups:
            _add_counts(self.groups, groups)
        for gst, c in missed.items():
            doc_rows[_row_missed(gst)] = c
        types: dict = {}
        spurious: dict = {}  # predicted stance -> spurious predictions
        for j, o in enumerate(pred_objs):
            hit = p_hit[j]
            if not hit:
                pst = o.get("stance")
                spurious[pst] = spurious.get(pst, 0) + 1
                if keep:
                    self.spurious_rows[_row_spurious(pst)] += 1
            t = o.get("type")
            if t is not None:
                k = (t, hit)
                types[k] = types.get(k, 0) + 1
        if types:
            _add_counts(self.pred_types, types)
        for pst, c in spurious.items():
            doc_rows[_row_spurious(pst)] = c
        if keep:
            self.gold_rows.extend(gold_rows)


def match_document(aligned: Aligned, attrs: PairAttributes, s: Settings) -> tuple:
    """(pairs, soft pairs or None) of one aligned document, in the mode of the settings;
    ties go to the pairs whose speaker and stance agree (`attrs.bonus`)."""
    text, gold_contents, pred_contents = aligned.doc.text, aligned.gold_contents, aligned.pred_contents
    bonus = attrs.bonus
    if s.match == "exact":
        pairs = match_exact(gold_contents, pred_contents, bonus)
        soft_pairs = None
        if s.soft:
            soft_pairs, _ = match_overlap_twice(overlap_table(text, gold_contents, pred_contents), 0.0, bonus, loose=False)
        return pairs, soft_pairs
    threshold = s.threshold if s.match == "overlap" else 0.0
    return match_overlap_twice(overlap_table(text, gold_contents, pred_contents), threshold, bonus,
                               loose=s.match == "overlap" and s.soft)


def _add_counts(counter: Counter, counts: dict) -> None:
    """`counter.update(counts)` (same order of new keys), without Counter.update's checks."""
    get = counter.get
    for k, n in counts.items():
        counter[k] = get(k, 0) + n


def _column_sums(rows: dict, width: int) -> tuple:
    """The sum of a document's count rows (each row times its count)."""
    out = [0] * width
    for row, n in rows.items():
        for k, v in enumerate(row):
            if v:
                out[k] += v * n
    return tuple(out)


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
