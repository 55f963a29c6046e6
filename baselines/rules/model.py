"""What the rules pass around: a sentence unit with its tokens and quotes, the agent of a cue,
an attribution found; and token-level helpers every pattern uses."""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from ..textutil import ABBREV_TITLES, DAYS_MONTHS, Quote
from ..wordlists import ADJUNCT_PREPS


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


def _skip_time(u: _Unit, k: int) -> int:
    while k < len(u.toks) and (u.lw(k) in DAYS_MONTHS or u.lw(k) in (
            "yesterday", "today", "tonight", "later", "earlier", "also", "morning", "afternoon", "evening", "night")):
        k += 1
    return k


def _trim_end(u: _Unit, s: int, e: int) -> tuple[int, int]:
    t = u.text
    while e > s and (t[e - 1].isspace() or t[e - 1] in ".,;:!?—–-"):
        e -= 1
    while s < e and (t[s].isspace() or t[s] in ",;:—–-"):
        s += 1
    return s, e


def _wordlike(w: str) -> bool:
    """A word, hyphenated compounds included (`45-year-old`, `co-founder`)."""
    return w.isalpha() or (("-" in w) and w.replace("-", "").isalnum() and any(c.isalpha() for c in w))
