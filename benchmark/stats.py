"""Bootstrap confidence intervals and approximate randomisation, from per-unit count rows.

Scoring runs once. Every **unit** then becomes one row of counts: a matched pair (one gold
and one predicted attribution, with its credit at each level), a missed gold attribution,
or a spurious prediction. The resampling unit is therefore the attribution, not the
document: quotebench's gold set has a single document, and attribution-level units are the
usual choice for span-level F1. Identical rows are stored once with a count, so a resample
is one multinomial draw over the distinct rows (the same distribution as drawing units with
replacement) and the cost does not grow with the corpus. Everything is seeded
(`numpy.random.default_rng(seed)`) and deterministic.

The paired test is approximate randomisation (Noreen 1989; Yeh 2000): the units of two
systems are aligned on the gold attributions (plus each system's spurious predictions,
paired with nothing), each unit's two rows are swapped with probability 1/2, and the
p-value is the share of shuffles whose metric difference is at least the observed one,
`(k + 1) / (R + 1)`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Mapping

import numpy as np

_CHUNK_CELLS = 4_000_000  # resamples x distinct rows per block, bounds memory


@dataclass(frozen=True)
class CountTable:
    """Distinct count rows (m x k) and how many units share each row."""

    columns: tuple
    rows: np.ndarray
    weights: np.ndarray

    @classmethod
    def from_counter(cls, counter: Mapping[tuple, int], columns) -> "CountTable":
        """From {row tuple: units}; rows are sorted so that the table is canonical."""
        items = sorted(counter.items())
        k = len(columns)
        rows = np.array([r for r, _ in items], dtype=float).reshape(len(items), k)
        weights = np.array([c for _, c in items], dtype=np.int64)
        return cls(tuple(columns), rows, weights)

    @property
    def units(self) -> int:
        return int(self.weights.sum())

    def totals(self) -> np.ndarray:
        return self.weights @ self.rows if len(self.weights) else np.zeros(len(self.columns))


def bootstrap_sums(table: CountTable, resamples: int, seed: int) -> np.ndarray:
    """Column sums of `resamples` bootstrap resamples, shape (resamples, columns)."""
    k = len(table.columns)
    n = table.units
    if resamples <= 0:
        return np.zeros((0, k))
    if n == 0:
        return np.zeros((resamples, k))
    rng = np.random.default_rng(seed)
    pvals = table.weights / n
    out = np.empty((resamples, k))
    step = max(1, _CHUNK_CELLS // max(1, len(pvals)))
    for b in range(0, resamples, step):
        e = min(resamples, b + step)
        draws = rng.multinomial(n, pvals, size=e - b)
        out[b:e] = draws @ table.rows
    return out


def percentile_ci(values: np.ndarray, level: float = 0.95) -> list:
    """[lo, hi] percentile interval, ignoring NaN; [None, None] without resamples."""
    values = np.asarray(values, dtype=float)
    values = values[~np.isnan(values)]
    if values.size == 0:
        return [None, None]
    a = (1 - level) / 2 * 100
    lo, hi = np.percentile(values, [a, 100 - a])
    return [float(lo), float(hi)]


def randomisation_test(table_a: np.ndarray, table_b: np.ndarray, weights: np.ndarray,
                       statistic: Callable[[np.ndarray], np.ndarray], shuffles: int,
                       seed: int) -> float:
    """Two-sided p-value of `statistic(A) - statistic(B)` under swapping paired rows.

    `table_a[t]` and `table_b[t]` are the two systems' count rows for distinct joint unit
    type `t`, held by `weights[t]` units. `statistic` maps column sums, shape (n, k), to a
    metric per row. Each replicate swaps Binomial(weights[t], 1/2) units of every type.
    """
    tot_a, tot_b = weights @ table_a, weights @ table_b
    observed = abs(float(statistic(tot_a[None])[0] - statistic(tot_b[None])[0]))
    if shuffles <= 0:
        return float("nan")
    rng = np.random.default_rng(seed)
    diff = table_b - table_a
    hits = 0
    step = max(1, _CHUNK_CELLS // max(1, len(weights)))
    for b in range(0, shuffles, step):
        e = min(shuffles, b + step)
        swapped = rng.binomial(weights, 0.5, size=(e - b, len(weights)))
        delta = swapped @ diff
        sa, sb = tot_a + delta, tot_b - delta
        stat = np.abs(statistic(sa) - statistic(sb))
        hits += int(np.sum(stat >= observed - 1e-12))
    return (hits + 1) / (shuffles + 1)
