"""Stance of an attribution: the cue's class decides; a `claim` cue is refined by the content.

Order as in the annotation guidelines: a cue that names the act (deny, accuse, ...) decides;
otherwise blame vocabulary in the content makes an accusation (unless negated: `no cover-up`),
negation makes a denial (not `No. 14`, nor a negation inside an `if`/`unless` clause), and
anything else is a claim. Word lists: stance_words.tsv.
"""
from __future__ import annotations

from benchmark.text import tokenize

from .lexicon import stance_words


def stance_of(cue_class: str, content: str) -> str:
    """The cue's class decides; a plain `claim` cue is refined by the content's words."""
    if cue_class != "claim":
        return cue_class
    return refine_stance(content)


def refine_stance(content: str) -> str:
    """accusation if the content uses blame vocabulary, denial if it negates, else claim."""
    words = [content[s:e].lower().replace("’", "'") for s, e in tokenize(content)]
    vocab = stance_words()

    def hits(cls: str) -> set[int]:
        out = set()
        for phrase in vocab[cls]:
            n = len(phrase)
            for i in range(len(words) - n + 1):
                if tuple(words[i:i + n]) == phrase:
                    out.add(i)
        return out

    blame = hits("blame")
    negs = hits("negation") | {i for i, w in enumerate(words) if w.endswith("n't")}
    negs = {n for n in negs if not _abbreviation(words, n) and not _in_condition(words, n)}
    if any(not any(b - 3 <= n < b for n in negs) for b in blame):
        return "accusation"  # blame vocabulary, unless negated (`no cover-up` is a denial)
    if negs:
        return "denial"
    return "claim"


_CONDITION = frozenset(("if", "unless", "whether"))
_CLAUSE_END = frozenset((",", ";", ":", ".", "!", "?", "then"))


def _abbreviation(words: list[str], n: int) -> bool:
    """`No. 14`: the number sign, not a negation."""
    return words[n] == "no" and words[n + 1:n + 2] == ["."] and words[n + 2:n + 3] != [] and words[n + 2][:1].isdigit()


def _in_condition(words: list[str], n: int) -> bool:
    """A negation inside an `if`/`unless` clause (`If the rains do not come, ...`) states a
    condition, not a denial."""
    for k in range(n - 1, max(-1, n - 9), -1):
        if words[k] in _CLAUSE_END:
            return False
        if words[k] in _CONDITION:
            return True
    return False
