"""Indirect and mixed attributions from a cue: `X said (that) ...`, `..., X said.`,
participles sharing the clause's agent, `according to X`."""
from __future__ import annotations

from ..lexicon import CueEntry
from ..textutil import is_cap
from ..wordlists import ADJUNCT_PREPS, DETS, NOUNISH, SOURCE_WRAPPERS
from .agents import (
    _adjective,
    _agent_left,
    _agent_right,
    _np_at,
    _participle_joined,
    _plural,
    _skip_adjuncts,
    _subject,
)
from .content import (
    _clause_follows,
    _content_before,
    _content_start,
    _finish,
    _hearer_end,
    _make,
    _only_tail,
)
from .discourse import _State
from .model import Agent, Found, _skip_time, _trim_end, _Unit
from .stance import stance_for


def _indirect(u: _Unit, ci: int, cues, state: _State, found: list[Found]) -> Found | None:
    entry, cs, ce, _ = cues[ci]
    after = ci + len(entry.form)
    if entry.frame in ("intermediary", "quote"):
        return None  # `asked`, `shouted` frame direct quotations only
    if entry.frame == "source":
        return _source_phrase(u, ci, entry, cues, state)
    prior = [f for f in found if f.agent is not None and f.cue and f.cue[0] < cs]
    if entry.participle:
        if u.lw(ci - 1) == "as" and u.lw(ci - 2) in ("quoted", "cited"):
            agent = _agent_left(u, ci - 2, state)  # `X was quoted as saying ...`
        elif _participle_joined(u, ci):
            # `..., adding that ...`, `responded by saying ...` take the subject of the main verb
            agent = prior[-1].agent if prior else _subject(u, ci, state)
        else:
            return None
        if agent is None:
            return None
        start = _content_start(u, after, entry)
        if start is None:
            return None
        return _make(u, entry, start, ci, cues, agent, (cs, ce))
    joined = _skip_adjuncts(u, ci - 1, 0)
    if u.lw(joined) == "but" or (u.lw(joined) == "and" and joined < ci - 1):
        # `X denied A, but later admitted B`: a second report of the clause's subject
        subject = prior[-1].agent if prior else _subject(u, joined, state)
        start = _content_start(u, after, entry)
        if subject is not None and start is not None:
            return _make(u, entry, start, ci, cues, subject, (cs, ce))
    if u.lw(ci - 1) == "and" and u.lw(ci - 2) != ",":
        # `X praised A and said B`: the agent is the clause's subject
        subject = prior[-1].agent if prior else _subject(u, ci, state)
        start = _content_start(u, after, entry)
        if subject is not None and start is not None:
            return _make(u, entry, start, ci, cues, subject, (cs, ce))
    agent = _agent_left(u, ci, state)
    if agent is not None and (u.text[agent.start:agent.end].endswith(("'s", "’s", "'", "’"))
                              or (agent.kind == "pronoun" and u.lw(u.tok_at(agent.start)) in ("i", "we"))
                              or (agent.kind == "nominal" and _adjective(u.text[agent.start:agent.end].split()[-1]))):
        return None  # `Obama's remarks`, `the state of ...`: a noun, not a reporting verb
    if agent is not None and entry.form in NOUNISH and u.lw(after) != "that" and not _plural(u, agent):
        return None  # `Battleground state Florida ...`: a noun, unless `that` or a plural subject
    if agent is None:
        # `..., said the minister.` with the content before it
        if u.lw(ci - 1) == ",":
            r = _agent_right(u, ci, state)
            if r and (_only_tail(u, u.tok_at(r[1])) or u.lw(u.tok_at(r[1])) == ","):
                return _content_before(u, ci - 1, entry, r[0], (cs, ce))
        return None
    # `..., the minister said (on Wednesday).`: agent after a comma, at most an adjunct after the cue
    tail_from = after
    if entry.frame == "object" and _hearer_end(u, after) is not None:
        tail_from = _hearer_end(u, after)  # `..., the farmer told AFP.`: the hearer is no content
    if u.lw(u.tok_at(agent.start) - 1) == "," and _only_tail(u, tail_from) and not (
            u.lw(after) == "that" or _content_start(u, after, entry) is not None and u.lw(after) not in ADJUNCT_PREPS):
        found = _content_before(u, u.tok_at(agent.start) - 1, entry, agent, (cs, ce))
        if found is not None:
            return found
    if not _clause_follows(u, after):
        k = u.tok_at(agent.start) - 1
        if u.lw(k) == "," and (_only_tail(u, after) or (u.lw(_skip_time(u, after)) == "," and u.lw(_skip_time(u, after) + 1) in ("since", "because", "as", "while", "although", "though", "adding"))):
            return _content_before(u, k, entry, agent, (cs, ce))
        nxt = _skip_time(u, after)
        if u.lw(k) == "," and u.lw(nxt) == "," and len(u.toks) - nxt > 3:
            # interposed: `The museum, Mr. Bush said, celebrated his heroes.`
            before = _content_before(u, k, entry, agent, (cs, ce), min_tokens=1)
            if before is not None:
                tail = _trim_end(u, u.toks[nxt + 1][0], u.toks[len(u.toks) - 1][1])
                if u.lw(nxt + 1) in ("since", "because", "as", "while", "although", "though", "but", "and", "after", "adding"):
                    return before  # `..., Graham said, since ...`: the rest is the writer's
                return _finish(u, entry, before.content + [tail], agent, (cs, ce))
        return None
    start = _content_start(u, after, entry)
    if start is None or (entry.lemma in OUTER_REPORTS and _inner_report(u, start, cues, state)):
        return None  # `Reuters reported a source said P`: the inner source speaks P (§10.1)
    return _make(u, entry, start, ci, cues, agent, (cs, ce))


#: records with no author behind them (§10.5: footage, videos and databases are not sources)
AUTHORLESS_SOURCES = frozenset(("footage", "video", "videos", "images", "photos", "photographs", "pictures",
                                "recordings", "database", "databases"))
#: how far into the outer content the inner cue may stand (`a senior government source said`)
INNER_REPORT_REACH = 8
#: outer verbs of a report of a report (an outlet's) and the inner source's verbs
OUTER_REPORTS = frozenset(("report", "write"))
INNER_REPORTS = frozenset(("say", "tell"))


def _inner_report(u: _Unit, start: int, cues, state: _State) -> bool:
    """The content opens with a report of its own, `SOURCE said ...`: a report of a report,
    whose speaker is the inner source and whose outer verb opens no attribution."""
    for c in range(start + 1, min(start + INNER_REPORT_REACH, len(u.toks))):
        if u.lw(c) in (",", ".", ";", ":", "that") or u.in_quote(c):
            return False
        if c in cues and cues[c][0].lemma in INNER_REPORTS and not cues[c][0].participle:
            inner = _agent_left(u, c, state, floor=start)
            return inner is not None and u.tok_at(inner.start) == start and _clause_follows(u, c + 1)
    return False


def _source_phrase(u: _Unit, ci: int, entry: CueEntry, cues, state: _State) -> Found | None:
    """`according to X, ...` / `..., according to X` / `..., per X`."""
    k = ci + len(entry.form)
    n = len(u.toks)
    end = k
    while end < n and u.lw(end) not in (",", ".", ";", "!", "?") and u.in_quote(end) is None:
        end += 1
    if end == k:
        return None
    # drop wrappers: `estimates from the ministry`, `a report by X`
    src = k
    for m in range(k, min(end, k + 6)):
        if u.lw(m) in ("from", "by", "of") and all(u.lw(x) in SOURCE_WRAPPERS for x in range(k, m)):
            src = m + 1
            break
    if src >= end:
        return None
    if src == k and any(u.lw(x) in AUTHORLESS_SOURCES for x in range(k, min(end, k + 4))) \
            and not any(is_cap(u.word(x)) or u.lw(x) == "and" for x in range(k, end)):
        return None  # `according to videos posted online`: footage with no author is no source (§10.5)
    if entry.lemma == "per" and not (is_cap(u.word(src)) or u.lw(src) in DETS):
        return None
    agent = _np_at(u, end - 1, state, src)
    if agent is None or u.tok_at(agent.start) > src + 1:
        s0 = u.toks[src][0]
        e0 = u.toks[end - 1][1]
        agent = Agent(s0, e0, "nominal", u.text[s0:e0], None, "unknown")
    else:
        agent = Agent(min(agent.start, u.toks[src][0]) if u.lw(src) in DETS else agent.start,
                      agent.end, agent.kind, agent.name, agent.ref, agent.person)
    cue = (u.toks[ci][0], u.toks[ci + len(entry.form) - 1][1])
    lead = ci - 1 if u.lw(ci - 1) == "," else ci
    if lead <= 1:
        # `According to X, content.`
        if end >= n or u.lw(end) != "," or n - end < 3:
            return None
        last = n
        s, e = _trim_end(u, u.toks[end + 1][0], u.toks[last - 1][1])
        return _finish(u, entry, [(s, e)], agent, cue)
    begin = 0
    last = None
    for q in u.quotes:
        if q.close_end <= u.toks[lead][0]:
            begin = max(begin, u.tok_at(q.close_end))
            last = q
    if last is not None and not u.text[last.close_end:u.toks[lead][0]].strip(" ,.;:"):
        # `"We will win," according to the coach.`
        return Found([(last.start, last.end)], "direct", stance_for(entry.stance, u.text[last.start:last.end]),
                     agent, cue)
    if lead - begin < 3:
        return None
    spans = [_trim_end(u, u.toks[begin][0], u.toks[lead - 1][1])]
    if end < n and u.lw(end) == "," and n - end > 3:
        spans.append(_trim_end(u, u.toks[end + 1][0], u.toks[n - 1][1]))
    return _finish(u, entry, spans, agent, cue)
