"""Tokens, sentences and quote-mark folding shared by the scorer, the loaders and the baselines.

Deliberately simple and documented, so that scores are reproducible without a model:
a token is a run of letters/digits (with inner apostrophes, hyphens, dots and commas
between digits) or a single other non-space character.
"""
from __future__ import annotations

import re
from typing import List, Tuple

QUOTE_CHARS = "\"'“”„‟‘’‚‛«»‹›`"
_TOKEN = re.compile(r"\w+(?:[’'\-.,]\w+)*|[^\w\s]", re.UNICODE)
# A sentence ends at ., ! or ? (optionally followed by closing quotes/brackets) before
# whitespace, or at a blank line / line break (headlines, bullets).
_SENT_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s)|\n+")
_ABBREV = {"mr", "mrs", "ms", "dr", "st", "gen", "col", "lt", "sgt", "sen", "rep", "gov",
           "u.s", "u.k", "u.n", "jan", "feb", "aug", "sept", "oct", "nov", "dec", "no", "vs", "inc", "jr", "sr",
           "a.m", "p.m"}

Offsets = List[Tuple[int, int]]


def tokenize(text: str, start: int = 0, end: int | None = None) -> Offsets:
    """Token offsets `(start, end)` inside `text[start:end]`, in document coordinates."""
    end = len(text) if end is None else end
    return [(m.start(), m.end()) for m in _TOKEN.finditer(text, start, end)]


def sentences(text: str) -> Offsets:
    """Sentence offsets, trimmed of surrounding whitespace; abbreviations do not end one."""
    out: Offsets = []
    begin = 0
    for m in _SENT_END.finditer(text):
        if m.group().startswith("."):
            word = re.search(r"([\w.]+)$", text[begin:m.start()])
            if word and word.group(1).lower() in _ABBREV:
                continue
        _append_trimmed(text, begin, m.end(), out)
        begin = m.end()
    _append_trimmed(text, begin, len(text), out)
    return out


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Offsets of blocks separated by blank lines (whitespace-trimmed, empty ones dropped)."""
    out = []
    pos = 0
    for m in list(re.finditer(r"\n[ \t]*\n\s*", text)) + [None]:
        end = m.start() if m else len(text)
        s, e = pos, end
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            out.append((s, e))
        if m:
            pos = m.end()
    return out


def _append_trimmed(text: str, start: int, end: int, out: Offsets) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        out.append((start, end))


def trim(text: str, start: int, end: int, chars: str = QUOTE_CHARS) -> Tuple[int, int]:
    """Shrink `[start, end)` past whitespace and quotation marks at both edges."""
    while start < end and (text[start].isspace() or text[start] in chars):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in chars):
        end -= 1
    return start, end


_FOLD = str.maketrans({c: '"' for c in "“”„‟«»‹›"} | {c: "'" for c in "‘’‚‛`"})


def fold_quotes(s: str) -> str:
    """Curly and angle quotation marks to straight ones (same length, so offsets survive)."""
    return s.translate(_FOLD)


def count_tokens(text: str, start: int = 0, end: int | None = None) -> int:
    """`len(tokenize(text, start, end))`, without building the offsets (the scorer's hot path)."""
    return len(_TOKEN.findall(text, start, len(text) if end is None else end))
