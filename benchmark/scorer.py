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
    """Checked Settings from keyword settings the caller has already named."""
    return Settings(**kw).check()


def _refuse_unknown(unknown: Mapping[str, Any], fn) -> None:
    """A TypeError naming the unknown settings, the closest valid one, and every valid one."""
    import difflib
    import inspect

    valid = [n for n, p in inspect.signature(fn).parameters.items() if p.kind is p.KEYWORD_ONLY]
    hints = [f"{b!r} (did you mean {close[0]!r}?)" if (close := difflib.get_close_matches(b, valid, 1)) else repr(b)
             for b in sorted(unknown)]
    raise TypeError(f"{fn.__name__}() got unknown setting(s) {', '.join(hints)}; valid settings: {', '.join(valid)}")


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


def score(predictions, gold=None, split: str | None = None, *, match: str = "overlap",
          threshold: float = 0.5, bootstrap: int = 1000, seed: int = 12345, resample: str = "auto",
          errors: bool = False, soft: bool = True, jobs: int = 1, **unknown):
    """Score one system's predictions against the gold set and return a `Result`.

    Args:
        predictions: a JSONL path (`-` for standard input), a list of prediction dicts, a
            `datasets.Dataset` or a pandas DataFrame with prediction columns. The package's
            own `attributions` and `documents` views are accepted as they are (ClassLabel
            integers read as names, view-only columns ignored).
        gold: None for quotebench's gold set; a path to a corpus in the gold schema (.json,
            .jsonl or a folder); or a sequence of `Document`s.
        split: with quotebench's gold, `seed`, `dev`, `test`, `all` or joined (`dev+test`);
            None scores the one split the predictions' document ids belong to. Documents of
            the split without predictions count as misses.
        match: `overlap` (token overlap of both sides >= `threshold`, default), `exact`
            (the same trimmed spans) or `soft` (any overlap, credit in proportion).
        threshold: the overlap needed in overlap mode, in (0, 1]; default 0.5.
        bootstrap: resamples for the 95% percentile intervals, 0 for none; default 1000.
        seed: the resampling seed; default 12345.
        resample: the bootstrap unit: `auto` (default: documents when the gold has more than
            one, attributions otherwise), `document` or `attribution`.
        errors: keep every item's verdict (default False): `Result.errors` (a DataFrame), the report.
        soft: also compute the proportional quote-level score; default True.
        jobs: worker processes; default 1 (the result is identical for any number).

    Returns:
        `Result`: `str(result)` is the table, `result.to_frame()` every row of it as a DataFrame,
        `result.signature` the string that makes the score reproducible.

    Example:
        >>> import benchmark
        >>> gold_view = benchmark.load_dataset("attributions", split="seed")
        >>> benchmark.score(gold_view)["levels"]["full"]["f1"]
        1.0
    """
    if unknown:
        _refuse_unknown(unknown, score)
    s = _settings({"match": match, "threshold": threshold, "bootstrap": bootstrap, "seed": seed,
                   "resample": resample, "errors": errors, "soft": soft, "jobs": jobs})
    return _score(predictions, gold, s, split=split)


def _score(predictions, gold, s: Settings, keep_gold_rows: bool = False, split: str | None = None):
    from .result import build_result
    from .tables import is_table, prediction_dicts

    if is_table(predictions):
        predictions = prediction_dicts(predictions)

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


def compare(systems: Mapping[str, Any], gold=None, split: str | None = None, *, match: str = "overlap",
            threshold: float = 0.5, bootstrap: int = 1000, seed: int = 12345, resample: str = "auto",
            soft: bool = True, jobs: int = 1, reference: str | None = None, shuffles: int | None = None,
            **unknown):
    """Score several systems on the same documents, with paired p-values against a reference.

    Args:
        systems: {name: predictions}, each as `score` takes them.
        gold, split: as in `score`; with quotebench's gold and no split, the document ids of
            all the systems together decide the split, so all are scored on the same documents.
        match, threshold, bootstrap, seed, resample, soft, jobs: as in `score`.
        reference: the system the others are tested against; default the first.
        shuffles: approximate-randomisation shuffles of the paired test; default `bootstrap`
            (0 gives no p-values).

    Returns:
        A DataFrame, one row per system and level (`quote`, `speaker`, `stance`, `full`,
        `quote_soft`, `stance_macro_f1`, `stance:LABEL`, `type:T:LEVEL`, `phenomenon:P:LEVEL`, and the
        LLM measures `invented`, `misquoted`,
        `speaker_unnamed`): counts, P/R/F1 with interval bounds (`*_lo`, `*_hi`), the
        two-sided p-value of the difference to the reference (`precision_p`, `recall_p`,
        `f1_p`; empty for the reference itself), and the `signature`. `frame.attrs` holds
        `signature`, `split`, `reference`, `shuffles` and `significance` (the tests as a long
        table: `a` is the system, `b` the reference).

    Example:
        >>> frame = benchmark.compare({"rules": "rules.jsonl", "mine": "mine.jsonl"}, split="test")
        >>> frame[frame.level == "full"][["system", "f1", "f1_lo", "f1_hi", "f1_p"]]
    """
    import pandas as pd

    from .corpus import load_corpus
    from .paired import paired_p_values
    from .result import headline_statistics

    if unknown:
        _refuse_unknown(unknown, compare)
    s = _settings({"match": match, "threshold": threshold, "bootstrap": bootstrap, "seed": seed,
                   "resample": resample, "soft": soft, "jobs": jobs})
    if not isinstance(systems, Mapping):
        raise TypeError("compare() takes a mapping of system names to predictions, e.g. {'mine': 'preds.jsonl'}")
    if not systems:
        raise ValueError("compare() needs at least one system")
    names = list(systems)
    reference = names[0] if reference is None else reference
    if reference not in systems:
        raise ValueError(f"reference {reference!r} is not one of the systems: {', '.join(map(repr, names))}")
    if isinstance(gold, (str, Path)):
        gold = load_corpus(gold)
    if gold is None and split is None:  # one split for every system, from all their document ids
        split = infer_split([_read_against_all(p) for p in systems.values()], names)
    results = {name: _score(preds, gold, s, keep_gold_rows=True, split=split) for name, preds in systems.items()}
    n = s.bootstrap if shuffles is None else shuffles
    ref = results[reference]
    stance = ref.data["levels"]["stance"] is not None
    tests = []
    for name in names:
        if name == reference:
            continue
        for row in paired_p_values(results[name].units, ref.units, headline_statistics(stance), len(COLUMNS), n, s.seed):
            tests.append({"system": name, "reference": reference, **row})
    significance_frame = pd.DataFrame(tests, columns=["system", "reference", "metric", "a", "b", "difference", "p_value"])
    p_of = {(t["system"], t["metric"]): t["p_value"] for t in tests}
    frames = []
    for name in names:
        r = results[name]
        f = r.to_frame().drop(columns="signature")
        for m in ("precision", "recall", "f1"):
            f[f"{m}_p"] = [p_of.get((name, _tested_metric(level, m)), float("nan")) for level in f["level"]]
        f.insert(0, "system", name)
        f["signature"] = r.signature
        frames.append(f)
    out = pd.concat(frames, ignore_index=True)
    out.attrs.update(signature=ref.signature, split=split, reference=reference, significance=significance_frame,
                     shuffles=n)
    return out


def _tested_metric(level: str, measure: str) -> str:
    """The paired test's name for a row of the frame (`quote f1`, `stance macro-F1`)."""
    return "stance macro-F1" if level == "stance_macro_f1" and measure == "f1" else f"{level} {measure}"


def significance(a, b, gold=None, shuffles: Optional[int] = None, split: str | None = None, *,
                 match: str = "overlap", threshold: float = 0.5, seed: int = 12345, resample: str = "auto",
                 bootstrap: int = 1000, jobs: int = 1, **unknown):
    """Paired approximate-randomisation p-values of system `a` against `b`.

    One row per headline metric (P, R, F1 of every applicable level and stance macro-F1)
    with both values, the difference a - b and the two-sided p-value. Documents are the
    paired units when the gold has more than one (`resample`, as in `score`). `shuffles`
    defaults to `bootstrap` (1000). `split` as in `compare`."""
    import pandas as pd

    from .corpus import load_corpus
    from .paired import paired_p_values
    from .result import headline_statistics

    if unknown:
        _refuse_unknown(unknown, significance)
    s = _settings({"match": match, "threshold": threshold, "bootstrap": 0, "seed": seed, "resample": resample,
                   "soft": False, "jobs": jobs})
    if isinstance(gold, (str, Path)):
        gold = load_corpus(gold)
    if gold is None and split is None:
        split = infer_split([_read_against_all(a), _read_against_all(b)], ["a", "b"])
    ra = _score(a, gold, s, keep_gold_rows=True, split=split)
    rb = _score(b, gold, s, keep_gold_rows=True, split=split)
    n = bootstrap if shuffles is None else shuffles
    stance = ra.data["levels"]["stance"] is not None
    out = pd.DataFrame(paired_p_values(ra.units, rb.units, headline_statistics(stance), len(COLUMNS), n, seed))
    out.attrs["signature"] = ra.signature
    out.attrs["shuffles"] = n
    out.attrs["resample"] = ra.units.unit
    return out


def dumps(result) -> str:
    return json.dumps(result.to_dict(), indent=2, ensure_ascii=False)
