"""Precision, recall, F1 and macro-F1 from counts (hand-computed values)."""
import numpy as np
import pytest

from benchmark.metrics import level_summary, macro_f1_arrays, per_class, prf


def test_prf_hand_computed():
    p, r, f = prf(3, 3, 4, 6)  # 3 true positives, 4 predicted, 6 gold
    assert p == pytest.approx(0.75)
    assert r == pytest.approx(0.5)
    assert f == pytest.approx(0.6)


def test_soft_credits_differ_between_precision_and_recall():
    p, r, f = prf(1.5, 1.0, 2, 4)
    assert (p, r) == (pytest.approx(0.75), pytest.approx(0.25))
    assert f == pytest.approx(2 * 0.75 * 0.25 / 1.0)


def test_empty_denominators_are_undefined_not_zero():
    assert prf(0, 0, 0, 5) == (None, 0.0, 0.0)  # nothing predicted: precision undefined, every gold item missed
    assert prf(0, 0, 0, 0) == (None, None, None)  # nothing to find and nothing predicted
    assert level_summary(0, 0, 0, 3, 0) == {"tp": 0, "fp": 3, "fn": 0, "precision": 0.0, "recall": None, "f1": 0.0}


def test_prf_on_arrays_matches_scalars():
    p, r, f = prf(np.array([3, 0]), np.array([3, 0]), np.array([4, 0]), np.array([6, 0]))
    assert p[0] == 0.75 and r[0] == 0.5 and np.isnan(p[1]) and np.isnan(r[1]) and np.isnan(f[1])
    assert f[0] == pytest.approx(0.6)


def test_per_class_and_macro_f1():
    tp = {"claim": 2, "denial": 1}
    predicted = {"claim": 4, "denial": 1, "accusation": 1}
    gold = {"claim": 2, "denial": 2}
    classes, macro = per_class(tp, predicted, gold, ("claim", "denial", "accusation"))
    assert classes["claim"]["f1"] == pytest.approx(2 * 0.5 * 1.0 / 1.5)
    assert classes["denial"]["f1"] == pytest.approx(2 * 1.0 * 0.5 / 1.5)
    assert classes["accusation"] == {"precision": 0.0, "recall": None, "f1": 0.0, "support": 0, "predicted": 1, "tp": 0}
    assert macro == pytest.approx((2 / 3 + 2 / 3 + 0) / 3)
    arr = macro_f1_arrays(np.array([[2, 1, 0]]), np.array([[4, 1, 1]]), np.array([[2, 2, 0]]))
    assert arr[0] == pytest.approx(macro)


def test_macro_f1_skips_classes_never_seen():
    _, macro = per_class({"claim": 1}, {"claim": 1}, {"claim": 1}, ("claim", "denial", "accusation"))
    assert macro == 1.0
