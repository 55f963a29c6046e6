"""Scorer speed on a synthetic corpus in the gold schema.

    python benchmarks/bench_scorer.py             # 10,000 documents, 100,000+ attributions
    python benchmarks/bench_scorer.py --million   # 1,000,000 attributions
    python benchmarks/bench_scorer.py --jobs 2    # also time --jobs 2 against --jobs 1

Prints: the time to merely parse the prediction file (json.loads per line: the floor), the
time to score it in every mode (exact, overlap, soft; with and without the soft score; gold
in memory; best of 3, each run next to a floor run so that a busy machine shifts both), with
where the time goes (reading, aligning/keys, matching, counting, the rest: the result and
the checks around the documents), the time for 1,000 bootstrap
resamples, peak memory (tracemalloc) while scoring, and the in-memory exact-span matching
step against nervaluate's (strict) evaluation on the same spans: the 10,000 small
documents and one document with 5,000 attributions. Nothing is downloaded; the corpus is
generated from a fixed seed in a temporary folder.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmark.matching import match_exact  # noqa: E402
from benchmark.model import Attribution, Document, Entity, Mention, SourceRef, Span, sha256_text  # noqa: E402
from benchmark.predictions import read_predictions  # noqa: E402
from benchmark.scorer import Settings, accumulate, score  # noqa: E402
from benchmark.scoring.counting import Accumulator, match_document  # noqa: E402
from benchmark.scoring.keys import align_document  # noqa: E402
from benchmark.scoring.speakers import PairAttributes  # noqa: E402
from benchmark.stats import CountTable, bootstrap_sums  # noqa: E402

WORDS = ("government officials markets prices energy security talks border report economy growth "
         "minister city council court police election vote budget health schools water roads army "
         "weather farmers workers union strike plan policy deal trade tax bank rates").split()
NAMES = ["Alma Reyes", "Tomas Berg", "Ines Duarte", "Omar Haddad", "Lena Vogt", "Ravi Menon"]
STANCES = ("claim", "denial", "accusation")
VERBS = {"claim": "said", "denial": "denied", "accusation": "accused"}


def make_document(doc_id: str, n_attr: int, rng: random.Random) -> Document:
    """A text of `n_attr` reported sentences plus filler, with one attribution each."""
    parts, atts, ents = [], [], {}
    pos = 0

    def add(s: str) -> tuple[int, int]:
        nonlocal pos
        start = pos
        parts.append(s)
        pos += len(s)
        return start, pos

    for k in range(n_attr):
        if rng.random() < 0.3:
            add(" ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 14))).capitalize() + ". ")
        name = rng.choice(NAMES)
        stance = rng.choice(STANCES)
        ms, me = add(name)
        add(f" {VERBS[stance]} that ")
        words = [rng.choice(WORDS) for _ in range(rng.randint(8, 20))]
        cs, ce = add(" ".join(words))
        add(". ")
        eid = f"E{NAMES.index(name) + 1}"
        ent = ents.setdefault(eid, {"name": name, "mentions": []})
        mid = f"M{k + 1}"
        ent["mentions"].append(Mention(mid, Span(ms, me, name), "name"))
        atts.append((f"A{k + 1}", (cs, ce), stance, eid, mid))
    text = "".join(parts)
    entities = tuple(Entity(eid, e["name"], "person", (), tuple(e["mentions"])) for eid, e in sorted(ents.items()))
    attributions = tuple(
        Attribution(aid, (Span(s, e, text[s:e]),), "indirect", stance, SourceRef(eid, mid))
        for aid, (s, e), stance, eid, mid in atts)
    return Document(doc_id, text, sha256_text(text), entities, attributions)


def make_predictions(doc: Document, rng: random.Random) -> list[dict]:
    """70% exact copies, 15% shifted by one word, 15% missed, plus 10% spurious spans."""
    names = {e.id: e.name for e in doc.entities}
    out = []
    for a in doc.attributions:
        r = rng.random()
        if r < 0.15:
            continue
        s, e = a.content[0].start, a.content[0].end
        if r < 0.30:  # shift right by one word
            s = doc.text.index(" ", s) + 1
            nxt = doc.text.find(" ", e + 1)
            e = nxt if nxt > 0 else len(doc.text)
        stance = a.stance if rng.random() < 0.8 else rng.choice(STANCES)
        out.append({"doc_id": doc.doc_id, "content_spans": [{"start": s, "end": e, "text": doc.text[s:e]}],
                    "speaker": names[a.speaker.entity] if rng.random() < 0.9 else "someone",
                    "stance": stance, "type": "indirect"})
    for _ in range(len(doc.attributions) // 10):
        s = rng.randrange(0, len(doc.text) - 40)
        e = s + rng.randint(10, 40)
        out.append({"doc_id": doc.doc_id, "content_spans": [{"start": s, "end": e, "text": doc.text[s:e]}],
                    "stance": "claim"})
    rng.shuffle(out)
    return out


def build(n_docs: int, per_doc: int, big: int, seed: int = 7):
    rng = random.Random(seed)
    docs = [make_document(f"doc{n:06d}", per_doc + rng.randint(-2, 2), rng) for n in range(n_docs)]
    docs.append(make_document("big", big, rng))
    preds = [p for d in docs for p in make_predictions(d, rng)]
    return docs, preds


def timed(fn, repeat: int = 1):
    best, out = float("inf"), None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    return best, out


def _parse(path: Path) -> None:
    with open(path, encoding="utf-8") as f:
        for line in f:
            json.loads(line)


def parse_floor(path: Path) -> float:
    return timed(lambda: _parse(path), 3)[0]


MODES = (("exact", False), ("exact", True), ("overlap", False), ("overlap", True), ("soft", True))


def score_vs_floor(path: Path, docs, mode: str, soft: bool, repeat: int = 3):
    """(best score time, best floor time, result): each score run follows a floor run."""
    best_t, best_f, r = float("inf"), float("inf"), None
    for _ in range(repeat):
        best_f = min(best_f, timed(lambda: _parse(path))[0])
        t, r = timed(lambda: score(str(path), gold=docs, match=mode, bootstrap=0, soft=soft))
        best_t = min(best_t, t)
    return best_t, best_f, r


def breakdown(path: Path, docs, mode: str, soft: bool, repeat: int = 3) -> dict:
    """Each step in times the parse floor (best of `repeat` per step, each pass next to a
    floor run): reading the predictions and the steps of `Accumulator.add` over the corpus,
    run as `score` runs them (garbage collector paused)."""
    import gc

    settings = Settings(match=mode, bootstrap=0, soft=soft)
    known = {d.doc_id for d in docs}
    clock = time.perf_counter
    best = {"reading": float("inf"), "aligning/keys": float("inf"), "matching": float("inf"),
            "counting": float("inf")}
    for _ in range(repeat):
        floor = timed(lambda: _parse(path))[0]
        gc.disable()
        try:
            t0 = clock()
            preds, _, _ = read_predictions(str(path), known=known)
            took = {"reading": clock() - t0, "aligning/keys": 0.0, "matching": 0.0, "counting": 0.0}
            acc = Accumulator(settings)
            for doc in docs:
                t0 = clock()
                aligned = align_document(doc, preds.pop(doc.doc_id, ()), str(path))
                t1 = clock()
                attrs = PairAttributes(doc, aligned.ordered)
                pairs, soft_pairs = match_document(aligned, attrs, settings)
                t2 = clock()
                acc.count(aligned, attrs, pairs, soft_pairs)
                t3 = clock()
                took["aligning/keys"] += t1 - t0
                took["matching"] += t2 - t1
                took["counting"] += t3 - t2
        finally:
            gc.enable()
        for k, v in took.items():
            best[k] = min(best[k], v / floor)
    return best


def nervaluate_vs_matching(docs, preds_by_doc):
    from nervaluate import Evaluator

    def spans_of(doc):
        return [(a.content[0].start, a.content[0].end) for a in doc.attributions]

    def pred_spans(doc):
        return [(p["content_spans"][0]["start"], p["content_spans"][0]["end"]) for p in preds_by_doc.get(doc.doc_id, [])]

    rows = []
    small = [d for d in docs if d.doc_id != "big"]
    big = [d for d in docs if d.doc_id == "big"]
    for label, group in (("10,000 small documents", small), ("one document, 5,000 spans", big)):
        gold = [spans_of(d) for d in group]
        pred = [pred_spans(d) for d in group]
        true_d = [[{"label": "Q", "start": s, "end": e - 1} for s, e in g] for g in gold]
        pred_d = [[{"label": "Q", "start": s, "end": e - 1} for s, e in p] for p in pred]
        t_nv, res = timed(lambda: Evaluator(true_d, pred_d, tags=["Q"], loader="dict").evaluate(), 1)
        t_nv1, _ = timed(lambda: _strict_only(true_d, pred_d), 1)
        gk = [[((s, e),) for s, e in g] for g in gold]
        pk = [[((s, e),) for s, e in p] for p in pred]
        t_me, pairs = timed(lambda: [match_exact(g, p) for g, p in zip(gk, pk)], 3)
        ours_tp = sum(len(x) for x in pairs)
        nv_tp = res["overall"]["strict"].correct
        rows.append((label, t_nv, t_nv1, t_me, ours_tp, nv_tp))
    return rows


def _strict_only(true_d, pred_d):
    """nervaluate's strict strategy alone (Evaluator.evaluate runs four strategies, twice)."""
    from nervaluate.loaders import DictLoader
    from nervaluate.strategies import StrictEvaluation

    true, pred = DictLoader().load(true_d), DictLoader().load(pred_d)
    strategy = StrictEvaluation(1.0)
    return [strategy.evaluate(t, p, ["Q"], n) for n, (t, p) in enumerate(zip(true, pred))]


def _load() -> str:
    import os

    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--million", action="store_true", help="1,000,000 attributions instead of 100,000+")
    ap.add_argument("--jobs", type=int, default=2, help="also time scoring with this many processes (default 2; 1 = skip)")
    ap.add_argument("--skip-nervaluate", action="store_true")
    ap.add_argument("--skip-stream", action="store_true", help="skip scoring with the gold streamed from JSONL")
    args = ap.parse_args(argv)

    n_docs = 100_000 if args.million else 10_000
    t_build, (docs, preds) = timed(lambda: build(n_docs, 10, 5000))
    n_gold = sum(len(d.attributions) for d in docs)
    print(f"synthetic corpus: {len(docs):,} documents, {n_gold:,} gold attributions "
          f"(one document with 5,000), {len(preds):,} predictions (built in {t_build:.1f} s)")
    tmp = Path(tempfile.mkdtemp(prefix="qb-bench-"))
    pred_path = tmp / "pred.jsonl"
    with open(pred_path, "w", encoding="utf-8") as f:
        for p in preds:
            f.write(json.dumps(p) + "\n")
    gold_path = tmp / "gold.jsonl"
    with open(gold_path, "w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps(d.to_dict(), ensure_ascii=False) + "\n")
    size = pred_path.stat().st_size / 1e6
    floor = parse_floor(pred_path)
    print(f"\nparse floor (json.loads per line, {size:.0f} MB): {floor:.2f} s (best of 3); "
          f"load average {_load()} (ratios to the floor hold on a busy machine, roughly)")

    print("\nscore, gold in memory, no bootstrap (best of 3; x = times the parse floor of the same runs):")
    print(f"  {'mode':<22} {'seconds':>7} {'x floor':>7}   reading  aligning/keys  matching  counting  rest")
    for mode, soft in MODES:
        t, f, r = score_vs_floor(pred_path, docs, mode, soft)
        parts = breakdown(pred_path, docs, mode, soft)
        parts["rest"] = t / f - sum(parts.values())  # negative when the two measurements disagree
        label = mode + (" + soft score" if soft and mode != "soft" else "")
        cells = "  ".join(f"{parts[k]:>{w}.2f}" for k, w in
                          (("reading", 7), ("aligning/keys", 13), ("matching", 8), ("counting", 8), ("rest", 4)))
        print(f"  {label:<22} {t:>7.2f} {t / f:>7.1f}   {cells}   (quote F1 {r.data['levels']['quote']['f1']:.3f})")
    print("  (the steps in x floor, measured apart; rest = the total less the steps: the result, the checks "
          f"around the documents); load average now {_load()}")

    settings = Settings(match="overlap", bootstrap=0)
    acc = accumulate(str(pred_path), docs, settings)
    from benchmark.scorer import COLUMNS, SOFT_COLUMNS

    table = CountTable.from_counter(acc.rows, COLUMNS)
    soft_table = CountTable.from_counter(acc.soft, SOFT_COLUMNS)
    t_boot, _ = timed(lambda: bootstrap_sums(table, 1000, 12345), 3)
    t_sboot, _ = timed(lambda: bootstrap_sums(soft_table, 1000, 12345), 1)
    units = table.units
    print(f"\n1,000 bootstrap resamples of {units:,} units ({len(table.weights)} distinct count rows): {t_boot:.3f} s "
          f"= {t_boot / units * 1e5:.3f} s per 100,000 units")
    print(f"1,000 bootstrap resamples of the soft score ({len(soft_table.weights):,} distinct rows): {t_sboot:.3f} s")
    t_full, _ = timed(lambda: score(str(pred_path), gold=docs, match="overlap", bootstrap=1000), 1)
    print(f"score, overlap, with soft score and 1,000 bootstrap resamples: {t_full:.2f} s")

    tracemalloc.start()
    score(str(pred_path), gold=docs, match="overlap", bootstrap=1000)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"peak memory while scoring (tracemalloc, gold already in memory): {peak / 1e6:.0f} MB "
          f"(prediction file {size:.0f} MB)")

    if args.skip_stream:
        args.jobs = 1
    t_stream, _ = (0.0, None) if args.skip_stream else timed(lambda: score(str(pred_path), gold=str(gold_path), match="overlap", bootstrap=0), 1)
    if not args.skip_stream:
        print(f"\nscore, overlap, gold streamed from {gold_path.stat().st_size / 1e6:.0f} MB of JSONL "
              f"(schema and integrity checks on every gold document), --jobs 1: {t_stream:.2f} s "
              f"= {n_gold / t_stream:,.0f} gold attributions/s")
    if args.jobs > 1:
        t_par, _ = timed(lambda: score(str(pred_path), gold=str(gold_path), match="overlap", bootstrap=0,
                                       jobs=args.jobs), 1)
        print(f"same, --jobs {args.jobs}: {t_par:.2f} s = {n_gold / t_par:,.0f} gold attributions/s "
              f"({t_stream / t_par:.2f} x)")

    if not args.skip_nervaluate:
        by_doc: dict = {}
        for p in preds:
            by_doc.setdefault(p["doc_id"], []).append(p)
        print("\nin-memory exact-span matching step (single-span contents), nervaluate strict vs quotebench:")
        for label, t_nv, t_nv1, t_me, ours, theirs in nervaluate_vs_matching(docs, by_doc):
            print(f"  {label}: nervaluate Evaluator.evaluate {t_nv:.3f} s, its strict strategy alone {t_nv1:.3f} s, "
                  f"quotebench match_exact {t_me:.3f} s ({t_nv / t_me:.0f} x / {t_nv1 / t_me:.0f} x faster); "
                  f"true positives {ours:,}, nervaluate strict correct {theirs:,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
