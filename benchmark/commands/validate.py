"""`quotebench validate FILE...`: schema and integrity checks for gold or prediction files."""
from __future__ import annotations

import sys
from pathlib import Path

from ..corpus import load_corpus, load_gold
from ..errors import InputError
from ..resources import gold_dir

HELP = "check gold or prediction files: JSON Schema plus integrity (offsets, texts, ids, sha256)"


def add_arguments(p) -> None:
    p.add_argument("files", nargs="+", metavar="FILE", help="gold .json/.jsonl/folder or prediction .jsonl")
    p.add_argument("--gold", metavar="FILE", help="corpus that prediction files refer to (default: the quotebench gold set)")
    p.add_argument("--strict", action="store_true",
                   help="apply the checks for quotebench's own gold (stance on every attribution, tags agree with the data); "
                        "on by default for the shipped gold files")


def is_gold_file(path: Path) -> bool:
    """Folders and `.json` files hold gold documents; a `.jsonl` file is gold when its
    first line carries `text_sha256` (prediction lines never do)."""
    if path.is_dir() or path.suffix == ".json":
        return True
    with open(path, "rb") as f:
        return b'"text_sha256"' in f.readline()


def run(args) -> int:
    failed = 0
    gold_docs = None
    for name in args.files:
        path = Path(name)
        try:
            if not path.exists():
                raise InputError(name, "no such file")
            if is_gold_file(path):
                docs = load_corpus(path, strict=args.strict or _is_shipped_gold(path))
                n = sum(len(d.attributions) for d in docs)
                print(f"{name}: ok (gold: {len(docs)} documents, {n} attributions)")
            else:
                from ..predictions import validate_predictions

                if gold_docs is None:
                    gold_docs = load_corpus(args.gold) if args.gold else load_gold()
                n = validate_predictions(path, gold_docs)
                print(f"{name}: ok (predictions: {n} attributions)")
        except InputError as err:
            failed += 1
            print(str(err), file=sys.stderr)
    return 1 if failed else 0


def _is_shipped_gold(path: Path) -> bool:
    """The shipped gold files always get the strict checks."""
    shipped = gold_dir().resolve()
    resolved = path.resolve()
    return resolved == shipped or shipped in resolved.parents
