"""Discourse memory across units: names seen and speakers so far, for pronouns and
continuations."""
from __future__ import annotations

from bisect import bisect_right

from ..textutil import Name
from ..wordlists import PRONOUNS
from .model import Agent, Found


class _State:
    """Discourse memory: names seen, speakers so far (for pronouns and continuations)."""

    def __init__(self, text: str, names: list[Name]):
        self.text = text
        self.names = names
        self.by_end = {n.end: n for n in names}
        self._name_ends = [n.end for n in names]  # names are in text order
        self.speakers: list[tuple[int, Agent]] = []  # (position, agent with a resolved name)
        self.last: Found | None = None
        #: (agent, cue span, end of the unit) when a unit ends `X said:` and its quote is in the next paragraph
        self.colon_cue: tuple[Agent, tuple[int, int], int] | None = None
        self.gender: dict[str, str] = {}  # last word of a name -> "he" | "she", once a pronoun named it

    def add_speaker(self, pos: int, agent: Agent | None) -> None:
        """Remember a speaker for later pronouns, unless it is an unresolved pronoun."""
        if agent is not None and (agent.kind != "pronoun" or agent.ref):
            self.speakers.append((pos, agent))

    def resolve(self, pron: str, pos: int) -> tuple[str, tuple[int, int]] | None:
        """The antecedent of a pronoun at `pos`: the last compatible speaker when one spoke
        within the last few hundred characters (news keeps its speaker as subject), else the
        nearest compatible named entity; `he` never goes to a name known as `she`, nor back."""
        want = PRONOUNS.get(pron, "unknown")
        if want == "group" and pron == "we":
            return None
        speaker = None
        for p, a in reversed(self.speakers[-SPEAKER_LOOKBACK:]):
            if p < pos and _compatible(want, a.person) and a.ref and self._agrees(pron, a.name, a.start):
                speaker = (p, a)
                break
        name = self._nearest_name(want, pron, pos)
        if speaker is not None and (name is None or pos - speaker[0] <= SPEAKER_REACH or speaker[0] >= name.start):
            out = speaker[1].name, speaker[1].ref
        elif name is not None:
            out = name.text, (name.start, name.end)
        elif speaker is not None:
            out = speaker[1].name, speaker[1].ref
        else:
            return None
        if pron in ("he", "she"):
            self.gender.setdefault(_key(out[0]), pron)
        return out

    def _nearest_name(self, want: str, pron: str, pos: int) -> Name | None:
        """The nearest compatible name ending before `pos` (at most NAME_LOOKBACK names back)."""
        k = bisect_right(self._name_ends, pos)
        fallback = None
        for n in reversed(self.names[max(0, k - NAME_LOOKBACK):k]):
            if not self._agrees(pron, n.text, n.start):
                continue
            if _compatible(want, _person_class(n.kind)):
                return n
            if fallback is None and want == "person" and n.kind == "unknown":
                fallback = n
        return fallback

    def _agrees(self, pron: str, name: str, start: int) -> bool:
        """Gender agreement for `he`/`she`: a known gender (from an earlier pronoun or a title
        such as `Mrs`, `spokeswoman`) must match."""
        if pron not in ("he", "she"):
            return True
        known = self.gender.get(_key(name)) or _title_gender(name)
        return known is None or known == pron


#: a speaker is kept as the antecedent within this many characters, over a nearer name
SPEAKER_REACH = 400
SPEAKER_LOOKBACK = 50
NAME_LOOKBACK = 60
_SHE = frozenset(("mrs", "ms", "miss", "madam", "queen", "lady", "princess", "spokeswoman", "chairwoman",
                  "woman", "mother", "wife", "daughter", "sister", "actress", "widow", "grandmother", "girl",
                  "businesswoman", "congresswoman", "dame"))
_HE = frozenset(("mr", "sir", "king", "lord", "prince", "spokesman", "chairman", "man", "father", "husband",
                 "son", "brother", "actor", "grandfather", "boy", "businessman", "congressman"))


def _key(name: str) -> str:
    words = name.lower().replace("’", "'").split()
    return words[-1].removesuffix("'s") if words else ""


def _title_gender(name: str) -> str | None:
    for w in name.lower().replace(".", " ").split()[:4]:
        if w in _SHE:
            return "she"
        if w in _HE:
            return "he"
    return None


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
