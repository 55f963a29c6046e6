"""What LLM answers get wrong that precision and recall do not show.

- **invented**: predictions whose content cannot be found in the document (unaligned);
- **misquoted**: matched direct quotes whose text, as the system wrote it, is not verbatim in
  the document after folding quotation marks and whitespace. An ellipsis (`…`, `...`,
  `[...]`) that marks an omission is no misquote; a changed, added or dropped word is, and so
  is a change of case;
- **speaker_unnamed**: matched predictions whose speaker is a pronoun (`he`) or a generic
  noun (`a spokesman`, `officials`) rather than a name, so that a reader cannot tell who
  spoke without the article.

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


def is_verbatim(written: str, region: str) -> bool:
    """Whether every piece of `written` occurs, in order, in `region` (the document text the
    quote was aligned to), quotation marks and whitespace folded."""
    hay = _SPACE.sub(" ", fold_quotes(region))
    pos = 0
    for piece in pieces(written):
        at = hay.find(piece, pos)
        if at < 0:
            return False
        pos = at + len(piece)
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
    """`pronoun`, `generic` (a description with no capitalised word after its determiner) or
    `name`. `is_pronoun` is the scorer's own pronoun test, so both agree."""
    if is_pronoun(name):
        return "pronoun"
    core = _DETERMINERS.sub("", name.strip())
    words = re.findall(r"\w+", core)
    if words and not any(w[0].isupper() for w in words):
        return "generic"
    return "name"
