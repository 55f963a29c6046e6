"""Characters per second and peak memory of each baseline.

Texts: PolNeAR's dev split when it is beside the checkout (or at $QUOTEBENCH_POLNEAR, or given
with --polnear), otherwise the seed article repeated. The learned baseline is trained on the gold
set first; training time is printed separately and not counted in its speed.

    python benchmarks/bench_baselines.py [--repeat N] [--polnear PATH] [--baseline NAME ...]
"""
from __future__ import annotations

import argparse
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from baselines import available, get_baseline, text_document  # noqa: E402
from benchmark import load_gold  # noqa: E402
from benchmark.errors import InputError  # noqa: E402
from benchmark.polnear import read_polnear  # noqa: E402
from benchmark.resources import seeds_dir  # noqa: E402


def texts(polnear: str | None, repeat: int):
    try:
        docs = list(read_polnear(polnear, "dev"))
    except InputError:
        docs = []
    if docs:
        return "PolNeAR dev", [text_document(d.text, d.doc_id) for d in docs]
    seed = sorted(seeds_dir().glob("*.txt"))[0].read_text(encoding="utf-8")
    return f"seed article x{repeat}", [text_document(seed, f"seed-{i}") for i in range(repeat)]


def measure(name: str, docs) -> dict:
    b = get_baseline(name)
    t0 = time.perf_counter()
    b.ensure_fitted()
    fit_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    n_pred = sum(len(b.predict(d)) for d in docs)
    run_s = time.perf_counter() - t0
    chars = sum(len(d.text) for d in docs)
    # peak Python memory on a fresh instance over a sample (tracing slows the run, so it is separate)
    tracemalloc.start()
    b2 = get_baseline(name)
    b2.ensure_fitted()
    for d in docs[:10]:
        b2.predict(d)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {"name": name, "chars": chars, "seconds": run_s, "fit_s": fit_s, "preds": n_pred,
            "cps": chars / run_s if run_s else float("inf"), "peak_mib": peak / 2**20}


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repeat", type=int, default=50, help="copies of the seed article when PolNeAR is absent")
    p.add_argument("--polnear", help="PolNeAR root (default: beside the checkout or $QUOTEBENCH_POLNEAR)")
    p.add_argument("--baseline", action="append", choices=available())
    args = p.parse_args(argv)
    load_gold()  # warm the loader so the first baseline does not pay for it
    label, docs = texts(args.polnear, args.repeat)
    print(f"texts: {label}: {len(docs)} documents, {sum(len(d.text) for d in docs):,} characters")
    print(f"{'baseline':<12} {'chars/s':>12} {'seconds':>8} {'fit s':>6} {'predictions':>11} {'peak MiB':>9}")
    for name in args.baseline or available():
        r = measure(name, docs)
        print(f"{r['name']:<12} {r['cps']:>12,.0f} {r['seconds']:>8.2f} {r['fit_s']:>6.2f} {r['preds']:>11} {r['peak_mib']:>9.1f}")
    print("peak MiB: Python allocations (tracemalloc) while fitting and predicting 10 documents")
    return 0


if __name__ == "__main__":
    sys.exit(main())
