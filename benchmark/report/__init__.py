"""The HTML error report: `quotebench report`, `Result.to_html()`, `Result._repr_html_()`.

One self-contained page (or notebook fragment) with the scores and, per document, the text
with gold and predicted spans marked and a card per attribution with its verdict. Pure
functions from results to a string; the modules:

- `safe`: the only ways a user string reaches the markup (escaping, JSON for scripts);
- `segments`: text cut at every span boundary, so overlapping spans render;
- `items`: a Result's error table as clean per-item dicts;
- `documents`, `summary`: the two halves of the page; `page`: the page and the fragment;
- `report.css`, `report.js`: the inline assets (package data).
"""
from .page import render_fragment, render_report, result_html, result_repr_html

__all__ = ["render_report", "render_fragment", "result_html", "result_repr_html"]
