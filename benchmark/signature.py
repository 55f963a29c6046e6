"""The signature string that makes a reported score reproducible.

    quotebench:0.1.0|data:1.0.0@3f2a9c1e|match:overlap@0.5|boot:1000@12345

- `quotebench:` the scorer (package) version;
- `data:` the dataset version (`custom` for any corpus other than quotebench's own gold),
  `@` the first 8 hex digits of the sha256 over the documents' text sha256s, one per line
  in document order;
- `match:` the mode, with `@threshold` in overlap mode;
- `boot:` bootstrap resamples `@` seed.
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
                   threshold: float, bootstrap: int, seed: int) -> str:
    mode = f"overlap@{threshold:g}" if match == "overlap" else match
    return f"quotebench:{version}|data:{data_version}@{text_hash}|match:{mode}|boot:{bootstrap}@{seed}"


def parse_signature(sig: str) -> dict:
    """The settings a signature names, e.g. to rerun a reported score."""
    parts = dict(p.split(":", 1) for p in sig.split("|"))
    data_version, text_hash = parts["data"].split("@")
    mode, _, thr = parts["match"].partition("@")
    boot, _, seed = parts["boot"].partition("@")
    return {"version": parts["quotebench"], "data_version": data_version, "data_hash": text_hash,
            "match": mode, "threshold": float(thr) if thr else None,
            "bootstrap": int(boot), "seed": int(seed)}
