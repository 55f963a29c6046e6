"""Do quotebench's 95% intervals and paired tests hold when documents differ in difficulty?

    python benchmarks/bootstrap_coverage.py            # 300 simulated corpora per size
    python benchmarks/bootstrap_coverage.py --trials 1000

A simulated system meets documents of varying difficulty: each document has its own chance
of finding a gold attribution and its own rate of spurious predictions, so attributions of
one document succeed or fail together. For corpora of 20, 40 and 80 documents it prints

- **coverage**: how often the 95% interval of quote F1 holds the true F1 (the F1 of the
  whole population of documents), resampling attributions and resampling documents;
- **false alarms**: how often the paired test calls two systems of the same quality
  different at p < 0.05 (each document's difficulty is shared by both systems).

An interval that holds 95% of the time, and a test that errs 5% of the time, are right. The
intervals and the test are the package's own (`benchmark.stats`, `benchmark.paired`),
applied to count rows shaped as the scorer's (n_pred, n_gold, tp). Fixed seeds.
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmark.metrics import prf  # noqa: E402
from benchmark.paired import paired_p_values  # noqa: E402
from benchmark.result import Units  # noqa: E402
from benchmark.stats import CountTable, bootstrap_sums, percentile_ci  # noqa: E402

COLUMNS = ("n_pred", "n_gold", "tp")
F1 = [("quote f1", lambda S: prf(S[:, 2], S[:, 2], S[:, 0], S[:, 1])[2])]


def draw_documents(rng: np.random.Generator, n: int) -> tuple:
    """Per document: gold count, chance of finding each, and spurious rate (its difficulty)."""
    gold = rng.poisson(9, n) + 1
    found = rng.beta(2.0, 1.2, n)  # some documents are easy, some hard
    spurious = rng.gamma(1.0, 2.0, n)
    return gold, found, spurious


def system_units(rng, gold, found, spurious):
    """Attribution rows (matched, missed, spurious) and per-document summed rows."""
    unit_rows: list = []
    doc_rows: list = []
    for g, f, s in zip(gold, found, spurious):
        tp = rng.binomial(g, f)
        fp = rng.poisson(s)
        unit_rows.append(((1, 1, 1),) * tp + ((0, 1, 0),) * (g - tp) + ((1, 0, 0),) * fp)
        doc_rows.append((tp + fp, int(g), tp))
    return unit_rows, doc_rows


def true_f1(seed: int) -> float:
    """The population F1: micro F1 over a very large corpus of the same documents."""
    rng = np.random.default_rng(seed)
    gold, found, spurious = draw_documents(rng, 400_000)
    tp = rng.binomial(gold, found).sum()
    fp = rng.poisson(spurious).sum()
    return 2 * tp / (2 * tp + fp + (gold.sum() - tp))


def interval(rows, resamples: int, seed: int):
    table = CountTable.from_counter(Counter(rows), COLUMNS)
    b = bootstrap_sums(table, resamples, seed)
    return percentile_ci(prf(b[:, 2], b[:, 2], b[:, 0], b[:, 1])[2])


def run(n_docs: int, trials: int, resamples: int, truth: float, seed: int) -> dict:
    rng = np.random.default_rng(seed + n_docs)
    covered = Counter()
    alarms = Counter()
    for t in range(trials):
        gold, found, spurious = draw_documents(rng, n_docs)
        units, docs = system_units(rng, gold, found, spurious)
        flat = [r for doc in units for r in doc]
        for unit, rows in (("attribution", flat), ("document", docs)):
            lo, hi = interval(rows, resamples, seed + t)
            covered[unit] += lo <= truth <= hi
        # a second system of the same quality on the same documents: the null holds
        units_b, docs_b = system_units(rng, gold, found, spurious)
        gold_rows_a = [r for doc in units for r in doc if r[1]]
        gold_rows_b = [r for doc in units_b for r in doc if r[1]]
        spurious_a = Counter(r for doc in units for r in doc if not r[1])
        spurious_b = Counter(r for doc in units_b for r in doc if not r[1])
        for unit in ("attribution", "document"):
            a = Units(tuple(gold_rows_a), dict(spurious_a), tuple(docs), unit)
            b = Units(tuple(gold_rows_b), dict(spurious_b), tuple(docs_b), unit)
            p = paired_p_values(a, b, F1, len(COLUMNS), resamples, seed + t)[0]["p_value"]
            alarms[unit] += p < 0.05
    return {u: (covered[u] / trials, alarms[u] / trials) for u in ("attribution", "document")}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    ap.add_argument("--trials", type=int, default=300, help="simulated corpora per size (default 300)")
    ap.add_argument("--resamples", type=int, default=1000, help="bootstrap resamples and shuffles (default 1000)")
    ap.add_argument("--seed", type=int, default=12345)
    args = ap.parse_args()
    truth = true_f1(args.seed)
    print(f"true quote F1 of the document population: {truth:.4f}; {args.trials} corpora per size, "
          f"{args.resamples} resamples, seed {args.seed}\n")
    print("| documents | 95% interval holds the true F1: by attribution | by document "
          "| paired test, p < 0.05 between equal systems: by attribution | by document |")
    print("|---|---|---|---|---|")
    for n in (20, 40, 80):
        res = run(n, args.trials, args.resamples, truth, args.seed)
        (ca, fa), (cd, fd) = res["attribution"], res["document"]
        print(f"| {n} | {ca:.0%} | {cd:.0%} | {fa:.0%} | {fd:.0%} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
