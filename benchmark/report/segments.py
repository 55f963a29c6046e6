"""Cut a document's text at every span boundary, so overlapping marks render correctly.

Gold and predicted content overlap, a cue sits inside content, one sentence holds several
attributions, content comes in pieces: nested HTML elements cannot express that (their
boundaries would cross). Instead the text is split at every start and end of every span,
and each piece (a segment) carries all the marks covering it, so the renderer gives it the
classes of all of them.
"""
from __future__ import annotations

from dataclasses import dataclass

# mark kinds, in the order their HTML elements nest inside a segment
KINDS = ("gold_content", "pred_content", "gold_cue", "gold_speaker", "pred_speaker")


@dataclass(frozen=True)
class Mark:
    """One span of one item: [start, end) into the text, what it marks, and whose it is."""

    start: int
    end: int
    kind: str
    item: str  # the key of the item (attribution row) the span belongs to


@dataclass(frozen=True)
class Segment:
    start: int
    end: int
    marks: tuple  # the Marks covering [start, end), in input order

    @property
    def kinds(self) -> tuple:
        present = {m.kind for m in self.marks}
        return tuple(k for k in KINDS if k in present)

    @property
    def items(self) -> tuple:
        """The keys of the items covering the segment, each once, in input order."""
        return tuple(dict.fromkeys(m.item for m in self.marks))


def clip(marks, length: int) -> list:
    """The marks that lie inside a text of `length` characters, cut to it; empty and
    reversed spans dropped (a bad span in a user file must not break the page)."""
    out = []
    for m in marks:
        start, end = max(0, int(m.start)), min(length, int(m.end))
        if start < end:
            out.append(m if (start, end) == (m.start, m.end) else Mark(start, end, m.kind, m.item))
    return out


def segment(text: str, marks) -> list:
    """The text cut at every boundary of `marks`: consecutive Segments covering all of it,
    unmarked stretches included (with no marks)."""
    marks = clip(marks, len(text))
    cuts = sorted({0, len(text)} | {m.start for m in marks} | {m.end for m in marks})
    # sweep: marks sorted by start enter, leave at their end
    by_start = sorted(range(len(marks)), key=lambda k: marks[k].start)
    active: list = []
    out, nxt = [], 0
    for a, b in zip(cuts, cuts[1:]):
        while nxt < len(by_start) and marks[by_start[nxt]].start <= a:
            active.append(by_start[nxt])
            nxt += 1
        active = [k for k in active if marks[k].end > a]
        out.append(Segment(a, b, tuple(marks[k] for k in sorted(active))))
    return out
