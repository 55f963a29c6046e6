import json
from pathlib import Path

import pytest

import benchmark
from benchmark.resources import gold_dir

REPO = Path(__file__).resolve().parent.parent
POLNEAR = REPO.parent / "shared" / "external" / "polnear"


SEED_ID = "000_5b1153c0ab497b78"


@pytest.fixture(scope="session")
def gold_docs():
    """The seed split: the source article whose hand-checked figures many tests use."""
    return benchmark.load_gold(split="seed")


@pytest.fixture
def gold_json():
    """A fresh, mutable copy of the seed article's gold document as parsed JSON."""
    path = gold_dir() / f"{SEED_ID}.json"
    return json.loads(path.read_text(encoding="utf-8"))
