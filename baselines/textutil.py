"""Shallow text analysis shared by the baselines: quotation pairs, names, sentence units.

No model and no gazetteer of places or people: names are runs of capitalised tokens, typed
person / organisation / unknown from titles, organisation words and earlier mentions, so the
same code runs on any English news text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from benchmark.text import paragraphs, sentences, tokenize  # noqa: F401  (paragraphs re-exported)

OPENERS = "“„«"
CLOSERS = "”»"
STRAIGHT = '"'


@dataclass(frozen=True)
class Quote:
    """A quoted passage: marks at `open` and `close_end - 1`; inner text `[start, end)`."""

    open: int
    close_end: int
    start: int
    end: int
    closed: bool = True


def find_quotes(text: str) -> list[Quote]:
    """Quoted passages (double: straight, curly, angle, wire-copy `''`; single: `‘...’`), paired
    within a line.

    A quote left open at the end of a line (a quote running on into the next paragraph)
    ends there.
    """
    out: list[Quote] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        open_at: int | None = None
        skip = False
        for i, c in enumerate(line):
            at = pos + i
            if skip:
                skip = False
                continue
            # two apostrophes or backticks stand for a double quotation mark in some wire copy
            if line[i:i + 2] in ("''", "``"):
                if open_at is None and line[i:i + 2] == "``" or (open_at is None and i + 2 < len(line) and not line[i + 2].isspace()):
                    open_at = at
                    skip = True
                    continue
                if open_at is not None and text[open_at] in "'`":
                    out.append(_quote(text, open_at, at + 2, True, 2))
                    open_at = None
                    skip = True
                    continue
            if open_at is not None and text[open_at] in "'`":
                continue
            if open_at is None:
                if c in OPENERS or (c == STRAIGHT and i + 1 < len(line) and not line[i + 1].isspace()):
                    open_at = at
            elif c in CLOSERS or c == STRAIGHT or (c == "“" and text[open_at] == "„"):
                out.append(_quote(text, open_at, at + 1, True))
                open_at = None
        if open_at is not None:
            end = pos + len(line.rstrip("\r\n"))
            if end > open_at + 1:
                out.append(_quote(text, open_at, end, False))
        taken = [(q.open, q.close_end) for q in out if q.open >= pos]
        out.extend(_single_quotes(text, pos, line, taken))
        pos += len(line)
    out.sort(key=lambda q: q.open)
    return [q for q in out if q.end > q.start]


_SINGLE_OPEN_AFTER = " \t([{—–-:“\""


def _single_quotes(text: str, pos: int, line: str, taken: list[tuple[int, int]]) -> list[Quote]:
    """Top-level single-quoted passages (`‘...’` or `'...'`, British style) outside double quotes.

    An opener follows a space or bracket and precedes a letter or digit; a closer follows a
    non-space and precedes a non-letter, so apostrophes inside words (`don’t`) never pair.
    Linear in the line: the double-quoted ranges are a mask, and each opener looks up the
    next closer and the next double-quoted range by bisection instead of scanning."""
    from bisect import bisect_left

    n = len(line.rstrip("\r\n"))
    inside = bytearray(n + 1)
    for a, b in taken:
        lo, hi = max(a - pos, 0), min(b - pos, n)
        if lo < hi:
            inside[lo:hi] = b"\x01" * (hi - lo)
    blocked = [j for j in range(n) if inside[j]]  # where a single quote may not run through
    closers = [j for j in range(1, n) if line[j] in "’'" and not line[j - 1].isspace()
               and (j + 1 == n or not line[j + 1].isalnum()) and line[j - 1:j + 1] != "''" and line[j:j + 2] != "''"]
    out = []
    i = 0
    while i < n:
        c = line[i]
        if (c in "‘'" and not inside[i] and (i == 0 or line[i - 1] in _SINGLE_OPEN_AFTER)
                and i + 1 < n and line[i + 1].isalnum() and line[i:i + 2] != "''" and line[i - 1:i + 1] != "''"):
            k = bisect_left(closers, i + 2)
            stop = blocked[bisect_left(blocked, i + 2)] if bisect_left(blocked, i + 2) < len(blocked) else n
            if k < len(closers) and closers[k] < stop:
                j = closers[k]
                if line.find(" ", i + 1, j) >= 0:  # at least two words: not `'90s'`-style clippings
                    out.append(_quote(text, pos + i, pos + j + 1, True))
                    i = j
        i += 1
    return out


def _quote(text: str, open_at: int, close_end: int, closed: bool, width: int = 1) -> Quote:
    start, end = open_at + width, close_end - width if closed else close_end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Quote(open_at, close_end, start, end, closed)


def units(text: str, quotes: list[Quote]) -> list[tuple[int, int]]:
    """Sentences merged so that no quotation crosses a boundary and none starts in lower case;
    never across a line break."""
    from bisect import bisect_left

    opens = [q.open for q in quotes]  # sorted, and quotes do not overlap

    def crosses(end: int, start: int) -> bool:
        """Whether a quote opens before `end` and closes after `start`: only the last quote
        to open before `end` can (one lookup, not a scan of every quote)."""
        k = bisect_left(opens, end) - 1
        return k >= 0 and quotes[k].close_end > start

    out: list[tuple[int, int]] = []
    for s, e in sentences(text):
        if out and "\n" not in text[out[-1][1]:s] and (crosses(out[-1][1], s)
                                                       or text[s].islower() or _abbrev_end(text, out[-1][1])):
            # `(R-Wis.) said`, `Paul D. Ryan`
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def _abbrev_end(text: str, end: int) -> bool:
    """Whether a sentence ending at `end` really ends with an initial or a title (`D.`, `Sen.`)."""
    m = re.search(r"(?:^|[\s(])([A-Za-z]+)\.$", text[max(0, end - 12):end])
    return bool(m) and ((len(m.group(1)) == 1 and m.group(1).isupper()) or m.group(1).lower() in ABBREV_TITLES)


# ---------------------------------------------------------------- names

TITLES = {
    "president", "vice", "prime", "minister", "mr", "mrs", "ms", "dr", "sen", "senator", "rep",
    "gov", "governor", "mayor", "judge", "justice", "gen", "general", "col", "colonel", "lt",
    "sgt", "captain", "capt", "chancellor", "secretary", "chairman", "chairwoman", "ceo",
    "king", "queen", "prince", "princess", "pope", "rev", "father", "sir", "lady", "lord",
    "ambassador", "commissioner", "director", "professor", "prof", "spokesman", "spokeswoman",
    "sheikh", "cardinal", "bishop", "rabbi", "imam", "officer", "detective", "sheriff", "coach",
    "speaker", "leader", "premier", "attorney", "deputy", "chief", "admiral", "major",
}
ORG_WORDS = {
    "ministry", "department", "agency", "office", "party", "group", "company", "corp",
    "corporation", "inc", "ltd", "llc", "plc", "council", "committee", "commission", "court",
    "government", "administration", "police", "army", "navy", "forces", "force", "bank",
    "university", "institute", "association", "union", "federation", "organization",
    "organisation", "foundation", "service", "services", "bureau", "authority", "board",
    "parliament", "congress", "senate", "assembly", "cabinet", "center", "centre", "network",
    "news", "times", "post", "journal", "press", "tribune", "herald", "guardian", "telegraph",
    "television", "radio", "channel", "agency", "network", "team", "club", "league", "fund",
    "church", "school", "hospital", "airlines", "airways", "motors", "group", "coalition",
    "alliance", "movement", "front", "brigade", "guard", "command", "staff", "house", "pentagon",
    "states", "nations", "republic", "kingdom", "city", "county", "province", "region", "state",
}
# Capitalised words that start sentences without being names.
NOT_NAMES = {
    "the", "a", "an", "and", "but", "or", "so", "yet", "in", "on", "at", "of", "for", "to", "by",
    "with", "from", "as", "after", "before", "since", "while", "when", "where", "if", "though",
    "although", "because", "during", "despite", "meanwhile", "however", "still", "also", "this",
    "that", "these", "those", "it", "its", "he", "she", "they", "we", "i", "you", "his", "her",
    "their", "our", "my", "your", "there", "here", "what", "who", "which", "why", "how", "no",
    "not", "yes", "some", "many", "most", "all", "both", "each", "every", "one", "two", "three",
    "several", "other", "another", "such", "according", "last", "next", "earlier", "later",
    "now", "then", "today", "yesterday", "tomorrow", "asked", "speaking", "overall", "instead",
    "indeed", "thus", "even", "just", "only", "until", "unlike", "like", "about", "over",
    "under", "into", "through", "among", "against", "between", "without", "within", "whether",
    "than", "once", "again", "more", "less", "much", "few", "any", "nor", "per", "via", "amid",
    "following", "including", "regarding", "up", "down", "out", "off", "new",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "mon", "tue", "wed", "thu", "fri", "sat", "sun",
}
DAYS_MONTHS = {w for w in NOT_NAMES if w in {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december"}}
ABBREV_TITLES = {"mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "col", "lt", "sgt", "capt", "prof",
                 "rev", "st", "jr", "sr", "adm", "maj", "cmdr", "supt", "insp", "det", "pres"}
CONNECTORS = {"of", "for", "de", "del", "da", "van", "von", "al", "bin", "la", "le", "du", "der"}
_POSSESSIVE = re.compile(r"['’]s?$")


@dataclass(frozen=True)
class Name:
    """A capitalised name mention with a rough type: person, organisation or unknown."""

    start: int
    end: int
    text: str
    kind: str


def is_cap(word: str) -> bool:
    return bool(word) and word[0].isupper() and any(ch.isalpha() for ch in word)


def _sentence_initial(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and text[i] in " \t\"'“”‘’«»(•*-–—":
        if text[i] in "•*–—" or (text[i] == "-" and i > 0 and text[i - 1] in "\n"):
            return True
        i -= 1
    return i < 0 or text[i] in ".!?\n:;"


def _strip_possessive(text: str, s: int, e: int) -> tuple[int, int, bool]:
    """`Smith's` -> `Smith` (and a flag: a possessive ends the name)."""
    m = _POSSESSIVE.search(text[s:e])
    if m and len(m.group()) == 2 and e - s > 2:
        return s, e - 2, True
    return s, e, False


def find_names(text: str) -> list[Name]:
    """Capitalised name mentions in text order, each typed person / organisation / unknown."""
    toks = tokenize(text)
    names: list[Name] = []
    persons_last: set[str] = set()
    i = 0
    while i < len(toks):
        s, e = toks[i]
        w = text[s:e]
        if not is_cap(w) or (w.lower() in NOT_NAMES) or (
            _sentence_initial(text, s) and _sentence_common(text, toks, i)
        ):
            i += 1
            continue
        j = i
        parts = [(s, e)]
        poss = False
        while True:
            ps, pe, poss = _strip_possessive(text, *parts[-1])
            if poss:
                parts[-1] = (ps, pe)
                break
            k = j + 1
            cur = text[slice(*toks[j])]
            if (k + 1 < len(toks) and text[slice(*toks[k])] == "." and toks[k][0] == toks[j][1]
                    and (cur.lower() in ABBREV_TITLES or (len(cur) == 1 and cur.isupper()))
                    and text[toks[k][1]:toks[k + 1][0]] == " " and is_cap(text[slice(*toks[k + 1])])):
                j = k + 1  # `Mr. Clarke`, `Joseph R. Biden`
                parts.extend([toks[k], toks[k + 1]])
                continue
            if k < len(toks) and text[toks[j][1]:toks[k][0]] in ("", " ") and is_cap(text[slice(*toks[k])]) \
                    and text[slice(*toks[k])].lower() not in NOT_NAMES - {"new"}:
                j = k
                parts.append(toks[k])
                continue
            if (k + 1 < len(toks) and text[slice(*toks[k])].lower() in CONNECTORS
                    and text[toks[j][1]:toks[k][0]] == " " and is_cap(text[slice(*toks[k + 1])])
                    and text[slice(*toks[k + 1])].lower() not in NOT_NAMES):
                j = k + 1
                parts.append(toks[k])
                parts.append(toks[k + 1])
                continue
            if (k + 2 < len(toks) and text[slice(*toks[k])].lower() == "of"
                    and text[slice(*toks[k + 1])].lower() == "the" and is_cap(text[slice(*toks[k + 2])])):
                j = k + 2
                parts.extend([toks[k], toks[k + 1], toks[k + 2]])
                continue
            break
        start, end = parts[0][0], parts[-1][1]
        words = [text[a:b].lower().rstrip(".") for a, b in parts]
        kind = _name_kind(text, start, words, persons_last)
        if kind == "person":
            persons_last.add(words[-1])
        names.append(Name(start, end, text[start:end], kind))
        i = j + 1
    return names


def _sentence_common(text: str, toks, i: int) -> bool:
    """A capitalised sentence-initial word that is probably not a name (verb forms, adverbs)."""
    w = text[slice(*toks[i])]
    low = w.lower()
    if low.endswith(("ing", "ed", "ly")) and len(low) > 4:
        return True
    return False


def _name_kind(text: str, start: int, words: list[str], persons_last: set[str]) -> str:
    before = text[max(0, start - 4):start].lower()
    if words[-1] not in ORG_WORDS and any(w in TITLES for w in words[:-1]) and not before.endswith("the "):
        return "person"  # `House Speaker Paul Ryan`, `Defense Minister Jane Roe`
    if any(w in ORG_WORDS for w in words) or before.endswith("the "):
        return "organisation"
    if len(words) == 1 and len(words[0]) > 1 and text[start:start + len(words[0])].isupper():
        return "organisation"
    if any(w in TITLES for w in words[:-1]):
        return "person"
    core = [w for w in words if w not in TITLES and w not in CONNECTORS]
    if any(w in CONNECTORS for w in words):
        return "organisation"
    if len(core) >= 2:
        return "person"
    if core and core[-1] in persons_last:
        return "person"
    prev = text[max(0, start - 30):start].lower().split()
    if prev and prev[-1].rstrip(".") in TITLES:
        return "person"
    return "unknown"
