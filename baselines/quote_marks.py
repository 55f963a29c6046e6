"""The floor: every passage inside double quotation marks is a direct quote.

Speaker: the nearest capitalised name in the same sentence (after the quote first, then
before it); stance always `claim`. No cue is predicted.
"""
from __future__ import annotations

import re

from benchmark.model import Document
from benchmark.text import sentences

from .base import Baseline, prediction
from .textutil import find_names, find_quotes


class QuoteMarksBaseline(Baseline):
    name = "quote-marks"
    protocol = "no training"

    def predict(self, document: Document) -> list[dict]:
        text = document.text
        sents = sentences(text)
        names = find_names(text)
        out = []
        for q in find_quotes(text):
            if not re.search(r"\w", text[q.start:q.end]):
                continue
            sent = next(((s, e) for s, e in sents if s <= q.open < e), (q.open, q.close_end))
            after = [n for n in names if q.close_end <= n.start < max(sent[1], q.close_end)]
            before = [n for n in names if min(sent[0], q.open) <= n.start and n.end <= q.open]
            speaker = after[0] if after else (before[-1] if before else None)
            out.append(prediction(
                document, [(q.start, q.end)], type="direct", stance="claim",
                speaker=speaker.text if speaker else None,
                speaker_span=(speaker.start, speaker.end) if speaker else None,
            ))
        return out
