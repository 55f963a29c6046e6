"""Token features for the learned baseline's sequence model (a linear-chain CRF).

Pure functions of the text: the same text always gives the same features, whatever corpus it
comes from. One sequence per paragraph (a quote and its cue rarely cross a blank line, and a
paragraph keeps a quote's continuation in view). Feature groups, each named by its prefix:

- lexical: `w=` lower-cased word, `sh=` shape, `p3=`/`s3=` prefix and suffix, `w-1=` ...
  the neighbours and `b-1=` / `b+1=` bigrams;
- cue lexicon: `cue=` lemma, `cst=` stance class and `cfr=` frame of a lexicon cue
  (baselines/lexicon.tsv), `cue-1=` ... beside it, `cl=` / `cr=` distance to the nearest cue
  on the left / right in the sentence, `cl_that` a `that` between it and the token;
- quotation state: `inq` inside quotation marks, `qm=` the mark itself (open / close),
  `qo=` / `qc=` distance to the opening / closing mark, `qc_cue` a cue right after the close;
- names: `nm=` the token is part of a capitalised name (person / organisation / unknown),
  `pron` a personal pronoun;
- sentence position: `sp=` position in the sentence unit, `su=` the unit's place in the
  paragraph; paragraph position: `pp=` the paragraph's place in the document, `hl` a
  paragraph without final punctuation (a headline or caption).

Every pass is linear in the number of tokens (cues and quotes are found by one sweep), so
a paragraph of any length costs time in proportion to its size.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from benchmark.text import tokenize

from .lexicon import cue_lexicon
from .textutil import find_names, find_quotes, is_cap, paragraphs, units

#: bump when a feature changes, so that cached models trained on the old features are rebuilt
FEATURE_VERSION = 3

PRONOUNS = frozenset(("he", "she", "they", "it", "we", "i", "his", "her", "their", "its", "you"))
QUOTE_MARKS = frozenset('"“”„«»‘’`\'')


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    unit: int  # sentence unit (index into Layout.units)
    para: int  # paragraph (index into Layout.paras): one CRF sequence per paragraph


@dataclass(frozen=True)
class Layout:
    """A text cut into tokens, sentence units, paragraphs and quotes."""

    text: str
    tokens: tuple[Token, ...]
    units: tuple[tuple[int, int], ...]
    paras: tuple[tuple[int, int], ...]
    quotes: tuple

    def sequences(self) -> list[range]:
        """Token index ranges, one per paragraph that holds tokens, in text order."""
        out, start = [], 0
        toks = self.tokens
        for i in range(1, len(toks) + 1):
            if i == len(toks) or toks[i].para != toks[start].para:
                out.append(range(start, i))
                start = i
        return out


def layout(text: str) -> Layout:
    """Tokens with their sentence unit and paragraph; quotes as `textutil.find_quotes` pairs them."""
    quotes = find_quotes(text)
    paras = paragraphs(text)
    us = units(text, quotes)
    toks: list[Token] = []
    p = 0
    for ui, (s, e) in enumerate(us):
        while p + 1 < len(paras) and paras[p][1] <= s:
            p += 1
        toks.extend(Token(a, b, ui, p) for a, b in tokenize(text, s, e))
    return Layout(text, tuple(toks), tuple(us), tuple(paras), tuple(quotes))


def bucket(d: int | None) -> str:
    """A distance as a coarse class, so that rare distances share weights."""
    if d is None:
        return "none"
    for lim in (0, 1, 2, 3, 5, 8, 12, 20):
        if d <= lim:
            return str(lim)
    return "far"


@lru_cache(maxsize=65536)
def shape(word: str) -> str:
    """`Xx`, `X`, `x`, `d` or the character itself (punctuation)."""
    if word[0].isdigit():
        return "d"
    if not word[0].isalpha():
        return word[:1]
    if word.isupper() and len(word) > 1:
        return "X"
    return "Xx" if is_cap(word) else "x"


def cue_marks(low: list[str], toks) -> list:
    """The lexicon entry of every token inside a cue (longest match first, within a unit)."""
    lex = cue_lexicon()
    n = len(low)
    out: list = [None] * n
    i = 0
    while i < n:
        step = 1
        for length in (3, 2, 1):
            key = tuple(low[i:i + length])
            if len(key) == length and key in lex and toks[i + length - 1].unit == toks[i].unit:
                for k in range(length):
                    out[i + k] = lex[key]
                step = length
                break
        i += step
    return out


def quote_state(lay: Layout) -> tuple[list, list]:
    """Per token: the index of the quote it lies inside (or None), and whether it is that
    quote's opening or closing mark (`(index, "open" | "close")`, or None)."""
    toks, quotes = lay.tokens, lay.quotes
    inside: list = [None] * len(toks)
    mark: list = [None] * len(toks)
    qi = 0
    for k, t in enumerate(toks):
        while qi < len(quotes) and quotes[qi].close_end <= t.start:
            qi += 1
        if qi < len(quotes):
            q = quotes[qi]
            if q.start <= t.start < q.end:
                inside[k] = qi
            elif q.open <= t.start < q.start:
                mark[k] = (qi, "open")
            elif q.closed and q.end <= t.start < q.close_end:
                mark[k] = (qi, "close")
    return inside, mark


def cue_distances(toks, cue, inq) -> tuple[list, list]:
    """Distance to the nearest cue outside quotes on the left and on the right within the
    unit: one pass each way."""
    n = len(toks)
    lefts: list = [None] * n
    last, unit = None, None
    for k, t in enumerate(toks):
        if t.unit != unit:
            last, unit = None, t.unit
        if last is not None:
            lefts[k] = k - last
        if cue[k] and not inq[k]:
            last = k
    rights: list = [None] * n
    nxt, unit = None, None
    for k in range(n - 1, -1, -1):
        if toks[k].unit != unit:
            nxt, unit = None, toks[k].unit
        if nxt is not None:
            rights[k] = nxt - k
        if cue[k] and not inq[k]:
            nxt = k
    return lefts, rights


def name_kinds(lay: Layout) -> list:
    """The kind of capitalised name (person / organisation / unknown) each token is part of."""
    out: list = [None] * len(lay.tokens)
    names = find_names(lay.text)
    ni = 0
    for k, t in enumerate(lay.tokens):
        while ni < len(names) and names[ni].end <= t.start:
            ni += 1
        if ni < len(names) and names[ni].start <= t.start < names[ni].end:
            out[k] = names[ni].kind
    return out


def token_features(lay: Layout) -> list[list[str]]:
    """One list of feature strings per token of the layout (see the module docstring)."""
    text, toks = lay.text, lay.tokens
    n = len(toks)
    words = [text[t.start:t.end] for t in toks]
    low = [w.lower().replace("’", "'") for w in words]
    cue = cue_marks(low, toks)
    inside, mark = quote_state(lay)
    inq = [q is not None for q in inside]
    lefts, rights = cue_distances(toks, cue, inq)
    thats = _that_between(toks, cue, inq, low)
    names = name_kinds(lay)
    shapes = [shape(w) for w in words]
    unit_first, unit_last = _unit_bounds(toks)
    unit_rank = _unit_rank(toks)
    close_cue = _cue_after_close(toks, mark, cue)
    cued = {mark[k][0] for k in range(n) if close_cue[k]}
    first_in, last_in = _quote_extent(inside)
    paras_final = [text[e - 1] in ".!?\"”’'»:)" for s, e in lay.paras]
    feats: list[list[str]] = []
    for k, t in enumerate(toks):
        w, lw, sh = words[k], low[k], shapes[k]
        f = ["bias", "w=" + lw, "sh=" + sh, "p3=" + lw[:3], "s3=" + lw[-3:], "s2=" + lw[-2:]]
        if lw in PRONOUNS:
            f.append("pron")
        if names[k]:
            f.append("nm=" + names[k])
        c = cue[k]
        if c:
            f += ["cue=" + c.lemma, "cst=" + c.stance, "cfr=" + c.frame]
        for off in (-2, -1, 1, 2):
            j = k + off
            if 0 <= j < n and toks[j].para == t.para:
                f.append(f"w{off:+d}=" + low[j])
                f.append(f"sh{off:+d}=" + shapes[j])
                if cue[j]:
                    f.append(f"cue{off:+d}=" + cue[j].frame)
                if inq[j] != inq[k]:
                    f.append(f"qchg{off:+d}")
                if names[j] and abs(off) == 1:
                    f.append(f"nm{off:+d}")
            else:
                f.append(f"edge{off:+d}")
        if k > 0 and toks[k - 1].para == t.para:
            f.append("b-1=" + low[k - 1] + "|" + lw)
        if k + 1 < n and toks[k + 1].para == t.para:
            f.append("b+1=" + lw + "|" + low[k + 1])
        q = "in" if inq[k] else "out"
        f += ["inq=" + q, f"cl={q}{bucket(lefts[k])}", f"cr={q}{bucket(rights[k])}"]
        if thats[k]:
            f.append("cl_that")
        if mark[k]:
            f.append("qm=" + mark[k][1])
            if close_cue[k]:
                f.append("qc_cue")
            if mark[k][0] in cued:
                f.append("qm_cued")
        qi = inside[k]
        if qi is not None:
            f.append("qo=" + bucket(k - first_in[qi]))
            f.append("qc=" + bucket(last_in[qi] - k))
            if qi in cued:
                f.append("q_cued")
        if w in QUOTE_MARKS:
            f.append("mark")
        f.append("sp=" + ("first" if k == unit_first[k] else "last" if k == unit_last[k]
                          else bucket(k - unit_first[k])))
        f.append("su=" + bucket(unit_rank[k]))
        f.append("pp=" + bucket(t.para))
        if not paras_final[t.para]:
            f.append("hl")
        feats.append(f)
    return feats


def _that_between(toks, cue, inq, low) -> list[bool]:
    """Whether `that` lies between the nearest left cue (outside quotes) and the token."""
    out = [False] * len(toks)
    seen, active, unit = False, False, None
    for k, t in enumerate(toks):
        if t.unit != unit:
            seen, active, unit = False, False, t.unit
        out[k] = active and seen
        if cue[k] and not inq[k]:
            seen, active = False, True
        elif low[k] == "that":
            seen = True
    return out


def _unit_bounds(toks) -> tuple[list[int], list[int]]:
    """The first and last token index of each token's unit."""
    first, last = [0] * len(toks), [0] * len(toks)
    start = 0
    for i in range(1, len(toks) + 1):
        if i == len(toks) or toks[i].unit != toks[start].unit:
            for k in range(start, i):
                first[k], last[k] = start, i - 1
            start = i
    return first, last


def _unit_rank(toks) -> list[int]:
    """The place of each token's unit within its paragraph (0 for the first)."""
    out, rank, para, unit = [0] * len(toks), -1, None, None
    for k, t in enumerate(toks):
        if t.para != para:
            para, rank, unit = t.para, 0, t.unit
        elif t.unit != unit:
            rank, unit = rank + 1, t.unit
        out[k] = rank
    return out


def _cue_after_close(toks, mark, cue) -> list[bool]:
    """For a closing mark: whether a cue follows within six tokens of the same unit
    (`"...," he said` and `"...," said Harbour Master Ola Berg`)."""
    out = [False] * len(toks)
    for k, m in enumerate(mark):
        if m is not None and m[1] == "close":
            out[k] = any(cue[j] for j in range(k + 1, min(len(toks), k + 7)) if toks[j].unit == toks[k].unit)
    return out


def _quote_extent(inside: list) -> tuple[dict, dict]:
    """{quote index: first token index inside it} and {quote index: last token index}."""
    first: dict = {}
    last: dict = {}
    for k, qi in enumerate(inside):
        if qi is not None:
            first.setdefault(qi, k)
            last[qi] = k
    return first, last
