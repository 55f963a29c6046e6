"""The paired test between two systems scored on the same gold: one p-value per metric.

The units are paired across the two systems: documents (each system's summed count row of
the document), or gold attributions (each system's row for that attribution, plus each
system's spurious predictions paired with nothing). `benchmark.stats.randomisation_test`
swaps paired rows at random.
"""
from __future__ import annotations

from collections import Counter

import numpy as np

from .stats import randomisation_test


def joint_rows(units_a, units_b, width: int) -> Counter:
    """{(row of a, row of b): units} over the paired units of two scorings."""
    joint: Counter = Counter()
    if units_a.unit == "document":
        if len(units_a.doc_rows) != len(units_b.doc_rows):
            raise ValueError("the two systems were scored on different documents")
        joint.update(zip(units_a.doc_rows, units_b.doc_rows))
        return joint
    joint.update(zip(units_a.gold_rows, units_b.gold_rows))
    zero = (0,) * width
    for x, c in units_a.spurious_rows.items():
        joint[(x, zero)] += c
    for y, c in units_b.spurious_rows.items():
        joint[(zero, y)] += c
    return joint


def paired_p_values(units_a, units_b, statistics, width: int, shuffles: int, seed: int) -> list[dict]:
    """[{metric, a, b, difference, p_value}] for every (name, statistic of column sums)."""
    items = sorted(joint_rows(units_a, units_b, width).items())
    ta = np.array([k[0] for k, _ in items], dtype=float).reshape(len(items), width)
    tb = np.array([k[1] for k, _ in items], dtype=float).reshape(len(items), width)
    w = np.array([c for _, c in items], dtype=np.int64)
    rows = []
    for metric, stat in statistics:
        va = float(stat((w @ ta)[None])[0]) if len(w) else float("nan")
        vb = float(stat((w @ tb)[None])[0]) if len(w) else float("nan")
        defined = len(w) and va == va and vb == vb  # an undefined side (NaN) has no difference to test
        p = randomisation_test(ta, tb, w, stat, shuffles, seed) if defined else float("nan")
        rows.append({"metric": metric, "a": va, "b": vb, "difference": va - vb, "p_value": p})
    return rows
