"""First and second call of each `datasets` view, each in a fresh Python process (import included).

For the shipped gold (all three splits, a DatasetDict) and, when PolNeAR is present, its train
split converted to a temporary JSONL file (deleted afterwards; PolNeAR is read in place): the
time of `benchmark.load_dataset(view, gold=...)` with an empty cache (first: builds the view
and stores it), again (second: reads the stored entry), and with the cache off. The cache is a
temporary folder ($QUOTEBENCH_VIEWS_CACHE), so the user's cache is never read or written. Each
run also prints a sha256 of `ds.to_list()`: first, second and uncached must agree.

    python benchmarks/bench_views.py [--polnear PATH] [--split train] [--views tokens ...]
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

VIEWS = ("documents", "attributions", "tokens")
_CHILD = """
import hashlib, json, sys, time
t = time.perf_counter()
import benchmark
ds = benchmark.load_dataset(sys.argv[1], gold=sys.argv[2] or None)
seconds = time.perf_counter() - t
parts = ds.values() if hasattr(ds, "values") else [ds]
rows = [r for part in parts for r in part.to_list()]
digest = hashlib.sha256(json.dumps(rows, ensure_ascii=False, sort_keys=True).encode()).hexdigest()
print(json.dumps({"seconds": seconds, "rows": len(rows), "sha": digest}))
"""


def one_call(view: str, gold: str, cache: str) -> dict:
    env = dict(os.environ, QUOTEBENCH_VIEWS_CACHE=cache, PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-c", _CHILD, view, gold], env=env, cwd=ROOT,
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def bench(label: str, gold: str, views) -> bool:
    same = True
    with tempfile.TemporaryDirectory(prefix="quotebench-views-") as cache:
        for view in views:
            first, second = one_call(view, gold, cache), one_call(view, gold, cache)
            off = one_call(view, gold, "off")
            agree = first["sha"] == second["sha"] == off["sha"]
            same &= agree
            print(f"{label:16s} {view:13s} {first['rows']:7d} rows  first {first['seconds']:6.2f} s  "
                  f"second {second['seconds']:5.2f} s  uncached {off['seconds']:6.2f} s  "
                  f"{'same content' if agree else 'CONTENT DIFFERS'}", flush=True)
    return same


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--polnear", help="PolNeAR root (default: quotebench's default_root())")
    ap.add_argument("--split", default="train", help="PolNeAR split (default train)")
    ap.add_argument("--views", nargs="+", choices=VIEWS, default=list(VIEWS))
    args = ap.parse_args(argv)

    from benchmark.corpus import write_jsonl
    from benchmark.polnear import default_root, read_polnear

    ok = bench("shipped gold", "", args.views)
    root = Path(args.polnear) if args.polnear else default_root()
    if not root.is_dir():
        print(f"PolNeAR not found at {root}: only the shipped gold was timed")
        return 0 if ok else 1
    with tempfile.TemporaryDirectory(prefix="quotebench-polnear-") as tmp:
        path = Path(tmp) / f"polnear_{args.split}.jsonl"
        n = write_jsonl(read_polnear(root, split=args.split), path)
        print(f"PolNeAR {args.split}: {n} documents, {path.stat().st_size / 1e6:.1f} MB (temporary)")
        ok &= bench(f"PolNeAR {args.split}", str(path), args.views)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
