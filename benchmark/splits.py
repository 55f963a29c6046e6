"""The fixed splits of the gold set: `seed` (the source article), `dev` and `test` (Wikinews).

The split of every document is recorded in `seeds/manifest.json`; nothing here decides it.
`all` names the three together. A set of documents that is exactly the union of whole
shipped splits has a name (`test`, `dev+test`, `all`), used in headers and signatures.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Iterable, Sequence

SPLITS = ("seed", "dev", "test")
SPLIT_CHOICES = SPLITS + ("all",)


@lru_cache(maxsize=1)
def split_of() -> dict[str, str]:
    """doc_id -> split, from the shipped manifest (documents without a split are `seed`)."""
    from .corpus import read_manifest

    return {d["doc_id"]: d.get("split", "seed") for d in read_manifest()["documents"]}


def check_split(split: str) -> str:
    """The canonical name of `split` (a split, `all`, or splits joined by `+`: `test+dev` is
    `dev+test`, all three are `all`), else ValueError."""
    parts = split.split("+") if isinstance(split, str) else [split]
    if split not in SPLIT_CHOICES and not all(p in SPLITS for p in parts):
        raise ValueError(f"unknown split {split!r}: choose one of {', '.join(SPLIT_CHOICES)}, "
                         "or several joined by + (dev+test)")
    if split in SPLIT_CHOICES:
        return split
    used = [s for s in SPLITS if s in parts]  # one name for one set of documents: seed, dev, test order
    return "all" if len(used) == len(SPLITS) else "+".join(used)


def doc_ids(split: str) -> list[str]:
    """The document ids of a split (`all`, or several joined by `+`), in sorted id order."""
    wanted = set(SPLITS) if check_split(split) == "all" else set(split.split("+"))
    return sorted(d for d, s in split_of().items() if s in wanted)


def split_name(ids: Iterable[str]) -> str | None:
    """`test`, `dev+test`, `all`, ...: the splits whose documents are exactly `ids`; None if
    the ids are not a union of whole shipped splits."""
    ids = set(ids)
    owners = split_of()
    if not ids or not ids <= set(owners):
        return None
    used = [s for s in SPLITS if any(owners[d] == s for d in ids)]
    if ids != {d for d, s in owners.items() if s in used}:
        return None
    return "all" if len(used) == len(SPLITS) else "+".join(used)


def splits_touched(ids: Iterable[str]) -> list[str]:
    """The shipped splits that hold at least one of `ids` (unknown ids are ignored)."""
    owners = split_of()
    found = {owners[d] for d in ids if d in owners}
    return [s for s in SPLITS if s in found]


def select(docs: Sequence, split: str) -> tuple:
    """The documents of `docs` that belong to `split`."""
    wanted = set(doc_ids(split))
    return tuple(d for d in docs if d.doc_id in wanted)


def split_argument(value: str) -> str:
    """argparse type for `--split`: a split, `all`, or splits joined by `+` (`dev+test`)."""
    import argparse

    try:
        return check_split(value)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None
