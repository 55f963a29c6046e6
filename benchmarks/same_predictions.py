"""Do the baselines of this checkout predict exactly what they predicted at an earlier commit?

    python benchmarks/same_predictions.py e3d05f9

For changes meant to be speed-only. It compares on `dev` (and PolNeAR dev when it is found),
never on `test`: rules and quote-marks on the raw texts, learned by its 5-fold
cross-validation on dev. The earlier commit is checked out in a temporary git worktree.
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
from baselines import get_baseline
from baselines.base import text_document
from benchmark.corpus import load_corpus
texts = json.load(open(sys.argv[2]))
out = {n: [get_baseline(n).predict(text_document(t, d)) for d, t in texts] for n in ("quote-marks", "rules")}
out["learned"] = get_baseline("learned").predict_gold(load_corpus(sys.argv[3]))
json.dump(out, open(sys.argv[4], "w"), sort_keys=True)
"""


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    sys.path.insert(0, str(REPO))
    import benchmark
    from benchmark.corpus import write_jsonl
    from benchmark.polnear import read_polnear

    dev = benchmark.load_gold(split="dev")
    texts = [(d.doc_id, d.text) for d in dev]
    try:
        texts += [(d.doc_id, d.text) for d in read_polnear(None, "dev")]
    except Exception:  # PolNeAR is not shipped; dev alone then
        pass
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "texts.json").write_text(json.dumps(texts))
        write_jsonl(dev, tmp / "dev.jsonl")
        old = tmp / "old"
        subprocess.run(["git", "-C", str(REPO), "worktree", "add", "-q", "--detach", str(old), sys.argv[1]], check=True)
        try:
            for tree, out in ((old, "old.json"), (REPO, "new.json")):
                subprocess.run([sys.executable, "-c", RUN, str(tree), str(tmp / "texts.json"), str(tmp / "dev.jsonl"),
                                str(tmp / out)], check=True, cwd=tmp)
        finally:
            subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(old)], check=True)
        same = (tmp / "old.json").read_text() == (tmp / "new.json").read_text()
    print(f"{len(texts)} texts (dev{' + PolNeAR dev' if len(texts) > len(dev) else ''}): predictions "
          + ("identical" if same else "DIFFERENT") + f" to {sys.argv[1]}")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
