"""The reporting-cue lexicon (lexicon.tsv) and the stance vocabulary (stance_words.tsv).

Kept as data files so that a reader can see, and extend, what the rules know.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

_HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class CueEntry:
    """One inflected form of a cue: its lemma, stance class and syntactic frame."""

    lemma: str
    stance: str  # claim | denial | accusation
    frame: str  # that | object | deny | target | source | intermediary
    form: tuple[str, ...]  # lower-case tokens, e.g. ("according", "to")

    @property
    def participle(self) -> bool:
        return self.form[0].endswith("ing") and self.frame not in ("source", "intermediary")


def _rows(name: str):
    with open(_HERE / name, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line and not line.startswith("#"):
                yield line.split("\t")


@lru_cache(maxsize=None)
def cue_lexicon() -> dict[tuple[str, ...], CueEntry]:
    """Every inflected form (as a token tuple) mapped to its entry."""
    out: dict[tuple[str, ...], CueEntry] = {}
    for lemma, stance, frame, forms in _rows("lexicon.tsv"):
        for form in forms.split(","):
            key = tuple(form.split())
            out.setdefault(key, CueEntry(lemma, stance, frame, key))
    return out


@lru_cache(maxsize=None)
def cue_lemmas() -> dict[str, tuple[str, str]]:
    """lemma -> (stance, frame), for documentation and tests."""
    return {lemma: (stance, frame) for lemma, stance, frame, _ in _rows("lexicon.tsv")}


@lru_cache(maxsize=None)
def stance_words() -> dict[str, frozenset[tuple[str, ...]]]:
    """class ('blame' | 'negation') -> set of token tuples."""
    out: dict[str, set[tuple[str, ...]]] = {"blame": set(), "negation": set()}
    for word, cls in _rows("stance_words.tsv"):
        out[cls].add(tuple(word.split()))
    return {k: frozenset(v) for k, v in out.items()}
