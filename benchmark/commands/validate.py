"""`quotebench validate FILE...`: schema and integrity checks for gold or prediction files.

`quotebench validate --split all` checks the shipped gold itself: every gold file of the
split against the schema and the integrity rules, and against the manifest (one gold file
per listed document, the same sha256, no file the manifest does not list).
"""
from __future__ import annotations

import sys
from pathlib import Path

from ..corpus import load_corpus, load_gold
from ..errors import InputError
from ..resources import gold_dir
from ..splits import split_argument

HELP = "check gold or prediction files: JSON Schema plus integrity (offsets, texts, ids, sha256)"


def add_arguments(p) -> None:
    p.add_argument("files", nargs="*", metavar="FILE", help="gold .json/.jsonl/folder or prediction .jsonl")
    p.add_argument("--gold", metavar="FILE", help="corpus that prediction files refer to (default: the quotebench gold set)")
    p.add_argument("--split", type=split_argument, metavar="SPLIT", default=None,
                   help="check the shipped gold of this split against schema, integrity rules and manifest; "
                        "with prediction files, the split they refer to")
    p.add_argument("--strict", action="store_true",
                   help="apply the checks for quotebench's own gold (stance on every attribution, tags agree with the data); "
                        "on by default for the shipped gold files")


def is_gold_file(path: Path) -> bool:
    """Folders and `.json` files hold gold documents; a `.jsonl` file is gold when its
    first line carries `text_sha256` (prediction lines never do)."""
    if path.is_dir() or path.suffix == ".json":
        return True
    from ..errors import ReadGuard

    with ReadGuard(path, "rb") as f:
        return b'"text_sha256"' in f.readline()


def run(args) -> int:
    if not args.files and not args.split:
        raise InputError("validate", "give FILE arguments, or --split to check the shipped gold")
    if args.gold and args.split:
        raise InputError("--split", "applies to quotebench's own gold; a corpus given with --gold has no splits")
    failed = 0 if args.files else check_shipped(args.split)
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
                    gold_docs = load_corpus(args.gold) if args.gold else load_gold(split=args.split)
                n = validate_predictions(path, gold_docs, None if args.gold else args.split)
                print(f"{name}: ok (predictions: {n} attributions)")
        except InputError as err:
            failed += 1
            lines = str(err).splitlines()
            for line in lines[:MAX_LISTED]:
                print(line, file=sys.stderr)
            if len(lines) > MAX_LISTED:  # a file of another format fails on every line: the first ones tell
                print(f"{name}: ... and {len(lines) - MAX_LISTED:,} more problems ({len(lines):,} in all)",
                      file=sys.stderr)
    return 1 if failed else 0


MAX_LISTED = 50  # problems listed per file


def check_shipped(split: str) -> int:
    """Validate the shipped gold of `split`; print one line per problem; the count of failures."""
    from ..corpus import iter_corpus, read_manifest
    from ..splits import doc_ids

    folder = gold_dir()
    pinned = {d["doc_id"]: d for d in read_manifest()["documents"]}
    failed = 0
    docs = atts = 0
    for doc_id in doc_ids(split):
        path = folder / f"{doc_id}.json"
        try:
            if not path.exists():
                raise InputError(str(path), f"missing: the manifest lists {doc_id!r}")
            for doc in iter_corpus(path, strict=True):
                if doc.doc_id != doc_id:
                    raise InputError(str(path), f"holds document {doc.doc_id!r}, not {doc_id!r}", field="doc_id")
                if doc.text_sha256 != pinned[doc_id]["sha256"]:
                    raise InputError(str(path), f"text sha256 {doc.text_sha256} differs from the manifest's "
                                     f"{pinned[doc_id]['sha256']}", field="text_sha256")
                docs += 1
                atts += len(doc.attributions)
        except InputError as err:
            failed += 1
            print(str(err), file=sys.stderr)
    if split == "all":
        for path in sorted(folder.glob("*.json")):
            if path.stem not in pinned:
                failed += 1
                print(f"{path}: not listed in the manifest (seeds/manifest.json)", file=sys.stderr)
    if not failed:
        print(f"quotebench gold, split {split}: ok ({docs} documents, {atts} attributions)")
    return failed


def _is_shipped_gold(path: Path) -> bool:
    """The shipped gold files always get the strict checks."""
    shipped = gold_dir().resolve()
    resolved = path.resolve()
    return resolved == shipped or shipped in resolved.parents
