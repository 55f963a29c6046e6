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

Modules: `driver` (the pass over a document), `cues`, `agents`, `direct`, `content`,
`indirect`, `naming` (`called X "..."`), `stance` (the rules' own stance, with
stance_lexicon.tsv); `model` holds the shared types, `discourse` the memory across units.
"""
from __future__ import annotations

from benchmark.model import Document

from ..base import Baseline, prediction
from .driver import analyse
from .model import Agent, Found

__all__ = ["Agent", "Found", "RulesBaseline", "analyse"]


class RulesBaseline(Baseline):
    name = "rules"
    protocol = "no training; lexicon and patterns developed on dev and PolNeAR dev, frozen before test"

    def predict(self, document: Document) -> list[dict]:
        return [
            prediction(document, f.content, type=f.type, stance=f.stance,
                       speaker=(f.agent.name if f.agent else None),
                       speaker_span=f.speaker_span or ((f.agent.start, f.agent.end) if f.agent else None),
                       cue_span=f.cue)
            for f in analyse(document.text)
        ]
