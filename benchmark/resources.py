"""Where the shipped data lives: inside the wheel, or at the top of a source checkout.

A wheel carries `annotations/` and `seeds/` under `benchmark/_data/` (see pyproject.toml);
an editable install or a plain checkout reads them from the repository root.
"""
from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def data_root() -> Path:
    """The folder holding `annotations/` and `seeds/`."""
    for root in (_PACKAGE_DIR / "_data", _PACKAGE_DIR.parent):
        if (root / "annotations" / "schema").is_dir():
            return root
    raise FileNotFoundError(
        "quotebench data not found: expected annotations/ beside the benchmark package "
        "or under benchmark/_data/ (reinstall the package)"
    )


def annotations_dir() -> Path:
    return data_root() / "annotations"


def gold_dir() -> Path:
    return annotations_dir() / "gold"


def schema_path(name: str) -> Path:
    """`name` is 'gold' or 'prediction'."""
    return annotations_dir() / "schema" / f"{name}.schema.json"


def seeds_dir() -> Path:
    return data_root() / "seeds"


def manifest_path() -> Path:
    return seeds_dir() / "manifest.json"
