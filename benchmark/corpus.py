"""Reading and writing corpora in the gold schema, with errors that name file and line.

A corpus is a `.json` file (one document), a `.jsonl` file (one document per line) or a
folder of `.json` files (read in sorted order). `load_gold()` reads quotebench's own gold.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

from . import jsonio
from .errors import InputError, InputErrors, ReadGuard, read_bytes
from .integrity import check_document
from .model import Document
from .resources import gold_dir, manifest_path
from .schema import accepts, float_offsets, schema_errors


def _line_of(raw: str, field: str, base_line: int, single_line: bool) -> int:
    """Best line for an error in a pretty-printed JSON file: the line of the id it names."""
    if single_line:
        return base_line
    m = re.search(r"\b(attribution|entity|mention) ([^\s\[\].]+)", field)
    if m:
        hit = re.search(r'"id":\s*' + re.escape(json.dumps(m.group(2))), raw)
        if hit:
            return base_line + raw.count("\n", 0, hit.start())
    top = field.split(".")[0].split("[")[0]
    hit = re.search(r'"' + re.escape(top) + r'"\s*:', raw)
    return base_line + (raw.count("\n", 0, hit.start()) if hit else 0)


def _readable_path(obj: dict, path: str) -> str:
    """`attributions[3].stance` -> `attribution A4 stance`, so messages name the attribution."""
    m = re.match(r"(attributions|entities)\[(\d+)\](.*)", path)
    if not m or not isinstance(obj.get(m.group(1)), list):
        return path
    items = obj[m.group(1)]
    i = int(m.group(2))
    ident = items[i].get("id") if i < len(items) and isinstance(items[i], dict) else None
    if ident is None:
        return path
    kind = "attribution" if m.group(1) == "attributions" else "entity"
    rest = m.group(3).lstrip(".")
    mm = re.match(r"mentions\[(\d+)\](.*)", rest)
    if kind == "entity" and mm:
        ments = items[i].get("mentions", [])
        j = int(mm.group(1))
        mid = ments[j].get("id") if j < len(ments) and isinstance(ments[j], dict) else None
        if mid is not None:
            return f"entity {ident} mention {mid}{mm.group(2)}".rstrip()
    return f"{kind} {ident} {rest}".rstrip()


_BOM = b"\xef\xbb\xbf"  # a byte-order mark is not part of the JSON: skipped


def _decoded(raw: bytes, file: str, base_line: int) -> str:
    """The text of a file (or of its line `base_line`), without a leading byte-order mark."""
    if base_line == 1 and raw.startswith(_BOM):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise InputError(file, f"cannot read: not UTF-8 text: {e.reason} at byte {e.start + 1}",
                         base_line + raw.count(b"\n", 0, e.start)) from None


def parse_document(raw: str, file: str, line: int = 1, single_line: bool = False,
                   strict: bool = False) -> Document:
    """Parse, schema-check and integrity-check one document; raise InputErrors listing all problems."""
    try:
        obj = jsonio.loads(raw.rstrip("\r\n") if single_line else raw)
    except json.JSONDecodeError as e:
        raise InputError(file, f"invalid JSON: {e.msg} (column {e.colno})", line + e.lineno - 1) from None
    except jsonio.NotJSON as e:
        at = re.search(e.pattern, raw) if e.pattern and not single_line else None
        where = line + raw.count("\n", 0, at.start()) if at else (line if single_line else None)
        raise InputError(file, f"invalid JSON: {e}", where) from None
    if isinstance(obj, dict) and "text" not in obj and ("attributions" in obj or "content" in obj
                                                        or "content_spans" in obj):
        raise InputError(file, "not a gold document (it has no `text`): is this a prediction file?", line)
    if accepts("gold")(obj):
        problems = []
    else:
        problems = [(_readable_path(obj, p) if isinstance(obj, dict) else p, msg) for p, msg in schema_errors("gold", obj)]
        problems = problems or [(_readable_path(obj, p), msg) for p, msg in float_offsets(obj)]
    if not problems:
        doc = Document.from_dict(obj)
        problems = list(check_document(doc, strict=strict))
    if problems:
        raise InputErrors([
            InputError(file, msg, _line_of(raw, field, line, single_line), field)
            for field, msg in problems
        ])
    return doc


def iter_corpus(path: str | Path, strict: bool = False) -> Iterator[Document]:
    """Documents from a .json file, a .jsonl file or a folder of .json files, streamed."""
    path = Path(path)
    if path.is_dir():
        files = sorted(path.glob("*.json"))
        if not files:
            raise InputError(str(path), "folder holds no .json gold files")
        for f in files:
            yield from iter_corpus(f, strict)
        return
    if not path.exists():
        raise InputError(str(path), "no such file")
    if path.suffix == ".jsonl":
        found = False
        with ReadGuard(path, "rb") as f:
            for n, raw in enumerate(f, 1):
                text = _decoded(raw, str(path), n)
                if text.strip():
                    found = True
                    yield parse_document(text, str(path), n, single_line=True, strict=strict)
        if not found:
            raise InputError(str(path), "holds no documents (an empty corpus scores nothing)")
    else:
        yield parse_document(_decoded(read_bytes(path), str(path), 1), str(path), strict=strict)


def load_corpus(path: str | Path, strict: bool = False) -> tuple[Document, ...]:
    docs = tuple(iter_corpus(path, strict))
    seen: set[str] = set()
    for d in docs:
        if d.doc_id in seen:
            file, line = _second_place(Path(path), d.doc_id)
            raise InputError(file, f"document {d.doc_id!r} appears twice", line, field="doc_id")
        seen.add(d.doc_id)
    return docs


def _second_place(path: Path, doc_id: str) -> tuple[str, int | None]:
    """(file, line) where a repeated doc_id occurs the second time: the line of a JSONL file,
    or the file of a folder."""
    if path.is_dir():
        hits = [f for f in sorted(path.glob("*.json")) if f'"doc_id": {json.dumps(doc_id)}' in f.read_text("utf-8")]
        return (str(hits[1]) if len(hits) > 1 else str(path)), None
    count = 0
    with ReadGuard(path, "rb") as f:
        for n, raw in enumerate(f, 1):
            try:
                if json.loads(raw).get("doc_id") == doc_id:
                    count += 1
                    if count == 2:
                        return str(path), n
            except (ValueError, AttributeError):
                continue
    return str(path), None


def load_gold(path: str | Path | None = None, split: str | None = None) -> tuple[Document, ...]:
    """quotebench's gold documents as frozen dataclasses, in doc_id order.

    `split`: `seed`, `dev`, `test` or `all` (the default: every document). With `path`,
    another corpus in the gold schema is read instead; it has no splits."""
    if path is not None:
        if split is not None:
            raise ValueError("split applies to quotebench's own gold, not to a corpus given by path")
        return load_corpus(path)
    from .splits import check_split, doc_ids

    ids = doc_ids(check_split(split or "all"))
    return _load_gold_files(str(gold_dir()), tuple(ids))


@lru_cache(maxsize=8)
def _load_gold_files(folder: str, ids: tuple[str, ...]) -> tuple[Document, ...]:
    """The shipped gold files of `ids` (frozen documents, so a cached tuple is safe to share)."""
    folder = Path(folder)
    docs = []
    for doc_id in ids:
        path = folder / f"{doc_id}.json"
        if not path.exists():
            raise InputError(str(path), f"missing: the manifest lists document {doc_id!r} but its gold file is absent")
        docs.extend(iter_corpus(path, strict=True))
    return tuple(docs)


def dataset_version() -> str:
    return read_manifest()["dataset_version"]


def read_manifest() -> dict:
    with open(manifest_path(), encoding="utf-8") as f:
        return json.load(f)


def dump_document(doc: Document) -> str:
    """Canonical layout of a gold file: stable key order, two-space indent, final newline."""
    return json.dumps(doc.to_dict(), ensure_ascii=False, indent=2) + "\n"


def write_jsonl(docs: Iterable[Document], path: str | Path) -> int:
    n = 0
    with open(path, "w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps(d.to_dict(), ensure_ascii=False) + "\n")
            n += 1
    return n
