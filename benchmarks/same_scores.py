"""Does the scorer of this checkout give exactly the results it gave at an earlier commit?

    python benchmarks/same_scores.py addff5d

For changes meant to leave behaviour alone (restructuring, speed). Both revisions score the
same inputs in every mode (exact, overlap, soft; soft score on; 200 bootstrap resamples;
every error item kept; intervals by attribution, which every revision computes) and the
full result dicts are compared: the synthetic corpus of
`bench_scorer.py` (2,000 documents, with offsets; and the same predictions given as text,
so that alignment runs), and the shipped LLM example on the seed split. The earlier commit is
checked out in a temporary git worktree. Prints one line per input and mode; exit 1 on
any difference.
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RUN = r"""
import json, sys
sys.path.insert(0, sys.argv[1])
from benchmark.corpus import load_corpus
from benchmark.scorer import score
cases = json.load(open(sys.argv[2]))
out = {}
import inspect
by_attribution = {"resample": "attribution"} if "resample" in inspect.signature(score).parameters else {}
for name, pred, gold in cases:
    for mode in ("exact", "overlap", "soft"):
        if gold is None:
            from benchmark.llm.score import score_answers
            r = score_answers(pred, split="seed", match=mode, bootstrap=200, errors=True)
        else:  # intervals by attribution: what every revision computes
            r = score(pred, gold=load_corpus(gold), match=mode, bootstrap=200, errors=True, **by_attribution)
        d = r.to_dict()
        d["settings"].pop("predictions", None)
        d["settings"].pop("resample", None)  # named since the document-level bootstrap
        out[f"{name} {mode}"] = d
json.dump(out, open(sys.argv[3], "w"), sort_keys=True, default=list)
"""


def _inputs(folder: Path) -> list:
    sys.path.insert(0, str(REPO / "benchmarks"))
    sys.path.insert(0, str(REPO))
    from bench_scorer import build

    from benchmark.corpus import write_jsonl

    docs, preds = build(2000, 10, 300)
    gold = folder / "gold.jsonl"
    write_jsonl(docs, gold)
    with_offsets = folder / "offsets.jsonl"
    with_offsets.write_text("".join(json.dumps(p) + "\n" for p in preds), encoding="utf-8")
    as_text = folder / "text.jsonl"
    texts = []
    for p in preds[:4000]:
        q = {k: v for k, v in p.items() if k != "content_spans"}
        q["content"] = p["content_spans"][0]["text"]
        texts.append(json.dumps(q) + "\n")
    as_text.write_text("".join(texts), encoding="utf-8")
    example = REPO / "benchmark" / "llm" / "examples" / "seed_responses.jsonl"
    return [["offsets", str(with_offsets), str(gold)], ["text", str(as_text), str(gold)],
            ["llm example", str(example), None]]


def _run(checkout: Path, cases: Path, out: Path) -> dict:
    subprocess.run([sys.executable, "-c", RUN, str(checkout), str(cases), str(out)], check=True)
    return json.loads(out.read_text(encoding="utf-8"))


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        cases = tmp / "cases.json"
        cases.write_text(json.dumps(_inputs(tmp)), encoding="utf-8")
        old = tmp / "old"
        subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", str(old), sys.argv[1]],
                       check=True, capture_output=True)
        try:
            before = _run(old, cases, tmp / "before.json")
        finally:
            subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(old)], check=True)
        after = _run(REPO, cases, tmp / "after.json")
    differ = 0
    for key in before:
        same = before[key] == after.get(key)
        differ += not same
        errors = len(before[key].get("errors", []))
        print(f"{key:<20} {'identical' if same else 'DIFFERENT'} ({errors:,} error items)")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
