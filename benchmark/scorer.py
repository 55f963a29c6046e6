"""Scoring predictions against a gold corpus: `score`, `compare` and `significance`.

The data flows through one module per step (`benchmark.scoring`):

1. reading: `benchmark.predictions` reads and checks the prediction lines;
2. aligning: `scoring.keys` turns gold and predicted content into trimmed spans
   (predictions given as text are aligned to the document by `benchmark.align`);
3. matching: `benchmark.matching` pairs them one to one, optimally (exact, overlap, soft);
4. counting: `scoring.counting` turns every pair, miss and spurious prediction into a
   count row, with the speaker rule of `scoring.speakers` (`scoring.streaming` runs the
   documents, in one process or several; `scoring.errors` lists every item's verdict);
5. statistics: `benchmark.result` and `benchmark.stats` turn the rows into P/R/F1,
   bootstrap intervals and paired tests.

Gold without stance labels (other corpora) makes the `stance` and `full` levels not
applicable (None). Duplicate predictions are scored, not merged: the second copy finds no
gold partner and is spurious.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any, Mapping, Optional, Sequence

from .errors import InputError, InputErrors
from .model import Document
from .predictions import read_predictions, source_name
from .scoring.counting import COLUMNS, LEVELS, SOFT_COLUMNS, Accumulator  # noqa: F401
from .scoring.errors import CATEGORIES, ERROR_COLUMNS  # noqa: F401
from .scoring.keys import EDGE as _EDGE  # noqa: F401
from .scoring.settings import MAX_BOOTSTRAP, MAX_JOBS, MODES, Settings  # noqa: F401
from .scoring.speakers import fold_name, is_pronoun, resolve_span  # noqa: F401
from .scoring.streaming import accumulate, accumulate_gc_paused


def _settings(kw: Mapping[str, Any]) -> Settings:
    allowed = set(Settings.__dataclass_fields__)
    bad = set(kw) - allowed
    if bad:
        raise TypeError(f"unknown setting(s): {', '.join(sorted(bad))}")
    return Settings(**kw).check()


def _resolve_gold(gold, split):
    """Gold for streaming: the shipped split (None when it is to be inferred), or the
    caller's corpus (a path or Documents), which has no splits."""
    from .corpus import load_gold

    if gold is None:
        return None if split is None else load_gold(split=_checked_split(split))  # canonical name
    if split is not None:
        raise InputError("--split", "applies to quotebench's own gold only; a corpus given with --gold has no splits")
    return [gold] if isinstance(gold, Document) else gold


def _read_against_all(predictions) -> dict:
    """Predictions read with every shipped document known ({doc_id: [Pred]})."""
    from .corpus import load_gold

    preds, _, _ = read_predictions(predictions, known={d.doc_id for d in load_gold()})
    return preds


def infer_split(systems: Sequence[Mapping], names: Sequence[str]) -> str:
    """The one shipped split that the predictions' document ids belong to.

    Predictions over several splits, or over none (an empty file), are refused rather than
    scored against a union the user did not ask for: the message says how to name it."""
    from .splits import splits_touched

    touched = splits_touched({d for preds in systems for d in preds})
    if len(touched) == 1:
        return touched[0]
    where = names[0] if len(names) == 1 else ", ".join(names)
    if not touched:
        raise InputError(where, "no document ids to tell the split from (no predictions): "
                         "give --split (split= in Python) to score against seed, dev, test or all")
    joined = "+".join(touched)
    raise InputError(where, f"the predictions cover several splits ({', '.join(touched)}): give --split "
                     f"{joined} (or all) to score them together, or one split to score that one")


def _with_split_hint(err: InputError, split: str | None) -> InputError:
    """An unknown document that another shipped split holds: say which, and how to score it."""
    from .splits import split_of

    m = re.match(r"unknown document '(.*)' \(not in the gold corpus\)$", err.message)
    owner = split_of().get(m.group(1)) if m and split else None
    if owner is None or isinstance(err, InputErrors):
        return err
    return InputError(err.file, f"unknown document {m.group(1)!r} in split {split} (it belongs to split {owner})",
                      err.line, err.field)


def _checked_split(split: str) -> str:
    from .splits import check_split

    try:
        return check_split(split)
    except ValueError as err:
        raise InputError("--split", str(err)) from None


def _shipped_split(gold, text_hashes: list) -> str | None:
    """The name of the shipped split(s) a corpus equals document for document, else None."""
    from .corpus import load_corpus, load_gold, read_manifest
    from .splits import split_name

    try:
        pinned = {d["doc_id"]: d["sha256"] for d in read_manifest()["documents"]}
    except (OSError, KeyError, ValueError):
        return None
    try:
        docs = load_corpus(gold) if isinstance(gold, (str, Path)) else tuple(gold)
    except InputError:
        return None
    name = split_name(d.doc_id for d in docs)
    if name is None or sorted(pinned[d.doc_id] for d in docs) != sorted(text_hashes):
        return None
    try:
        shipped = {d.doc_id: d for d in load_gold(split=name)}
    except InputError:
        return None
    return name if all(shipped.get(d.doc_id) == d for d in docs) else None


def score(predictions, gold=None, match: str = "overlap", threshold: float = 0.5,
          bootstrap: int = 1000, seed: int = 12345, split: str | None = None, **settings):
    """Score predictions (a path, '-', a list of dicts or a datasets.Dataset) -> Result.

    `gold`: None (quotebench's gold set), a path to a corpus in the gold schema, or a
    sequence of Documents. `split`: with quotebench's gold, `seed`, `dev`, `test` or `all`;
    None scores the split(s) that the predictions' document ids belong to (and says so in
    the result). Documents of the split without predictions count as misses. Other
    settings: `errors=True` lists an error category for every item, `jobs=N` uses N
    processes, `soft=False` skips the proportional score.
    """
    s = _settings({"match": match, "threshold": threshold, "bootstrap": bootstrap, "seed": seed, **settings})
    return _score(predictions, gold, s, split=split)


def _score(predictions, gold, s: Settings, keep_gold_rows: bool = False, split: str | None = None):
    from .result import build_result

    if split is not None and gold is None:
        split = _checked_split(split)  # `test+dev` is `dev+test`: one signature for one set of documents

    resolved = _resolve_gold(gold, split)
    preds, inferred = None, False
    if resolved is None:  # our gold, split inferred from the predictions' document ids
        from .corpus import load_gold

        preds = _read_against_all(predictions)
        split = infer_split([preds], [source_name(predictions)])
        inferred = True
        resolved = load_gold(split=split)
    try:
        acc = accumulate_gc_paused(predictions, resolved, s, keep_gold_rows, preds)
    except InputError as err:
        raise _with_split_hint(err, split if gold is None else None) from None
    ours = split if gold is None else _shipped_split(resolved, acc.text_hashes)
    if ours is not None:
        gold_name = f"quotebench gold, split {ours}" + (" (from the predictions' document ids)" if inferred else "")
    else:
        gold_name = str(gold) if isinstance(gold, (str, Path)) else "custom corpus"
    return build_result(acc, s, ours, source_name(predictions), gold_name)


def finish(acc: Accumulator, settings: Settings, predictions: str = "predictions",
           gold: str = "custom corpus"):
    """The Result of an Accumulator filled elsewhere, e.g. merged from cluster partitions:

        preds, _, _ = read_predictions(path)               # {doc_id: [Pred, ...]}
        def part(docs):                                     # runs on a worker (Spark, Ray)
            acc = Accumulator(Settings())
            for d in docs:
                acc.add(d, preds.get(d.doc_id, ()), path)
            return acc
        total = Accumulator(Settings())
        for acc in partials:                                # in corpus order
            total.merge(acc)
        result = finish(total, Settings())
    """
    from .result import build_result

    return build_result(acc, settings, None, predictions, gold)


def compare(systems: Mapping[str, Any], gold=None, split: str | None = None, **settings):
    """One DataFrame for several systems: their to_frame() rows, each with a leading
    `system` column, plus a `stance_macro_f1` row per system (f1 = macro-F1).

    With quotebench's gold and no `split`, the document ids of all the systems together
    decide the split (as in `score`: one split, else an error), so every system is scored
    on the same documents whatever their order."""
    import pandas as pd

    from .corpus import load_corpus

    s = _settings(settings)
    if not isinstance(systems, Mapping):
        raise TypeError("compare() takes a mapping of system names to predictions, e.g. {'mine': 'preds.jsonl'}")
    if not systems:
        raise ValueError("compare() needs at least one system")
    if isinstance(gold, (str, Path)):
        gold = load_corpus(gold)
    if gold is None and split is None:  # one split for every system, from all their document ids
        split = infer_split([_read_against_all(p) for p in systems.values()], list(systems))
    frames, sig = [], None
    for name, preds in systems.items():
        r = _score(preds, gold, s, split=split)
        sig = sig or r.signature
        f = r.to_frame()
        f = pd.concat([f, r.macro_frame(), r.llm_frame()], ignore_index=True)
        f.insert(0, "system", name)
        frames.append(f)
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["system", "level"])
    out.attrs["signature"] = sig
    out.attrs["split"] = split
    return out


def significance(a, b, gold=None, shuffles: Optional[int] = None, split: str | None = None, **settings):
    """Paired approximate-randomisation p-values of system `a` against `b`.

    One row per headline metric (P, R, F1 of every applicable level and stance macro-F1)
    with both values, the difference a - b and the two-sided p-value. `shuffles`
    defaults to the `bootstrap` setting (1000). `split` as in `compare`."""
    import pandas as pd

    from .corpus import load_corpus
    from .result import headline_statistics
    from .stats import randomisation_test

    s = _settings(settings)
    if isinstance(gold, (str, Path)):
        gold = load_corpus(gold)
    s_noboot = Settings(**{**s.__dict__, "bootstrap": 0, "errors": False, "soft": False})
    if gold is None and split is None:
        split = infer_split([_read_against_all(a), _read_against_all(b)], ["a", "b"])
    ra = _score(a, gold, s_noboot, keep_gold_rows=True, split=split)
    rb = _score(b, gold, s_noboot, keep_gold_rows=True, split=split)
    joint: Counter = Counter()
    for x, y in zip(ra.units.gold_rows, rb.units.gold_rows):
        joint[(x, y)] += 1
    zero = (0,) * len(COLUMNS)
    for x, c in ra.units.spurious_rows.items():
        joint[(x, zero)] += c
    for y, c in rb.units.spurious_rows.items():
        joint[(zero, y)] += c
    import numpy as np

    items = sorted(joint.items())
    ta = np.array([k[0] for k, _ in items], dtype=float).reshape(len(items), len(COLUMNS))
    tb = np.array([k[1] for k, _ in items], dtype=float).reshape(len(items), len(COLUMNS))
    w = np.array([c for _, c in items], dtype=np.int64)
    n = s.bootstrap if shuffles is None else shuffles
    stance = ra.data["levels"]["stance"] is not None
    rows = []
    for metric, stat in headline_statistics(stance):
        va = float(stat((w @ ta)[None])[0]) if len(w) else float("nan")
        vb = float(stat((w @ tb)[None])[0]) if len(w) else float("nan")
        defined = len(w) and va == va and vb == vb  # an undefined side (NaN) has no difference to test
        p = randomisation_test(ta, tb, w, stat, n, s.seed) if defined else float("nan")
        rows.append({"metric": metric, "a": va, "b": vb, "difference": va - vb, "p_value": p})
    out = pd.DataFrame(rows)
    out.attrs["signature"] = ra.signature
    out.attrs["shuffles"] = n
    return out


def dumps(result) -> str:
    return json.dumps(result.to_dict(), indent=2, ensure_ascii=False)
