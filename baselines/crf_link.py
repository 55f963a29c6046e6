"""From decoded content to attributions: the cue and the speaker of each, and its type.

The sequence model labels SOURCE and CUE tokens; this module attaches to each content the
nearest SOURCE and CUE run of its sentence unit (outside the content), else, for a quote with
no source of its own that follows an attribution in the same or the previous paragraph, that
attribution's speaker (a cue-less continuation). The speaker string is the source's text, a
pronoun resolved to the last named speaker or to the nearest person name before it, so that
both the span and the string can match the gold entity. Linear: runs are grouped by unit once.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass

from benchmark.text import trim

from .crf_features import PRONOUNS, Layout
from .crf_labels import Found, runs
from .textutil import find_names

#: a continuation inherits a speaker from at most this many sentence units back
CONTINUATION_UNITS = 3


@dataclass
class Linked:
    pieces: list[tuple[int, int]]
    type: str
    speaker: str | None
    speaker_span: tuple[int, int] | None
    cue_span: tuple[int, int] | None


def quote_type(lay: Layout, pieces: list[tuple[int, int]], qstarts: list[int]) -> tuple[list[tuple[int, int]], str]:
    """`direct` when every piece lies inside quotation marks (snapped to the marks' inner text),
    `mixed` when a piece holds a whole quote, else `indirect`. `qstarts`: the quotes' starts,
    computed once per document (a list per call would be quadratic)."""
    quotes = lay.quotes
    out, kinds = [], []
    for s, e in pieces:
        kind = "indirect"
        first = max(0, bisect.bisect_right(qstarts, s) - 1)
        for q in quotes[first:bisect.bisect_right(qstarts, e + 1)]:
            if q.start - 1 <= s and e <= q.end + 1 and q.start < q.end:
                s, e, kind = max(s, q.start), min(e, q.end), "direct"
                break
            if s <= q.open and q.close_end <= e + 1:
                kind = "mixed"
        out.append((s, e))
        kinds.append(kind)
    if all(k == "direct" for k in kinds):
        return out, "direct"
    return out, "mixed" if "mixed" in kinds or "direct" in kinds else "indirect"


def _by_unit(lay: Layout, rs) -> dict[int, list[tuple[int, int]]]:
    out: dict[int, list[tuple[int, int]]] = {}
    for r in rs:
        out.setdefault(lay.tokens[r[0]].unit, []).append(r)
    return out


def _nearest(candidates, f: Found):
    """The run nearest the content (token distance), outside it."""
    best, best_d = None, None
    for a, b in candidates:
        if f.first <= a and b <= f.last:
            continue
        d = f.first - b if b < f.first else a - f.last
        if best_d is None or d < best_d:
            best, best_d = (a, b), d
    return best


class SpeakerNamer:
    """The speaker string of a source span: its text, or for a pronoun the name it stands for."""

    def __init__(self, text: str):
        self.text = text
        self._names = None
        self._starts = None

    def _persons(self):
        if self._names is None:
            self._names = [n for n in find_names(self.text) if n.kind == "person"]
            self._starts = [n.start for n in self._names]
        return self._names, self._starts

    def name(self, span: tuple[int, int], last_named: str | None) -> str:
        s, e = span
        words = self.text[s:e]
        if words.lower() in PRONOUNS:
            if last_named:
                return last_named
            names, starts = self._persons()
            k = bisect.bisect_left(starts, s) - 1
            if k >= 0:
                return names[k].text
        if words.endswith(("'s", "’s")):
            words = words[:-2]
        return words


def _span(lay: Layout, run) -> tuple[int, int] | None:
    """A run's character span without quotation marks or spaces at its edges (None if nothing is left)."""
    if run is None:
        return None
    s, e = trim(lay.text, lay.tokens[run[0]].start, lay.tokens[run[1]].end)
    return (s, e) if s < e else None


def link(lay: Layout, labels: list[str], found: list[Found], fallback: list[str] | None = None) -> list[Linked]:
    """Cue, speaker and type for every decoded content, in text order. `fallback` labels
    (the PolNeAR CRF's) supply a source or cue where `labels` have none in the sentence."""
    toks, text = lay.tokens, lay.text
    sources = _by_unit(lay, [r for r in runs(lay, labels, "SOURCE") if _span(lay, r)])
    cues = _by_unit(lay, [r for r in runs(lay, labels, "CUE") if _span(lay, r)])
    if fallback is not None:
        spare_sources = _by_unit(lay, [r for r in runs(lay, fallback, "SOURCE") if _span(lay, r)])
        spare_cues = _by_unit(lay, [r for r in runs(lay, fallback, "CUE") if _span(lay, r)])
        for u, rs in spare_sources.items():
            sources.setdefault(u, rs)
        for u, rs in spare_cues.items():
            cues.setdefault(u, rs)
    namer = SpeakerNamer(text)
    qstarts = [q.start for q in lay.quotes]
    out: list[Linked] = []
    prev: tuple | None = None  # (unit, para, speaker, speaker_span)
    last_named: str | None = None
    for f in found:
        pieces, qtype = quote_type(lay, f.pieces, qstarts)
        units = range(f.unit, toks[f.last].unit + 1)
        src = _nearest([r for u in units for r in sources.get(u, ())], f)
        cue = _nearest([r for u in units for r in cues.get(u, ())], f)
        speaker = span = None
        if src is not None:
            span = _span(lay, src)
            speaker = namer.name(span, last_named)
        elif (prev is not None and qtype == "direct" and f.unit - prev[0] <= CONTINUATION_UNITS
              and f.para - prev[1] <= 1):
            speaker, span = prev[2], prev[3]
        cue_span = _span(lay, cue)
        out.append(Linked(pieces, qtype, speaker, span, cue_span))
        if span is not None:
            prev = (toks[f.last].unit, f.para, speaker, span)
            if speaker and speaker.lower() not in PRONOUNS:
                last_named = speaker
    return out
