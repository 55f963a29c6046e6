"""Where reported content starts and ends around a cue, and how a span becomes an attribution
(type and stance)."""
from __future__ import annotations

from benchmark.text import tokenize

from ..lexicon import CueEntry
from ..textutil import DAYS_MONTHS, NOT_NAMES, is_cap
from ..wordlists import (
    ADJUNCT_PREPS,
    BARE_CLAUSE,
    CONTENT_CANNOT_START,
    FINITE,
    HEARER_MAX,
    HEARERS,
    INTENT_VERBS,
    LEGAL_ACT_CUES,
    LEGAL_ACT_OBJECTS,
    NEGATORS,
    OPEN_MARKS,
    PARTICIPLE_ADVERBS,
    TIME_OR_MEDIUM,
    WRITER_CLAUSES,
)
from .model import Agent, Found, _is_adjunct, _skip_time, _trim_end, _Unit
from .stance import stance_for


def _hearer_end(u: _Unit, k: int) -> int | None:
    """Token after a hearer phrase starting at k (`reporters`, `the crowd`, `CNN`), else None."""
    w = u.word(k)
    if u.lw(k) in HEARERS:
        return k + 1
    if is_cap(w) and u.lw(k) not in NOT_NAMES:
        m = k
        while is_cap(u.word(m + 1)) and u.lw(m + 1) not in NOT_NAMES:
            m += 1
        return m + 1
    if u.lw(k) in ("the", "a", "an") and u.lw(k + 1) in HEARERS:
        return k + 2
    if u.lw(k) in ("the", "a", "an") and is_cap(u.word(k + 1)):
        m = k + 1
        while is_cap(u.word(m + 1)):
            m += 1
        return m + 1
    return None


def _clause_follows(u: _Unit, k: int) -> bool:
    """Whether material that could be reported content follows token k."""
    k = _skip_time(u, k)
    return k < len(u.toks) and u.lw(k) not in (".", "!", "?", ";", ",", ")") and not (
        u.in_quote(k) is None and u.word(k) in OPEN_MARKS)


def _only_tail(u: _Unit, k: int) -> bool:
    """Only punctuation or a short adjunct remains before the end of the unit."""
    rest = [w for w in u.low[k:] if w not in (".", "!", "?")]
    return len(rest) <= 6 and (not rest or rest[0] in ADJUNCT_PREPS or rest[0] in DAYS_MONTHS
                               or rest[0] in ("yesterday", "today", "on", "in"))


def _content_start(u: _Unit, k: int, entry: CueEntry) -> int | None:
    """First token of the reported content after the cue, per the cue's frame."""
    n = len(u.toks)
    k = _skip_time(u, k)
    if k >= n:
        return None
    if entry.frame == "object":
        for m in range(k, min(k + HEARER_MAX + 1, n)):
            if u.lw(m) == "that":
                return m + 1 if m + 1 < n else None
            if u.lw(m) in (",", ".", ":") or u.in_quote(m):
                break
        # `told reporters the plan was dead`, `told CNN on Sunday the talks failed`
        m = _hearer_end(u, k)
        if m is not None:
            m = _skip_time(u, m)
            if m + 1 < n and any(u.lw(x) in FINITE for x in range(m, min(n, m + 8))):
                return m
        return None
    if entry.frame == "target":
        if entry.lemma == "charge":
            return k + 1 if u.lw(k) == "that" else None  # `charged fees`, `charged with` (an indictment)
        return k
    if u.lw(k) == "that":
        return k + 1 if k + 1 < n else None
    if entry.frame == "deny":
        if u.lw(k) in ("them", "him", "her", "us", "me", "you", "it"):
            return None  # `denied them permits`: withholding, not a denial
        if u.lw(k + 1) == "that" and u.lw(k) in ("accusations", "allegations", "claims", "reports",
                                                  "suggestions", "charges", "rumours", "rumors", "speculation"):
            return k + 2
        return k
    # adjunct before `that`: `said in a statement that`, `told reporters on Monday that`
    if u.lw(k) in ADJUNCT_PREPS or u.lw(k) in ("to",):
        for m in range(k, min(k + 10, n)):
            if u.lw(m) == "that":
                return m + 1 if m + 1 < n else None
            if u.lw(m) in (".", ";") or u.in_quote(m):
                break
        # `said in a statement it was ...`, `said on Monday the talks ...`
        for m in range(k + 1, min(k + 4, n - 2)):
            if (u.lw(m) in TIME_OR_MEDIUM or u.lw(m) in DAYS_MONTHS) and u.lw(m + 1) not in (",", ".", "of", "with", "to", "by"):
                return _skip_time(u, m + 1)
        if u.lw(k) == "to" and entry.lemma in INTENT_VERBS:
            return k
        return None
    if u.lw(k) == ":":
        return k + 1 if k + 1 < n else None
    return k


#: how far after `, but` a cue may stand and still open a report of its own
SECOND_REPORT_REACH = 16


def _content_end(u: _Unit, start: int, cues, own: int) -> int:
    """Token index one past the content: the unit end, or before a trailing frame."""
    n = len(u.toks)
    for m in range(start, n):
        if u.in_quote(m):
            continue
        if u.lw(m) == ";" and m > start:
            return m  # `X said A; Y wept`: the clause after a semicolon is the writer's
        q = u.in_quote(m - 1) if m > start else None
        if q is not None and u.text[q.start:q.end].rstrip().endswith(",") and _participle_after(u, m, cues, own):
            return m  # `said it "costs a fortune," further saying ...`: the comma inside the quote
        if u.lw(m) == "," or u.lw(m) == "—":
            nxt = m + 1
            if nxt in cues and nxt != own and (cues[nxt][0].participle or cues[nxt][0].frame in ("source", "intermediary")):
                return m
            if _participle_after(u, nxt, cues, own):
                return m  # `..., further saying`, `..., later adding`
            if u.lw(nxt) == "as" and nxt + 1 in cues and cues[nxt + 1][0].frame in ("intermediary",):
                return m
            if u.lw(nxt) in WRITER_CLAUSES and nxt + 1 < n and u.lw(nxt + 1) not in ("well", "much", "many", "long", "soon"):
                return m  # `..., as pressure grew`, `..., although ...`: the writer's framing
            # `..., he said` / `..., the officials said` / `..., said X`; `..., but later he claimed`
            reach = SECOND_REPORT_REACH if u.lw(nxt) in ("but", "while", "whereas") else 5
            for c in range(nxt, min(nxt + reach, n)):
                if c in cues and c != own and cues[c][0].frame not in ("source", "intermediary"):
                    if all(u.lw(x) not in (",", ".") for x in range(nxt, c)):
                        return m
                if u.lw(c) in (",", "."):
                    break
    return n


def _legal_object(u: _Unit, start: int, end: int) -> bool:
    """A noun-phrase object headed by a legal or procedural noun (`the president's lawsuit`,
    `a bid to ...`), with no clause of its own."""
    head = start
    while head < end and head - start < 5 and u.lw(head) not in LEGAL_ACT_OBJECTS \
            and u.lw(head) not in ("of", "to", "by", "against", "that", ","):
        head += 1
    if u.lw(head) not in LEGAL_ACT_OBJECTS or u.in_quote(head):
        return False
    return not any(u.lw(x) in FINITE for x in range(start, head))


def _participle_after(u: _Unit, k: int, cues, own: int) -> bool:
    """A participle cue at token k, past adverbs (`further saying`, `later adding`)."""
    while u.lw(k) in PARTICIPLE_ADVERBS or (u.lw(k).endswith("ly") and u.word(k).islower()):
        k += 1
    return k in cues and k != own and cues[k][0].participle


def _make(u: _Unit, entry: CueEntry, start: int, ci: int, cues, agent: Agent, cue: tuple[int, int]) -> Found | None:
    end_tok = _content_end(u, start, cues, ci)
    if end_tok - start < 2:
        return None
    if u.lw(start) in CONTENT_CANNOT_START and not (u.lw(start) == "to" and entry.lemma in INTENT_VERBS):
        return None  # `reported from X`, `charged with`, `announced on`: not reported content
    if (entry.frame == "that" and entry.lemma not in BARE_CLAUSE and u.lw(start - 1) not in ("that", ":")
            and not any(u.lw(x) in FINITE or u.lw(x).endswith(("n't", "’t", "'s", "’s", "'re", "’re", "'ll", "’ll"))
                        or (u.lw(x).endswith("ed") and x > start) for x in range(start, min(end_tok, start + 8)))):
        return None  # `maintain the image of ...`: a verb that needs `that` or a clause
    if entry.lemma in LEGAL_ACT_CUES and _legal_object(u, start, end_tok):
        return None  # `the judge dismissed the lawsuit`: a legal act, no reported proposition
    s = u.toks[start][0]
    e = u.toks[end_tok - 1][1]
    # a quotation that straddles the end belongs to the content
    for q in u.quotes:
        if q.open < e < q.close_end:
            e = q.close_end
    s, e = _trim_end(u, s, e)
    inner = [q for q in u.quotes if s < q.open and q.close_end <= e]
    if inner and u.text[s] not in OPEN_MARKS:
        e = inner[-1].close_end  # mixed: paraphrase up to the end of the quoted fragment
    opening = next((q for q in u.quotes if q.open == s and q.close_end < e), None)
    if opening is not None:
        tail = [u.text[a:b].lower() for a, b in tokenize(u.text, opening.close_end, e)]
        if _is_adjunct(tail) and not any(w in FINITE for w in tail):
            e = opening.close_end  # `X said "..." on Monday`: the adjunct is the writer's, not the quote's
    return _finish(u, entry, [(s, e)], agent, cue)


_NO_COMMENT = frozenset(("comment", "speculate", "elaborate"))


def _refuses_comment(text: str) -> bool:
    """`it would not comment on ...`: a refusal to speak reports nothing (no attribution)."""
    words = [text[a:b].lower() for a, b in tokenize(text)]
    return len(words) <= 14 and any(
        (w in NEGATORS or w.endswith("n't")) and _NO_COMMENT & set(words[i + 1:i + 4]) for i, w in enumerate(words))


def _finish(u: _Unit, entry: CueEntry, spans, agent, cue, speaker_span=None) -> Found | None:
    spans = [(s, e) for s, e in spans if e > s]
    if not spans or _refuses_comment(" ".join(u.text[s:e] for s, e in spans)):
        return None
    s, e = spans[0][0], spans[-1][1]
    qtype = "indirect"
    for q in u.quotes:
        if s <= q.open and q.close_end <= e + 1:
            if q.open <= s + 1 and e <= q.close_end and (q.open == s or u.text[s] in OPEN_MARKS):
                return Found([(q.start, q.end)], "direct", stance_for(entry.stance, u.text[q.start:q.end]),
                             agent, cue, speaker_span)
            qtype = "mixed"
    text = " ".join(u.text[a:b] for a, b in spans)
    return Found(spans, qtype, stance_for(entry.stance, text), agent, cue, speaker_span)


def _content_before(u: _Unit, comma: int, entry: CueEntry, agent: Agent, cue, min_tokens: int = 3) -> Found | None:
    """Content from the start of the unit (or the end of a preceding quote) to `comma`."""
    start = 0
    for q in u.quotes:
        if q.close_end <= u.toks[comma][0]:
            start = max(start, u.tok_at(q.close_end))
    if comma - start < min_tokens:
        return None
    s, e = _trim_end(u, u.toks[start][0], u.toks[comma - 1][1])
    return _finish(u, entry, [(s, e)], agent, cue)
