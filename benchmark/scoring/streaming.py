"""Streaming the gold corpus through an Accumulator: one process, or worker processes.

Scoring streams the gold corpus one document at a time and keeps only count rows, so
memory holds the predictions, not the gold; `jobs > 1` spreads the documents over worker
processes, with results merged in corpus order (identical to jobs=1). Gold documents
without predictions count all their attributions as misses; a prediction for a document
that is not in the gold corpus is an error.
"""
from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..predictions import read_predictions, source_name
from .counting import Accumulator
from .settings import Settings


_WORKER: dict = {}


def _worker_init(preds, settings, file, keep):
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's: it stops the pool, quietly
    _WORKER.update(preds=preds, settings=settings, file=file, keep=keep)


def _worker_run(task):
    """Score one chunk of documents in a worker; errors come back as data (picklable)."""
    from ..corpus import parse_document

    kind, gold_file, items = task
    acc = Accumulator(_WORKER["settings"], _WORKER["keep"])
    ids = []
    try:
        for item in items:
            if kind == "docs":
                doc = item
            elif kind == "lines":
                n, raw = item
                doc = parse_document(raw, gold_file, n, single_line=True)
            else:
                doc = parse_document(Path(item).read_text(encoding="utf-8"), str(item))
            ids.append(doc.doc_id)
            acc.add(doc, _WORKER["preds"].get(doc.doc_id, ()), _WORKER["file"])
    except InputError as e:
        errs = getattr(e, "errors", [e])
        return None, [(x.file, x.message, x.line, x.field) for x in errs]
    return (acc, ids), None


def _tasks(gold, chunk: int):
    """Chunks of work for the workers: documents, raw JSONL lines, or gold file paths."""
    if not isinstance(gold, (str, Path)):
        docs = list(gold)
        for k in range(0, len(docs), chunk):
            yield ("docs", None, docs[k:k + chunk])
        return
    path = Path(gold)
    if path.is_dir():
        files = sorted(path.glob("*.json"))
        if not files:
            raise InputError(str(path), "folder holds no .json gold files")
        for k in range(0, len(files), chunk):
            yield ("files", None, [str(f) for f in files[k:k + chunk]])
    elif not path.exists():
        raise InputError(str(path), "no such file")
    elif path.suffix == ".jsonl":
        buf = []
        with open(path, encoding="utf-8") as f:
            for n, raw in enumerate(f, 1):
                if raw.strip():
                    buf.append((n, raw))
                    if len(buf) >= chunk:
                        yield ("lines", str(path), buf)
                        buf = []
        if buf:
            yield ("lines", str(path), buf)
    else:
        yield ("files", None, [str(path)])


def iter_gold(gold):
    from ..corpus import iter_corpus

    if isinstance(gold, (str, Path)):
        return iter_corpus(gold)
    return iter(gold)


def accumulate(predictions, gold, settings: Settings, keep_gold_rows: bool = False) -> Accumulator:
    return accumulate_gc_paused(predictions, gold, settings, keep_gold_rows, None)


def accumulate_gc_paused(predictions, gold, settings: Settings, keep_gold_rows: bool, preds) -> Accumulator:
    """Read predictions, stream the gold corpus and gather every count.

    The cyclic garbage collector is paused meanwhile: scoring allocates many small
    tuples and no cycles, and each collection would walk the whole gold corpus."""
    import gc

    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _accumulate(predictions, gold, settings, keep_gold_rows, preds)
    finally:
        if was_enabled:
            gc.enable()


def _accumulate(predictions, gold, settings: Settings, keep_gold_rows: bool, preds=None) -> Accumulator:
    """`preds`, when given, are the predictions already read (as read_predictions returns them)."""
    file = source_name(predictions)
    known = None if isinstance(gold, (str, Path)) else {d.doc_id for d in gold}
    if preds is None:
        preds, _, _ = read_predictions(predictions, known=known)
    gold_name = str(gold) if isinstance(gold, (str, Path)) else "gold"
    acc = Accumulator(settings, keep_gold_rows)
    seen: set = set()

    def note(doc_id: str) -> None:
        if doc_id in seen:
            raise InputError(gold_name, f"document {doc_id!r} appears twice", field="doc_id")
        seen.add(doc_id)

    if settings.jobs <= 1:
        for doc in iter_gold(gold):  # each document's predictions are dropped once scored
            note(doc.doc_id)
            acc.add(doc, preds.pop(doc.doc_id, ()), file)
    else:
        import multiprocessing as mp

        methods = mp.get_all_start_methods()
        ctx = mp.get_context("fork" if "fork" in methods else "spawn")
        with ctx.Pool(min(settings.jobs, max(1, len(gold) if not isinstance(gold, (str, Path)) else settings.jobs)),
                      initializer=_worker_init,
                      initargs=(preds, settings, file, keep_gold_rows)) as pool:
            for out, err in pool.imap(_worker_run, _tasks(gold, 64)):
                if err:
                    f, msg, line, field = err[0]
                    raise InputError(f, msg, line, field)
                part, ids = out
                for d in ids:
                    note(d)
                acc.merge(part)
    unknown = [d for d in preds if d not in seen]
    if unknown:
        first = min(unknown, key=lambda d: preds[d][0].line if preds[d] else 0)
        line = preds[first][0].line if preds[first] else None
        raise InputError(file, f"unknown document {first!r} (not in the gold corpus)", line, "doc_id")
    return acc
