import json
from pathlib import Path

import pytest

import benchmark
from benchmark.resources import gold_dir

REPO = Path(__file__).resolve().parent.parent
POLNEAR = REPO.parent / "shared" / "external" / "polnear"


SEED_ID = "000_5b1153c0ab497b78"


@pytest.fixture(autouse=True, scope="session")
def _views_cache_of_its_own(tmp_path_factory):
    """Tests never read or write the user's cache of dataset views."""
    import os

    before = os.environ.get("QUOTEBENCH_VIEWS_CACHE")
    os.environ["QUOTEBENCH_VIEWS_CACHE"] = str(tmp_path_factory.mktemp("views-cache"))
    yield
    if before is None:
        os.environ.pop("QUOTEBENCH_VIEWS_CACHE", None)
    else:
        os.environ["QUOTEBENCH_VIEWS_CACHE"] = before


@pytest.fixture(scope="session")
def gold_docs():
    """The seed split: the source article whose hand-checked figures many tests use."""
    return benchmark.load_gold(split="seed")


@pytest.fixture
def gold_json():
    """A fresh, mutable copy of the seed article's gold document as parsed JSON."""
    path = gold_dir() / f"{SEED_ID}.json"
    return json.loads(path.read_text(encoding="utf-8"))
