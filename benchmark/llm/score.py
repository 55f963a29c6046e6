"""`score --from llm`: score raw LLM answers, with every adaptation counted in the result."""
from __future__ import annotations

import json
from pathlib import Path

from .responses import read_answers


def _gold_and_document(gold, split):
    """(gold for the scorer, the doc ids a response may name, the one document to fill in)."""
    from ..corpus import load_corpus, load_gold

    if gold is not None:
        docs = load_corpus(gold) if isinstance(gold, (str, Path)) else tuple(gold)
        ids = [d.doc_id for d in docs]
        return docs, ids, ids[0] if len(ids) == 1 else None
    if split is not None:
        from ..scorer import _checked_split

        ids = [d.doc_id for d in load_gold(split=_checked_split(split))]
        return None, ids, ids[0] if len(ids) == 1 else None
    return None, [d.doc_id for d in load_gold()], None


def score_answers(responses, gold=None, split: str | None = None, errors: bool = False, **settings):
    """A Result for raw LLM responses (see `benchmark.llm.responses` for what is read).

    A response without a readable answer is a document without predictions: its gold
    attributions are misses. The result's `answers` block counts every adaptation, lists the
    documents whose response held no JSON and, with `errors=True`, every adaptation."""
    from ..errors import InputError
    from ..scorer import _with_split_hint, infer_split
    from ..scorer import score as score_predictions

    gold_docs, known, single = _gold_and_document(gold, split)
    try:
        answers = read_answers(responses, known=known, single_doc=single)
    except InputError as err:
        raise _with_split_hint(err, split if gold is None else None) from None
    if gold_docs is None and split is None:
        split = infer_split([{d: () for d in answers.documents}], [_name(responses)])
    result = score_predictions(list(answers.predictions), gold=gold_docs, split=split if gold_docs is None else None,
                               errors=errors, **settings)
    data = result.data
    data["settings"]["predictions"] = _name(responses)
    data["answers"] = {
        "responses": len(answers.documents),
        "summary": answers.summary_line(),
        "counts": answers.summary(),
        "no_json": [a.doc_id for a in answers.adaptations if a.kind == "no_json"],
    }
    if errors:
        data["answers"]["adaptations"] = [a.to_dict() for a in answers.adaptations]
    return result


def _name(responses) -> str:
    return str(responses) if isinstance(responses, (str, Path)) else "<responses>"


def looks_like_llm_output(path: str) -> bool:
    """Whether a file that failed as strict predictions reads like raw LLM answers: a code
    fence or a JSON array, lines with a `response`, or common LLM field names."""
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            head = f.read(4096)
    except OSError:
        return False
    first = next((ln.strip() for ln in head.splitlines() if ln.strip()), "")
    if first.startswith("```"):
        return True
    try:
        obj = json.loads(first)
    except (ValueError, RecursionError):
        return not first.startswith(("{", "["))
    if isinstance(obj, list):  # an answer array pasted as it came
        return bool(obj) and isinstance(obj[0], dict)
    if not isinstance(obj, dict):
        return False
    if "response" in obj:
        return True
    from .responses import FIELDS

    llm_names = {a for aliases in FIELDS.values() for a in aliases} - {
        "content", "speaker", "stance", "type", "cue", "context", "score"}
    items = obj.get("attributions") if isinstance(obj.get("attributions"), list) else [obj]
    keys = {str(k).lower() for it in items if isinstance(it, dict) for k in it}
    labels = {str(it.get("stance")) for it in items if isinstance(it, dict) and isinstance(it.get("stance"), str)}
    return bool(keys & llm_names) or any(lab != lab.lower() for lab in labels)
