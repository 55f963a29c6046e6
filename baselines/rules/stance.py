"""Stance for the rules baseline, in the guidelines' decision order (§6, §10.3).

1. A cue that names the act (deny, accuse, ...) decides.
2. Content that ascribes wrongdoing is an accusation: blame vocabulary (shared
   baselines/stance_words.tsv) that is neither negated (`no cover-up`) nor in the service of
   fighting it (`a criminal investigation`, `punish the crime`). Hedges and conditions do not
   remove it (`may have lied`, `if they cheated`).
3. Content that rejects a proposition in play is a denial: rejection words (`false`,
   `innocent`, `not true`), or a negated charge (`no cover-up`, `I never threatened anyone`).
   A negation that answers nobody (`we have never seen a pandemic like this`) is a claim.
4. Otherwise a claim.

baselines/stance.py keeps the older content rule (any negation is a denial) because the
learned baseline uses it as a feature; this module is the rules' own. Word lists:
stance_words.tsv (blame) and stance_lexicon.tsv beside this file (rejection, deniable,
countering).
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from benchmark.text import tokenize

from ..lexicon import stance_words
from ..stance import _abbreviation as _number_sign  # `No. 14`: the number sign, not a negation

_HERE = Path(__file__).resolve().parent

NEGATORS = frozenset(("not", "never", "no", "nothing", "nobody", "none", "neither", "nor", "cannot"))
_CONDITION = frozenset(("if", "unless", "whether"))
_CLAUSE_END = frozenset((",", ";", ":", ".", "!", "?", "then", "but"))
#: how far a negation may stand before what it negates, and a countering word from blame
NEGATION_REACH = 3
COUNTER_REACH = 4


@lru_cache(maxsize=None)
def _lexicon() -> dict[str, dict[str, tuple[tuple[str, ...], ...]]]:
    """class -> first word -> phrases starting with it (longest first), for one pass per text."""
    rows: dict[str, set[tuple[str, ...]]] = {"blame": set(stance_words()["blame"])}
    with open(_HERE / "stance_lexicon.tsv", encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line and not line.startswith("#"):
                phrase, cls = line.split("\t")
                rows.setdefault("blame" if cls == "wrongdoing" else cls, set()).add(tuple(phrase.split()))
    out: dict[str, dict[str, tuple[tuple[str, ...], ...]]] = {}
    for cls, phrases in rows.items():
        index: dict[str, list[tuple[str, ...]]] = {}
        for p in phrases:
            index.setdefault(p[0], []).append(p)
        out[cls] = {k: tuple(sorted(v, key=len, reverse=True)) for k, v in index.items()}
    return out


def content_words(content: str) -> list[str]:
    """Lower-case tokens with curly apostrophes straightened (`don’t` -> `don't`)."""
    return [content[s:e].lower().replace("’", "'") for s, e in tokenize(content)]


def phrase_hits(words: list[str], cls: str) -> list[int]:
    """Positions where a phrase of class `cls` starts (one pass, phrases indexed by first word)."""
    index = _lexicon().get(cls, {})
    out = []
    for i, w in enumerate(words):
        for p in index.get(w, ()):
            if tuple(words[i:i + len(p)]) == p:
                out.append(i)
                break
    return out


def stance_for(cue_class: str, content: str) -> str:
    """The cue's class when it names the act, else the content's stance."""
    if cue_class != "claim":
        return cue_class
    return content_stance(content)


def content_stance(content: str) -> str:
    """accusation, denial or claim from the content's words (rules 2-4 of the guidelines)."""
    words = content_words(content)
    negs = [i for i in negation_positions(words) if not _in_condition(words, i)]
    blame = [b for b in phrase_hits(words, "blame") if not _countered(words, b)]
    negated = [b for b in blame if _negated_at(negs, b)]
    if len(negated) < len(blame):
        return "accusation"
    if negated or phrase_hits(words, "rejection"):
        return "denial"
    if any(_negated_at(negs, d) for d in phrase_hits(words, "deniable")):
        return "denial"  # `I never threatened anybody`
    return "claim"


def negation_positions(words: list[str]) -> list[int]:
    """Negators (`not`, `never`, `n't` forms), not the number sign of `No. 14`."""
    return [i for i, w in enumerate(words)
            if (w in NEGATORS or w.endswith("n't")) and not _number_sign(words, i)]


def _negated_at(negs: list[int], i: int) -> bool:
    return any(i - NEGATION_REACH <= n < i for n in negs)


def _countered(words: list[str], b: int) -> bool:
    """Blame vocabulary next to a word of fighting it (`criminal investigation`, `crime will be
    punished`, `protection against abuse`) names no wrongdoer: no accusation."""
    lo, hi = max(0, b - COUNTER_REACH), min(len(words), b + COUNTER_REACH + 1)
    near = set(range(lo, hi)) - {b}
    for c in phrase_hits(words[lo:hi], "countering"):
        if c + lo in near and not any(words[x] in _CLAUSE_END for x in range(min(b, c + lo), max(b, c + lo))):
            return True
    return False


def _in_condition(words: list[str], n: int) -> bool:
    """A negation inside an `if`/`unless` clause (`If the rains do not come, ...`) states a
    condition, not a denial."""
    for k in range(n - 1, max(-1, n - 9), -1):
        if words[k] in _CLAUSE_END:
            return False
        if words[k] in _CONDITION:
            return True
    return False
