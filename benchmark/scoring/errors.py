"""Error items: the verdict of every gold and predicted attribution, with both sides.

nervaluate's categories over the optimal one-to-one matching: COR (content, speaker and
stance right, same spans), PAR (right, other boundaries), INC (matched, speaker or stance
wrong), MIS (gold without partner), SPU (prediction without partner; `invented` when its
content is nowhere in the document). `Result.errors` is their table (`benchmark.errortable`).
"""
from __future__ import annotations

from ..model import Attribution, Document
from ..predictions import Pred


CATEGORIES = {"COR": "correct", "INC": "incorrect", "PAR": "partial", "MIS": "missed", "SPU": "spurious"}


def _content_text(text: str, key) -> str:
    return " … ".join(text[a:b] for a, b in key)


def _spans(spans) -> tuple | None:
    return tuple((x.start, x.end) for x in spans) or None


def _speaker_mention(doc: Document, ref) -> tuple | None:
    """The spans of the mention a gold attribution names as its speaker."""
    if ref is None or ref.mention is None:
        return None
    for e in doc.entities:
        for m in e.mentions:
            if m.id == ref.mention:
                return ((m.span.start, m.span.end),)
    return None


def _gold_item(doc: Document, g: Attribution, key, names: dict) -> dict:
    """The gold half of an error item."""
    ref = g.speaker
    return {"gold_id": g.id, "type": g.type, "phenomena": ", ".join(g.tags),
            "gold_text": _content_text(doc.text, key), "gold_spans": _spans(g.content),
            "gold_cue": " … ".join(c.text for c in g.cue) or None, "gold_cue_spans": _spans(g.cue),
            "gold_speaker": names.get(ref.entity, ref.entity) if ref else None,
            "gold_speaker_spans": _speaker_mention(doc, ref), "gold_stance": g.stance}


_NO_GOLD = {"gold_id": None, "type": None, "phenomena": "", "gold_text": None, "gold_spans": None,
            "gold_cue": None, "gold_cue_spans": None, "gold_speaker": None, "gold_speaker_spans": None,
            "gold_stance": None}


def _pred_item(text: str, p: Pred, key, aligned: bool) -> dict:
    """The predicted half: the content as the system wrote it and where it was aligned."""
    o = p.obj
    written = o.get("content")
    if type(written) is not str:
        written = " … ".join(text[x["start"]:x["end"]] for x in o.get("content_spans") or ())
    sp = o.get("speaker_span")
    speaker = o.get("speaker")
    return {"pred_id": p.id, "line": p.line, "pred_text": written,
            "aligned_text": _content_text(text, key) if aligned else None,
            "aligned_spans": tuple(key) if aligned else None,
            "pred_cue": o.get("cue") if type(o.get("cue")) is str else None,
            "pred_speaker": speaker if type(speaker) is str else None,
            "pred_speaker_span": ((sp["start"], sp["end"]),) if sp else None,
            "pred_stance": o.get("stance")}


_NO_PRED = {"pred_id": None, "line": None, "pred_text": None, "aligned_text": None, "aligned_spans": None,
            "pred_cue": None, "pred_speaker": None, "pred_speaker_span": None, "pred_stance": None}
# the order of `Result.errors`' columns
ERROR_COLUMNS = ("doc_id", "verdict", "invented", "misquoted", "gold_id", "pred_id", "line", "type", "phenomena",
                 "gold_text", "pred_text", "aligned_text", "gold_spans", "aligned_spans", "gold_cue",
                 "gold_cue_spans", "pred_cue", "gold_speaker", "gold_speaker_spans", "pred_speaker",
                 "pred_speaker_span", "speaker_correct", "gold_stance", "pred_stance", "stance_correct",
                 "overlap", "detail", "category")
_AGREEING = {"COR": "content, speaker and stance right", "PAR": "speaker and stance right, content boundaries differ",
             "INC": "content matched"}


def _item(doc_id: str, category: str, gold: dict, pred: dict, **rest) -> dict:
    item = {"doc_id": doc_id, "verdict": CATEGORIES[category], "category": category, **gold, **pred, **rest}
    return {c: item[c] for c in ERROR_COLUMNS}


def error_items(doc, golds, gold_contents, ordered, pred_contents, pairs, matched_g, matched_p, attrs, unaligned, misquoted) -> list:
    """One item per gold and predicted attribution: its verdict (nervaluate's COR, INC, PAR,
    MIS, SPU) and both sides as written, for `Result.errors` and the HTML report."""
    text = doc.text
    out = []
    names = {e.id: e.name for e in doc.entities}
    for i, j, sp, sg in pairs:
        g, p = golds[i], ordered[j]
        o = p.obj
        spk, st = attrs(i, j)
        problems = []
        if not spk:
            want = f"{g.speaker.entity} ({names.get(g.speaker.entity, '?')})" if g.speaker else "none"
            ss = o.get("speaker_span")
            got = o.get("speaker") or (f"span [{ss['start']}, {ss['end']})" if ss else "none")
            problems.append(f"speaker {got!r}, gold {want}")
        if g.stance is not None and not st:
            problems.append(f"stance {o.get('stance') or 'none'}, gold {g.stance}")
        if j in misquoted:
            problems.append(f"misquoted ([-text-]{{+written+}}): {misquoted[j]}")
        if problems and not (spk and (st or g.stance is None)):
            cat = "INC"
        elif gold_contents[i] == pred_contents[j]:
            cat = "COR"
        else:
            cat = "PAR"
        out.append(_item(doc.doc_id, cat, _gold_item(doc, g, gold_contents[i], names), _pred_item(text, p, pred_contents[j], True),
                         invented=False, misquoted=j in misquoted, speaker_correct=spk,
                         stance_correct=st if g.stance is not None else None,
                         overlap=round(min(sp, sg), 4),
                         detail="; ".join(problems) or _AGREEING[cat]))
    for i, g in enumerate(golds):
        if i not in matched_g:
            out.append(_item(doc.doc_id, "MIS", _gold_item(doc, g, gold_contents[i], names), _NO_PRED, invented=False,
                             misquoted=False, speaker_correct=None, stance_correct=None, overlap=0.0,
                             detail="no prediction matches"))
    for j, p in enumerate(ordered):
        if j not in matched_p:
            un = id(p) in unaligned
            out.append(_item(doc.doc_id, "SPU", _NO_GOLD, _pred_item(text, p, pred_contents[j], not un), invented=un,
                             misquoted=False, speaker_correct=None, stance_correct=None, overlap=0.0,
                             detail="content not found in the document (unaligned)" if un
                             else "no gold attribution matches"))
    return out
