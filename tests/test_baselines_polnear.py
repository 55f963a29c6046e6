"""PolNeAR in place (skipped when the corpus is not beside the checkout): reader and span training."""
import pytest

from baselines.polnear_reader import _read, default_root, read_split

needs_polnear = pytest.mark.skipif(default_root() is None, reason="PolNeAR not available")


def test_reader_parses_brat_relations_and_discontinuous_spans():
    text = "Jo said the plan works. It is cheap, she added, and fast."
    ann = ("T1\tSource 0 2\tJo\nT2\tCue 3 7\tsaid\nT3\tContent 8 22\tthe plan works\n"
           "T4\tAttribution 3 7\tsaid\nE1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
           "T5\tContent 24 35;48 56\tIt is cheap and fast\nT6\tSource 37 40\tshe\nT7\tCue 41 46\tadded\n"
           "E2\tAttribution:T7 Content:T5 Cue:T7 Source:T6\nE3\tAttribution:T4 Cue:T2\n")
    doc = _read("d", text, ann)
    assert [[text[s:e] for s, e in a.content] for a in doc.attributions] == [
        ["the plan works"], ["It is cheap", "and fast"]]
    assert [[text[s:e] for s, e in a.source] for a in doc.attributions] == [["Jo"], ["she"]]
    assert len(doc.attributions) == 2  # a relation without content is dropped


def test_missing_corpus_reads_as_empty(tmp_path):
    assert read_split("dev", tmp_path / "nowhere") == []


@needs_polnear
def test_dev_split_offsets_agree_with_text():
    docs = read_split("dev")
    assert len(docs) == 84
    for d in docs[:10]:
        for a in d.attributions:
            for s, e in a.content + a.source + a.cue:
                assert 0 <= s < e <= len(d.text)


@needs_polnear
def test_learned_span_component_trains_on_polnear(gold_docs):
    from baselines.learned import LearnedBaseline

    b = LearnedBaseline().fit_polnear(limit=15)
    assert b.protocol == "span: PolNeAR train; 5-fold grouped CV by paragraph"
    preds = b.predict_gold(gold_docs)
    assert preds and all(p["stance"] in ("claim", "denial", "accusation") for p in preds)
