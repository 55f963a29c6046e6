"""The agent of a cue: the noun phrase left of it (past adverbs, adjuncts and appositions) or
right of an inverted cue (`said the minister`)."""
from __future__ import annotations

from ..lexicon import cue_lexicon
from ..textutil import DAYS_MONTHS, NOT_NAMES, ORG_WORDS, TITLES, Name, is_cap
from ..wordlists import (
    ADJUNCT_PREPS,
    DETS,
    FUNCTION,
    IRREGULAR_PAST,
    PARTICIPLE_LEAD,
    PERSON_NOUNS,
    PRONOUNS,
    RELATION_PREPS,
    SKIP_LEFT,
    SOURCE_NOUNS,
    TIME_OR_MEDIUM,
)
from .cues import _cue_len_at
from .discourse import _person_class, _State
from .model import Agent, _full_stop, _Unit, _wordlike


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
        if head is not None and (head.kind in ("name", "pronoun") or u.lw(u.tok_at(head.start)) in DETS
                                 or _is_person_nominal(u.text[head.start:head.end])):
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
        head = _head_before_relation(u, k, state, floor)
        if head is not None:
            return head
        person = _person_before_of(name)
        if person is not None:
            return person
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
            if not (pl == "that" and (u.lw(k - 2),) in cue_lexicon()):
                k -= 1  # not the complementiser of `reported that officials said`
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
        if not (lw.endswith(("ed", "es")) or (lw,) in cue_lexicon() or lw in IRREGULAR_PAST):
            continue
        agent = _agent_left(u, v, state)
        if agent is not None:
            return agent
        break
    return None


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
        if (u.lw(end) in ("that", "who", "which") or u.lw(end) in ADJUNCT_PREPS and u.lw(end) != "late") and end > k:
            break  # `wrote Jane Roe in a statement`
        end += 1
    if end == k:
        return None
    np = _np_at(u, end - 1, state, k)
    if np is None or u.tok_at(np.start) > k + 4:
        return None
    named = _name_after_description(u, end, state)
    if named is not None:
        return named
    return np, u.toks[end - 1][1]


def _name_after_description(u: _Unit, comma: int, state: _State) -> tuple[Agent, int] | None:
    """`said the University of X, Y's chancellor, Jane Roe.`: a description ending in a person noun
    between commas, then the person's name: the name speaks."""
    if u.lw(comma) != ",":
        return None
    if u.lw(comma - 1) in PERSON_NOUNS:  # `said the firm's chief, Jane Roe`
        name = state.by_end.get(u.toks[_name_end(u, comma + 1)][1]) if comma + 1 < len(u.toks) else None
        if name is not None and name.start == u.toks[comma + 1][0]:
            return Agent(name.start, name.end, "name", name.text, (name.start, name.end), "person"), name.end
    m = comma + 1
    while m < len(u.toks) and m - comma <= 6 and u.lw(m) not in (",", ".", ";") and u.in_quote(m) is None:
        m += 1
    if u.lw(m) != "," or u.lw(m - 1) not in PERSON_NOUNS:
        return None
    end = m + 1
    while end < len(u.toks) and end - m <= 5 and u.lw(end) not in (",", ".", ";", "!", "?") and u.in_quote(end) is None:
        end += 1
    name = state.by_end.get(u.toks[end - 1][1]) if end - 1 > m else None
    if name is None or name.start != u.toks[m + 1][0]:
        return None
    return Agent(name.start, name.end, "name", name.text, (name.start, name.end), "person"), name.end


def _plural(u: _Unit, agent: Agent) -> bool:
    """`they`, `we`, `analysts (at X)`: subjects that take a bare verb form."""
    head = u.text[agent.start:agent.end].split()[-1].lower()
    return head in ("they", "we", "i", "you") or (agent.kind == "nominal" and head.endswith("s") and not head.endswith("ss"))


def _adjective(word: str) -> bool:
    w = word.lower()
    return w in ("entire", "whole", "same", "other", "own", "new", "former") or (
        len(w) > 5 and w.endswith(("ful", "ous", "ive", "ical", "less", "able", "ible")))


def _head_before_relation(u: _Unit, k: int, state: _State, floor: int) -> Agent | None:
    """`Jane Roe of the city's water board said`, `a source within the central Ministry said`,
    `officials in A and B said`: the head before the relation word speaks, not the body named
    after it. `k` is the token just before the body's name."""
    for _ in range(2):  # one coordinated name: `in A and B`
        steps = 0
        while k > floor and steps < 2 and u.word(k).isalpha() and u.word(k).islower() \
                and u.lw(k) not in FUNCTION and u.lw(k) not in DETS:
            k, steps = k - 1, steps + 1  # `the central Ministry`
        if k >= floor and u.word(k).endswith(("'s", "’s")):
            owner = state.by_end.get(u.toks[k][1] - 2)
            person = _person_before_of(owner) if owner is not None else None
            if person is not None and owner.start >= u.toks[floor][0]:
                return person  # `Jane Roe of the UK's agency`, read as one name up to `UK`
            k -= 1  # `the UK's agency`
        if k >= floor and u.lw(k) == "the":
            k -= 1
        other = state.by_end.get(u.toks[k - 1][1]) if u.lw(k) == "and" and k - 1 >= floor else None
        if other is None or other.start < u.toks[floor][0]:
            break
        k = u.tok_at(other.start) - 1
    if k - 1 < floor or u.lw(k) not in RELATION_PREPS:
        return None
    ext = _nominal_before_relation(u, k, floor)
    if ext is not None:
        head_end = u.toks[k - 1][1]
        phrase = u.text[ext:head_end]
        return Agent(ext, head_end, "nominal", phrase, (ext, head_end), _nominal_class(phrase))
    head = state.by_end.get(u.toks[k - 1][1])
    if head is None or head.kind == "organisation" or head.start < u.toks[floor][0]:
        return None
    return Agent(head.start, head.end, "name", head.text, (head.start, head.end), _person_class(head.kind))


def _name_end(u: _Unit, k: int) -> int:
    """Last token of the capitalised run starting at k (`Jane Q. Roe`), at most 5 tokens on."""
    m = k
    while m + 1 < len(u.toks) and m - k < 5 and (is_cap(u.word(m + 1)) or u.lw(m + 1) == "."
                                                   and u.toks[m + 1][0] == u.toks[m][1] and len(u.word(m)) == 1):
        m += 1
    return m


def _person_before_of(name: Name) -> Agent | None:
    """`Jane Roe of the Alpine Rescue Service` (read as one name): the person before `of` speaks.
    Not `Bank of England`, `Minister of Health`: the part before `of` holds an organisation word
    or a title, or is a single word."""
    cut = name.text.find(" of ")
    if cut < 0:
        return None
    words = name.text[:cut].split()
    if len(words) < 2 or any(w.lower().rstrip(".") in TITLES or w.lower() in ORG_WORDS or not is_cap(w) for w in words):
        return None
    end = name.start + cut
    return Agent(name.start, end, "name", name.text[:cut], (name.start, end), "person")


def _participle_lead(u: _Unit, ci: int) -> int:
    """Token before a participle cue past adverbs (`..., further saying`, `..., then adding`):
    its index, to test for `,` / `and` / `by`."""
    j = ci - 1
    while j > 0 and (u.lw(j) in SKIP_LEFT or (u.lw(j).endswith("ly") and u.word(j).islower())):
        j -= 1
    return j


def _participle_joined(u: _Unit, ci: int) -> bool:
    """A participle cue joined to a clause: `..., adding`, `and saying`, `by saying`, `..., further
    saying`, also after a quote that ends in a comma (`"... fortune," further saying`)."""
    j = _participle_lead(u, ci)
    if u.lw(j) in PARTICIPLE_LEAD:
        return True
    q = u.in_quote(j) if j >= 0 else None
    return q is not None and u.text[q.start:q.end].rstrip().endswith(",")
