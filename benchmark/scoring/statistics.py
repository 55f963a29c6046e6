"""Statistics: a filled Accumulator's count rows as P/R/F1 per level, bootstrap intervals (by
attribution or by document), stance per class with macro-F1, breakdowns by type, phenomenon and
document, the LLM measures and the signature: the dict inside a `Result`."""
from __future__ import annotations

import copy
from collections import Counter
from dataclasses import dataclass, field

from ..metrics import level_summary, macro_f1_arrays, per_class, prf, prf_for_interval
from ..model import PHENOMENA, QUOTE_TYPES, STANCES
from ..stats import CountTable, bootstrap_sums, percentile_ci

LEVELS = ("quote", "speaker", "stance", "full")


def _col(columns, name):
    return columns.index(name)


def _level_cols(columns, level):
    return (_col(columns, f"tp_{level}"), _col(columns, f"cp_{level}"), _col(columns, f"cr_{level}"))


def headline_statistics(stance: bool):
    """(name, statistic of column sums) for every headline metric, for the paired test."""
    from .counting import COLUMNS

    npred, ngold = _col(COLUMNS, "n_pred"), _col(COLUMNS, "n_gold")
    out = []
    for level in LEVELS:
        if level in ("stance", "full") and not stance:
            continue
        _, cp, cr = _level_cols(COLUMNS, level)
        for k, metric in enumerate(("precision", "recall", "f1")):
            out.append((f"{level} {metric}",
                        (lambda S, cp=cp, cr=cr, k=k: prf(S[:, cp], S[:, cr], S[:, npred], S[:, ngold])[k])))
    if stance:
        tp, pr, gd = _class_cols(COLUMNS)
        out.append(("stance macro-F1", lambda S: macro_f1_arrays(S[:, tp], S[:, pr], S[:, gd])))
    return out


def _class_cols(columns):
    return ([_col(columns, f"tp_{c}") for c in STANCES], [_col(columns, f"pred_{c}") for c in STANCES],
            [_col(columns, f"gold_{c}") for c in STANCES])


@dataclass(frozen=True)
class Units:
    """Per-gold-attribution count rows and spurious rows, and one summed row per document,
    kept for the paired test; `unit` says which of them it resamples."""

    gold_rows: tuple = ()
    spurious_rows: dict = field(default_factory=dict)
    doc_rows: tuple = ()
    unit: str = "attribution"


def _ci_dict(p, r, f) -> dict:
    return {"precision": percentile_ci(p), "recall": percentile_ci(r), "f1": percentile_ci(f)}


_NO_CI = {"precision": [None, None], "recall": [None, None], "f1": [None, None]}


def _share(n: int, of: int):
    return n / of if of else None


def llm_measures(acc, with_cases: bool) -> dict:
    """invented, misquoted and speaker_unnamed: count, share and its denominator."""
    q = acc.quoting
    unnamed = q["speaker_pronoun"] + q["speaker_generic"]
    out = {
        "invented": {"count": acc.unaligned, "of": acc.n_pred, "share": _share(acc.unaligned, acc.n_pred)},
        "misquoted": {"count": q["misquoted"], "of": q["direct_matched"],
                      "share": _share(q["misquoted"], q["direct_matched"])},
        "speaker_unnamed": {"count": unnamed, "of": q["speaker_given"], "share": _share(unnamed, q["speaker_given"]),
                            "pronoun": q["speaker_pronoun"], "generic": q["speaker_generic"]},
    }
    if with_cases:
        out["misquoted"]["cases"] = list(acc.misquotes)
    return out


def build_result(acc, s, ours: str | None, pred_name: str, gold_name: str):
    """`ours`: the name of the shipped split scored, or None for any other corpus."""
    from .. import __version__
    from ..corpus import dataset_version
    from .counting import COLUMNS, SOFT_COLUMNS
    from ..signature import data_hash, make_signature

    stance_ok = not acc.stance_missing
    table = CountTable.from_counter(acc.rows, COLUMNS)
    tot = table.totals()
    unit = s.unit(acc.n_docs)
    by_doc_rows = unit == "document" and acc.doc_rows is not None
    resampled = CountTable.from_counter(Counter(acc.doc_rows), COLUMNS) if by_doc_rows else table
    boot = bootstrap_sums(resampled, s.bootstrap, s.seed) if s.bootstrap else None
    npred, ngold = _col(COLUMNS, "n_pred"), _col(COLUMNS, "n_gold")

    levels = {}
    for level in LEVELS:
        if level in ("stance", "full") and not stance_ok:
            levels[level] = None
            continue
        tp, cp, cr = _level_cols(COLUMNS, level)
        d = level_summary(tot[tp], tot[cp], tot[cr], tot[npred], tot[ngold])
        d["ci"] = (_ci_dict(*prf_for_interval(boot[:, cp], boot[:, cr], boot[:, npred], boot[:, ngold]))
                   if boot is not None else copy.deepcopy(_NO_CI))
        levels[level] = d

    if s.match == "soft":
        soft = copy.deepcopy(levels["quote"])
    elif s.soft:
        st = CountTable.from_counter(acc.soft, SOFT_COLUMNS)
        t = st.totals()
        soft = level_summary(t[2], t[3], t[4], t[0], t[1])
        if s.bootstrap:
            if by_doc_rows and acc.doc_soft is not None:
                st = CountTable.from_counter(Counter(acc.doc_soft), SOFT_COLUMNS)
            b = bootstrap_sums(st, s.bootstrap, s.seed)
            soft["ci"] = _ci_dict(*prf_for_interval(b[:, 3], b[:, 4], b[:, 0], b[:, 1]))
        else:
            soft["ci"] = copy.deepcopy(_NO_CI)
    else:
        soft = None

    stance = None
    if stance_ok:
        tpc, prc, gdc = _class_cols(COLUMNS)
        classes, macro = per_class({c: tot[i] for c, i in zip(STANCES, tpc)},
                                   {c: tot[i] for c, i in zip(STANCES, prc)},
                                   {c: tot[i] for c, i in zip(STANCES, gdc)}, STANCES)
        labels = list(STANCES) + (["none"] if any(k[1] == "none" for k in acc.confusion) else [])
        matrix = [[int(acc.confusion.get((g, p), 0)) for p in labels] for g in labels]
        macro_ci = [None, None]
        if boot is not None:
            macro_ci = percentile_ci(macro_f1_arrays(boot[:, tpc], boot[:, prc], boot[:, gdc]))
        stance = {"per_class": classes, "macro_f1": macro, "macro_f1_ci": macro_ci,
                  "confusion": {"labels": labels, "matrix": matrix}}

    applicable = [lv for lv in LEVELS if levels[lv] is not None]

    def recall_block(counts, support):
        return ({lv: int(counts[n]) for n, lv in enumerate(LEVELS) if lv in applicable},
                {lv: (counts[n] / support if support else None) for n, lv in enumerate(LEVELS) if lv in applicable})

    type_counts: dict = {}
    phen_counts: dict = {}
    for (gtype, tags, hits), n in acc.groups.items():
        for key, table_ in [(gtype, type_counts)] + [(t, phen_counts) for t in tags]:
            v = table_.setdefault(key, [0] * 5)
            v[0] += n
            for k, h in enumerate(hits):
                v[1 + k] += n * h
    pred_counts: dict = {}
    for (ptype, matched), n in acc.pred_types.items():
        v = pred_counts.setdefault(ptype, [0, 0])
        v[0] += n
        v[1] += n * matched
    by_type = {}
    for t in sorted(set(type_counts) | set(pred_counts),
                    key=lambda x: (QUOTE_TYPES.index(x) if x in QUOTE_TYPES else 99, x)):
        v = type_counts.get(t, [0] * 5)
        pv = pred_counts.get(t, [0, 0])
        tp, rec = recall_block(v[1:5], v[0])
        by_type[t] = {"support": v[0], "tp": tp, "recall": rec, "predicted": pv[0],
                      "precision": (pv[1] / pv[0]) if pv[0] else None}
    by_phen = {}
    for tag in sorted(phen_counts, key=lambda x: (PHENOMENA.index(x) if x in PHENOMENA else 99, x)):
        v = phen_counts[tag]
        tp, rec = recall_block(v[1:5], v[0])
        by_phen[tag] = {"support": v[0], "tp": tp, "recall": rec}
    by_doc = {}
    summaries: dict = {}  # (tp, credits, n_pred, n_gold) -> its level dict: documents repeat them
    levels_on = [(n, lv, lv in applicable) for n, lv in enumerate(LEVELS)]
    for doc_id, n_pred, n_gold, *c in acc.docs:
        entry = {"n_pred": n_pred, "n_gold": n_gold}
        for n, lv, on in levels_on:
            if on:
                key = (c[3 * n], c[3 * n + 1], c[3 * n + 2], n_pred, n_gold)
                d = summaries.get(key)
                if d is None:
                    d = summaries[key] = level_summary(*key)
                entry[lv] = d.copy()  # a dict of its own, as before
            else:
                entry[lv] = None
        by_doc[doc_id] = entry

    version = dataset_version() if ours else "custom"
    sig = make_signature(__version__, version, data_hash(acc.text_hashes), s.match, s.threshold,
                         s.bootstrap, s.seed, split=ours or None, documents=acc.n_docs, unit=unit)
    data = {
        "signature": sig,
        "settings": {"match": s.match, "threshold": s.threshold if s.match == "overlap" else None,
                     "bootstrap": s.bootstrap, "seed": s.seed, "resample": unit,
                     "predictions": pred_name, "gold": gold_name,
                     "split": ours or None,
                     "documents": acc.n_docs, "gold_attributions": acc.n_gold, "predicted_attributions": acc.n_pred},
        "levels": levels,
        "soft": soft,
        "stance": stance,
        "by_type": by_type,
        "by_phenomenon": by_phen,
        "by_document": by_doc,
        "unaligned": acc.unaligned,
        "llm": llm_measures(acc, s.errors),
    }
    if s.errors:
        data["errors"] = acc.errors
    units = Units(tuple(acc.gold_rows) if acc.gold_rows is not None else (), dict(acc.spurious_rows),
                  tuple(acc.doc_rows or ()), unit)
    from ..result import Result

    return Result(data, units, dict(acc.texts))
