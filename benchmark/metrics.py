"""Precision, recall and F1 from counts. Pure functions, also applied to numpy arrays.

A level's counts are `n_pred` (predictions), `n_gold` (gold attributions) and the credit of
its true positives: `credit_p` (to precision) and `credit_r` (to recall). In `exact` and
`overlap` mode both credits equal the number of true positives; in `soft` mode each true
positive adds its overlap shares instead.

Undefined is not zero: precision is undefined (None, NaN in arrays) without predictions,
recall without gold, and F1 only when both are (F1 = 2PR/(P+R) when both are defined, and 0
when one of them is undefined and the other side has items, since then every item is an
error: F1 = 2TP/(2TP+FP+FN)). Tables print `n/a`, JSON `null`, and bootstrap intervals
leave undefined resamples out.
"""
from __future__ import annotations

from typing import Mapping

import numpy as np


def prf(credit_p, credit_r, n_pred, n_gold):
    """(precision, recall, f1); scalars (None where undefined) or numpy arrays (NaN)."""
    credit_p = np.asarray(credit_p, dtype=float)
    credit_r = np.asarray(credit_r, dtype=float)
    n_pred = np.asarray(n_pred, dtype=float)
    n_gold = np.asarray(n_gold, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = np.where(n_pred > 0, credit_p / np.where(n_pred > 0, n_pred, 1), np.nan)
        r = np.where(n_gold > 0, credit_r / np.where(n_gold > 0, n_gold, 1), np.nan)
        both = ~np.isnan(p) & ~np.isnan(r)
        f = np.where(both, np.where(p + r > 0, 2 * p * r / np.where(p + r > 0, p + r, 1), 0.0), 0.0)
        f = np.where((n_pred == 0) & (n_gold == 0), np.nan, f)
    if p.ndim == 0:
        return tuple(None if np.isnan(x) else float(x) for x in (p, r, f))
    return p, r, f


def prf_for_interval(credit_p, credit_r, n_pred, n_gold):
    """`prf` of bootstrap resamples: NaN where a resample leaves a metric undefined, which
    `percentile_ci` drops (one correct prediction gets the precision interval of the
    resamples that hold it, not [0, 1])."""
    return prf(credit_p, credit_r, n_pred, n_gold)


def prf_scalar(credit_p: float, credit_r: float, n_pred: int, n_gold: int) -> tuple:
    """`prf` for plain numbers (no numpy overhead: called once per document and level)."""
    p = credit_p / n_pred if n_pred else None
    r = credit_r / n_gold if n_gold else None
    if p is None and r is None:
        return None, None, None
    if p is None or r is None:
        return p, r, 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def level_summary(tp: int, credit_p: float, credit_r: float, n_pred: int, n_gold: int) -> dict:
    """The reported dict of one level: counts and P/R/F1 (fp and fn count whole items)."""
    p, r, f = prf_scalar(float(credit_p), float(credit_r), int(n_pred), int(n_gold))
    return {"tp": int(tp), "fp": int(n_pred - tp), "fn": int(n_gold - tp),
            "precision": p, "recall": r, "f1": f}


def per_class(tp: Mapping[str, int], predicted: Mapping[str, int], gold: Mapping[str, int],
              labels) -> tuple[dict, float | None]:
    """Per-label P/R/F1 with support, and macro-F1 over labels seen in gold or predictions."""
    out, f1s = {}, []
    for lab in labels:
        t, np_, ng = tp.get(lab, 0), predicted.get(lab, 0), gold.get(lab, 0)
        if np_ == 0 and ng == 0:
            continue
        p = t / np_ if np_ else None
        r = t / ng if ng else None
        f = 0.0 if p is None or r is None else (2 * p * r / (p + r) if p + r else 0.0)
        out[lab] = {"precision": p, "recall": r, "f1": f, "support": int(ng), "predicted": int(np_), "tp": int(t)}
        f1s.append(f)
    return out, (sum(f1s) / len(f1s) if f1s else None)


def macro_f1_arrays(tp: np.ndarray, predicted: np.ndarray, gold: np.ndarray) -> np.ndarray:
    """Macro-F1 of resampled per-class counts, arrays of shape (resamples, classes).

    A class is averaged in a resample when it has gold or predicted items there."""
    with np.errstate(divide="ignore", invalid="ignore"):
        p = np.where(predicted > 0, tp / np.where(predicted > 0, predicted, 1), 0.0)
        r = np.where(gold > 0, tp / np.where(gold > 0, gold, 1), 0.0)
        f = np.where(p + r > 0, 2 * p * r / np.where(p + r > 0, p + r, 1), 0.0)
        seen = (predicted > 0) | (gold > 0)
        n = seen.sum(axis=1)
        return np.where(n > 0, (f * seen).sum(axis=1) / np.where(n > 0, n, 1), np.nan)
