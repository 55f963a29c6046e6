"""Discourse memory across units: names seen and speakers so far, for pronouns and
continuations."""
from __future__ import annotations

from ..textutil import Name
from ..wordlists import PRONOUNS
from .model import Agent, Found


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
