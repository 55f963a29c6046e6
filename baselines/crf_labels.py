"""BIO labels for the sequence model: gold spans to token labels, and token labels back to spans.

Three span kinds share one label set: CONTENT, CUE and SOURCE, each `B-` (first token) or
`I-` (any later token). An attribution's content is one `B-CONTENT` followed by `I-CONTENT`
tokens; a later piece of the same attribution (the second half of `"Fans," he added,
"deserve an answer."`) starts with `I-CONTENT` after the gap, which is how the labels carry
discontinuous content. Where spans of different kinds overlap, content wins (it is what
the quote level scores).
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass

from benchmark.model import Document
from benchmark.text import trim

from .crf_features import Layout

LABELS = ("O", "B-CONTENT", "I-CONTENT", "B-CUE", "I-CUE", "B-SOURCE", "I-SOURCE")
#: the most tokens between two pieces of one discontinuous content (`," he added, "`)
MAX_PIECE_GAP = 8


def gold_marks(doc: Document) -> list[tuple[str, list[tuple[int, int]]]]:
    """(kind, spans) for every content, cue and speaker mention of the document's attributions."""
    marks = []
    for a in doc.attributions:
        marks.append(("CONTENT", [(s.start, s.end) for s in a.content]))
        for c in a.cue:
            marks.append(("CUE", [(c.start, c.end)]))
        if a.speaker is not None and a.speaker.mention is not None:
            m = doc.mention(a.speaker.mention).span
            marks.append(("SOURCE", [(m.start, m.end)]))
    return marks


def gold_labels(lay: Layout, marks) -> list[str]:
    """One label per token: a token belongs to a span when it starts inside it."""
    starts = [t.start for t in lay.tokens]
    out = ["O"] * len(starts)
    rank = {"O": 0, "SOURCE": 1, "CUE": 2, "CONTENT": 3}
    for kind, spans in sorted(marks, key=lambda m: (min(s for s, _ in m[1]), m[0])):
        first = True
        for s, e in sorted(spans):
            for k in range(bisect.bisect_left(starts, s), bisect.bisect_left(starts, e)):
                current = out[k][2:] if out[k] != "O" else "O"
                if rank[kind] < rank[current]:
                    first = False
                    continue
                if kind == current == "CONTENT":  # inside an earlier content: one attribution
                    first = False
                    continue
                out[k] = ("B-" if first else "I-") + kind
                first = False
    return out


@dataclass
class Found:
    """One decoded attribution: content pieces (character offsets) and the token runs around it."""

    pieces: list[tuple[int, int]]
    first: int  # first content token
    last: int  # last content token
    unit: int
    para: int


def runs(lay: Layout, labels: list[str], kind: str) -> list[tuple[int, int]]:
    """(first, last) token index of each B-/I- run of `kind` within a paragraph."""
    out: list[tuple[int, int]] = []
    toks = lay.tokens
    for k, lab in enumerate(labels):
        if lab[2:] != kind:
            continue
        if lab[0] == "I" and out and out[-1][1] == k - 1 and toks[k - 1].para == toks[k].para:
            out[-1] = (out[-1][0], k)
        else:
            out.append((k, k))
    return out


def decode_content(lay: Layout, labels: list[str], min_words: int = 2) -> list[Found]:
    """Attributions from content labels: each `B-` opens one; an `I-` run after a short gap in
    the same unit is another piece of the one before, else it opens one of its own."""
    toks, text = lay.tokens, lay.text
    found: list[Found] = []
    pieces_tok: list[list[tuple[int, int]]] = []
    for a, b in runs(lay, labels, "CONTENT"):
        prev = found[-1] if found else None
        joins = (labels[a] == "I-CONTENT" and prev is not None and toks[a].para == prev.para
                 and toks[a].unit == prev.unit and a - prev.last - 1 <= MAX_PIECE_GAP)
        if joins:
            pieces_tok[-1].append((a, b))
            prev.last = b
        else:
            found.append(Found([], a, b, toks[a].unit, toks[a].para))
            pieces_tok.append([(a, b)])
    out = []
    for f, pieces in zip(found, pieces_tok):
        a, b = pieces[0]
        if a < b and text[toks[a].start:toks[a].end].lower() == "that":
            pieces[0] = (a + 1, b)  # indirect content leaves out the complementiser
        spans = []
        for a, b in pieces:
            s, e = trim(text, toks[a].start, toks[b].end)
            if s < e:
                spans.append((s, e))
        words = sum(1 for a, b in pieces for k in range(a, b + 1) if text[toks[k].start].isalnum())
        if spans and words >= min_words:
            f.pieces = spans
            out.append(f)
    return out
