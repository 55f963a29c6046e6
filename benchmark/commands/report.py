"""`quotebench report PRED -o report.html [--compare PRED2 ...]`: the HTML error report.

Scores each file as `quotebench score --errors` does (same options, same readers, `--from
llm` included) and writes one self-contained page: the scores, then every document with
gold and predicted spans marked and each attribution's verdict, filterable. With
`--compare`, the systems sit side by side on the same documents; files after the first are
scored against the split the first one was (so every column shows the same documents).
"""
from __future__ import annotations

import argparse
import sys

from .compare import system_names
from .score import with_llm_hint, add_common, settings

HELP = "write an HTML report (one self-contained file) of the scores and every case, marked in the text"


def add_arguments(p) -> None:
    p.add_argument("predictions", metavar="PRED", help="prediction JSONL file, or - to read standard input; "
                        "with --from llm, raw LLM responses (as for `quotebench score --from llm`)")
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="the HTML file to write (- for stdout)")
    p.add_argument("--compare", nargs="+", default=[], metavar="PRED2",
                   help="more prediction files, shown side by side with PRED (one column per system)")
    p.add_argument("--from", dest="source_format", choices=("jsonl", "llm"), default="jsonl",
                   help="jsonl (default): strict prediction lines; llm: raw model answers, as in `score --from llm`")
    p.add_argument("--title", default=None, help="the page title (default: the system names)")
    add_common(p)
    for action in p._actions:  # the shared options include --format, which a report has no use for
        if "--format" in action.option_strings:
            action.help = argparse.SUPPRESS


def _score(path: str, args, split):
    from ..errors import InputError
    from ..scorer import score

    if args.source_format == "llm":
        from ..llm.score import score_answers

        result = score_answers(path, gold=args.gold, split=split, errors=True, **settings(args))
        for doc_id in result.data["answers"]["no_json"]:
            print(f"{path}: {doc_id}: the response holds no readable answer (scored as misses)", file=sys.stderr)
        return result
    try:
        return score(path, gold=args.gold, split=split, errors=True, **settings(args))
    except InputError as err:
        raise with_llm_hint(err, path) from None


def run(args) -> int:
    from ..errors import InputError
    from ..output import open_output
    from ..report import render_report

    paths = [args.predictions] + list(args.compare)
    if paths.count("-") > 1:
        raise InputError("-", "standard input can be read once: give at most one PRED as -")
    if args.gold and args.split:
        raise InputError("--split", "applies to quotebench's own gold; a corpus given with --gold has no splits")
    names = system_names(paths)
    with open_output(args.output) as out:  # refuses a bad target before any scoring
        results, split = [], args.split
        for path in paths:
            result = _score(path, args, split)
            if split is None and not args.gold:
                split = result.data["settings"]["split"]
            results.append(result)
        texts: dict = {}
        for r in results:
            texts.update(r.texts or {})
        out.write(render_report(list(zip(names, results)), texts, title=args.title))
    if args.output != "-":
        print(f"{args.output}: report of {len(names)} system(s) on {len(texts)} document(s)", file=sys.stderr)
    return 0
