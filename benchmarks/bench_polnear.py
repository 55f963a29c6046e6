"""Throughput on PolNeAR train (840 articles) with 1 and 2 processes.

Three stages, each timed on its own and reported as documents and attributions per second:
converting PolNeAR to the gold schema (one process), predicting with a baseline over the raw
texts (`predict_documents`, jobs = 1, 2), and scoring those predictions against the converted
corpus streamed from JSONL (`benchmark.score`, no bootstrap, jobs = 1, 2). Each run is timed
`--repeat` times (fastest kept); results with 2 processes are checked to equal those with 1.
PolNeAR is read in place (never copied); the script exits 0 with a note when it is absent.

    python benchmarks/bench_polnear.py [--polnear PATH] [--split train] [--baseline rules] [--jobs 1 2]
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmark.brat import BratStats  # noqa: E402
from benchmark.errors import InputError  # noqa: E402
from benchmark.polnear import default_root, read_polnear  # noqa: E402


def rate(n: int, seconds: float) -> str:
    return f"{n / seconds:10.1f}/s" if seconds else "       inf/s"


def best(repeat: int, fn):
    """(fastest wall time, result) over `repeat` runs (the first run also pays for warm-up)."""
    times, out = [], None
    for _ in range(max(1, repeat)):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), out


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--polnear", help="PolNeAR root (default ../shared/external/polnear or $QUOTEBENCH_POLNEAR)")
    p.add_argument("--split", default="train")
    p.add_argument("--baseline", default="rules", help="baseline whose predictions are scored (default rules)")
    p.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    p.add_argument("--limit", type=int, help="only the first N articles")
    p.add_argument("--repeat", type=int, default=2, help="time each run N times and keep the fastest (default 2)")
    args = p.parse_args(argv)
    root = args.polnear or default_root()
    try:
        t0 = time.perf_counter()
        stats = BratStats()
        docs = list(read_polnear(root, args.split, stats=stats, limit=args.limit))
        convert_s = time.perf_counter() - t0
    except InputError as e:
        print(f"PolNeAR not available ({e}); nothing measured")
        return 0

    from baselines import get_baseline, text_document
    from benchmark import score
    from benchmark.commands.predict import predict_documents

    n_docs, n_att = len(docs), stats.attributions
    chars = sum(len(d.text) for d in docs)
    print(f"PolNeAR {args.split}: {n_docs} documents, {n_att} attributions, {chars:,} characters; "
          f"{os.cpu_count()} CPUs")
    print(f"{'stage':<34} {'jobs':>4} {'seconds':>8} {'documents':>12} {'attributions':>12}")
    print(f"{'convert (read + check offsets)':<34} {1:>4} {convert_s:8.2f} {rate(n_docs, convert_s)} {rate(n_att, convert_s)}")

    with tempfile.TemporaryDirectory() as tmp:
        gold = Path(tmp) / "gold.jsonl"
        with open(gold, "w", encoding="utf-8") as f:
            for d in docs:
                f.write(json.dumps(d.to_dict(), ensure_ascii=False) + "\n")
        raw = [text_document(d.text, d.doc_id) for d in docs]
        baseline = get_baseline(args.baseline)
        baseline.ensure_fitted()
        preds_by_jobs = {}
        for jobs in args.jobs:
            s, preds = best(args.repeat, lambda: predict_documents(baseline, raw, jobs, progress=False))
            preds_by_jobs[jobs] = preds
            print(f"{'predict (' + args.baseline + ')':<34} {jobs:>4} {s:8.2f} {rate(n_docs, s)} {rate(len(preds), s)}")
        preds = preds_by_jobs[args.jobs[0]]
        if any(p != preds for p in preds_by_jobs.values()):
            print("WARNING: predictions differ between job counts")
        results = {}
        for jobs in args.jobs:
            s, r = best(args.repeat, lambda: score(preds, gold=str(gold), bootstrap=0, jobs=jobs))
            results[jobs] = r.to_dict()["levels"]
            print(f"{'score (overlap, streamed JSONL)':<34} {jobs:>4} {s:8.2f} {rate(n_docs, s)} {rate(n_att + len(preds), s)}")
        first = results[args.jobs[0]]
        same = all(v == first for v in results.values())
        q = first["quote"]
        print(f"\nscores identical across job counts: {same}; {args.baseline} on {args.split}: quote P {q['precision']:.3f} "
              f"R {q['recall']:.3f} F1 {q['f1']:.3f} (attributions/s for scoring counts gold + predicted)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
