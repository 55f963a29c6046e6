"""The signature string that makes a reported score reproducible.

    quotebench:0.1.0|data:2.0.0/test@3f2a9c1e|docs:40|match:overlap@0.5|boot:1000@12345/doc

- `quotebench:` the scorer (package) version;
- `data:` the dataset version and `/` the split scored (`seed`, `dev`, `test`, `all`, or
  several joined by `+`), or `custom` for any corpus other than quotebench's own gold;
  `@` the first 8 hex digits of the sha256 over the documents' text sha256s, one per line
  in document order;
- `docs:` the number of gold documents scored;
- `match:` the mode, with `@threshold` in overlap mode;
- `boot:` bootstrap resamples `@` seed, and `/doc` when documents, not attributions, are
  resampled (the default on a corpus of several documents).
"""
from __future__ import annotations

import hashlib
from typing import Iterable


def data_hash(text_sha256s: Iterable[str]) -> str:
    """First 8 hex digits of sha256 over the texts' sha256s (newline-separated, in order)."""
    h = hashlib.sha256()
    for s in text_sha256s:
        h.update(s.encode("ascii") + b"\n")
    return h.hexdigest()[:8]


def make_signature(version: str, data_version: str, text_hash: str, match: str,
                   threshold: float, bootstrap: int, seed: int, split: str | None = None,
                   documents: int | None = None, unit: str = "attribution") -> str:
    """`data_version` is `custom` for other corpora; `split` is None for them."""
    mode = f"overlap@{threshold:g}" if match == "overlap" else match
    data = f"{data_version}/{split}" if split else data_version
    docs = f"|docs:{documents}" if documents is not None else ""
    by = "/doc" if unit == "document" else ""
    return f"quotebench:{version}|data:{data}@{text_hash}{docs}|match:{mode}|boot:{bootstrap}@{seed}{by}"


def parse_signature(sig: str) -> dict:
    """The settings a signature names, e.g. to rerun a reported score."""
    parts = dict(p.split(":", 1) for p in sig.split("|"))
    data, text_hash = parts["data"].split("@")
    data_version, _, split = data.partition("/")
    mode, _, thr = parts["match"].partition("@")
    boot, _, seed = parts["boot"].partition("@")
    seed, _, by = seed.partition("/")
    return {"version": parts["quotebench"], "data_version": data_version, "split": split or None,
            "documents": int(parts["docs"]) if "docs" in parts else None, "data_hash": text_hash,
            "match": mode, "threshold": float(thr) if thr else None,
            "bootstrap": int(boot), "seed": int(seed), "resample": "document" if by == "doc" else "attribution"}
