"""Rule-based quote attribution: a reporting-cue lexicon plus shallow patterns.

Per sentence unit (sentences merged so no quotation is cut):
1. direct quotes framed by a cue after them (`"...," X said` / `"...," said X`), before them
   (`X said: "..."`) or around them (split quotes `"A," X said, "B."`);
2. indirect and mixed attributions from every other cue: `X said (that) ...`,
   `X told Y (that) ...`, `X denied ...ing`, `X accused Y of ...`, `..., X said.`,
   `according to X`, `..., per X`, participles (`..., adding that ...`) sharing the clause's agent;
3. quotes with no cue: a continuation of the previous speaker in the same paragraph (or a quote
   opening the next one).
The speaker is the agent of the cue (skipping adverbs, time adjuncts and appositions); a pronoun
is resolved to the most recent compatible speaker or named entity. Stance comes from the cue's
class; a `claim` cue is refined by the content (blame vocabulary -> accusation, negation -> denial).
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from benchmark.model import Document
from benchmark.text import tokenize

from .base import Baseline, prediction
from .lexicon import CueEntry, cue_lexicon
from .wordlists import (ADJUNCT_PREPS, BARE_CLAUSE, CONTENT_CANNOT_START, DETS, FINITE, FUNCTION,
                        HEARER_MAX, HEARERS, INTENT_VERBS, NEGATORS, NOUNISH, OPEN_MARKS, PERSON_NOUNS,
                        PRONOUNS, RELATION_PREPS, SKIP_LEFT, SOURCE_NOUNS, SOURCE_WRAPPERS, TIME_OR_MEDIUM,
                        WRITER_CLAUSES)
from .stance import stance_of
from .textutil import ABBREV_TITLES, DAYS_MONTHS, NOT_NAMES, Name, Quote, find_names, find_quotes, is_cap, paragraphs, units


@dataclass
class Agent:
    """The source of a cue: the mention in the sentence and the name it stands for."""

    start: int
    end: int
    kind: str  # name | pronoun | nominal
    name: str  # resolved surface string for the `speaker` field
    ref: tuple[int, int] | None = None  # span of the resolved named mention
    person: str = "unknown"  # person | thing | group | unknown


@dataclass
class Found:
    content: list[tuple[int, int]]
    type: str
    stance: str
    agent: Agent | None
    cue: tuple[int, int] | None
    speaker_span: tuple[int, int] | None = None


@dataclass
class _Unit:
    text: str
    start: int
    end: int
    toks: list[tuple[int, int]]
    low: list[str] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    _starts: list | None = field(default=None, repr=False, compare=False)
    _open_at: list | None = field(default=None, repr=False, compare=False)

    def word(self, i: int) -> str:
        return self.text[self.toks[i][0]:self.toks[i][1]] if 0 <= i < len(self.toks) else ""

    def lw(self, i: int) -> str:
        return self.low[i] if 0 <= i < len(self.low) else ""

    def in_quote(self, i: int) -> Quote | None:
        """The quote holding token `i` (quotes are in text order and do not nest: bisection)."""
        s = self.toks[i][0]
        opens = self._opens()
        k = bisect_right(opens, s) - 1
        while k >= 0:  # the nearest quote opening at or before the token, then earlier ones
            q = self.quotes[k]
            if q.open <= s < q.close_end:
                return q
            if k == 0 or self.quotes[k - 1].close_end <= s:
                return None
            k -= 1
        return None

    def tok_at(self, char: int) -> int:
        """Index of the first token starting at or after `char` (len(toks) if none)."""
        if self._starts is None or len(self._starts) != len(self.toks):
            self._starts = [a for a, _ in self.toks]
        return bisect_left(self._starts, char)

    def _opens(self) -> list:
        if self._open_at is None or len(self._open_at) != len(self.quotes):
            self._open_at = [q.open for q in self.quotes]
        return self._open_at


class RulesBaseline(Baseline):
    name = "rules"
    protocol = "no training (lexicon + patterns)"

    def predict(self, document: Document) -> list[dict]:
        return [
            prediction(document, f.content, type=f.type, stance=f.stance,
                       speaker=(f.agent.name if f.agent else None),
                       speaker_span=f.speaker_span or ((f.agent.start, f.agent.end) if f.agent else None),
                       cue_span=f.cue)
            for f in analyse(document.text)
        ]


# ------------------------------------------------------------------ driver

def analyse(text: str) -> list[Found]:
    """All attributions found in `text`, in text order."""
    quotes = find_quotes(text)
    names = find_names(text)
    paras = paragraphs(text)
    state = _State(text, names)
    found: list[Found] = []
    opens = [q.open for q in quotes]  # find_quotes returns them sorted by opening
    for us, ue in units(text, quotes):
        u = _Unit(text, us, ue, tokenize(text, us, ue))
        u.low = [text[s:e].lower() for s, e in u.toks]
        u.quotes = quotes[bisect_left(opens, us):bisect_left(opens, ue)]
        found.extend(_analyse_unit(u, state, paras))
    found.sort(key=lambda f: (f.content[0][0], f.content[0][1]))
    return found


class _State:
    """Discourse memory: names seen, speakers so far (for pronouns and continuations)."""

    def __init__(self, text: str, names: list[Name]):
        self.text = text
        self.names = names
        self.by_end = {n.end: n for n in names}
        self.speakers: list[tuple[int, Agent]] = []  # (position, agent with a resolved name)
        self.last: Found | None = None

    def add_speaker(self, pos: int, agent: Agent | None) -> None:
        """Remember a speaker for later pronouns, unless it is an unresolved pronoun."""
        if agent is not None and (agent.kind != "pronoun" or agent.ref):
            self.speakers.append((pos, agent))

    def resolve(self, pron: str, pos: int) -> tuple[str, tuple[int, int]] | None:
        """Most recent compatible speaker, else most recent compatible named entity."""
        want = PRONOUNS.get(pron, "unknown")
        if want == "group" and pron == "we":
            return None
        for p, a in reversed(self.speakers):
            if p < pos and _compatible(want, a.person) and a.ref:
                return a.name, a.ref
        best = None
        for n in self.names:
            if n.end > pos:
                break
            if _compatible(want, _person_class(n.kind)):
                best = n
        if best is None and want == "person":
            for n in self.names:
                if n.end > pos:
                    break
                if n.kind == "unknown":
                    best = n
        return (best.text, (best.start, best.end)) if best else None


def _person_class(kind: str) -> str:
    return {"person": "person", "organisation": "thing"}.get(kind, "unknown")


def _compatible(want: str, have: str) -> bool:
    if want == "person":
        return have == "person"
    if want == "thing":
        return have in ("thing", "unknown")
    if want == "group":
        return have in ("thing", "group", "unknown")
    return True


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
        f = Found(spans, "direct", stance_of(entry.stance, content_text), agent, (cs, ce))
        out.append(f)
        state.add_speaker(cs, agent)
        state.last = f
    # 2. indirect and mixed attributions from the remaining cues
    for ci in sorted(cues):
        if ci in used_cues or any(s <= cues[ci][1] < e for g in out for s, e in g.content):
            continue  # a cue inside reported content is part of what was said
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
    # 3. quotes without a cue: `Airline chief: 'We will not cut routes'` (headline style),
    #    else a continuation of the previous speaker
    for qi, q in enumerate(u.quotes):
        if qi in used_quotes or not _substantial(u.text, q):
            continue
        f = _colon_frame(u, q, state) or _continuation(u, q, state, paras)
        if f is not None:
            out.append(f)
            state.last = f
    return out


def _substantial(text: str, q: Quote) -> bool:
    """Long enough to be speech rather than a title or scare quote."""
    return len(tokenize(text, q.start, q.end)) >= 4


# ------------------------------------------------------------------ cues

NOUN_CUE_PREPS = frozenset(("after", "amid", "amidst", "despite", "following", "of", "over", "about", "with"))


def _find_cues(u: _Unit) -> dict[int, tuple[CueEntry, int, int, int]]:
    """token index of the cue's first token -> (entry, char start, char end, first token)."""
    lex = cue_lexicon()
    out = {}
    i = 0
    n = len(u.toks)
    while i < n:
        hit = None
        for length in (4, 3, 2, 1):
            key = tuple(u.low[i:i + length])
            if len(key) == length and key in lex:
                hit = (lex[key], length)
                break
        if hit and u.in_quote(i) is None and not _negated(u, i) and (
                u.word(i).islower() or (hit[0].frame == "source" and (i == 0 or not u.word(i - 1)[:1].isalnum()))):
            entry, length = hit
            if entry.frame == "source" and entry.lemma == "per" and u.lw(i - 1) != ",":
                i += 1
                continue
            if entry.frame != "source" and u.lw(i - 1) in NOUN_CUE_PREPS:
                i += 1  # `after reports that ...`, `amid claims that ...`: a noun, no agent
                continue
            out[i] = (entry, u.toks[i][0], u.toks[i + length - 1][1], i, length)
            i += length
            continue
        i += 1
    return {k: v[:4] for k, v in out.items()}


def _cue_len(cue) -> int:
    return len(cue[0].form)


def _negated(u: _Unit, i: int) -> bool:
    prev = [u.lw(i - k) for k in (1, 2, 3)]
    if prev[0] in ("to",) and prev[1] in NEGATORS:
        return True  # declined to say, refused to comment
    if prev[0] in ("to",) and prev[1] in ("asked", "able", "expected", "set", "likely", "due", "going"):
        return True
    return prev[0] in NEGATORS or prev[0].endswith("n't") or (prev[0] in SKIP_LEFT and (prev[1] in NEGATORS or prev[1].endswith("n't")))


# ------------------------------------------------------------------ agents

def _agent_left(u: _Unit, ci: int, state: _State, floor: int = 0) -> Agent | None:
    """The agent of the cue at token `ci`: the noun phrase to its left within the clause."""
    j = ci - 1
    j = _skip_adjuncts(u, j, floor)
    if j < floor:
        return None
    w = u.lw(j)
    if w in ("who", "which") and u.lw(j - 1) == ",":
        j -= 2
    if u.lw(j) == ",":
        # apposition: `NAME, a spokesman for X, said` / `NAME, 45, said`
        k = j - 1
        while k >= max(floor, j - 14) and u.lw(k) != ",":
            if u.in_quote(k):
                return None
            k -= 1
        if k < floor or u.lw(k) != ",":
            return None
        head = _np_at(u, k - 1, state, floor)
        inner = _np_at(u, j - 1, state, k + 1)
        head_in_pp = head is not None and head.kind == "name" and u.lw(u.tok_at(head.start) - 1) in ("of", "for", "at", "from")
        if (inner is not None and inner.kind == "name" and u.tok_at(inner.start) == k + 1
                and (head is None or head.kind == "nominal" or head_in_pp)):
            return inner  # `The agency's spokesman, Jane Roe, said`; `The mayor of Springfield, Jane Roe, said`
        if head is not None and (head.kind in ("name", "pronoun") or u.lw(u.tok_at(head.start)) in DETS):
            return head  # `The report, published on Tuesday, said`
        return None
    return _np_at(u, j, state, floor)


def _skip_adjuncts(u: _Unit, j: int, floor: int) -> int:
    """Move left past adverbs, auxiliaries and a short time/place adjunct (`on Wednesday`)."""
    for _ in range(3):
        moved = False
        if u.lw(j) == ")":
            k = j
            while k > max(floor, j - 8) and u.lw(k) != "(":
                k -= 1
            if u.lw(k) == "(":
                j = k - 1
                moved = True
        while j >= floor and (u.lw(j) in SKIP_LEFT or u.lw(j) in DAYS_MONTHS
                              or (u.lw(j).endswith("ly") and u.lw(j).isalpha() and u.word(j).islower()
                                  and u.lw(j) not in ("only", "family", "italy", "ally", "rally"))):
            j -= 1
            moved = True
        # prepositional adjunct of at most 4 tokens: `on Wednesday`, `in a statement`
        for k in range(j, max(floor - 1, j - 5), -1):
            if u.lw(k) in (",", ".", '"', ";") or u.in_quote(k):
                break
            if u.lw(k) in ADJUNCT_PREPS and k > floor:
                prev = u.lw(k - 1)
                last = u.lw(j)
                timeish = k == j or last in DAYS_MONTHS or last in TIME_OR_MEDIUM or last.isdigit() or is_cap(u.word(j)) and u.lw(k) == "on"
                if timeish and ((prev.isalpha() and prev not in FUNCTION and prev not in DETS) or prev == ","):
                    j = k - 1
                    moved = True
                break
        if not moved:
            break
    return j


def _np_at(u: _Unit, j: int, state: _State, floor: int = 0) -> Agent | None:
    """The noun phrase ending at token `j`, or None if the token cannot end a subject."""
    if j < floor or u.in_quote(j):
        return None
    w, lw = u.word(j), u.lw(j)
    s, e = u.toks[j]
    if lw in PRONOUNS:
        if lw in ("we", "i"):
            return Agent(s, e, "pronoun", w, None, "group")
        res = state.resolve(lw, s)
        return Agent(s, e, "pronoun", res[0] if res else w, res[1] if res else None, PRONOUNS[lw])
    name = state.by_end.get(e)
    if name is not None and name.start >= u.toks[floor][0]:
        start = name.start
        k = u.tok_at(start) - 1
        # `a spokesman for NAME`
        ext = _nominal_before_relation(u, k, floor)
        if ext is not None:
            # the mention is `a spokesman`; the description keeps `for NAME` for the reader
            head_end = u.toks[k - 1][1]
            return Agent(ext, head_end, "nominal", u.text[ext:e], (ext, head_end), _nominal_class(u.text[ext:head_end]))
        if u.lw(k) == "the":
            start = u.toks[k][0]
        return Agent(start, e, "name", name.text, (name.start, name.end), _person_class(name.kind))
    if is_cap(w) and lw not in FUNCTION and lw not in NOT_NAMES and not lw.endswith(("ing", "ed")):
        k = j
        while k - 1 >= floor and is_cap(u.word(k - 1)) and u.lw(k - 1) not in FUNCTION:
            k -= 1
        st = u.toks[k][0]
        return Agent(st, e, "name", u.text[st:e], (st, e), "unknown")
    noun_after_det = lw in SOURCE_NOUNS and (u.lw(j - 1) in DETS or u.word(j - 1).endswith(("'s", "’s")))
    if not (_wordlike(w) and w.islower()) or lw in FUNCTION or lw in DETS \
            or ((lw,) in cue_lexicon() and not noun_after_det) or (lw.endswith("ed") and lw not in SOURCE_NOUNS):
        return None  # a verb cannot head the subject
    # a common-noun phrase: `officials`, `the ministry`, `a senior official`
    k = j
    while k - 1 >= floor and k > j - 4:
        p = u.word(k - 1)
        pl = p.lower()
        if pl in DETS:
            k -= 1
            break
        if p.endswith(("'s", "’s")):  # possessor: `the city's mayor`, `France's ministry`
            k -= 1
            continue
        if p in ("'", "’") and u.word(k - 2).lower().endswith("s") and u.toks[k - 2][1] == u.toks[k - 1][0]:
            k -= 2  # `the bakers' guild`
            continue
        after_det = u.lw(k - 2) in DETS  # `the state health department`: a cue form used as a modifier
        if not _wordlike(p) or pl in FUNCTION or pl in SKIP_LEFT or ((pl,) in cue_lexicon() and not after_det):
            break
        if is_cap(p) or p.islower():
            k -= 1
            continue
        break
    has_det = u.lw(k) in DETS or u.word(k).endswith(("'s", "’s")) or u.word(k + 1) in ("'", "’")
    if not (has_det or lw in SOURCE_NOUNS or (lw.endswith("s") and len(lw) > 3)):
        return None
    ext = _nominal_before_relation(u, k - 1, floor)
    st = ext if ext is not None else u.toks[k][0]
    phrase = u.text[st:e]
    end = u.toks[k - 2][1] if ext is not None else e
    return Agent(st, end, "nominal", phrase, (st, end), _nominal_class(u.text[st:end]))


def _subject(u: _Unit, ci: int, state: _State) -> Agent | None:
    """The subject of the clause's main verb before token `ci` (`The mayor praised ... and said`)."""
    for v in range(1, ci):
        w = u.word(v)
        lw = w.lower()
        if not (w.isalpha() and w.islower()) or lw in FUNCTION or lw in DETS or lw in SKIP_LEFT:
            continue
        if not (lw.endswith(("ed", "es")) or (lw,) in cue_lexicon() or lw in ("said", "told", "made", "took", "gave")):
            continue
        agent = _agent_left(u, v, state)
        if agent is not None:
            return agent
        break
    return None


def _wordlike(w: str) -> bool:
    """A word, hyphenated compounds included (`45-year-old`, `co-founder`)."""
    return w.isalpha() or (("-" in w) and w.replace("-", "").isalnum() and any(c.isalpha() for c in w))


def _nominal_before_relation(u: _Unit, k: int, floor: int) -> int | None:
    """Start of `a spokesman` in `a spokesman for X`, when token k is the relation word."""
    if k - 1 < floor or u.lw(k) not in RELATION_PREPS:
        return None
    m = k - 1
    if m == 0 and u.word(m).isalpha() and u.lw(m) in SOURCE_NOUNS:
        return u.toks[m][0]  # sentence-initial `Analysts at X`, `Officials in Y`
    if not (u.word(m).isalpha() and u.word(m).islower()) or u.lw(m) in FUNCTION:
        return None
    n = m
    while n - 1 >= floor and n > m - 3:
        p = u.lw(n - 1)
        if p in DETS:
            return u.toks[n - 1][0]
        if n - 1 == 0 and u.word(0).isalpha() and p not in FUNCTION:
            n -= 1  # sentence-initial capital: `Health officials in X`
            break
        if not u.word(n - 1).isalpha() or p in FUNCTION or not u.word(n - 1).islower():
            break
        n -= 1
    if u.lw(m) in SOURCE_NOUNS:
        return u.toks[n][0]
    return None


def _nominal_class(phrase: str) -> str:
    """person (`a spokesman`), group (`officials`, plural) or thing (`the league`), for pronouns."""
    if _is_person_nominal(phrase):
        return "person"
    head = phrase.lower().split()[-1]
    return "group" if head.endswith("s") and not head.endswith("ss") else "thing"


def _is_person_nominal(phrase: str) -> bool:
    words = phrase.lower().split()
    return any(w in PERSON_NOUNS for w in words[:3])


def _agent_right(u: _Unit, ci: int, state: _State) -> tuple[Agent, int] | None:
    """Agent after an inverted cue (`said Jane Doe`, `said the minister`): agent, end char."""
    k = ci + _cue_len_at(u, ci)
    end = k
    while end < len(u.toks) and u.lw(end) not in (",", ";", "!", "?", ":", "(") \
            and not (u.lw(end) == "." and _full_stop(u, end)) \
            and u.in_quote(end) is None and end - k < 10:  # `said Dr. Elena Varga.`
        if u.lw(end) in ("that", "who", "which") and end > k:
            break
        end += 1
    if end == k:
        return None
    np = _np_at(u, end - 1, state, k)
    if np is None or u.tok_at(np.start) > k + 4:
        return None
    return np, u.toks[end - 1][1]


def _cue_len_at(u: _Unit, ci: int) -> int:
    lex = cue_lexicon()
    for length in (4, 3, 2, 1):
        if tuple(u.low[ci:ci + length]) in lex:
            return length
    return 1


# ------------------------------------------------------------------ direct quotes

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


def _full_stop(u: _Unit, i: int) -> bool:
    """A sentence-ending token, not the period of `Mr.` or an initial."""
    if u.lw(i) in ("!", "?", ";"):
        return True
    if u.lw(i) != ".":
        return False
    prev = u.word(i - 1)
    return not (prev.lower() in ABBREV_TITLES or (len(prev) == 1 and prev.isupper()) or u.lw(i + 1) == ",")


def _is_adjunct(words: list[str]) -> bool:
    return bool(words) and (words[0] in ADJUNCT_PREPS or words[0] in DAYS_MONTHS
                            or words[0] in ("yesterday", "today", "tonight", "later", "earlier"))


# ------------------------------------------------------------------ indirect / mixed

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
        elif u.lw(ci - 1) in (",", "and", "—"):
            # `..., adding that ...` takes the subject of the main verb
            agent = prior[-1].agent if prior else _subject(u, ci, state)
        else:
            return None
        if agent is None:
            return None
        start = _content_start(u, after, entry)
        if start is None:
            return None
        return _make(u, entry, start, ci, cues, agent, (cs, ce))
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
    if u.lw(u.tok_at(agent.start) - 1) == "," and _only_tail(u, after) and not (
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
    if start is None:
        return None
    return _make(u, entry, start, ci, cues, agent, (cs, ce))


def _plural(u: _Unit, agent: Agent) -> bool:
    """`they`, `we`, `analysts (at X)`: subjects that take a bare verb form."""
    head = u.text[agent.start:agent.end].split()[-1].lower()
    return head in ("they", "we", "i", "you") or (agent.kind == "nominal" and head.endswith("s") and not head.endswith("ss"))


def _adjective(word: str) -> bool:
    w = word.lower()
    return w in ("entire", "whole", "same", "other", "own", "new", "former") or (
        len(w) > 5 and w.endswith(("ful", "ous", "ive", "ical", "less", "able", "ible")))


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


def _skip_time(u: _Unit, k: int) -> int:
    while k < len(u.toks) and (u.lw(k) in DAYS_MONTHS or u.lw(k) in (
            "yesterday", "today", "tonight", "later", "earlier", "also", "morning", "afternoon", "evening", "night")):
        k += 1
    return k


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


def _content_end(u: _Unit, start: int, cues, own: int) -> int:
    """Token index one past the content: the unit end, or before a trailing frame."""
    n = len(u.toks)
    for m in range(start, n):
        if u.in_quote(m):
            continue
        if u.lw(m) == "," or u.lw(m) == "—":
            nxt = m + 1
            if nxt in cues and nxt != own and (cues[nxt][0].participle or cues[nxt][0].frame in ("source", "intermediary")):
                return m
            if u.lw(nxt) == "as" and nxt + 1 in cues and cues[nxt + 1][0].frame in ("intermediary",):
                return m
            if u.lw(nxt) in WRITER_CLAUSES and nxt + 1 < n and u.lw(nxt + 1) not in ("well", "much", "many", "long", "soon"):
                return m  # `..., as pressure grew`, `..., although ...`: the writer's framing
            # `..., he said` / `..., the officials said` / `..., said X`
            for c in range(nxt, min(nxt + 5, n)):
                if c in cues and c != own and cues[c][0].frame not in ("source", "intermediary"):
                    if all(u.lw(x) not in (",", ".") for x in range(nxt, c)):
                        return m
                if u.lw(c) in (",", "."):
                    break
    return n


def _trim_end(u: _Unit, s: int, e: int) -> tuple[int, int]:
    t = u.text
    while e > s and (t[e - 1].isspace() or t[e - 1] in ".,;:!?—–-"):
        e -= 1
    while s < e and (t[s].isspace() or t[s] in ",;:—–-"):
        s += 1
    return s, e


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
                return Found([(q.start, q.end)], "direct", stance_of(entry.stance, u.text[q.start:q.end]),
                             agent, cue, speaker_span)
            qtype = "mixed"
    text = " ".join(u.text[a:b] for a, b in spans)
    return Found(spans, qtype, stance_of(entry.stance, text), agent, cue, speaker_span)


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
        return Found([(last.start, last.end)], "direct", stance_of(entry.stance, u.text[last.start:last.end]),
                     agent, cue)
    if lead - begin < 3:
        return None
    spans = [_trim_end(u, u.toks[begin][0], u.toks[lead - 1][1])]
    if end < n and u.lw(end) == "," and n - end > 3:
        spans.append(_trim_end(u, u.toks[end + 1][0], u.toks[n - 1][1]))
    return _finish(u, entry, spans, agent, cue)


# ------------------------------------------------------------------ continuations

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
    stance = stance_of("claim", u.text[q.start:q.end])
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
    return Found([(q.start, q.end)], "direct", stance_of("claim", u.text[q.start:q.end]), agent, None)


def _para_of(paras, pos: int) -> int:
    for i, (s, e) in enumerate(paras):
        if pos < e:
            return i
    return len(paras) - 1
