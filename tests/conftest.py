import json
from pathlib import Path

import pytest

import benchmark
from benchmark.resources import gold_dir

REPO = Path(__file__).resolve().parent.parent
POLNEAR = REPO.parent / "shared" / "external" / "polnear"


@pytest.fixture(scope="session")
def gold_docs():
    return benchmark.load_gold()


@pytest.fixture
def gold_json():
    """A fresh, mutable copy of the gold document as parsed JSON."""
    path = sorted(gold_dir().glob("*.json"))[0]
    return json.loads(path.read_text(encoding="utf-8"))
