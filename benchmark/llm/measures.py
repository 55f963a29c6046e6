"""What LLM answers get wrong that precision and recall do not show.

- **invented**: predictions whose content cannot be found in the document (unaligned);
- **misquoted**: matched direct quotes whose words, as the system wrote them, are not the
  document's: an ellipsis (`…`, `...`, `[...]`) that marks an omission is no misquote, nor is
  punctuation or a quotation mark (`cities.` for `cities,`); a changed, added or dropped word
  is, and so is a change of case;
- **speaker_unnamed**: matched predictions whose speaker is a pronoun (`he`) or a generic
  noun (`a spokesman for Zelensky`, `officials`: a lower-case head noun) rather than a name,
  so that a reader cannot tell who spoke without the article.

Pure functions; the scorer calls them for each matched pair.
"""
from __future__ import annotations

import difflib
import re

from ..text import QUOTE_CHARS, fold_quotes

_ELLIPSIS = re.compile(r"\s*(?:\[\s*(?:…|\.\.\.)\s*\]|…|\.\.\.)\s*")
_SPACE = re.compile(r"\s+")
_DETERMINERS = re.compile(r"^(?:(?:one|some|two|three|several|many) of (?:the|its|his|her|their) |"
                          r"(?:the|a|an|its|his|her|their|some|several|many|two|three) )+", re.IGNORECASE)


def _folded(s: str) -> str:
    return _SPACE.sub(" ", fold_quotes(s)).strip().strip(QUOTE_CHARS + " ")


def pieces(written: str) -> list[str]:
    """The parts of a written quote between ellipses, with edge quotation marks and
    whitespace folded away."""
    return [p for p in (_folded(x) for x in _ELLIPSIS.split(written)) if p]


_WORD = re.compile(r"\w+(?:'\w+)*")


def _words(s: str) -> list[str]:
    return _WORD.findall(fold_quotes(s))


def is_verbatim(written: str, region: str) -> bool:
    """Whether the words of every piece of `written` occur, in order and each piece without a
    gap, among the words of `region` (the document text the quote was aligned to). Words keep
    their case; punctuation, quotation marks and whitespace do not count, so `cities.` for
    `cities,` is no misquote, but a changed, added or dropped word is."""
    hay = _words(region)
    pos = 0
    for piece in pieces(written):
        need = _words(piece)
        if not need:
            continue
        at = next((i for i in range(pos, len(hay) - len(need) + 1) if hay[i:i + len(need)] == need), None)
        if at is None:
            return False
        pos = at + len(need)
    return True


_UNITS = re.compile(r"\w+|\s+|[^\w\s]")


def char_diff(written: str, actual: str) -> str:
    """The written quote against the text, as `[-text-]{+written+}` marks. The units are
    words and single other characters, so a changed word shows whole (`[-step-]{+move+}`) and
    a changed comma or quotation mark shows alone; whitespace and quotation marks are folded
    on both sides first."""
    a = _UNITS.findall(_SPACE.sub(" ", fold_quotes(actual)).strip())
    b = _UNITS.findall(_SPACE.sub(" ", fold_quotes(written)).strip())
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append("".join(a[i1:i2]))
        if op in ("delete", "replace"):
            out.append(f"[-{''.join(a[i1:i2])}-]")
        if op in ("insert", "replace"):
            out.append(f"{{+{''.join(b[j1:j2])}+}}")
    return "".join(out)


def speaker_form(name: str, is_pronoun) -> str:
    """`pronoun`, `generic` (a description whose head noun is lower-case: `a spokesman for
    Zelensky`, `Ukrainian officials`) or `name`. `is_pronoun` is the scorer's own pronoun test,
    so both agree."""
    if is_pronoun(name):
        return "pronoun"
    core = _DETERMINERS.sub("", name.strip())
    head = re.split(r"\s+(?:for|of|from|at|in|with|to|on)\s+", core, maxsplit=1)[0]
    words = re.findall(r"\w+", head)
    if words and not words[-1][0].isupper():  # the head noun is a common noun: `a spokesman for X`
        return "generic"
    return "name"
