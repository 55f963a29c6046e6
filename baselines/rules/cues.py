"""Reporting cues in a unit: lexicon look-up, minus nouns (`after reports that`) and negated
cues (`declined to say`)."""
from __future__ import annotations

from ..lexicon import CueEntry, cue_lexicon
from ..wordlists import NEGATORS, SKIP_LEFT
from .model import _Unit

NOUN_CUE_PREPS = frozenset(("after", "amid", "amidst", "despite", "following", "of", "over", "about", "with"))


def _find_cues(u: _Unit) -> dict[int, tuple[CueEntry, int, int, int]]:
    """token index of the cue's first token -> (entry, char start, char end, first token)."""
    lex = cue_lexicon()
    out = {}
    i = 0
    n = len(u.toks)
    while i < n:
        hit = None
        for length in (4, 3, 2, 1):
            key = tuple(u.low[i:i + length])
            if len(key) == length and key in lex:
                hit = (lex[key], length)
                break
        if hit and u.in_quote(i) is None and not _negated(u, i) and (
                u.word(i).islower() or (hit[0].frame == "source" and (i == 0 or not u.word(i - 1)[:1].isalnum()))):
            entry, length = hit
            if entry.frame == "source" and entry.lemma == "per" and u.lw(i - 1) != ",":
                i += 1
                continue
            if entry.frame != "source" and u.lw(i - 1) in NOUN_CUE_PREPS:
                i += 1  # `after reports that ...`, `amid claims that ...`: a noun, no agent
                continue
            out[i] = (entry, u.toks[i][0], u.toks[i + length - 1][1], i, length)
            i += length
            continue
        i += 1
    return {k: v[:4] for k, v in out.items()}


def _cue_len(cue) -> int:
    return len(cue[0].form)


def _negated(u: _Unit, i: int) -> bool:
    prev = [u.lw(i - k) for k in (1, 2, 3)]
    if prev[0] in ("to",) and prev[1] in NEGATORS:
        return True  # declined to say, refused to comment
    if prev[0] in ("to",) and prev[1] in ("asked", "able", "expected", "set", "likely", "due", "going"):
        return True
    return prev[0] in NEGATORS or prev[0].endswith("n't") or (prev[0] in SKIP_LEFT and (prev[1] in NEGATORS or prev[1].endswith("n't")))


def _cue_len_at(u: _Unit, ci: int) -> int:
    lex = cue_lexicon()
    for length in (4, 3, 2, 1):
        if tuple(u.low[ci:ci + length]) in lex:
            return length
    return 1
