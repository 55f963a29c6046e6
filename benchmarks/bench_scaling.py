"""How the work grows with its input: time at 1x to 64x for every stage, and its exponent.

    python benchmarks/bench_scaling.py            # all stages (a few minutes on 2 cores)
    python benchmarks/bench_scaling.py --quick    # 1x to 16x

For each stage and input family the script prints the seconds at each size and the exponent
b of time ~ size^b, fitted on the sizes from 4x up (below that, fixed costs dominate).
Near-linear is b <= 1.3. Families:

- align, natural: a gold quote of the seed article found in a document that is the article
  repeated k times; align, paraphrase: a reworded quote of k x 250 characters (above the
  fuzzy step's cap, `benchmark.align.MAX_FUZZY`, it is refused at once);
- matching: the seed article's gold scored against k copies of every prediction (duplicates
  are spurious), in overlap mode;
- each baseline on one long paragraph (the article's text k times, no line breaks), on a
  text of k x 500 quotation marks, and on k x 250 quoted sentences in one paragraph
  (`"It works," he said.`).
"""
from __future__ import annotations

import argparse
import math
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import benchmark  # noqa: E402
from baselines import get_baseline  # noqa: E402
from baselines.base import text_document  # noqa: E402
from benchmark.align import align  # noqa: E402


def timed(fn, repeat: int = 1) -> float:
    best = math.inf
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def exponent(sizes, seconds) -> float:
    pts = [(math.log(s), math.log(max(t, 1e-6))) for s, t in zip(sizes, seconds) if s >= 4]
    if len(pts) < 2:
        return float("nan")
    mx = sum(x for x, _ in pts) / len(pts)
    my = sum(y for _, y in pts) / len(pts)
    return sum((x - mx) * (y - my) for x, y in pts) / sum((x - mx) ** 2 for x, _ in pts)


def stages(doc):
    text = doc.text
    quote = next(a for a in doc.attributions if a.type == "direct").content_text
    words = text.split()
    rng = random.Random(12345)
    preds = [{"doc_id": doc.doc_id, "content": a.content_text, "stance": a.stance} for a in doc.attributions]
    flat = text.replace("\n", " ")
    out = {
        "align, natural": lambda k: (lambda t=(text + "\n") * k: align(t, quote)),
        "align, paraphrase": lambda k: (lambda p=" ".join(rng.choice(words) for _ in range(40 * k)): align(text, p)),
        "matching (overlap)": lambda k: (lambda p=preds * k: benchmark.score(p, gold=[doc], bootstrap=0)),
    }
    for name in ("quote-marks", "rules", "learned"):
        b = get_baseline(name)
        b.ensure_fitted()
        out[f"{name}, one long paragraph"] = lambda k, b=b: (lambda t=(flat + " ") * k: b.predict(text_document(t, "d")))
        out[f"{name}, only quotation marks"] = lambda k, b=b: (lambda t='"' * (500 * k): b.predict(text_document(t, "q")))
        out[f"{name}, many quoted sentences"] = lambda k, b=b: (
            lambda t='"It works," he said. ' * (250 * k): b.predict(text_document(t, "s")))
    return out


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--quick", action="store_true", help="sizes 1x to 16x only")
    args = p.parse_args()
    sizes = [1, 2, 4, 8, 16] + ([] if args.quick else [32, 64])
    doc = benchmark.load_gold(split="seed")[0]
    print(f"{'stage, input':<36}" + "".join(f"{str(s) + 'x':>9}" for s in sizes) + f"{'exponent':>10}")
    for name, make in stages(doc).items():
        secs = [timed(make(k), repeat=2 if k <= 8 else 1) for k in sizes]
        print(f"{name:<36}" + "".join(f"{t:>9.3f}" for t in secs) + f"{exponent(sizes, secs):>10.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
