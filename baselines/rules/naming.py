"""Acts of calling with the source's quoted words: `called the plan "a disaster"`,
`described him as "a guiding force"` (guidelines §10.1: a mixed attribution from the first
word after the verb to the end of the quoted fragment; direct when the whole object is quoted).

The verbs are not reporting cues of the shared lexicon (`called for`, `described the scene`
report no proposition), so they are found here, and only with a quotation after a short object.
"""
from __future__ import annotations

from benchmark.text import tokenize

from ..textutil import is_cap
from .agents import _agent_left, _subject
from .content import _content_end
from .discourse import _State
from .model import Found, _trim_end, _Unit
from .stance import stance_for

CALLING = frozenset(("called", "calls", "calling", "described", "describes", "describing", "labelled",
                     "labeled", "labelling", "labeling", "branded", "brands", "branding", "dubbed",
                     "termed"))
#: the object between the verb and the quotation: `the stabbing`, `the new law`, `it`
OBJECT_MAX = 6
_EVALUATIVE_OPENERS = frozenset(("a", "an", "another", "the", "very", "so", "too", "completely", "totally",
                                 "utterly", "deeply", "truly", "absolutely", "most", "just"))
_TITLE_SMALL = frozenset(("a", "an", "the", "of", "and", "in", "on", "to", "for", "at", "by", "with"))
_NOT_OBJECT = frozenset((",", ".", ";", ":", "for", "on", "off", "up", "out", "back", "in", "to", "that"))


def calling_reports(u: _Unit, state: _State, taken: list[Found], cues) -> list[tuple[Found, int]]:
    """(attribution, index of its quote in the unit) for every `called X "..."` outside content
    already found."""
    out = []
    for i, w in enumerate(u.low):
        if w not in CALLING or u.in_quote(i) is not None or not u.word(i).islower():
            continue
        at = u.toks[i][0]
        if any(s <= at < e for f in taken for s, e in f.content):
            continue
        found = _calling_at(u, i, state, taken, cues)
        if found is not None:
            out.append(found)
    return out


def _calling_at(u: _Unit, i: int, state: _State, taken: list[Found], cues) -> tuple[Found, int] | None:
    k = i + 1
    while k < len(u.toks) and k - i <= OBJECT_MAX and u.in_quote(k) is None and u.lw(k) not in _NOT_OBJECT:
        k += 1
    qi = _quote_opening_at(u, k)
    if qi is None:
        return None
    q = u.quotes[qi]
    words = [u.text[a:b] for a, b in tokenize(u.text, q.start, q.end)]
    if len(words) < 2 or all(is_cap(w) or not w[:1].isalpha() or w.lower() in _TITLE_SMALL for w in words):
        return None  # `named it "Apollo"`, `a song called "Day After Day"`: a name, not the source's words
    if len(words) < 3 and words[0].lower() not in _EVALUATIVE_OPENERS:
        return None  # `called the illness "marsh fever"`: naming (§10.5), not an evaluation
    agent = _calling_agent(u, i, state, taken)
    if agent is None:
        return None
    obj = [x for x in range(i + 1, k) if u.lw(x) != "as"]
    cue = (u.toks[i][0], u.toks[i][1])
    if not obj:  # `described as "..."`: the whole object is quoted; bare `called "..."` is naming
        if u.lw(k - 1) != "as":
            return None
        return Found([(q.start, q.end)], "direct", stance_for("claim", u.text[q.start:q.end]), agent, cue), qi
    start = u.toks[obj[0]][0]
    # a mixed content runs to the end of the clause (`him as "..." who was "..."`, §10.5)
    last = _content_end(u, obj[0], cues, -1)
    after = u.tok_at(q.close_end)
    last = min([last] + [c for c in cues if after <= c < last])  # `... and said ...`: a report of its own
    while last > after and u.lw(last - 1) in ("and", "but", ",", "—"):
        last -= 1
    end = max(q.close_end, _trim_end(u, start, u.toks[last - 1][1])[1])
    for other in u.quotes:
        if other.open < end < other.close_end:
            end = other.close_end
    return Found([(start, end)], "mixed", stance_for("claim", u.text[start:end]), agent, cue), qi


def _quote_opening_at(u: _Unit, k: int) -> int | None:
    """Index of the quote whose opening mark is token k (or the token after `as`)."""
    if k >= len(u.toks):
        return None
    at = u.toks[k][0]
    for qi, q in enumerate(u.quotes):
        if q.open == at or q.open <= at < q.start:
            return qi
    return None


def _calling_agent(u: _Unit, i: int, state: _State, taken: list[Found]):
    """The subject of `called`; for `..., calling it "..."` the clause's agent."""
    if u.lw(i).endswith("ing"):
        if u.lw(i - 1) not in (",", "and", "—"):
            return None
        prior = [f for f in taken if f.agent is not None and f.cue and f.cue[0] < u.toks[i][0]]
        return prior[-1].agent if prior else _subject(u, i, state)
    if u.lw(i - 1) in ("be", "been", "being", "was", "were", "is", "are"):
        return None  # passive `was called "..."`: no source named
    agent = _agent_left(u, i, state)
    k = u.tok_at(agent.start) - 1 if agent is not None else -1
    if agent is not None and u.lw(k) in ("to", "at", "with", "in", "on") and u.lw(k - 1).endswith("ing"):
        return _agent_left(u, k - 1, state)  # `X speaking to the council called ...`
    return agent
