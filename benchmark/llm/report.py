"""How the LLM measures and the adaptations of raw answers appear in every output format."""
from __future__ import annotations

MEASURES = ("invented", "misquoted", "speaker_unnamed")
_WHAT = {
    "invented": "predictions not found in the document",
    "misquoted": "matched direct quotes not verbatim",
    "speaker_unnamed": "matched speakers given as a pronoun or generic noun",
}


def _pct(share) -> str:
    return "n/a" if share is None else f"{share:.3f}"


def measure_rows(data: dict) -> list[dict]:
    """One frame row per measure: level = the measure, `count` and `share` of `of`."""
    llm = data.get("llm") or {}
    return [{"level": m, "count": llm[m]["count"], "of": llm[m]["of"],
             "share": llm[m]["share"] if llm[m]["share"] is not None else float("nan")} for m in MEASURES if m in llm]


def measure_lines(data: dict) -> list[str]:
    """The table's block: one line per measure, then the adaptations of raw answers."""
    llm = data.get("llm") or {}
    out = ["", f"{'LLM measures':<18} {'count':>6} {'of':>6} {'share':>6}"]
    for m in MEASURES:
        if m in llm:
            d = llm[m]
            out.append(f"{m:<18} {d['count']:>6} {d['of']:>6} {_pct(d['share']):>6}  {_WHAT[m]}")
    out += adaptation_lines(data)
    return out


def adaptation_lines(data: dict) -> list[str]:
    answers = data.get("answers")
    if not answers:
        return []
    n = answers["responses"]
    return ["", f"raw answers ({n} response{'' if n == 1 else 's'}): {answers['summary']}"]


def measure_markdown(data: dict) -> list[str]:
    llm = data.get("llm") or {}
    out = ["", "| LLM measure | count | of | share |", "|---|---|---|---|"]
    for m in MEASURES:
        if m in llm:
            d = llm[m]
            out.append(f"| {m} | {d['count']} | {d['of']} | {_pct(d['share'])} |")
    answers = data.get("answers")
    if answers:
        n = answers["responses"]
        out.append(f"\nRaw answers ({n} response{'' if n == 1 else 's'}): {answers['summary']}")
    if "errors" in data:  # with --errors: the misquotes and the adaptations, as tables
        cases = (data.get("llm") or {}).get("misquoted", {}).get("cases") or []
        if cases:
            out += ["", "| doc | gold | pred | diff ([-text-]{+written+}) |", "|---|---|---|---|"]
            out += [f"| {c['doc_id']} | {c['gold']} | {c['pred']} | {_md(c['diff'])} |" for c in cases]
        if answers and answers.get("adaptations"):
            out += ["", "| doc | item | adaptation | detail |", "|---|---|---|---|"]
            out += [f"| {a['doc_id']} | {'' if a['item'] is None else a['item']} | {a['kind']} | {_md(a['detail'])} |"
                    for a in answers["adaptations"]]
    return out


def _md(s: str) -> str:
    return str(s).replace("|", "\\|").replace("\n", " ")


def error_lines(data: dict) -> list[str]:
    """With `--errors`: every misquote with its diff, and every adaptation of a raw answer."""
    out = []
    cases = (data.get("llm") or {}).get("misquoted", {}).get("cases")
    if cases:
        out += ["", "misquoted direct quotes ([-text-]{+written+})"]
        for c in cases:
            out.append(f"  {c['doc_id']} {c['gold']} {c['pred']}: {c['diff']}")
    answers = data.get("answers")
    if answers and answers.get("adaptations"):
        out += ["", "adaptations of raw answers"]
        for a in answers["adaptations"]:
            item = "" if a["item"] is None else f" item {a['item']}"
            out.append(f"  {a['doc_id']}{item}: {a['kind']}: {a['detail']}")
    return out
