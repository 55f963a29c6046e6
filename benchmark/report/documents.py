"""One document of the report: its text with every span marked, and one card per item.

With several systems the document is a row of columns, one per system, each the same text
marked with the gold spans and that system's predictions, above that system's cards. All
markup is built from constants and `safe`; what the page's JS filters on is in `data-`
attributes (the verdict, stance, type, phenomena of each card; the item keys of each segment).
"""
from __future__ import annotations

from .items import first_offset, stance_of
from .safe import attr, script_json, text
from .segments import Mark, segment

# mark kind -> (the element a segment wraps its text in, its class, label): elements with
# a default look (underline, highlight, bold, italics), so marks stay visible without the CSS
MARK_ELEMENTS = {
    "gold_content": ("u", "qb-gc", "gold content"),
    "pred_content": ("mark", "qb-pc", "predicted content"),
    "gold_cue": ("b", "qb-gq", "gold cue"),
    "gold_speaker": ("i", "qb-gs", "gold speaker"),
    "pred_speaker": ("em", "qb-ps", "predicted speaker"),
}
_SPAN_SOURCES = (("gold_spans", "gold_content"), ("aligned_spans", "pred_content"),
                 ("gold_cue_spans", "gold_cue"), ("gold_speaker_spans", "gold_speaker"),
                 ("pred_speaker_span", "pred_speaker"))


def marks_of(items) -> list:
    return [Mark(s, e, kind, it["key"]) for it in items for column, kind in _SPAN_SOURCES for s, e in it[column]]


def _plain(s: str) -> str:
    return text(s).replace("\r\n", "\n").replace("\n", "<br>")


# a tooltip names at most this many marks, each id cut to this many characters: a segment
# under a thousand nested predictions (or a 100 KB id over a hundred segments) would
# otherwise repeat every line in every segment, and the page grow quadratically
TIP_LINES, TIP_ID = 12, 80


def _short(value) -> str:
    s = str(value)
    half = TIP_ID // 2
    return s if len(s) <= TIP_ID else s[:half - 1] + "…" + s[-half:]  # both ends: ids often differ at the end


def _who(item, kind: str) -> str:
    """`gold A1` or `predicted 7`, the id cut short and bidi-isolated (FSI ... PDI), so a
    right-to-left override in an id cannot reorder the rest of the tooltip line."""
    value = item["gold_id"] if kind.startswith("gold") else item["pred_id"]
    who = "gold" if kind.startswith("gold") else "predicted"
    return f"{who} \u2068{_short(value or '?')}\u2069"


def _tip(seg, by_key) -> str:
    lines = list(dict.fromkeys(f"{MARK_ELEMENTS[m.kind][2]}: {_who(by_key[m.item], m.kind)} "
                               f"({by_key[m.item]['verdict']})" for m in seg.marks))
    if len(lines) > TIP_LINES:
        lines = lines[:TIP_LINES] + [f"… and {len(lines) - TIP_LINES} more"]
    return "\n".join(lines)


def marked_text(doc_text: str, items) -> str:
    """The document text, cut into segments (see `segments`), each marked segment a
    `span.qb-seg` with the keys and verdicts of the items covering it and a tooltip."""
    by_key = {it["key"]: it for it in items}
    out = []
    for seg in segment(doc_text, marks_of(items)):
        piece = _plain(doc_text[seg.start:seg.end])
        if not seg.marks:
            out.append(piece)
            continue
        for kind in reversed(seg.kinds):  # innermost first
            tag, cls, _ = MARK_ELEMENTS[kind]
            verdict = next(by_key[m.item]["verdict"] for m in seg.marks if m.kind == kind)
            piece = f'<{tag} class="{cls} qb-v-{attr(verdict)}">{piece}</{tag}>'
        keys = seg.items
        verdicts = dict.fromkeys(by_key[k]["verdict"] for k in keys)  # each once: the page filters on data-i
        out.append(f'<span class="qb-seg" data-i="{attr(" ".join(keys))}" '
                   f'data-v="{attr(" ".join(verdicts))}" title="{attr(_tip(seg, by_key))}">{piece}</span>')
    return "".join(out)


def _badge(label: str, cls: str) -> str:
    return f'<span class="qb-badge {cls}">{text(label)}</span>'


def _pair_row(field: str, gold, pred, wrong: bool) -> str:
    if gold is None and pred is None:
        return ""
    mark = " qb-wrong" if wrong else ""
    sign = '<td class="qb-ne" title="gold and predicted differ">≠</td>' if wrong else '<td class="qb-ne"></td>'
    return (f'<tr class="qb-field{mark}"><th>{text(field)}</th><td class="qb-gold">{text(gold)}</td>{sign}'
            f'<td class="qb-pred">{text(pred)}</td></tr>')


_COLS = ('<colgroup><col class="qb-c-field"><col class="qb-c-gold"><col class="qb-c-ne">'
         '<col class="qb-c-pred"></colgroup>')


def card(item) -> str:
    """One item: verdict and flags, ids, type and phenomena, then gold beside predicted for
    content, cue, speaker and stance (a wrong speaker or stance marked, with both values)."""
    v = item["verdict"]
    head = [_badge(v, f"qb-v-{attr(v)}")] + [_badge(f, f"qb-flag qb-f-{f}") for f in item["flags"]]
    ids = []
    if item["gold_id"] is not None:
        ids.append(f"gold <bdi>{text(item['gold_id'])}</bdi>")
    if item["pred_id"] is not None:
        line = f" (line {item['line']})" if item["line"] is not None else ""
        ids.append(f"predicted <bdi>{text(item['pred_id'])}</bdi>{line}")
    meta = [text(item["type"]) if item["type"] else ""] + [text(", ".join(item["phenomena"]))]
    if item["overlap"] is not None and item["gold_id"] is not None and item["pred_id"] is not None:
        meta.append(f"overlap {item['overlap']:.2f}")
    head.append(f'<span class="qb-ids">{" · ".join(ids)}</span>')
    head.append(f'<span class="qb-meta">{" · ".join(m for m in meta if m)}</span>')
    aligned = item["aligned_text"]
    pred_content = item["pred_text"]
    rows = [_pair_row("content", item["gold_text"], pred_content, False)]
    if aligned is not None and aligned != pred_content:
        rows.append(_pair_row("aligned to", None, aligned, False))
    elif item["pred_id"] is not None and aligned is None:
        rows.append(_pair_row("aligned to", None, "(not found in the document)", False))
    rows.append(_pair_row("cue", item["gold_cue"], item["pred_cue"], False))
    rows.append(_pair_row("speaker", item["gold_speaker"], item["pred_speaker"], item["speaker_correct"] is False))
    rows.append(_pair_row("stance", item["gold_stance"], item["pred_stance"], item["stance_correct"] is False))
    detail = f'<p class="qb-detail">{text(item["detail"])}</p>' if item["detail"] else ""
    data = (f'data-i="{attr(item["key"])}" data-verdict="{attr(v)}" data-flags="{attr(" ".join(item["flags"]))}" '
            f'data-stance="{attr(stance_of(item) or "")}" data-type="{attr(item["type"] or "")}" '
            f'data-phen="{attr(script_json(list(item["phenomena"])))}"')
    return (f'<li class="qb-item qb-v-{attr(v)}" {data}><div class="qb-head">{" ".join(head)}</div>'
            f'<table class="qb-pairs">{_COLS}<thead><tr><th></th><th>gold</th><th></th><th>predicted</th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>{detail}</li>')


def ordered(items) -> list:
    return sorted(items, key=lambda it: (first_offset(it), it["gold_id"] is None, it["key"]))


def document(doc_id: str, doc_text: str | None, columns) -> str:
    """A `section.qb-doc`: for each (system name, items of this document) a column with
    the marked text and the cards."""
    cols = []
    for name, items in columns:
        items = ordered(items)
        body = (marked_text(doc_text, items) if doc_text is not None
                else '<em class="qb-missing">(document text not available)</em>')
        cards = "".join(card(it) for it in items) or '<li class="qb-none">no gold or predicted attributions</li>'
        cols.append(f'<div class="qb-col"><h3 class="qb-sys">{text(name)}</h3>'
                    f'<div class="qb-text">{body}</div><ol class="qb-items">{cards}</ol></div>')
    return (f'<section class="qb-doc" data-doc="{attr(doc_id)}"><h2 class="qb-docid">{text(doc_id)}</h2>'
            f'<div class="qb-cols" style="--qb-ncols: {len(cols)}">{"".join(cols)}</div></section>')
