"""Bootstrap from count rows and the paired approximate-randomisation test."""
from collections import Counter

import numpy as np
import pytest

from benchmark.metrics import prf, prf_for_interval
from benchmark.stats import CountTable, bootstrap_sums, percentile_ci, randomisation_test

COLS = ("n_pred", "n_gold", "tp")


def table(tp=8, fp=2, fn=4):
    return CountTable.from_counter(Counter({(1, 1, 1): tp, (1, 0, 0): fp, (0, 1, 0): fn}), COLS)


def test_table_totals_and_units():
    t = table()
    assert t.units == 14
    assert t.totals().tolist() == [10, 12, 8]


def test_bootstrap_is_seeded_and_resamples_whole_units():
    a = bootstrap_sums(table(), 500, 12345)
    b = bootstrap_sums(table(), 500, 12345)
    c = bootstrap_sums(table(), 500, 1)
    assert np.array_equal(a, b) and not np.array_equal(a, c)
    # every resample holds 14 units: predictions + missed = units
    assert np.all(a[:, 0] + a[:, 1] - a[:, 2] == 14)
    # the resampled mean is close to the observed counts
    assert a.mean(axis=0) == pytest.approx([10, 12, 8], rel=0.05)


def test_bootstrap_ci_contains_the_point_estimate():
    sums = bootstrap_sums(table(), 1000, 12345)
    p, r, f = prf(sums[:, 2], sums[:, 2], sums[:, 0], sums[:, 1])
    lo, hi = percentile_ci(f)
    point = prf(8, 8, 10, 12)[2]
    assert lo < point < hi
    assert 0 <= lo and hi <= 1


def test_precision_interval_leaves_out_resamples_without_predictions():
    # one correct prediction, fifteen missed gold attributions: about a third of the
    # resamples draw no prediction at all, and their precision is undefined, not 0
    t = table(tp=1, fp=0, fn=15)
    sums = bootstrap_sums(t, 1000, 12345)
    assert np.any(sums[:, 0] == 0)
    p, r, f = prf_for_interval(sums[:, 2], sums[:, 2], sums[:, 0], sums[:, 1])
    assert np.isnan(p[sums[:, 0] == 0]).all() and not np.isnan(p[sums[:, 0] > 0]).any()
    assert percentile_ci(p) == [1.0, 1.0]
    # plain prf agrees: undefined is not zero in point estimates either
    assert percentile_ci(prf(sums[:, 2], sums[:, 2], sums[:, 0], sums[:, 1])[0]) == [1.0, 1.0]
    assert not np.isnan(f).any()  # F1 is defined wherever there is gold: 2TP / (2TP + FP + FN)


def test_one_correct_prediction_gets_a_precision_interval_of_one():
    import benchmark

    doc = benchmark.load_gold()[0]
    a = doc.attributions[0]
    pred = {"doc_id": doc.doc_id, "content_spans": [s.to_dict() for s in a.content]}
    ci = benchmark.score([pred], bootstrap=1000).data["levels"]["quote"]["ci"]
    assert ci["precision"] == [1.0, 1.0]
    assert ci["recall"][0] == 0.0 and 0 < ci["recall"][1] < 0.5


def test_no_resamples_no_interval():
    assert bootstrap_sums(table(), 0, 1).shape == (0, 3)
    assert percentile_ci(np.array([])) == [None, None]


def f1_stat(S):
    return prf(S[:, 2], S[:, 2], S[:, 0], S[:, 1])[2]


def test_randomisation_identical_systems_give_p_one():
    rows = np.array([[1, 1, 1], [1, 0, 0], [0, 1, 0]], dtype=float)
    w = np.array([8, 2, 4])
    assert randomisation_test(rows, rows, w, f1_stat, 200, 7) == 1.0


def test_randomisation_clear_difference_is_significant():
    # 40 gold items: system A finds them all, system B none of them
    a = np.array([[1, 1, 1]], dtype=float)
    b = np.array([[0, 1, 0]], dtype=float)
    w = np.array([40])
    p = randomisation_test(a, b, w, f1_stat, 999, 7)
    assert p == pytest.approx(1 / 1000)


def test_randomisation_small_difference_is_not_significant():
    # A and B differ on one gold item out of 20
    a = np.array([[1, 1, 1], [1, 1, 1]], dtype=float)
    b = np.array([[1, 1, 1], [0, 1, 0]], dtype=float)
    w = np.array([19, 1])
    assert randomisation_test(a, b, w, f1_stat, 999, 7) > 0.5
