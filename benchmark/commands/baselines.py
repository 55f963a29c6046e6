"""`quotebench baselines`: run every baseline on a gold split and print one comparison table.

The protocol is fixed per split, so that nothing is scored on what it was trained on:
`test` (the default): trainable baselines train on `dev` and predict `test`; `dev`, `all`
and any `--gold` corpus: cross-validation grouped by document; `seed` (one article):
cross-validation grouped by paragraph. Rule baselines never train.
"""
from __future__ import annotations

import json
import sys

from ..errors import InputError
from ..splits import split_argument

HELP = "run every baseline on the gold set and print P/R/F1 with confidence intervals per level, plus stance macro-F1"

LEVELS = ("quote", "speaker", "stance", "full")
MEASURES = ("invented", "misquoted", "speaker_unnamed")  # in CSV and JSON; the baselines write offsets


def add_arguments(p) -> None:
    p.add_argument("--gold", metavar="FILE", help="a corpus in the gold schema instead of a quotebench split")
    p.add_argument("--split", type=split_argument, metavar="SPLIT", default=None,
                   help="the gold split to score (default test; learned baselines then train on dev)")
    p.add_argument("--match", choices=("overlap", "exact"), default="overlap", help="content matching mode (default overlap)")
    p.add_argument("--threshold", type=float, default=0.5, help="token overlap ratio for overlap mode (default 0.5)")
    p.add_argument("--bootstrap", type=int, default=1000, metavar="N", help="bootstrap resamples for 95%% CIs (0 = none; default 1000)")
    p.add_argument("--seed", type=int, default=12345, help="bootstrap seed (default 12345)")
    p.add_argument("--format", choices=("table", "markdown", "csv", "json"), default="table",
                   help="table (default: the four levels, stance macro-F1 and the protocols); csv, json and "
                        "markdown carry every row, with p-values against the first baseline and the signature")
    p.add_argument("--baseline", action="append", metavar="NAME", help="run only this baseline (repeatable)")
    p.add_argument("--polnear", nargs="?", const="", default=None, metavar="PATH",
                   help="the learned baseline stacks its CRF on one trained on PolNeAR train, from PATH (default "
                        "$QUOTEBENCH_POLNEAR, else ../shared/external/polnear beside the checkout or the working "
                        "directory). Without this option it does so whenever PolNeAR is found there; the protocol says which")
    p.add_argument("--no-polnear", dest="polnear", action="store_const", const=False,
                   help="train the learned baseline on dev alone, even where PolNeAR is found")


def run_baselines(docs, names, polnear: str | bool | None = None, progress: bool = True,
                  training=None, training_name: str = "dev"):
    """{name: predictions} and {name: protocol} for the given baselines on `docs`: trained
    on `training` when given (a disjoint corpus), else cross-validated on `docs`. `polnear`:
    None uses PolNeAR train where it is found, False never, a path (or '' for the default
    place) requires it."""
    from tqdm import tqdm

    from baselines import get_baseline

    systems, protocols = {}, {}
    for name in tqdm(names, desc="baselines", unit="baseline", file=sys.stderr, delay=1.0, disable=None if progress else True):
        b = get_baseline(name)
        if polnear is None and hasattr(b, "use_polnear_if_found"):
            b = get_baseline(name, polnear="auto")  # PolNeAR train wherever it is found
        elif polnear is not None and polnear is not False and hasattr(b, "fit_polnear"):
            try:
                b.fit_polnear(polnear or None)
            except FileNotFoundError as e:
                raise InputError(polnear or "--polnear", str(e)) from None
        if training is not None:
            systems[name] = b.predict_heldout(docs, training, training_name)
        else:
            systems[name] = b.predict_gold(docs)
        protocols[name] = b.protocol
    return systems, protocols


def predict_split(baseline, split: str) -> tuple[list, str]:
    """(predictions, protocol) of one baseline on a shipped split, by the split's protocol
    (module docstring); `all` and joined splits are predicted split by split, so that test is
    never predicted by a model that saw test."""
    from ..corpus import load_gold
    from ..splits import SPLITS

    parts = list(SPLITS) if split == "all" else split.split("+")
    preds, protocols = [], []
    for part in parts:
        docs = load_gold(split=part)
        if part == "test":
            preds += baseline.predict_heldout(docs, load_gold(split="dev"), "dev")
        else:
            preds += baseline.predict_gold(docs)
        protocols.append(f"{part}: {baseline.protocol}" if len(parts) > 1 else baseline.protocol)
    return preds, "; ".join(protocols)


def _cell(row, metric: str) -> str:
    v = row.get(metric)
    if v is None or v != v:
        return "n/a"
    lo, hi = row.get(f"{metric}_lo"), row.get(f"{metric}_hi")
    if lo is None or lo != lo:
        return f"{v:.3f}"
    return f"{v:.3f} [{lo:.2f}, {hi:.2f}]"


def render_table(frame, protocols: dict, header: str) -> str:
    """A plain-text table: one row per system and level, then stance macro-F1, then protocols."""
    lines = [header, ""]
    rows = frame.to_dict("records")
    width = max([len("system")] + [len(s) for s in protocols])
    lines.append(f"{'system':<{width}}  {'level':<15}  {'P [95% CI]':<20}  {'R [95% CI]':<20}  {'F1 [95% CI]':<20}  {'TP':>4} {'FP':>4} {'FN':>4}")
    for name in protocols:
        mine = [r for r in rows if r["system"] == name]
        for r in mine:
            if r["level"] not in ("quote", "speaker", "stance", "full"):
                continue  # quote_soft, stance per class and the LLM measures: in --format csv|json
            tp, fp, fn = (r.get(k) for k in ("tp", "fp", "fn"))
            counts = " ".join(f"{int(x):>4}" if x is not None and x == x else "   -" for x in (tp, fp, fn))
            lines.append(f"{name:<{width}}  {r['level']:<15}  {_cell(r, 'precision'):<20}  {_cell(r, 'recall'):<20}  {_cell(r, 'f1'):<20}  {counts}")
        for r in mine:
            if r["level"] == "stance_macro_f1":
                lines.append(f"{name:<{width}}  {'stance macro-F1':<15}  {'':<20}  {'':<20}  {_cell(r, 'f1'):<20}")
        lines.append("")
    lines.append("protocols:")
    for name, proto in protocols.items():
        lines.append(f"  {name}: {proto}")
    return "\n".join(lines)


def run(args) -> int:
    import benchmark
    from baselines import available

    from ..corpus import load_corpus, load_gold

    names = args.baseline or available()
    unknown = [n for n in names if n not in available()]
    if unknown:
        raise InputError("--baseline", f"unknown baseline {unknown[0]!r}; choose from {', '.join(available())}")
    if not 0 <= args.bootstrap <= 100_000:
        raise InputError("--bootstrap", f"must be from 0 to 100,000, not {args.bootstrap}")
    if not 0 < args.threshold <= 1:
        raise InputError("--threshold", f"must be in (0, 1], not {args.threshold}")
    if args.seed < 0:
        raise InputError("--seed", f"must be 0 or more (a numpy seed), not {args.seed}")
    if args.gold and args.split:
        raise InputError("--split", "applies to quotebench's own gold; a corpus given with --gold has no splits")
    split = None if args.gold else (args.split or "test")
    docs = load_corpus(args.gold) if args.gold else load_gold(split=split)
    training = load_gold(split="dev") if split == "test" else None
    systems, protocols = run_baselines(docs, names, args.polnear, training=training, training_name="dev")
    if args.polnear is None and "learned" in protocols and "PolNeAR" not in protocols["learned"]:
        from ..polnear import default_root

        print(f"learned: PolNeAR train not found at {default_root()}, so it trains on dev alone (the README's "
              "`--no-polnear` rows); put PolNeAR there or set $QUOTEBENCH_POLNEAR (see README, Other corpora)",
              file=sys.stderr)
    frame = benchmark.compare(systems, gold=docs, match=args.match, threshold=args.threshold,
                              bootstrap=args.bootstrap, seed=args.seed)
    frame = frame.copy()
    frame.insert(1, "protocol", [protocols.get(s, "") for s in frame["system"]])
    if args.format == "csv":
        from ..result import with_signature

        from ..csvout import to_csv

        sys.stdout.write(to_csv(with_signature(frame, frame.attrs.get("signature"))))
    elif args.format == "json":
        from ..result import json_records

        sys.stdout.write(json.dumps(json_records(frame), indent=2, allow_nan=False) + "\n")
    elif args.format == "markdown":
        sys.stdout.write(_markdown(frame) + "\n")
    else:
        n_attr = sum(len(d.attributions) for d in docs)
        where = args.gold or f"quotebench gold, split {split}"
        header = (f"baselines on {where}: {len(docs)} document(s), {n_attr} attributions; "
                  f"match {args.match}" + (f" (threshold {args.threshold})" if args.match == "overlap" else "")
                  + f"; bootstrap {args.bootstrap}, seed {args.seed}")
        print(render_table(frame, protocols, header))
        sig = getattr(frame, "attrs", {}).get("signature")
        if sig:
            print(f"signature: {sig}")
    return 0


def _md_cell(v) -> str:
    if v is None or (isinstance(v, float) and v != v):
        return ""
    return f"{v:.3f}" if isinstance(v, float) else str(v)


def _markdown(frame) -> str:
    cols = list(frame.columns)
    out = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for r in frame.to_dict("records"):
        out.append("| " + " | ".join(_md_cell(r[c]) for c in cols) + " |")
    return "\n".join(out)
