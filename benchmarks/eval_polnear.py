"""Quote- and speaker-level scores of the baselines on PolNeAR dev (when PolNeAR is available).

PolNeAR annotates every attribution relation (speech, but also beliefs, intentions and
paraphrase) with wider content spans than quotebench, and a quote followed by a cue-less
continuation is one relation there, two here; its figures are therefore a lower bound and are
not comparable with the scores on quotebench's gold. PolNeAR has no stance labels.

    python benchmarks/eval_polnear.py [--polnear PATH] [--split dev] [--baseline rules ...]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from baselines import available, get_baseline  # noqa: E402
from baselines.textutil import find_quotes  # noqa: E402
from benchmark.model import Attribution, Document, Entity, Mention, SourceRef, make_span, sha256_text  # noqa: E402


def polnear_documents(split: str, root: str | None) -> list[Document]:
    """PolNeAR as quotebench Documents: benchmark.polnear's converter when present, else the
    baselines' minimal reader (one source mention = one entity in both)."""
    try:
        from benchmark import polnear as converter  # written alongside the other corpora
    except ImportError:
        converter = None
    if converter is not None and hasattr(converter, "read_polnear"):
        from benchmark.errors import InputError

        try:
            return list(converter.read_polnear(root, split))
        except InputError:
            return []
    from baselines.polnear_reader import read_split

    out = []
    for d in read_split(split, root):
        text = d.text
        quotes = find_quotes(text)
        entities, atts = [], []
        for i, a in enumerate(d.attributions, 1):
            speaker = None
            if a.source:
                s, e = a.source[0]
                ment = Mention(f"M{i}", make_span(text, s, e), "name")
                entities.append(Entity(f"E{i}", text[s:e], "other", (), (ment,)))
                speaker = SourceRef(f"E{i}", f"M{i}")
            content = tuple(make_span(text, s, e) for s, e in a.content)
            lo, hi = content[0].start, content[-1].end
            inside = [q for q in quotes if q.open <= lo + 1 and hi <= q.close_end]
            has = [q for q in quotes if lo <= q.open and q.close_end <= hi + 1]
            qtype = "direct" if inside else "mixed" if has else "indirect"
            atts.append(Attribution(f"A{i}", content, qtype, None, speaker,
                                    tuple(make_span(text, s, e) for s, e in a.cue)))
        out.append(Document(d.doc_id, text, sha256_text(text), tuple(entities), tuple(atts)))
    return out


def main(argv=None) -> int:
    import benchmark

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--polnear", help="PolNeAR root (default: beside the checkout or $QUOTEBENCH_POLNEAR)")
    p.add_argument("--split", default="dev")
    p.add_argument("--baseline", action="append", choices=available())
    p.add_argument("--match", default="overlap", choices=("overlap", "exact"))
    args = p.parse_args(argv)
    docs = polnear_documents(args.split, args.polnear)
    if not docs:
        print("PolNeAR not found: nothing to evaluate")
        return 0
    n = sum(len(d.attributions) for d in docs)
    print(f"PolNeAR {args.split}: {len(docs)} documents, {n} attributions "
          "(wider than quotes: beliefs and paraphrase included; no stance)")
    for name in args.baseline or ["quote-marks", "rules"]:
        b = get_baseline(name)
        preds = b.predict_corpus(docs)
        res = benchmark.score(preds, gold=docs, match=args.match, bootstrap=0).to_dict()["levels"]
        cells = "  ".join(f"{lvl} P {res[lvl]['precision']:.3f} R {res[lvl]['recall']:.3f} F1 {res[lvl]['f1']:.3f}"
                          for lvl in ("quote", "speaker") if res.get(lvl))
        print(f"{name:<12} {cells}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
