"""The floor: every passage inside double quotation marks is a direct quote.

Speaker: the nearest capitalised name in the same sentence (after the quote first, then
before it); stance always `claim`. No cue is predicted.
"""
from __future__ import annotations

import bisect
import re

from benchmark.model import Document
from benchmark.text import sentences

from .base import Baseline, prediction
from .textutil import find_names, find_quotes


class QuoteMarksBaseline(Baseline):
    name = "quote-marks"
    protocol = "no training, nothing tuned (quotation marks only)"

    def predict(self, document: Document) -> list[dict]:
        text = document.text
        sents = sentences(text)
        sent_starts = [s for s, _ in sents]
        names = find_names(text)
        name_starts = [n.start for n in names]
        out = []
        for q in find_quotes(text):
            if not re.search(r"\w", text[q.start:q.end]):
                continue
            i = bisect.bisect_right(sent_starts, q.open) - 1
            sent = sents[i] if i >= 0 and q.open < sents[i][1] else (q.open, q.close_end)
            lo, hi = min(sent[0], q.open), max(sent[1], q.close_end)
            a = bisect.bisect_left(name_starts, lo)
            b = bisect.bisect_left(name_starts, hi)
            near = names[a:b]
            after = [n for n in near if n.start >= q.close_end]
            before = [n for n in near if n.end <= q.open]
            speaker = after[0] if after else (before[-1] if before else None)
            out.append(prediction(
                document, [(q.start, q.end)], type="direct", stance="claim",
                speaker=speaker.text if speaker else None,
                speaker_span=(speaker.start, speaker.end) if speaker else None,
            ))
        return out
