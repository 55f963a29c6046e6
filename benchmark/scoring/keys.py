"""Aligning: every gold and predicted attribution becomes a content key, the trimmed
(start, end) spans that matching compares. Predictions given as text are aligned to the
document here (`benchmark.align`); offsets that do not fit the document are an error."""
from __future__ import annotations

from typing import NamedTuple, Sequence

from ..align import align
from ..errors import InputError
from ..matching import content_key, overlap_scores
from ..model import Document
from ..predictions import Pred, span_problem
from ..text import QUOTE_CHARS


# every character `trim` removes: a span whose edges are none of these needs no trimming
EDGE = frozenset(QUOTE_CHARS + "".join(chr(c) for c in range(0x3001) if chr(c).isspace()))


class Aligned(NamedTuple):
    """One document ready for matching: gold and predictions with their content keys,
    the predictions in canonical order (`canonical_order`)."""

    doc: Document
    golds: tuple
    gold_contents: list
    stance_missing: bool  # does any gold attribution lack a stance label?
    ordered: list  # the predictions (Pred), in canonical order
    pred_contents: list
    unaligned: set  # id() of the predictions given as text that `align` could not place


def align_document(doc: Document, preds: Sequence[Pred], file: str) -> Aligned:
    golds = doc.attributions
    gold_contents, stance_missing = gold_keys(doc.text, golds)
    keys, unaligned = prediction_keys(doc, preds, file)
    ordered, pred_contents = canonical_order(preds, keys)
    return Aligned(doc, golds, gold_contents, stance_missing, ordered, pred_contents, unaligned)


def gold_keys(text: str, golds) -> tuple:
    """(content key of every gold attribution, does any lack a stance label?)"""
    keys = []
    stance_missing = False
    for a in golds:
        if a.stance is None:
            stance_missing = True
        c = a.content
        if len(c) == 1:
            x, y = c[0].start, c[0].end
            if text[x] in EDGE or text[y - 1] in EDGE:
                keys.append(content_key(text, ((x, y),)))
            else:
                keys.append(((x, y),))
        else:
            keys.append(content_key(text, [(x.start, x.end) for x in c]))
    return keys, stance_missing


def prediction_keys(doc: Document, preds: Sequence[Pred], file: str) -> tuple:
    """(content key of every prediction, ids of the unaligned ones); an InputError names the
    first line (by line number) with a span that does not fit the document."""
    text = doc.text
    n_text = len(text)
    keys, unaligned, problems = [], set(), []
    for p in preds:
        o = p.obj
        cs = o.get("content_spans")
        if cs:
            if len(cs) == 1:
                sp = cs[0]
                x, y = sp["start"], sp["end"]
                t = sp.get("text")  # text[x:y] == t, without copying the slice:
                if not (0 <= x < y <= n_text) or (t is not None and (len(t) != y - x or not text.startswith(t, x))):
                    problems.append((p, "content_spans[0]", sp))
                    continue
                if text[x] in EDGE or text[y - 1] in EDGE:
                    key = content_key(text, ((x, y),))
                    if not key:  # only whitespace or quotation marks
                        problems.append((p, "content_spans[0]", sp))
                        continue
                    keys.append(key)
                else:
                    keys.append(((x, y),))
            else:
                bad = [(p, f"content_spans[{k}]", sp) for k, sp in enumerate(cs)
                       if span_problem(text, doc.doc_id, sp)]
                if bad:  # the key would read outside the text
                    problems.extend(bad)
                    continue
                keys.append(content_key(text, [(sp["start"], sp["end"]) for sp in cs]))
        else:
            cue, spk = o.get("cue_span"), o.get("speaker_span")
            near = cue["start"] if cue else (spk["start"] if spk else None)
            hints = tuple((k, o[k]) for k in ("context", "speaker", "cue") if type(o.get(k)) is str and o[k].strip())
            found = align(text, o["content"], near, hints)
            if found is None:
                unaligned.add(id(p))
                keys.append(())
            else:
                keys.append(content_key(text, found))
        sp = o.get("speaker_span")
        if sp is not None and span_problem(text, doc.doc_id, sp):
            problems.append((p, "speaker_span", sp))
        sp = o.get("cue_span")
        if sp is not None and span_problem(text, doc.doc_id, sp):
            problems.append((p, "cue_span", sp))
    if problems:
        p, field, sp = min(problems, key=lambda t: t[0].line)
        raise InputError(file, span_problem(text, doc.doc_id, sp), p.line, p.where + field)
    return keys, unaligned


def canonical_order(preds: Sequence[Pred], keys: list) -> tuple:
    """(predictions, keys) sorted by content key, equal keys by attributes: the result
    must not depend on the order of the input lines."""
    order = sorted(range(len(preds)), key=keys.__getitem__)
    if len(set(keys)) < len(keys):  # equal contents (rare): order those by attributes
        order.sort(key=lambda j: (keys[j], attribute_key(preds[j])))
    return [preds[j] for j in order], [keys[j] for j in order]


def overlap_table(text: str, gold_contents: list, pred_contents: list) -> list:
    return overlap_scores(gold_contents, pred_contents, text)


def attribute_key(p: Pred) -> tuple:
    o = p.obj
    sp = o.get("speaker_span")
    return (o.get("stance") or "", o.get("speaker") or "", (sp["start"], sp["end"]) if sp else (),
            o.get("type") or "", p.line, p.where)
