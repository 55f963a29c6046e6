"""`quotebench prompt [--split S] [DOC_ID ...]`: the reference chat requests, one per document.

    quotebench prompt --split seed                       # JSONL: {doc_id, prompt_version, messages}
    quotebench prompt --schema                           # the JSON Schema of the expected answer
"""
from __future__ import annotations

import json
import sys

from ..errors import InputError
from ..splits import split_argument

HELP = "write the reference LLM prompt for each document (JSONL of {doc_id, messages}), or --schema for its answer schema"


def add_arguments(p) -> None:
    p.add_argument("doc_ids", nargs="*", metavar="DOC_ID", help="documents to write requests for (default: the split's)")
    p.add_argument("--split", type=split_argument, metavar="SPLIT", default=None,
                   help="the gold split whose documents are prompted (default test)")
    p.add_argument("--gold", metavar="FILE", help="a corpus in the gold schema instead of a quotebench split")
    p.add_argument("--schema", action="store_true", help="print the JSON Schema of the expected answer and stop")
    p.add_argument("-o", "--output", metavar="OUT", help="write the JSONL here (default: stdout)")


def run(args) -> int:
    from ..corpus import load_corpus, load_gold
    from ..llm.prompt import ANSWER_SCHEMA, request

    if args.schema:
        sys.stdout.write(json.dumps(ANSWER_SCHEMA, indent=2) + "\n")
        return 0
    if args.gold and args.split:
        raise InputError("--split", "applies to quotebench's own gold; a corpus given with --gold has no splits")
    if args.gold:
        docs = load_corpus(args.gold)
    elif args.doc_ids and not args.split:
        docs = load_gold()
    else:
        docs = load_gold(split=args.split or "test")
    if args.doc_ids:
        by_id = {d.doc_id: d for d in docs}
        missing = [d for d in args.doc_ids if d not in by_id]
        if missing:
            raise InputError(missing[0], "unknown document" + (f" in split {args.split}" if args.split else ""))
        docs = [by_id[d] for d in args.doc_ids]
    from ..output import write_text

    write_text(args.output, "".join(json.dumps(request(d), ensure_ascii=False) + "\n" for d in docs))
    return 0
