"""PolNeAR in place (skipped when the corpus is not beside the checkout): reader and span training."""
import pytest

from benchmark.polnear import default_root

needs_polnear = pytest.mark.skipif(not (default_root() / "data" / "train").is_dir(), reason="PolNeAR not available")


def test_missing_corpus_is_a_clear_error(tmp_path):
    from baselines.learned import LearnedBaseline

    with pytest.raises(FileNotFoundError, match="PolNeAR train split not found"):
        LearnedBaseline().fit_polnear(str(tmp_path / "nowhere"))


@needs_polnear
def test_learned_span_component_trains_on_polnear(gold_docs):
    from baselines.learned import LearnedBaseline

    b = LearnedBaseline().fit_polnear(limit=15)
    assert b.protocol == ("CRF spans: PolNeAR train (15 docs) + 5-fold grouped CV by paragraph, stacked; "
                          "speaker and stance: 5-fold grouped CV by paragraph")
    preds = b.predict_gold(gold_docs)
    assert preds and all(p["stance"] in ("claim", "denial", "accusation") for p in preds)


def test_auto_uses_polnear_only_where_it_is_found(tmp_path, monkeypatch):
    """polnear="auto" (the commands' default) stacks on the PolNeAR CRF when PolNeAR train is
    found and trains on the given corpus alone when it is not; the protocol says which."""
    from baselines.learned import LearnedBaseline

    monkeypatch.setenv("QUOTEBENCH_POLNEAR", str(tmp_path / "nowhere"))
    b = LearnedBaseline(polnear="auto")
    b.use_polnear_if_found()
    assert b.base is None and "PolNeAR" not in b.protocol
    with pytest.raises(FileNotFoundError, match="PolNeAR train split not found"):
        LearnedBaseline(polnear=str(tmp_path / "nowhere")).use_polnear_if_found()
    assert LearnedBaseline().protocol == LearnedBaseline(polnear=False).protocol  # the class default: no lookup
