"""`quotebench convert`: other corpora in and out of the gold schema.

    quotebench convert brat DIR -o corpus.jsonl            # brat folder -> gold corpus
    quotebench convert brat CORPUS --to brat -o DIR        # gold corpus -> brat folder
    quotebench convert polnear [PATH] --split dev -o corpus.jsonl
"""
from __future__ import annotations

import json
import sys
from typing import Iterable, Iterator

from ..brat import BratStats, read_brat, write_brat
from ..errors import InputError
from ..integrity import check_document
from ..model import Document

HELP = "convert brat standoff folders and PolNeAR to gold-schema JSONL, or a gold corpus to brat"


def add_arguments(p) -> None:
    p.add_argument("format", choices=("brat", "polnear"), help="the other format")
    p.add_argument("path", nargs="?", metavar="PATH",
                   help="brat: a folder of .txt/.ann (or, with --to brat, a gold corpus: .json, .jsonl or folder); "
                        "polnear: the PolNeAR root (default $QUOTEBENCH_POLNEAR, else ../shared/external/polnear beside the "
                        "checkout or the working directory)")
    p.add_argument("--to", choices=("gold", "brat"), default="gold",
                   help="gold: read PATH into a gold-schema JSONL corpus (default); brat: write a gold corpus as brat")
    p.add_argument("-o", "--output", default="-", metavar="OUT",
                   help="JSONL file (default - = stdout); with --to brat, the folder to write")
    p.add_argument("--entities", metavar="TSV",
                   help="brat: entity table grouping source mentions into entities (default DIR/entities.tsv when present)")
    p.add_argument("--split", default="dev", choices=("train", "dev", "test", "annotator-training"),
                   help="polnear: which compartment (default dev)")
    p.add_argument("--annotator", metavar="ID",
                   help="polnear: prefer this annotator's file where an article has several (default: smallest id)")
    p.add_argument("--limit", type=int, metavar="N", help="polnear: only the first N articles (sorted by name)")


def checked(docs: Iterable[Document], where: str) -> Iterator[Document]:
    """Documents that pass the integrity checks; the first problem is an InputError."""
    for d in docs:
        for field, message in check_document(d):
            raise InputError(f"{where}: document {d.doc_id}", message, field=field)
        yield d


def write_jsonl(docs: Iterable[Document], output: str) -> int:
    """Write documents as JSONL; a file output appears only once every document converted."""
    from ..output import open_output

    n = 0
    with open_output(output) as f:
        for d in docs:
            f.write(json.dumps(d.to_dict(), ensure_ascii=False) + "\n")
            n += 1
    return n


def run(args) -> int:
    stats = BratStats()
    if args.to == "brat":
        if args.format != "brat":
            raise InputError("--to", "only `convert brat CORPUS --to brat -o DIR` writes brat")
        if not args.path or args.output == "-":
            raise InputError("--to brat", "give the gold corpus as PATH and the folder to write with -o DIR")
        from ..corpus import iter_corpus

        n = write_brat(iter_corpus(args.path), args.output)
        print(f"wrote {n} documents as brat to {args.output}", file=sys.stderr)
        return 0
    if args.format == "brat":
        if not args.path:
            raise InputError("convert brat", "give the brat folder as PATH")
        docs = read_brat(args.path, args.entities, stats)
        where = args.path
    else:
        from ..polnear import default_root, read_polnear

        root = args.path or default_root()
        docs = read_polnear(root, args.split, args.annotator, stats, args.limit)
        where = str(root)
    n = write_jsonl(checked(docs, where), args.output)
    summary = f"converted {n} documents, {stats.attributions} attributions from {stats.events} events"
    if stats.skipped_no_content:
        shown = ", ".join(stats.skipped_no_content[:3]) + (" ..." if len(stats.skipped_no_content) > 3 else "")
        summary += f"; {len(stats.skipped_no_content)} events without content skipped ({shown})"
    if stats.without_ann:
        shown = ", ".join(stats.without_ann[:3]) + (" ..." if len(stats.without_ann) > 3 else "")
        summary += f"; {len(stats.without_ann)} .txt files without .ann read with no attributions ({shown})"
    print(summary, file=sys.stderr)
    return 0
