"""The pass over a document: units in order, direct quotes first, then indirect reports, then
quotes with no cue."""
from __future__ import annotations

from bisect import bisect_left

from benchmark.text import tokenize

from ..textutil import find_names, find_quotes, paragraphs, units
from .cues import _find_cues
from .direct import (
    _colon_cue_at_end,
    _colon_frame,
    _continuation,
    _direct_frame,
    _quote_after_colon_cue,
    _object_only,
    _substantial,
    block_quote,
)
from .discourse import _State
from .indirect import _indirect
from .model import Found, _Unit
from .naming import calling_reports
from .stance import stance_for


def analyse(text: str) -> list[Found]:
    """All attributions found in `text`, in text order."""
    quotes = find_quotes(text)
    names = find_names(text)
    paras = paragraphs(text)
    state = _State(text, names)
    found: list[Found] = []
    opens = [q.open for q in quotes]  # find_quotes returns them sorted by opening
    block_end = -1
    for us, ue in units(text, quotes):
        if us < block_end:
            continue  # inside a block quotation already attributed
        if state.colon_cue is not None:
            block = block_quote(text, paras, state.colon_cue, us)
            if block is not None:
                found.append(block)
                state.last = block
                state.colon_cue = None
                block_end = block.content[-1][1]
                continue
        u = _Unit(text, us, ue, tokenize(text, us, ue))
        u.low = [text[s:e].lower() for s, e in u.toks]
        u.quotes = quotes[bisect_left(opens, us):bisect_left(opens, ue)]
        found.extend(_analyse_unit(u, state, paras))
    found.sort(key=lambda f: (f.content[0][0], f.content[0][1]))
    return found


def _analyse_unit(u: _Unit, state: _State, paras) -> list[Found]:
    out: list[Found] = []
    used_cues: set[int] = set()
    used_quotes: set[int] = set()
    cues = _find_cues(u)
    # 1. direct quotes with a frame
    for qi, q in enumerate(u.quotes):
        if qi in used_quotes:
            continue
        frame = _direct_frame(u, q, cues, state)
        if frame is None:
            continue
        ci, agent, frame_end = frame
        spans = [(q.start, q.end)]
        used_quotes.add(qi)
        # split quote: `"A," X said, "B."`
        if qi + 1 < len(u.quotes) and frame_end <= u.quotes[qi + 1].open:
            nxt = u.quotes[qi + 1]
            gap = u.text[frame_end:nxt.open]
            if gap.strip(" ,:") == "" and frame_end > q.close_end:
                spans.append((nxt.start, nxt.end))
                used_quotes.add(qi + 1)
        used_cues.add(ci)
        entry, cs, ce, _ = cues[ci]
        content_text = " ".join(u.text[s:e] for s, e in spans)
        f = Found(spans, "direct", stance_for(entry.stance, content_text), agent, (cs, ce))
        out.append(f)
        state.add_speaker(cs, agent)
        state.last = f
    # 2. indirect and mixed attributions from the remaining cues
    for ci in sorted(cues):
        if ci in used_cues or any(s <= cues[ci][1] < e for g in out for s, e in g.content):
            continue  # a cue inside reported content is part of what was said
        if u.lw(len(u.toks) - 1) == ":" and _object_only(u, ci, len(u.toks) - 1):
            continue  # `X rejected this argument:` introduces the quotation that follows
        f = _indirect(u, ci, cues, state, out)
        if f is None:
            continue
        used_cues.add(ci)
        for qi, q in enumerate(u.quotes):
            if any(s < q.close_end and q.open < e for s, e in f.content):
                used_quotes.add(qi)  # quoted material already reported
        out.append(f)
        if f.agent:
            state.add_speaker(f.cue[0] if f.cue else f.content[0][0], f.agent)
        state.last = f
    # 2b. `called X "..."`: an act of calling with the source's quoted words
    for f, qi in calling_reports(u, state, out, cues):
        if qi in used_quotes:
            continue
        used_quotes.update(k for k, q in enumerate(u.quotes)
                           if any(s < q.close_end and q.open < e for s, e in f.content))
        out.append(f)
        state.add_speaker(f.cue[0], f.agent)
        state.last = f
    # 3. quotes without a cue: `Airline chief: 'We will not cut routes'` (headline style),
    #    else a continuation of the previous speaker
    for qi, q in enumerate(u.quotes):
        if qi in used_quotes or not _substantial(u.text, q):
            continue
        f = (_quote_after_colon_cue(u, q, state) if qi == 0 else None) or _colon_frame(u, q, state) \
            or _continuation(u, q, state, paras)
        if f is not None:
            out.append(f)
            state.last = f
    state.colon_cue = _colon_cue_at_end(u, cues, used_cues, state)
    if state.colon_cue is not None:
        state.add_speaker(state.colon_cue[1][0], state.colon_cue[0])
    return out
