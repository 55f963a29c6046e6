"""Direct quotes: framed by a cue after, before or around them, introduced by a colon, or
continuing the previous speaker."""
from __future__ import annotations

from bisect import bisect_left

from benchmark.text import tokenize

from ..lexicon import cue_lexicon
from ..textutil import Quote
from ..wordlists import HEARER_MAX
from .agents import _agent_left, _agent_right, _np_at, _participle_joined, _subject
from .content import _hearer_end
from .cues import _cue_len
from .discourse import _State
from .model import Found, _full_stop, _is_adjunct, _Unit
from .stance import stance_for


def _direct_frame(u: _Unit, q: Quote, cues, state: _State):
    """(cue index, agent, frame end char) for a quote with a cue right after or before it."""
    after = u.tok_at(q.close_end)
    i = after
    while u.lw(i) in (",", "—", "–", "-"):
        i += 1
    for ci in range(i, min(i + 14, len(u.toks))):
        if u.in_quote(ci) or _full_stop(u, ci):
            break
        if ci in cues and cues[ci][0].frame not in ("source", "intermediary"):
            if ci == i:
                r = _agent_right(u, ci, state)
                if r:
                    return ci, r[0], r[1]
                # `"...," said NAME` failed; `"..." says he`
                break
            agent = _agent_left(u, ci, state, floor=i)
            if agent is not None:
                return ci, agent, cues[ci][2]
            break
    # frame before: `X said: "..."`, `X told reporters, "..."`
    j = u.tok_at(q.open) - 1
    while j >= 0 and u.lw(j) in (",", ":", "—", "–"):
        j -= 1
    for ci in range(j, max(j - HEARER_MAX, -1), -1):
        if ci in cues and cues[ci][0].frame not in ("source", "intermediary"):
            between = u.low[ci + _cue_len(cues[ci]):j + 1]
            if between and not (cues[ci][0].frame == "object" or _is_adjunct(between)):
                break
            if between and u.lw(u.tok_at(q.open) - 1) not in (",", ":"):
                break
            rest = [w for w in u.low[u.tok_at(q.close_end):] if w not in (".", "!", "?", '"', "”", "’", "'")]
            if rest and rest[0] != ",":
                break  # `blamed "a criminal act" for the blaze`: the quote is part of a longer content
            agent = None
            if cues[ci][0].participle and _participle_joined(u, ci):
                agent = _subject(u, ci, state)  # `X said A, further saying, "B"`: the clause's subject
            if agent is None:
                agent = _agent_left(u, ci, state)
            if agent is None:
                r = _agent_right(u, ci, state)
                agent = r[0] if r else None
            if agent is not None:
                return ci, agent, q.close_end
            break
        if u.lw(ci) in (".", ";") or u.in_quote(ci):
            break
    return None


def _continuation(u: _Unit, q: Quote, state: _State, paras) -> Found | None:
    prev = state.last
    if prev is None or prev.agent is None:
        return None
    para = _para_of(paras, q.open)
    prev_para = _para_of(paras, prev.content[-1][0])
    same = para == prev_para
    opens_next = para == prev_para + 1 and paras[para][0] == q.open
    if not (same or opens_next):
        return None
    a = prev.agent
    ref = a.ref if a.ref else None
    if a.kind == "pronoun" and not ref:
        return None
    stance = stance_for("claim", u.text[q.start:q.end])
    if stance == "claim":
        stance = prev.stance
    return Found([(q.start, q.end)], "direct", stance, a, None, speaker_span=ref or (a.start, a.end))


def _colon_frame(u: _Unit, q: Quote, state: _State) -> Found | None:
    """`SPEAKER: "quote"` opening a unit, with no cue (headlines, standfirsts, bullets)."""
    j = u.tok_at(q.open) - 1
    if u.lw(j) != ":" or j < 1 or j > 7:
        return None
    first = 0
    while first < j and not u.word(first)[:1].isalnum():
        first += 1  # a bullet
    agent = _np_at(u, j - 1, state, first)
    if agent is None or u.tok_at(agent.start) != first:
        return None
    return Found([(q.start, q.end)], "direct", stance_for("claim", u.text[q.start:q.end]), agent, None)


def _para_of(paras, pos: int) -> int:
    for i, (s, e) in enumerate(paras):
        if pos < e:
            return i
    return len(paras) - 1


def _substantial(text: str, q: Quote) -> bool:
    """Long enough to be speech rather than a title or scare quote."""
    return len(tokenize(text, q.start, q.end)) >= 4


def _colon_cue_at_end(u: _Unit, cues, used_cues: set[int], state: _State):
    """`The mayor said:` ending a unit: (agent, cue span, unit end) for a quote opening the next
    paragraph, else None."""
    n = len(u.toks)
    if n < 3 or u.lw(n - 1) != ":":
        return None
    ci = next((c for c in range(n - 2, max(n - 2 - COLON_OBJECT_MAX, 0) - 1, -1) if c in cues), None)
    if ci is None or cues[ci][0].frame in ("source", "intermediary"):
        return None
    if ci in used_cues and not _object_only(u, ci, n - 1):
        return None
    if ci < n - 2 and _hearer_end(u, ci + 1) != n - 1 and not _object_only(u, ci, n - 1):
        return None  # only a hearer (`told reporters:`) or the object of the act (`rejected this
        # argument:`) may stand between the cue and the colon
    agent = _agent_left(u, ci, state)
    if agent is None:
        return None
    return agent, (cues[ci][1], cues[ci][2]), u.end


def _quote_after_colon_cue(u: _Unit, q: Quote, state: _State) -> Found | None:
    """The quote that opens the paragraph after `X said:` is X's, with that cue."""
    pending = state.colon_cue
    if pending is None or u.text[pending[2]:q.open].strip():
        return None
    agent, cue, _ = pending
    return Found([(q.start, q.end)], "direct", stance_for("claim", u.text[q.start:q.end]), agent, cue)


#: words between a cue and a colon that ends its unit (`rejected this argument:`)
COLON_OBJECT_MAX = 4
_OBJECT_DETS = frozenset(("this", "that", "the", "these", "those", "his", "her", "its", "their"))


def _object_only(u: _Unit, ci: int, colon: int) -> bool:
    """`rejected this argument:`, `dismissed the claim:`: a determiner and a noun or two."""
    words = u.low[ci + 1:colon]
    return 2 <= len(words) <= COLON_OBJECT_MAX and words[0] in _OBJECT_DETS and all(w.isalpha() for w in words)


def block_quote(text: str, paras, pending, unit_start: int) -> Found | None:
    """After `X said:` (or `X rejected this argument:`) a paragraph without quotation marks that is
    set off as a block quotation: indented, or closed by a dash credit line (`– Judge X, "Order"`).
    The paragraphs up to the credit line are X's words: one direct attribution."""
    agent, cue, colon_end = pending
    k = bisect_left(paras, (colon_end, -1))  # paragraphs are in text order
    if k >= len(paras) or paras[k][0] != unit_start or text[colon_end:paras[k][0]].count("\n") < 1:
        return None
    last = None
    for i in range(k, min(k + BLOCK_MAX, len(paras))):
        s, e = paras[i]
        if text[s] in "–—-" and i > k:
            last = i - 1  # the credit line closes the block
            break
        if any(c in text[s:e] for c in '"“”«»'):
            return None
    indented = text[paras[k][0] - 1] in " \t"
    if last is None:
        if not indented:
            return None
        last = k
    s, e = paras[k][0], paras[last][1]
    entry = cue_lexicon().get(tuple(text[cue[0]:cue[1]].lower().split()))
    return Found([(s, e)], "direct", stance_for(entry.stance if entry else "claim", text[s:e]), agent, cue)


#: paragraphs a block quotation may hold before its credit line
BLOCK_MAX = 4
