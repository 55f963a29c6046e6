"""A minimal reader for PolNeAR's brat files, enough to train and check the baselines.

PolNeAR (research-use data) is never copied into this repository: it is read in place from
`../shared/external/polnear` beside the checkout, `$QUOTEBENCH_POLNEAR`, or a path given by
the user. Each text may have several annotators' files (`NAME_xxxx.ann`); the first in sorted
order is used. PolNeAR attributions cover beliefs and paraphrases as well as speech, so its
content spans are wider than quotebench's.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class PolnearAttribution:
    content: tuple[tuple[int, int], ...]
    source: tuple[tuple[int, int], ...]
    cue: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class PolnearDoc:
    doc_id: str
    text: str
    attributions: tuple[PolnearAttribution, ...]


def default_root() -> Path | None:
    """PolNeAR's folder if it can be found, else None (callers then skip)."""
    env = os.environ.get("QUOTEBENCH_POLNEAR")
    candidates = [Path(env)] if env else []
    repo = Path(__file__).resolve().parent.parent
    candidates += [repo.parent / "shared" / "external" / "polnear", repo / ".." / "shared" / "external" / "polnear"]
    for c in candidates:
        if (c / "data").is_dir():
            return c
    return None


def split_dir(split: str, root: str | Path | None = None) -> Path | None:
    """`data/<split>` under a PolNeAR root (or a path that already is a split folder)."""
    root = Path(root) if root else default_root()
    if root is None:
        return None
    for p in (root, root / split, root / "data" / split):
        if (p / "text").is_dir() and (p / "attributions").is_dir():
            return p
    return None


_SPANS = re.compile(r"(\d+) (\d+)")


def _spans(field: str) -> tuple[tuple[int, int], ...]:
    return tuple((int(a), int(b)) for a, b in _SPANS.findall(field))


def read_split(split: str = "dev", root: str | Path | None = None, limit: int | None = None) -> list[PolnearDoc]:
    """Documents of one split in sorted order; empty list when PolNeAR is not there."""
    folder = split_dir(split, root)
    if folder is None:
        return []
    anns: dict[str, Path] = {}
    for ann in sorted((folder / "attributions").glob("*.ann")):
        stem = re.sub(r"_[0-9a-f]{4}$", "", ann.stem)
        anns.setdefault(stem, ann)
    docs = []
    for stem, ann in sorted(anns.items()):
        txt = folder / "text" / f"{stem}.txt"
        if not txt.is_file():
            continue
        docs.append(_read(stem, txt.read_text(encoding="utf-8"), ann.read_text(encoding="utf-8")))
        if limit and len(docs) >= limit:
            break
    return docs


def _read(doc_id: str, text: str, ann: str) -> PolnearDoc:
    spans: dict[str, tuple[str, tuple[tuple[int, int], ...]]] = {}
    rels = []
    for line in ann.splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            label, _, offsets = parts[1].partition(" ")
            spans[parts[0]] = (label, _spans(offsets))
        elif line.startswith("E") and len(parts) >= 2:
            rels.append(dict(p.split(":", 1) for p in parts[1].split() if ":" in p))
    out = []
    for r in rels:
        def get(role):
            return tuple(s for tid in [r.get(role)] if tid in spans for s in spans[tid][1])
        content = get("Content")
        if content:
            out.append(PolnearAttribution(content, get("Source"), get("Cue")))
    out.sort(key=lambda a: a.content[0])
    return PolnearDoc(doc_id, text, tuple(out))
