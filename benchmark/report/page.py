"""The report as a whole page (`render_report`) or as a notebook fragment (`render_fragment`).

Both are the same `div.qb-report`: its CSS is scoped under that class and nothing in it has
an `id`, so two reports in one notebook do not collide; the JS finds each report by class
and keeps its state on it. The page adds a Content-Security-Policy that allows no network
and no script but its own (by hash): even a string that escaped escaping could not load or
run anything. Everything is inline, so the file opens from disk anywhere.
(Not `html.py`: inside this package that name would read as the standard library's `html`.)
"""
from __future__ import annotations

import base64
import hashlib
from functools import lru_cache
from importlib import resources
from pathlib import PurePath
from typing import Mapping

from . import documents, summary
from .items import counts, system_items
from .safe import attr, script_json, text


@lru_cache(maxsize=None)
def asset(name: str) -> str:
    """`report.css` or `report.js`, package data beside this module (shipped in the wheel)."""
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def _records(frame) -> list:
    return frame.to_dict("records") if frame is not None else []


def _errors(result):
    """The result's error table, or None when it was scored without errors=True (where
    `Result.errors` raises)."""
    try:
        return result.errors
    except (AttributeError, ValueError):
        return None


def _system(index: int, name: str, result) -> dict:
    data = getattr(result, "data", None) or {}
    errors = _errors(result)
    return {"index": index, "name": str(name), "frame": _records(result.level_frame()), "data": data,
            "signature": str(getattr(result, "signature", "") or ""), "settings": data.get("settings") or {},
            "items": system_items(errors, index), "has_errors": errors is not None}


def _doc_ids(texts: Mapping[str, str], systems) -> list:
    ids = dict.fromkeys(str(d) for d in texts)
    for s in systems:
        ids.update(dict.fromkeys(it["doc_id"] for it in s["items"] if it["doc_id"] is not None))
    return sorted(ids)


def _page_data(systems, doc_ids) -> dict:
    """The machine-readable summary the page carries (JSON in a non-executed script)."""
    return {"systems": [{"name": s["name"], "signature": s["signature"], "counts": counts(s["items"]),
                         "scores": s["frame"]} for s in systems], "documents": doc_ids}


def report_body(systems: list, texts: Mapping[str, str], standalone: bool) -> str:
    """The `div.qb-report` of every system (name, Result) over the documents in `texts`."""
    texts = {str(k): v for k, v in (texts or {}).items()}
    prepared = [_system(k, name, r) for k, (name, r) in enumerate(systems)]
    doc_ids = _doc_ids(texts, prepared)
    title = " vs ".join(s["name"] for s in prepared)
    parts = [f'<div class="qb-report" data-qb-standalone="{1 if standalone else 0}">',
             f'<script type="application/json" class="qb-data">{script_json(_page_data(prepared, doc_ids))}</script>',
             f'<h1 class="qb-title">quotebench report: {text(title)}</h1>',
             '<div class="qb-summary">', summary.chart(prepared), summary.score_table(prepared),
             "".join(summary.system_block(s) for s in prepared), "</div>"]
    if not any(s["has_errors"] for s in prepared):
        parts.append('<p class="qb-noerrors">Scored without the error table (errors=True): no cases to show.</p>')
    else:
        parts += [summary.legend(), summary.filter_bar(prepared, doc_ids), summary.document_index(prepared, doc_ids),
                  '<div class="qb-docs">']
        for d in doc_ids:
            columns = [(s["name"], [it for it in s["items"] if it["doc_id"] == d]) for s in prepared]
            parts.append(documents.document(d, texts.get(d), columns))
        parts.append("</div>")
    parts.append("</div>")
    return "\n".join(parts)


def _csp(script: str) -> str:
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return (f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
            f"script-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'")


def render_report(systems: list, texts: Mapping[str, str], title: str | None = None) -> str:
    """A self-contained HTML page (inline CSS, JS and SVG; no network) for one or more
    (name, Result) systems scored with errors=True, side by side on the same documents."""
    script = asset("report.js")
    name = title or "quotebench report: " + " vs ".join(str(n) for n, _ in systems)
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f'<meta http-equiv="Content-Security-Policy" content="{attr(_csp(script))}">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{text(name)}</title><style>{asset('report.css')}</style></head>\n<body>\n"
            f"{report_body(systems, texts, standalone=True)}\n<script>{script}</script>\n</body></html>\n")


def render_fragment(systems: list, texts: Mapping[str, str]) -> str:
    """The report as one `div` for a notebook output cell: its own scoped CSS and JS, no
    page hash (filters stay inside the report), readable with the JS disabled."""
    body = report_body(systems, texts, standalone=False)
    return f"<style>{asset('report.css')}</style>\n{body}\n<script>{asset('report.js')}</script>"


def _name(result) -> str:
    """The system's name: its prediction file's stem, as `quotebench report` and `compare` name it."""
    settings = (getattr(result, "data", None) or {}).get("settings") or {}
    source = str(settings.get("predictions") or "predictions")
    return "stdin" if source == "-" else (PurePath(source).stem or source)


def result_html(result, title: str | None = None) -> str:
    """`Result.to_html()`: the page for one result (its error table and texts, when scored
    with errors=True; the summary alone otherwise)."""
    return render_report([(_name(result), result)], getattr(result, "texts", None) or {}, title=title)


def result_repr_html(result) -> str:
    """`Result._repr_html_()`: the same report inline in a notebook."""
    return render_fragment([(_name(result), result)], getattr(result, "texts", None) or {})
