"""`quotebench compare A.jsonl B.jsonl ...`: systems side by side, with paired p-values."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from .score import add_common, settings

HELP = "compare prediction files: P/R/F1 with CIs per system, and paired approximate-randomisation p-values against the first"


def add_arguments(p) -> None:
    p.add_argument("systems", nargs="+", metavar="PRED", help="two or more prediction JSONL files (the first is the reference)")
    p.add_argument("--from", dest="source_format", choices=("jsonl", "llm"), default="jsonl",
                   help="jsonl (default): strict prediction lines; llm: raw model answers, as in `score --from llm`")
    add_common(p)


def _table(frame) -> str:
    lines = [f"{'system':<20} {'level':<16} {'P':>6} {'R':>6} {'F1':>6} {'F1 95% CI':<13} {'TP':>6} {'FP':>6} {'FN':>6}"]
    for r in frame.to_dict("records"):
        def f(v):
            return "n/a" if v is None or v != v else f"{v:.3f}"

        def n(v):
            return "-" if v is None or v != v else f"{int(v)}"

        if r["level"] in ("invented", "misquoted", "speaker_unnamed"):
            share = "n/a" if r["share"] != r["share"] else f"{r['share']:.3f}"
            lines.append(f"{str(r['system'])[:20]:<20} {r['level']:<16} count {n(r['count'])}, share {share}")
            continue
        ci = "" if r["f1_lo"] != r["f1_lo"] else f"[{r['f1_lo']:.2f}, {r['f1_hi']:.2f}]"
        lines.append(f"{str(r['system'])[:20]:<20} {r['level']:<16} {f(r['precision']):>6} {f(r['recall']):>6} {f(r['f1']):>6} "
                     f"{ci:<13} {n(r['tp']):>6} {n(r['fp']):>6} {n(r['fn']):>6}")
    return "\n".join(lines)


def run(args) -> int:
    from ..errors import InputError
    from ..scorer import compare

    if len(args.systems) < 2:
        raise InputError("compare", "needs at least two prediction files")
    names = system_names(args.systems)
    kw = settings(args)
    from ..corpus import load_corpus, load_gold

    if args.gold and args.split:
        raise InputError("--split", "applies to quotebench's own gold; a corpus given with --gold has no splits")
    gold = load_corpus(args.gold) if args.gold else None
    systems = list(args.systems)
    if args.source_format == "llm":  # each file of raw answers read as `score --from llm` reads it
        from ..llm.responses import read_answers

        from ..llm.score import _gold_and_document

        _, known, single = _gold_and_document(gold, args.split)
        answers = [read_answers(path, known=known, single_doc=single) for path in systems]
        for path, a in zip(systems, answers):
            print(f"{path}: raw answers: {a.summary_line()}", file=sys.stderr)
            for x in a.adaptations:
                if x.kind == "no_json":
                    print(f"{path}: {x.doc_id}: the response holds no readable answer (scored as misses)",
                          file=sys.stderr)
        systems = [list(a.predictions) for a in answers]
    frame = compare(dict(zip(names, systems)), gold=gold, split=args.split, **kw)
    split = frame.attrs.get("split")
    sig = frame.attrs["significance"].rename(columns={"system": "system_b", "reference": "system_a",
                                                      "a": "b", "b": "a"})
    sig["difference"] = sig["a"] - sig["b"]
    sig = sig[["system_a", "system_b", "metric", "a", "b", "difference", "p_value"]]
    if args.format == "json":
        from ..result import json_records

        sys.stdout.write(json.dumps({"signature": frame.attrs.get("signature"), "scores": json_records(frame),
                                     "significance": json_records(sig)}, indent=2, allow_nan=False) + "\n")
    elif args.format == "csv":
        from ..csvout import to_csv

        sys.stdout.write(to_csv(long_table(frame)))
    elif args.format == "markdown":
        sys.stdout.write(_markdown(frame) + "\n\n" + _markdown(sig) + "\n")
    else:
        where = args.gold or f"quotebench gold, split {split}"
        n_docs = len(gold) if gold is not None else len(load_gold(split=split))
        print(f"{len(names)} systems against {where}: {n_docs} document(s); match {args.match}"
              + (f" (threshold {args.threshold})" if args.match == "overlap" else "") + "\n")
        print(_table(frame))
        print()
        print(f"paired approximate randomisation ({frame.attrs['shuffles']} shuffles, seed {args.seed}, "
              f"by {'document' if frame.attrs['signature'].endswith('/doc') else 'attribution'}); "
              "p-value of the difference")
        print("\n".join(_sig_lines(sig)))
        print(f"\nsignature: {frame.attrs.get('signature')}")
    return 0


def long_table(frame):
    """One row per system, level and metric: value, interval bounds and the p-value against
    the reference, with the signature: one table for `pandas.read_csv`."""
    import pandas as pd

    rows = []
    for r in frame.to_dict("records"):
        for metric in ("tp", "fp", "fn", "precision", "recall", "f1", "count", "of", "share"):
            v = r.get(metric)
            if v is None or v is pd.NA or (isinstance(v, float) and v != v):
                continue
            rows.append({"system": r["system"], "level": r["level"], "metric": metric, "value": float(v),
                         "low": r.get(f"{metric}_lo", float("nan")), "high": r.get(f"{metric}_hi", float("nan")),
                         "p": r.get(f"{metric}_p", float("nan")), "signature": r["signature"]})
    return pd.DataFrame(rows, columns=["system", "level", "metric", "value", "low", "high", "p", "signature"])


def _sig_lines(sig) -> list:
    out = [f"{'A':<16} {'B':<16} {'metric':<20} {'A':>6} {'B':>6} {'A-B':>7} {'p':>7}"]
    def num(v, fmt):
        return "n/a" if v is None or v != v else format(v, fmt)

    for r in sig.to_dict("records"):
        out.append(f"{str(r['system_a'])[:16]:<16} {str(r['system_b'])[:16]:<16} {r['metric']:<20} "
                   f"{num(r['a'], '.3f'):>6} {num(r['b'], '.3f'):>6} {num(r['difference'], '+.3f'):>7} "
                   f"{num(r['p_value'], '.4f'):>7}")
    return out


def _cell(col: str, v) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        if v != v:
            return ""
        return str(int(v)) if col in ("tp", "fp", "fn") else f"{v:.3f}"
    return str(v)


def _markdown(frame) -> str:
    cols = list(frame.columns)
    out = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for r in frame.to_dict("records"):
        out.append("| " + " | ".join(_cell(c, r[c]) for c in cols) + " |")
    return "\n".join(out)


def system_names(paths) -> list:
    """File stems as system names, made unique."""
    out = []
    for p in paths:
        base = "stdin" if p == "-" else Path(p).stem
        name, k = base, 2
        while name in out:
            name, k = f"{base}-{k}", k + 1
        out.append(name)
    return out

