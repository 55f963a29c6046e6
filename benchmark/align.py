"""Finding text-only prediction content in its document, so that it can be scored by offsets.

Systems such as LLMs write the quote, not its offsets. `align(text, content)` returns the
character spans of `content` in `text`, or None when it cannot be found:

1. **verbatim**: `content` occurs in the text (after trimming whitespace and quotation
   marks at its edges);
2. **normalised**: both sides with curly/angle quotation marks folded to straight ones,
   every run of whitespace read as one space and letters lower-cased; offsets are mapped
   back to the original text;
3. **fuzzy**: candidate anchors (where the content's longer words and its longest common
   block with the text would put it) each give a window of the content's length (plus 20%
   on each side); in each, the aligned span runs from the first to the last matching block,
   and the span most similar to the content wins if its `difflib` similarity ratio is at
   least `MIN_SIMILARITY` (0.8).

Content holding an ellipsis (`…` or `...`) that is not itself in the text is read as a
discontinuous quote: its parts are aligned in order, verbatim or normalised before any
fuzzy attempt on the whole (see `align`), the longest part first.
Where the content occurs more than once, the prediction's own pointers choose: the occurrence
nearest to `near` (its cue or speaker offset, when it gives one); else the one inside its
`context` text; else the one with its speaker's name or its cue word in its sentence or the
sentence before; else the first. An occurrence that starts or ends inside a word never counts (`as "unhinged`
is not found inside `was "unhinged`), and a fuzzy window is widened to whole words.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Optional, Sequence

from .text import QUOTE_CHARS, fold_quotes, sentences, trim

MIN_SIMILARITY = 0.8
"""Lowest difflib ratio between content and the text it is aligned to (fuzzy step)."""

MAX_FUZZY = 1000
"""Longest content (characters, after normalising) that the fuzzy step tries: a longer one must
occur verbatim or normalised (or in ellipsis pieces), since a fuzzy comparison grows with the
square of the content's length. Content longer than its document cannot align at all."""

_BLOCK_VOTE_LIMIT = 5_000_000
"""The longest-common-block vote (quadratic) runs only while document x content stays below this."""

_ELLIPSIS = re.compile(r"\s*(?:\[\s*(?:…|\.\.\.)\s*\]|…|\.\.\.)\s*")
_SPACE = re.compile(r"\s+")

Spans = tuple  # tuple[tuple[int, int], ...]


class _Normalised:
    """A normalised copy of a text with a map from its indices back to the original."""

    __slots__ = ("text", "origin")

    def __init__(self, text: str):
        out, origin = [], []
        folded = fold_quotes(text)
        prev_space = False
        for i, ch in enumerate(folded):
            if ch.isspace():
                if prev_space:
                    continue
                ch, prev_space = " ", True
            else:
                prev_space = False
                low = ch.lower()
                ch = low if len(low) == 1 else ch
            out.append(ch)
            origin.append(i)
        origin.append(len(text))
        self.text = "".join(out)
        self.origin = origin

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets of normalised `[start, end)`."""
        return self.origin[start], self.origin[end - 1] + 1


def _normalise_content(s: str) -> str:
    return _SPACE.sub(" ", fold_quotes(s)).lower() if s else s


def _find_all(haystack: str, needle: str, start: int) -> list[int]:
    out, i = [], haystack.find(needle, start)
    while i >= 0 and len(out) < 1000:
        out.append(i)
        i = haystack.find(needle, i + 1)
    return out


def _cuts_a_word(text: str, s: int, e: int) -> bool:
    """Whether `[s, e)` starts or ends inside a word of `text` (a letter or digit on both
    sides of an edge)."""
    return (0 < s < len(text) and text[s - 1].isalnum() and text[s].isalnum()
            or 0 < e < len(text) and text[e - 1].isalnum() and text[e].isalnum())


def _to_word_edges(text: str, s: int, e: int) -> tuple[int, int]:
    """`[s, e)` widened to whole words (a fuzzy window may cut one)."""
    while 0 < s < len(text) and text[s - 1].isalnum() and text[s].isalnum():
        s -= 1
    while 0 < e < len(text) and text[e - 1].isalnum() and text[e].isalnum():
        e += 1
    return s, e


@lru_cache(maxsize=64)
def _sentence_starts(text: str) -> tuple:
    return tuple(s for s, _ in sentences(text)), tuple(e for _, e in sentences(text))


def _hint_window(text: str, s: int, e: int) -> tuple[int, int]:
    """Where a speaker or cue hint is looked for: the sentence(s) of the occurrence and the
    sentence before them (`X said:` often introduces the quote's sentence)."""
    starts, ends = _sentence_starts(text)
    i = max(bisect_right(starts, s) - 1, 0)
    j = bisect_left(ends, e)
    return starts[max(i - 1, 0)] if starts else 0, ends[min(j, len(ends) - 1)] if ends else len(text)


def _pick(text: str, spans: list, near: Optional[int], hints: Sequence[str]) -> tuple[int, int]:
    """The occurrence to align to when the content occurs more than once.

    In order: the one nearest `near` (a cue or speaker offset the prediction gives); else the
    first hint that tells them apart: the prediction's `context` (an occurrence inside the
    context's own place in the text), then its speaker and its cue (an occurrence with a word
    of the speaker's name, or the cue word, in its sentence or the one before); else the first."""
    if len(spans) == 1:
        return spans[0]
    if near is not None:
        return min(spans, key=lambda sp: (abs(sp[0] - near), sp[0]))
    for kind, hint in hints:
        if kind == "context":
            places = align(text, hint) if len(hint.strip()) > 0 else None
            if not places:
                continue
            lo, hi = places[0][0], places[-1][1]
            inside = [sp for sp in spans if lo <= sp[0] and sp[1] <= hi]
        else:
            words = [w for w in re.findall(r"\w+", hint) if len(w) >= 3] if kind == "speaker" else [hint.strip()]
            words = [w for w in words if w]
            if not words:
                continue
            pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, words)) + r")(?!\w)", re.IGNORECASE)
            inside = [sp for sp in spans if pattern.search(text, *_hint_window(text, *sp))]
        if inside and len(inside) < len(spans):
            return inside[0]
    return spans[0]


def _align_one(text: str, norm: "_Normalised | None", part: str, start: int,
               near: Optional[int], fuzzy: bool = True, hints: Sequence = ()
               ) -> tuple[Optional[tuple[int, int]], "_Normalised | None"]:
    """One contiguous part, searched from `start`; returns (span, normalised text cache).
    Verbatim first, then normalised, then (with `fuzzy`) the fuzzy search; an occurrence that
    starts or ends inside a word does not count."""
    a, b = trim(part, 0, len(part))
    part = part[a:b]
    if not part:
        return None, norm
    spans = [(s, s + len(part)) for s in _find_all(text, part, start)]
    spans = [sp for sp in spans if not _cuts_a_word(text, *sp)]
    if spans:
        return _pick(text, spans, near, hints), norm
    if norm is None:
        norm = _Normalised(text)
    npart = _normalise_content(part)
    nstart = _norm_index(norm, start)
    spans = [_trimmed(text, norm.span(s, s + len(npart))) for s in _find_all(norm.text, npart, nstart)]
    spans = [sp for sp in spans if sp is not None and not _cuts_a_word(text, *sp)]
    if spans:
        return _pick(text, spans, near, hints), norm
    if not fuzzy:
        return None, norm
    found = _fuzzy(text, norm, npart, nstart, None if near is None else _norm_index(norm, near))
    return (None if found is None else _to_word_edges(text, *found)), norm


def _parts_in_order(text: str, norm, parts: list[str], near: Optional[int], fuzzy: bool, hints: Sequence = ()):
    """Spans of every part, in order, each after the previous one, or None.

    The longest part is placed first (it is the least ambiguous, and `near` applies to it);
    the parts before it take their last occurrence before it, those after it their first
    occurrence after it, so that a short piece (`Day`) lands beside the rest of its quote
    rather than at its first mention in the article."""
    k = max(range(len(parts)), key=lambda i: (len(parts[i].strip()), -i))
    anchor, norm = _align_one(text, norm, parts[k], 0, near, fuzzy, hints)
    if anchor is None:
        return None, norm
    spans = {k: anchor}  # filled in both directions from the anchor
    limit = anchor[0]
    for i in range(k - 1, -1, -1):  # backwards: the occurrence closest before the next part
        span, norm = _last_before(text, norm, parts[i], limit, fuzzy)
        if span is None:
            return None, norm
        spans[i] = span
        limit = span[0]
    pos = anchor[1]
    for i in range(k + 1, len(parts)):
        span, norm = _align_one(text, norm, parts[i], pos, None, fuzzy)
        if span is None:
            return None, norm
        spans[i] = span
        pos = span[1]
    return _merged(text, [spans[i] for i in range(len(parts))]), norm


def _merged(text: str, spans: list) -> tuple:
    """Neighbouring spans joined where the text between them is itself only an ellipsis
    (or whitespace): the quote did not leave anything out there, the article did."""
    out = [spans[0]]
    for s, e in spans[1:]:
        gap = text[out[-1][1]:s]
        if not gap.strip() or _ELLIPSIS.fullmatch(gap):
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return tuple(out)


def _last_before(text: str, norm, part: str, limit: int, fuzzy: bool):
    """The last alignment of `part` that ends at or before `limit`."""
    found, pos = None, 0
    while True:
        span, norm = _align_one(text[:limit], None, part, pos, None, fuzzy)
        if span is None:
            return found, norm
        found, pos = span, span[0] + 1


def _norm_index(norm: "_Normalised", original: int) -> int:
    from bisect import bisect_left

    return bisect_left(norm.origin, original, 0, len(norm.origin) - 1)


def _trimmed(text: str, span: tuple[int, int]) -> Optional[tuple[int, int]]:
    s, e = trim(text, *span)
    return (s, e) if s < e else None


_WORD = re.compile(r"\w{4,}")
_MAX_ANCHORS = 12


def _anchors(hay: str, npart: str, nstart: int) -> list[int]:
    """Candidate starts of the content in `hay`, best supported first.

    Every word of four letters or more in the content votes, at each of its occurrences, for
    the start that would put it in its place; the longest common block votes too. Looking at
    several anchors, not only the first longest block, keeps a paraphrase of one sentence
    from landing on an earlier sentence that shares a long phrase with it."""
    votes: dict = {}
    for m in _WORD.finditer(npart):
        for p in _find_all(hay, m.group(), nstart)[:200]:
            o = p - m.start()
            votes[o] = votes.get(o, 0) + len(m.group())
    if (len(hay) - nstart) * len(npart) <= _BLOCK_VOTE_LIMIT:
        i, j, k = SequenceMatcher(None, hay, npart, autojunk=False).find_longest_match(nstart, len(hay), 0, len(npart))
        if k >= max(4, len(npart) // 10):
            votes[i - j] = votes.get(i - j, 0) + k
    slack = max(8, len(npart) // 5)
    picked: list[int] = []
    for o in sorted(votes, key=lambda o: (-votes[o], o)):
        if all(abs(o - q) > slack for q in picked):
            picked.append(o)
            if len(picked) == _MAX_ANCHORS:
                break
    return picked


def _fuzzy(text: str, norm: "_Normalised", npart: str, nstart: int,
           near: Optional[int] = None) -> Optional[tuple[int, int]]:
    """The most similar window around any anchor (ties: nearest `near`, then first)."""
    hay = norm.text
    if len(npart) < 8 or len(npart) > MAX_FUZZY:  # too short to tell from a coincidence, or too long to compare
        return None
    slack = max(8, len(npart) // 5)
    best = None
    anchors = _anchors(hay, npart, nstart)
    for o in anchors[:_MAX_ANCHORS if len(npart) <= 300 else 4]:  # a long content: its best-voted places
        w0 = max(nstart, o - slack)
        w1 = min(len(hay), o + len(npart) + slack)
        if w1 <= w0:
            continue
        matcher = SequenceMatcher(None, hay[w0:w1], npart, autojunk=False)
        shared = matcher.quick_ratio() * (w1 - w0 + len(npart)) / 2  # characters in common, at most
        if 2 * shared / (shared + len(npart)) < MIN_SIMILARITY:  # no span of the window can be similar enough
            continue
        blocks = [bl for bl in matcher.get_matching_blocks() if bl.size >= 3]
        if not blocks:
            continue
        s, e = w0 + blocks[0].a, w0 + blocks[-1].a + blocks[-1].size
        ratio = SequenceMatcher(None, hay[s:e], npart, autojunk=False).ratio()
        if ratio < MIN_SIMILARITY:
            continue
        rank = (-ratio, 0 if near is None else abs(s - near), s)
        if best is None or rank < best[0]:
            best = (rank, s, e)
    return None if best is None else _trimmed(text, norm.span(best[1], best[2]))


def align(text: str, content: str, near: Optional[int] = None, hints: Sequence = ()) -> Optional[Spans]:
    """Character spans of `content` in `text` (one per ellipsis-separated part), or None.

    Order of attempts: the whole content verbatim or normalised; then, when it holds an
    ellipsis, its parts verbatim or normalised; then the whole content fuzzily; then the
    parts fuzzily. So a quote shortened with `…` lands on its own pieces instead of on a
    fuzzy window that swallows the words the ellipsis left out."""
    if not content or not content.strip(QUOTE_CHARS + " \t\n\r") or len(content.strip()) > len(text):
        return None  # nothing to find, or more than the document holds
    span, norm = _align_one(text, None, content, 0, near, fuzzy=False, hints=hints)
    if span is not None:
        return (span,)
    parts = [p for p in _ELLIPSIS.split(content) if p.strip(QUOTE_CHARS + " \t\n\r")]
    if len(parts) >= 2:
        spans, norm = _parts_in_order(text, norm, parts, near, fuzzy=False, hints=hints)
        if spans is not None:
            return spans
    span, norm = _align_one(text, norm, content, 0, near, hints=hints)
    if span is not None:
        return (span,)
    if len(parts) >= 2:
        spans, norm = _parts_in_order(text, norm, parts, near, fuzzy=True, hints=hints)
        return spans
    return None
