"""`quotebench predict`: run a baseline on raw .txt files or on a gold corpus, write prediction JSONL."""
from __future__ import annotations

import json
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from ..errors import InputError, read_bytes
from ..splits import split_argument

HELP = "run a baseline on .txt files (doc id = file name) or on the gold set; write prediction JSONL"


def add_arguments(p) -> None:
    from baselines import available

    p.add_argument("--baseline", required=True, choices=available(), help="which baseline to run")
    p.add_argument("files", nargs="*", metavar="FILE", help="UTF-8 .txt files (LF line ends, no byte-order mark) or folders of them; "
                        "the document id is the file name without .txt")
    p.add_argument("--gold", nargs="?", const="", default=None, metavar="CORPUS",
                   help="predict on the quotebench gold set (a split of it, see --split) or on CORPUS in the "
                        "gold schema instead of files; trainable baselines are cross-validated on a CORPUS")
    p.add_argument("--split", type=split_argument, metavar="SPLIT", default=None,
                   help="with --gold and no CORPUS: the quotebench split to predict (default test), by the "
                        "protocol of `quotebench baselines` (learned trains on dev for test); the protocol goes to stderr")
    p.add_argument("-o", "--output", metavar="OUT", help="write JSONL here (default: stdout)")
    p.add_argument("--jobs", type=int, default=1, metavar="N", help="spread the files over N processes (default 1)")
    p.add_argument("--no-polnear", action="store_true",
                   help="learned: train on dev alone, even where PolNeAR train is found (by default its CRF is "
                        "stacked on one trained on PolNeAR train when that is found, as in `quotebench baselines`)")


def text_files(files: list[str]) -> list[Path]:
    """The .txt files named, a folder standing for the .txt files in it (sorted)."""
    out = []
    for f in files:
        path = Path(f)
        if path.is_dir():
            inside = sorted(path.glob("*.txt"))
            if not inside:
                raise InputError(f, "folder holds no .txt files")
            out.extend(inside)
        elif path.is_file():
            if path.suffix != ".txt":
                hint = " (a corpus in the gold schema? use --gold FILE)" if path.suffix in (".json", ".jsonl") else ""
                raise InputError(f, f"not a .txt file{hint}")
            out.append(path)
        else:
            raise InputError(f, "no such file or folder")
    return out


def read_texts(files: list[str]):
    """(doc_id, text) for every file; bad files raise InputError naming them.

    Offsets are indices into the file's text as it is, so a byte-order mark or CR line ends
    (which Python's text mode would silently remove or rewrite) are errors, as in brat input."""
    from baselines import text_document

    from ..brat import check_raw

    docs, seen = [], {}
    for path in text_files(files):
        f = str(path)
        text = check_raw(read_bytes(path), f)
        if not text.strip():
            print(f"{f}: empty text, no predictions", file=sys.stderr)
        doc_id = path.stem
        if doc_id in seen:
            raise InputError(f, f"document id {doc_id!r} also comes from {seen[doc_id]}")
        seen[doc_id] = f
        docs.append(text_document(text, doc_id))
    return docs


_WORKER = None


def _init(baseline) -> None:
    global _WORKER
    _WORKER = baseline


def _predict_one(doc):
    return _WORKER.predict(doc)


def predict_documents(baseline, docs, jobs: int = 1, progress: bool = True) -> list[dict]:
    """Predictions for raw documents, in input order; a progress bar on stderr after a second."""
    from tqdm import tqdm

    bar = tqdm(total=len(docs), unit="doc", file=sys.stderr, delay=1.0, disable=None if progress else True,
               desc=baseline.name)
    baseline.ensure_fitted()  # once here, not once per worker
    out: list[dict] = []
    try:
        if jobs > 1 and len(docs) > 1:
            with ProcessPoolExecutor(max_workers=jobs, initializer=_init, initargs=(baseline,)) as pool:
                for preds in pool.map(_predict_one, docs, chunksize=max(1, len(docs) // (jobs * 4))):
                    out.extend(preds)
                    bar.update(1)
        else:
            for d in docs:
                out.extend(baseline.predict(d))
                bar.update(1)
    finally:
        bar.close()
    return out


def write_predictions(preds: list[dict], output: str | None) -> None:
    from ..output import write_text

    write_text(output, "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in preds))


def run(args) -> int:
    from baselines import get_baseline
    from baselines.base import number_predictions

    from ..corpus import load_corpus

    if args.jobs < 1:
        raise InputError("--jobs", f"must be at least 1, not {args.jobs}")
    if args.gold is not None and args.files:
        raise InputError(args.files[0], "give either FILE arguments or --gold, not both")
    if args.gold is None and not args.files:
        raise InputError("quotebench predict", "nothing to predict: give .txt files or --gold")
    if args.split and not (args.gold is not None and not args.gold):
        raise InputError("--split", "goes with --gold alone (quotebench's own gold), not with files or a CORPUS")
    auto = {"polnear": "auto"} if args.baseline == "learned" and not args.no_polnear else {}
    baseline = get_baseline(args.baseline, **auto)
    if args.gold:
        preds = baseline.predict_gold(load_corpus(args.gold))
        print(f"{baseline.name}: {baseline.protocol}", file=sys.stderr)
    elif args.gold is not None:
        from .baselines import predict_split

        preds, protocol = predict_split(baseline, args.split or "test")
        print(f"{baseline.name} on split {args.split or 'test'}: {protocol}", file=sys.stderr)
    else:
        docs = read_texts(args.files)
        preds = predict_documents(baseline, docs, args.jobs)
    write_predictions(number_predictions(preds, baseline.name), args.output)
    return 0
