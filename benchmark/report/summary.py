"""The top of the report: scores with intervals, a chart, verdict counts that filter, the
signature, the legend, the filter bar and an index of the documents.

Scores come from `Result.to_frame()` (one row per level, CI bounds, NaN where a level does
not apply), so the page shows exactly what `quotebench score` prints.
"""
from __future__ import annotations

import math

from .documents import MARK_ELEMENTS
from .items import FLAGS, VERDICTS, counts, stance_of
from .safe import attr, hash_value, text

LEVEL_NAMES = ("quote", "speaker", "stance", "full")
SYSTEM_COLOURS = ("#3b6ea8", "#d08a2e", "#4f9a6b", "#a8508f", "#6d6d6d")


def _num(v) -> float | None:
    try:
        v = float(v)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(v) else v


def _fmt(v) -> str:
    v = _num(v)
    return "n/a" if v is None else f"{v:.3f}"


def _ci(lo, hi) -> str:
    lo, hi = _num(lo), _num(hi)
    return "" if lo is None or hi is None else f'<span class="qb-ci">[{lo:.2f}, {hi:.2f}]</span>'


def _int(v) -> str:
    v = _num(v)
    return "" if v is None else str(int(v))


def filter_link(label: str, **state) -> str:
    """A link that sets filters: `#verdict=missed` (the page's JS reads the hash, and
    intercepts the click in a notebook, where there is no page hash to own). `label` is
    markup: callers pass it escaped."""
    h = "&".join(f"{k}={hash_value(v)}" for k, v in state.items())
    return f'<a class="qb-filter-link" href="#{attr(h)}" data-qb-state="{attr(h)}">{label}</a>'


def score_table(systems) -> str:
    """P, R, F1 with their 95% intervals and TP/FP/FN, per level (and per system)."""
    many = len(systems) > 1
    head = ("<tr>" + ("<th>system</th>" if many else "") + "<th>level</th><th>P</th><th>R</th><th>F1</th>"
            "<th>TP</th><th>FP</th><th>FN</th></tr>")
    rows = []
    for s in systems:
        for r in s["frame"]:
            cells = (f'<td class="qb-sysname">{text(s["name"])}</td>' if many else "") + f"<td>{text(r['level'])}</td>"
            for m in ("precision", "recall", "f1"):
                cells += f'<td class="qb-num">{_fmt(r[m])} {_ci(r[m + "_lo"], r[m + "_hi"])}</td>'
            for c in ("tp", "fp", "fn"):
                cells += f'<td class="qb-num" data-count="{c}">{_int(r[c])}</td>'
            rows.append(f'<tr data-system="{s["index"]}" data-level="{attr(r["level"])}">{cells}</tr>')
    return f'<table class="qb-scores"><thead>{head}</thead><tbody>{"".join(rows)}</tbody></table>'


def chart(systems) -> str:
    """Inline SVG: F1 per level, one bar per system, its 95% interval as a whisker."""
    bar, gap, group_gap, height, top, left = 18, 3, 22, 120, 10, 34
    n = len(systems)
    group = n * (bar + gap) + group_gap
    width = left + len(LEVEL_NAMES) * group + 10
    y = lambda v: top + height * (1 - v)  # noqa: E731
    parts = [f'<svg class="qb-chart" role="img" aria-label="F1 per level with 95% intervals" '
             f'width="{width}" height="{top + height + 34}" viewBox="0 0 {width} {top + height + 34}">']
    for t in (0, 0.5, 1):
        parts.append(f'<line class="qb-grid" x1="{left}" x2="{width - 6}" y1="{y(t):.1f}" y2="{y(t):.1f}"/>'
                     f'<text class="qb-axis" x="{left - 4}" y="{y(t) + 4:.1f}" text-anchor="end">{t:g}</text>')
    for g, level in enumerate(LEVEL_NAMES):
        x0 = left + g * group + group_gap / 2
        for k, s in enumerate(systems):
            row = next((r for r in s["frame"] if r["level"] == level), None)
            f1 = _num(row["f1"]) if row else None
            x = x0 + k * (bar + gap)
            colour = SYSTEM_COLOURS[k % len(SYSTEM_COLOURS)]
            if f1 is None:
                parts.append(f'<text class="qb-axis" x="{x + bar / 2:.1f}" y="{y(0) - 4:.1f}" text-anchor="middle">n/a</text>')
                continue
            lo, hi = _num(row["f1_lo"]), _num(row["f1_hi"])
            tip = f"{s['name']}, {level} F1 {f1:.3f}" + (f" [{lo:.2f}, {hi:.2f}]" if lo is not None and hi is not None else "")
            parts.append(f'<g class="qb-bar"><title>{text(tip)}</title>'
                         f'<rect x="{x:.1f}" y="{y(f1):.1f}" width="{bar}" height="{height * f1:.1f}" fill="{colour}"/>')
            if lo is not None and hi is not None:
                cx = x + bar / 2
                parts.append(f'<path class="qb-whisker" d="M{cx:.1f} {y(hi):.1f}V{y(lo):.1f}M{cx - 4:.1f} {y(hi):.1f}'
                             f'h8M{cx - 4:.1f} {y(lo):.1f}h8"/>')
            parts.append("</g>")
        parts.append(f'<text class="qb-axis" x="{x0 + n * (bar + gap) / 2:.1f}" y="{top + height + 16}" '
                     f'text-anchor="middle">{level}</text>')
    parts.append("</svg>")
    legend = "".join(f'<span class="qb-key"><span class="qb-swatch" style="background:{SYSTEM_COLOURS[k % len(SYSTEM_COLOURS)]}">'
                     f'</span>{text(s["name"])}</span>' for k, s in enumerate(systems))
    return f'<figure class="qb-figure">{"".join(parts)}<figcaption>F1 with 95% interval · {legend}</figcaption></figure>'


def verdict_counts(s) -> str:
    """`correct: 12 · missed: 3 ...`, each a link that filters the page to those cases."""
    c = counts(s["items"])
    links = [f'<span class="qb-count qb-v-{v}" data-verdict-count="{v}">'
             + filter_link(f'{v}: <span class="qb-n">{c[v]}</span>', verdict=v) + "</span>" for v in VERDICTS + FLAGS]
    return f'<p class="qb-counts" data-system="{s["index"]}">{" · ".join(links)}</p>'


def _extras(data: dict) -> str:
    """Stance macro-F1 and the LLM measures, as `Result`'s table prints them."""
    out = []
    st = data.get("stance") or {}
    if st.get("macro_f1") is not None:
        lo, hi = (st.get("macro_f1_ci") or [None, None])[:2]
        out.append(f"stance macro-F1 {_fmt(st['macro_f1'])} {_ci(lo, hi)}")
    llm = data.get("llm") or {}
    if llm:
        out.append("LLM measures: " + "; ".join(f"{text(m)} {_int(v.get('count'))} of {_int(v.get('of'))}"
                                                for m, v in llm.items() if isinstance(v, dict)))
    return f'<p class="qb-where">{"<br>".join(out)}</p>' if out else ""


def system_block(s) -> str:
    st = s["settings"]
    where = f"{text(st.get('predictions'))} against {text(st.get('gold'))}" if st else ""
    sizes = (f"{st.get('documents')} document(s), {st.get('gold_attributions')} gold and "
             f"{st.get('predicted_attributions')} predicted attributions; match {text(st.get('match'))}") if st else ""
    return (f'<div class="qb-system" data-system="{s["index"]}"><h3>{text(s["name"])}</h3>'
            f'<p class="qb-where">{where}<br>{sizes}</p>{_extras(s["data"])}{verdict_counts(s)}'
            f'<p class="qb-signature">signature: <code>{text(s["signature"])}</code></p></div>')


def legend() -> str:
    keys = "".join(f'<span class="qb-key"><{tag} class="{cls}">{label}</{tag}></span>'
                   for tag, cls, label in MARK_ELEMENTS.values())
    verdicts = " ".join(f'<span class="qb-badge qb-v-{v}">{v}</span>' for v in VERDICTS)
    return (f'<div class="qb-legend"><strong>Marks:</strong> {keys}<br><strong>Verdicts:</strong> {verdicts} '
            '(gold content is underlined and predicted content highlighted in the colour of the verdict; '
            'hover a mark for whose it is)</div>')


def _options(name: str, label: str, values) -> str:
    opts = "".join(f'<option value="{attr(v)}">{text(v)}</option>' for v in values)
    return f'<label>{label} <select data-qb-key="{name}"><option value="">all</option>{opts}</select></label>'


def filter_bar(systems, doc_ids) -> str:
    """The filter controls (shown only once the JS runs: without it they could do nothing)."""
    items = [it for s in systems for it in s["items"]]
    stances = sorted({stance_of(it) for it in items if stance_of(it)})
    types = sorted({it["type"] for it in items if it["type"]})
    phen = sorted({p for it in items for p in it["phenomena"]})
    return ('<div class="qb-filters">' + _options("verdict", "verdict", VERDICTS + FLAGS)
            + _options("stance", "stance", stances) + _options("type", "type", types)
            + _options("phenomenon", "phenomenon", phen) + _options("doc", "document", doc_ids)
            + '<button type="button" class="qb-clear">show all</button> <span class="qb-status"></span></div>'
            '<p class="qb-nojs">Filters need JavaScript, which is off here: every case is shown below.</p>')


def document_index(systems, doc_ids) -> str:
    """One row per document: its verdict counts (per system), the id a link to it alone."""
    head = "<tr><th>document</th>" + "".join(f"<th>{v}</th>" for v in VERDICTS) + "</tr>"
    per = [{} for _ in systems]
    for k, s in enumerate(systems):
        for it in s["items"]:
            per[k].setdefault(it["doc_id"], []).append(it)
    rows = []
    for d in doc_ids:
        cs = [counts(p.get(d, ())) for p in per]
        cells = "".join(f'<td class="qb-num">{" / ".join(str(c[v]) for c in cs)}</td>' for v in VERDICTS)
        rows.append(f"<tr><td>{filter_link(text(d), doc=d)}</td>{cells}</tr>")
    note = " (per system: " + " / ".join(text(s["name"]) for s in systems) + ")" if len(systems) > 1 else ""
    return (f'<details class="qb-index"><summary>{len(doc_ids)} document(s){note}</summary>'
            f'<table class="qb-doclist"><thead>{head}</thead><tbody>{"".join(rows)}</tbody></table></details>')
