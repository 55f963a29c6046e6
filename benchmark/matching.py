"""One-to-one matching of predicted to gold content, per document. Pure functions.

Content is a tuple of `(start, end)` character ranges, already trimmed of whitespace and
quotation marks at the edges and merged where ranges overlap, touch or are separated by
whitespace only (`content_key`).

- **exact**: a pair matches when the two keys are equal. Found by hashing the keys, so
  the cost is linear in the attributions of the document.
- **overlap**: a content's tokens are the document's tokens (`benchmark.text.tokenize`)
  that its ranges overlap, each counted once: a word cut by a range edge is one token, and
  cutting words into pieces never multiplies them (`whole_tokens` widens a single range to
  the tokens it cuts; `TokenCounter` does the same for several ranges). For a pair,
  `shared` is the number of tokens overlapping the intersection of the two contents; `share_p = shared / tokens(pred)`,
  `share_g = shared / tokens(gold)` and the symmetric ratio is `min(share_p, share_g)`
  (`shared / max(len)`). A pair is a candidate when the ratio is at least the threshold
  (and above zero). Candidate pairs come from an interval sweep (only ranges that
  intersect are compared), and the optimal assignment (`scipy.optimize.
  linear_sum_assignment`, maximising total ratio) runs separately on each connected group
  of candidates, so the work is not quadratic in the size of the document.
- **soft**: overlap matching with any shared token; the scorer credits `share_p` to
  precision and `share_g` to recall.

Ties between equally good content matches go to the pair whose speaker and stance agree
(`bonus`, at most 2, weighted 1e-9); the scorer orders items canonically first, so the
result does not depend on the order of the input.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Callable, Optional, Sequence

from .text import _TOKEN, tokenize, trim  # _TOKEN: the tokenizer's own pattern

Key = tuple  # tuple[tuple[int, int], ...]
Pair = tuple  # (gold index, pred index, share_p, share_g)
BONUS_WEIGHT = 1e-9


def _merged(text: str, ranges) -> list[list[int]]:
    """Sorted ranges, merged where they overlap, touch or are separated by whitespace only."""
    out: list[list[int]] = []
    for s, e in sorted(ranges):
        if s >= e:
            continue
        if out and (s <= out[-1][1] or text[out[-1][1]:s].isspace()):
            if e > out[-1][1]:
                out[-1][1] = e
        else:
            out.append([s, e])
    return out


def content_key(text: str, ranges) -> Key:
    """Merge ranges that overlap, touch or are separated by whitespace only, trim each at its
    edges, drop empty ones and merge again.

    Merging first means that a content cut in two at a quotation mark or an apostrophe
    (`Putin'` + `s residence`) is the same content as the uncut one."""
    trimmed = [trim(text, s, e) for s, e in _merged(text, ranges)]
    if len(trimmed) == 1:
        s, e = trimmed[0]
        return ((s, e),) if s < e else ()
    return tuple((s, e) for s, e in _merged(text, trimmed))


def match_exact(gold: Sequence[Key], pred: Sequence[Key],
                bonus: Optional[Callable[[int, int], int]] = None) -> list[Pair]:
    """Pairs with identical keys; among identical keys, pairs that agree on attributes win."""
    unique = {k: i for i, k in enumerate(gold) if k}
    if len(unique) == sum(1 for k in gold if k) and len(set(pred)) == len(pred):
        # no key twice on either side (the usual case): every shared key is one pair
        pairs = [(unique[k], j, 1.0, 1.0) for j, k in enumerate(pred) if k in unique]
        pairs.sort()
        return pairs
    index: dict = {}
    for i, k in enumerate(gold):
        if k:
            index.setdefault(k, []).append(i)
    groups: dict = {}
    for j, k in enumerate(pred):
        gi = index.get(k)
        if gi is not None:
            groups.setdefault(k, []).append(j)
    pairs: list[Pair] = []
    for k, pj in groups.items():
        gi = index[k]
        if len(gi) == 1 and len(pj) == 1:
            pairs.append((gi[0], pj[0], 1.0, 1.0))
            continue
        edges = [(i, j, 1.0) for i in gi for j in pj]
        for i, j, _ in _assign(edges, bonus):
            pairs.append((i, j, 1.0, 1.0))
    pairs.sort()
    return pairs


_JOINERS = "’'-.,"


def _inside_token(text: str, i: int) -> bool:
    """Whether one token of `tokenize` runs across position `i` (between text[i-1] and text[i]).

    `c.isalnum() or c == "_"` is exactly the regex `\\w` for one character."""
    if i <= 0 or i >= len(text):
        return False
    a, b = text[i - 1], text[i]
    if a.isalnum() or a == "_":
        if b.isalnum() or b == "_":
            return True
        return b in _JOINERS and i + 1 < len(text) and (text[i + 1].isalnum() or text[i + 1] == "_")
    return a in _JOINERS and i >= 2 and (b.isalnum() or b == "_") and (text[i - 2].isalnum() or text[i - 2] == "_")


def whole_tokens(text: str, s: int, e: int) -> tuple[int, int]:
    """`[s, e)` widened to the edges of the tokens it cuts, so that counting the tokens of the
    widened range counts the document's tokens the range overlaps: `191,` out of `191,940`
    is one token, as in the document, never `191` and `,`.

    A space on either side of an edge ends every token there (the usual edge: tested first)."""
    if s > 0 and text[s - 1] != " ":
        while _inside_token(text, s):
            s -= 1
    if e < len(text) and text[e] != " " and text[e - 1] != " ":
        while _inside_token(text, e):
            e += 1
    return s, e


class TokenCounter:
    """Token counts of contents of several ranges: the document's tokens
    (`benchmark.text.tokenize`) that the ranges overlap, each counted once, so a word cut
    by range edges (`or` + `dering`) is one token, not one per piece."""

    __slots__ = ("text", "_starts", "_ends")

    def __init__(self, text: str):
        self.text = text
        self._starts = None
        self._ends = None

    def _indices(self, ranges) -> set:
        if self._starts is None:
            toks = tokenize(self.text)
            self._starts = [s for s, _ in toks]
            self._ends = [e for _, e in toks]
        out: set = set()
        for s, e in ranges:
            out.update(range(bisect_right(self._ends, s), bisect_left(self._starts, e)))
        return out

    def count(self, s: int, e: int) -> int:
        return len(self._indices(((s, e),)))

    def size(self, key: Key) -> int:
        return len(self._indices(key))

    def shared(self, a: Key, b: Key) -> int:
        """Tokens overlapping the characters that the two contents share."""
        inter = [(max(s1, s2), min(e1, e2)) for s1, e1 in a for s2, e2 in b if max(s1, s2) < min(e1, e2)]
        return len(self._indices(inter))


def char_shares(a: Key, b: Key) -> tuple[float, float]:
    """(shared / len(a), shared / len(b)) in characters, for contents without whole tokens."""
    shared = sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)
    la, lb = sum(e - s for s, e in a), sum(e - s for s, e in b)
    return (shared / la if la else 0.0, shared / lb if lb else 0.0)


def candidate_pairs(gold: Sequence[Key], pred: Sequence[Key]) -> list[tuple[int, int]]:
    """Every (gold, pred) whose extents intersect.

    When the gold extents, sorted by start, also have sorted ends (no gold extent inside
    another: the usual case), the partners of a prediction are one run of that order,
    found by two binary searches. Otherwise a sweep over range starts finds them."""
    gx = sorted([(k[0][0], k[-1][1], i) for i, k in enumerate(gold) if k])
    ends = [e for _, e, _ in gx]
    if ends == sorted(ends):
        starts = [s for s, _, _ in gx]
        out = []
        for j, k in enumerate(pred):
            if not k:
                continue
            ps, pe = k[0][0], k[-1][1]
            lo = bisect_right(ends, ps)
            hi = bisect_left(starts, pe)
            for n in range(lo, hi):
                out.append((gx[n][2], j))
        return out
    return _sweep(gold, pred)


def _sweep(gold: Sequence[Key], pred: Sequence[Key]) -> list[tuple[int, int]]:
    events = []
    for i, k in enumerate(gold):
        if k:
            events.append((k[0][0], k[-1][1], 0, i))
    for j, k in enumerate(pred):
        if k:
            events.append((k[0][0], k[-1][1], 1, j))
    events.sort()
    active = ([], [])  # (end, index) of open gold / pred extents
    out = []
    for s, e, side, idx in events:
        other = active[1 - side]
        if other:
            alive = [x for x in other if x[0] > s]
            if len(alive) != len(other):
                other[:] = alive
            if side == 0:
                out.extend((idx, j) for _, j in alive)
            else:
                out.extend((i, idx) for _, i in alive)
        active[side].append((e, idx))
    return out


def shares(gold: Sequence[Key], pred: Sequence[Key], tokens: TokenCounter,
           candidates: Sequence[tuple[int, int]]) -> list[tuple[int, int, float, float]]:
    """(gold, pred, share_p, share_g) for candidates sharing at least one token."""
    out = []
    for i, j in candidates:
        g, p = gold[i], pred[j]
        if g == p:
            out.append((i, j, 1.0, 1.0))
            continue
        ng, np_ = tokens.size(g), tokens.size(p)
        if ng == 0 or np_ == 0:
            sp, sg = char_shares(p, g)
        else:
            shared = tokens.shared(g, p)
            sp, sg = shared / np_, shared / ng
        if sp > 0 and sg > 0:
            out.append((i, j, sp, sg))
    return out


def match_overlap(scored: Sequence[tuple[int, int, float, float]], threshold: float,
                  bonus: Optional[Callable[[int, int], int]] = None) -> list[Pair]:
    """Optimal one-to-one pairs among scored candidates whose ratio reaches `threshold`."""
    edges = []
    for i, j, sp, sg in scored:
        ratio = sp if sp < sg else sg
        if ratio >= threshold and ratio > 0:
            edges.append((i, j, ratio, sp, sg))
    info = {(e[0], e[1]): (e[3], e[4]) for e in edges}
    pairs = [(i, j) + info[(i, j)] for i, j, _ in _assign([e[:3] for e in edges], bonus)]
    pairs.sort()
    return pairs


def _assign(edges: list, bonus: Optional[Callable[[int, int], int]] = None) -> list:
    """Maximum-weight one-to-one pairs, solved per connected component of the edge graph.

    An edge whose two ends have no other edge is a component of its own and is taken as
    it is; `bonus` (the tie-breaker) is only asked for inside larger components."""
    if not edges:
        return []
    dg: dict = {}
    dp: dict = {}
    for i, j, _ in edges:
        dg[i] = dg.get(i, 0) + 1
        dp[j] = dp.get(j, 0) + 1
    out = [e for e in edges if dg[e[0]] == 1 and dp[e[1]] == 1]
    if len(out) == len(edges):
        return out
    rest = [e for e in edges if dg[e[0]] > 1 or dp[e[1]] > 1]
    if bonus is not None:
        rest = [(i, j, w + BONUS_WEIGHT * bonus(i, j)) for i, j, w in rest]
    parent: dict = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, j, _ in rest:
        a, b = find(("g", i)), find(("p", j))
        if a != b:
            parent[a] = b
    comps: dict = {}
    for e in rest:
        comps.setdefault(find(("g", e[0])), []).append(e)
    for comp in comps.values():
        if len({e[0] for e in comp}) == 1 or len({e[1] for e in comp}) == 1:
            # a star: one gold (or one prediction) with several partners; the best edge wins,
            # the first in (gold, pred) order on a tie, as linear_sum_assignment would choose
            out.append(max(sorted(comp), key=lambda e: e[2]))
        else:
            out.extend(_solve(comp))
    return out


def _solve(edges):
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    gi = sorted({e[0] for e in edges})
    pj = sorted({e[1] for e in edges})
    rg = {g: n for n, g in enumerate(gi)}
    rp = {p: n for n, p in enumerate(pj)}
    w = np.zeros((len(gi), len(pj)))
    for i, j, x in edges:
        w[rg[i], rp[j]] = x
    rows, cols = linear_sum_assignment(w, maximize=True)
    return [(gi[r], pj[c], w[r, c]) for r, c in zip(rows, cols) if w[r, c] > 0]


def scored_pairs(gold: Sequence[Key], pred: Sequence[Key], text: str,
                 candidates: Sequence[tuple[int, int]],
                 tokens: Optional[TokenCounter] = None) -> list[tuple[int, int, float, float]]:
    """`shares(gold, pred, TokenCounter(text), candidates)`, faster for the usual contents
    of one range each: their token counts are cached per range in a plain dict, and the
    count of an intersection is taken directly (it rarely recurs). Pass the document's
    `tokens` when calling once per pair, so its tokens are found once."""
    findall = _TOKEN.findall
    counts: dict = {}
    out = []
    for i, j in candidates:
        g, p = gold[i], pred[j]
        if g == p:
            out.append((i, j, 1.0, 1.0))
            continue
        if len(g) != 1 or len(p) != 1:
            if tokens is None:
                tokens = TokenCounter(text)
            out.extend(shares(gold, pred, tokens, ((i, j),)))
            continue
        rg, rp = g[0], p[0]
        ng = counts.get(rg)
        if ng is None:
            ng = counts[rg] = len(findall(text, *whole_tokens(text, rg[0], rg[1])))
        np_ = counts.get(rp)
        if np_ is None:
            np_ = counts[rp] = len(findall(text, *whole_tokens(text, rp[0], rp[1])))
        if ng == 0 or np_ == 0:
            sp, sg = char_shares(p, g)
        else:
            s = rg[0] if rg[0] > rp[0] else rp[0]
            e = rg[1] if rg[1] < rp[1] else rp[1]
            shared = len(findall(text, *whole_tokens(text, s, e))) if s < e else 0
            sp, sg = shared / np_, shared / ng
        if sp > 0 and sg > 0:
            out.append((i, j, sp, sg))
    return out


def overlap_scores(gold: Sequence[Key], pred: Sequence[Key], text: str) -> list[tuple[int, int, float, float]]:
    """`scored_pairs(gold, pred, text, candidate_pairs(gold, pred))`, fused: when no gold extent
    lies inside another (the usual case), each prediction's partners are found by binary
    search and scored on the spot, with no list of candidates in between."""
    gx = sorted([(k[0][0], k[-1][1], i) for i, k in enumerate(gold) if k])
    ends = [e for _, e, _ in gx]
    if ends != sorted(ends):
        return scored_pairs(gold, pred, text, _sweep(gold, pred))
    starts = [x for x, _, _ in gx]
    index = [i for _, _, i in gx]
    last = len(gx) - 1
    position = {gold[i]: n for n, i in enumerate(index)}  # gold content -> its place in `gx`
    findall = _TOKEN.findall
    counts: dict = {}
    tokens = None  # the document's TokenCounter, made for the first content of several ranges
    out = []
    for j, p in enumerate(pred):
        if not p:
            continue
        n = position.get(p)
        if n is not None and (n == 0 or ends[n - 1] <= p[0][0]) and (n == last or starts[n + 1] >= p[-1][1]):
            out.append((index[n], j, 1.0, 1.0))  # equal to one gold and touching no other (the usual case)
            continue
        lo = bisect_right(ends, p[0][0])
        hi = bisect_left(starts, p[-1][1])
        if lo >= hi:
            continue
        rp = p[0]
        single = len(p) == 1
        for n in range(lo, hi):
            i = index[n]
            g = gold[i]
            if g == p:
                out.append((i, j, 1.0, 1.0))
                continue
            if not single or len(g) != 1:
                if tokens is None:
                    tokens = TokenCounter(text)
                out.extend(shares(gold, pred, tokens, ((i, j),)))
                continue
            rg = g[0]
            ng = counts.get(rg)
            if ng is None:
                ng = counts[rg] = len(findall(text, *whole_tokens(text, rg[0], rg[1])))
            np_ = counts.get(rp)
            if np_ is None:
                np_ = counts[rp] = len(findall(text, *whole_tokens(text, rp[0], rp[1])))
            if ng == 0 or np_ == 0:
                sp, sg = char_shares(p, g)
            else:
                s = rg[0] if rg[0] > rp[0] else rp[0]
                e = rg[1] if rg[1] < rp[1] else rp[1]
                shared = len(findall(text, *whole_tokens(text, s, e))) if s < e else 0
                sp, sg = shared / np_, shared / ng
            if sp > 0 and sg > 0:
                out.append((i, j, sp, sg))
    return out


def match_overlap_twice(scored: Sequence[tuple[int, int, float, float]], threshold: float,
                        bonus: Optional[Callable[[int, int], int]] = None,
                        loose: bool = True) -> tuple[list[Pair], Optional[list[Pair]]]:
    """(`match_overlap(scored, threshold, bonus)`, `match_overlap(scored, 0.0, bonus)`) in one go.

    An edge whose gold and prediction have no other scored edge is a pair in both (in the
    first when it reaches the threshold); only the other edges go through `_assign`, which
    treats each connected group on its own, so the answers are those of two separate calls.
    With `loose` False the second is skipped (None)."""
    gs = {e[0] for e in scored}
    if len(gs) == len(scored) and len({e[1] for e in scored}) == len(scored):
        # every edge alone (the usual document): no assignment to solve
        strict = sorted([e for e in scored if (e[2] if e[2] < e[3] else e[3]) >= threshold])
        return strict, (sorted(scored) if loose else None)
    dg: dict = {}
    dp: dict = {}
    for e in scored:
        dg[e[0]] = dg.get(e[0], 0) + 1
        dp[e[1]] = dp.get(e[1], 0) + 1
    strict, alone, rest = [], [], []
    for e in scored:
        i, j, sp, sg = e
        if dg[i] == 1 and dp[j] == 1:
            alone.append(e)
            if (sp if sp < sg else sg) >= threshold:
                strict.append(e)
        else:
            rest.append(e)
    if rest:
        strict += match_overlap([e for e in rest if (e[2] if e[2] < e[3] else e[3]) >= threshold], threshold, bonus)
    strict.sort()
    if not loose:
        return strict, None
    if rest:
        alone += match_overlap(rest, 0.0, bonus)
    alone.sort()
    return strict, alone
