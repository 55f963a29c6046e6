"""`quotebench score PRED.jsonl|-`: precision, recall and F1 with confidence intervals."""
from __future__ import annotations

import sys

from ..errors import InputError
from ..splits import split_argument

HELP = "score predictions (JSONL, or - for stdin) against the gold set: P/R/F1 per level with bootstrap CIs"


def add_common(p) -> None:
    """Options shared by `score` and `compare`."""
    p.add_argument("--gold", metavar="FILE", help="a corpus in the gold schema: .json, .jsonl or a folder (default: the quotebench gold set)")
    p.add_argument("--split", type=split_argument, metavar="SPLIT", default=None,
                   help="the quotebench gold split to score against (default: the split(s) that the predictions' "
                        "document ids belong to; the header says which). Its documents without predictions count as misses")
    p.add_argument("--match", choices=("overlap", "exact", "soft"), default="overlap",
                   help="content matching: overlap (token overlap ratio >= threshold), exact (same trimmed spans) "
                        "or soft (any overlap, proportional credit); default overlap")
    p.add_argument("--threshold", type=float, default=0.5, help="overlap ratio needed in overlap mode (default 0.5)")
    p.add_argument("--bootstrap", type=int, default=1000, metavar="N", help="bootstrap resamples for 95%% CIs, 0 for none (default 1000)")
    p.add_argument("--seed", type=int, default=12345, help="random seed (default 12345)")
    p.add_argument("--resample", choices=("auto", "document", "attribution"), default="auto",
                   help="the bootstrap's and the paired test's unit: auto (default: documents when the gold has "
                        "more than one, else attributions), document or attribution; the signature ends in /doc "
                        "when documents are resampled")
    p.add_argument("--jobs", type=int, default=1, metavar="N", help="worker processes for large corpora (default 1)")
    p.add_argument("--format", choices=("table", "json", "markdown", "csv"), default="table",
                   help="table (default, for reading), json (every figure), markdown, or csv (one table, the "
                        "signature on every row); with --errors, csv/json/markdown write the error table alone")


def add_arguments(p) -> None:
    p.add_argument("predictions", metavar="PRED", help="prediction JSONL file, or - to read standard input; "
                        "with --from llm, raw LLM responses (JSONL of {doc_id, response}, or a folder of DOC_ID.txt|.json)")
    p.add_argument("--from", dest="source_format", choices=("jsonl", "llm"), default="jsonl",
                   help="jsonl (default): strict prediction lines; llm: raw model answers, read leniently "
                        "(code fences, prose, arrays, common field names and labels), every adaptation counted")
    add_common(p)
    p.add_argument("--errors", action="store_true",
                   help="list every gold and predicted item as COR/INC/PAR/MIS/SPU (correct, incorrect, partial, missed, spurious); "
                        "with --format csv, json or markdown, only that table (one row per item: both sides' text, "
                        "spans, speaker and stance, the overlap)")


def with_llm_hint(err, path: str):
    """A strict-format error on a file that reads like raw LLM answers says `--from llm`."""
    from ..errors import InputErrors
    from ..llm.score import looks_like_llm_output

    if path == "-" or err.file != path:
        return err
    first = err.errors[0] if isinstance(err, InputErrors) else err
    if looks_like_csv(path):
        return InputError(first.file, f"{first.message} (this reads like CSV: predictions are JSON Lines, one "
                          "object per line; a DataFrame scores in Python with benchmark.score(frame))",
                          first.line, first.field)
    if not looks_like_llm_output(path):
        return err
    return InputError(first.file, f"{first.message} (raw LLM answers? score them with --from llm)", first.line, first.field)


def looks_like_csv(path: str) -> bool:
    """A first line of comma-separated names, such as a CSV header, and no JSON."""
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            first = f.readline().strip()
    except OSError:
        return False
    cells = first.split(",")
    return len(cells) >= 2 and not first.startswith(("{", "[", "`")) and all(c.strip() for c in cells)


def settings(args) -> dict:
    return {"match": args.match, "threshold": args.threshold, "bootstrap": args.bootstrap,
            "seed": args.seed, "jobs": args.jobs, "resample": args.resample}


def run(args) -> int:
    from ..scorer import score

    if args.source_format == "llm":
        from ..llm.score import score_answers

        result = score_answers(args.predictions, gold=args.gold, split=args.split, errors=args.errors,
                               **settings(args))
        for doc_id in result.data["answers"]["no_json"]:
            print(f"{args.predictions}: {doc_id}: the response holds no readable answer (scored as misses)",
                  file=sys.stderr)
    else:
        try:
            result = score(args.predictions, gold=args.gold, split=args.split, errors=args.errors, **settings(args))
        except InputError as err:
            raise with_llm_hint(err, args.predictions) from None
    if args.errors and args.format != "table":  # the error table and nothing else
        from .. import errortable

        write = {"json": errortable.to_json, "csv": errortable.to_csv, "markdown": errortable.to_markdown}
        out = write[args.format](result.data["errors"], result.signature)
        sys.stdout.write(out if out.endswith("\n") else out + "\n")
    elif args.format == "json":
        sys.stdout.write(result.to_json() + "\n")
    elif args.format == "csv":
        sys.stdout.write(result.to_csv())
    elif args.format == "markdown":
        sys.stdout.write(result.to_markdown() + "\n")
    else:
        sys.stdout.write(str(result) + "\n")
    return 0
