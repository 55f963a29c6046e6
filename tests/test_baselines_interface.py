"""Registry, quote-marks floor, schema validity of every baseline, and the learned baseline's protocol."""
import json

import pytest

from baselines import available, get_baseline, text_document
from baselines.learned import LearnedBaseline
from baselines.textutil import find_quotes, paragraphs
from benchmark.schema import schema_errors

TEXT = (
    '"The ferry will run again on Monday," Harbour Master Ola Berg said on Friday.\n\n'
    "The port authority said that ticket prices would not change. "
    "Unions accused the operator of cutting safety checks, according to a statement from the union.\n\n"
    "“We have nothing to hide,” the operator said. “Every check was done.”\n"
)


def test_registry_lists_three_baselines_and_rejects_unknown():
    assert available() == ["quote-marks", "rules", "learned"]
    with pytest.raises(KeyError, match="unknown baseline 'nope'; choose from quote-marks, rules, learned"):
        get_baseline("nope")


@pytest.mark.parametrize("name", ["quote-marks", "rules", "learned"])
def test_every_baseline_output_validates_under_prediction_schema(name):
    preds = get_baseline(name).predict(text_document(TEXT, "ferry"))
    assert preds, name
    for p in preds:
        assert list(schema_errors("prediction", p)) == []
        json.dumps(p)
        assert p["doc_id"] == "ferry"
        for s in p["content_spans"] + [p.get("speaker_span"), p.get("cue_span")]:
            if s:
                assert TEXT[s["start"]:s["end"]] == s["text"]


def test_every_baseline_validates_on_gold(gold_docs):
    for name in available():
        for p in get_baseline(name).predict_gold(gold_docs):
            assert list(schema_errors("prediction", p)) == [], (name, p)


def test_quote_marks_finds_every_quoted_passage_straight_and_curly():
    preds = get_baseline("quote-marks").predict(text_document(TEXT, "ferry"))
    assert [p["content_spans"][0]["text"] for p in preds] == [
        "The ferry will run again on Monday,", "We have nothing to hide,", "Every check was done."]
    assert {p["stance"] for p in preds} == {"claim"}
    assert preds[0]["speaker"] == "Harbour Master Ola Berg"
    assert all(p["type"] == "direct" for p in preds)


def test_find_quotes_pairs_marks_within_a_line_and_closes_open_quotes_at_line_end():
    text = 'He said "one" and “two”.\n"A quote that runs on\nnext line'
    got = [text[q.start:q.end] for q in find_quotes(text)]
    assert got == ["one", "two", "A quote that runs on"]


def test_paragraphs_split_on_blank_lines():
    text = "One.\nStill one.\n\n  Two.\n\n\nThree."
    assert [text[s:e] for s, e in paragraphs(text)] == ["One.\nStill one.", "Two.", "Three."]


def test_learned_cross_validation_never_predicts_a_paragraph_it_was_trained_on(gold_docs, monkeypatch):
    """Record the training filter of each fold and the paragraphs predicted in it."""
    trained, predicted = [], []
    b = LearnedBaseline(folds=5)
    orig_fit, orig_predict = b._fit_parts, b._predict

    def fit(docs, keep):
        trained.append({(d.doc_id, p) for d in docs for p in range(len(paragraphs(d.text))) if keep(d.doc_id, p)})
        return orig_fit(docs, keep)

    def predict(doc, only):
        predicted.append({(doc.doc_id, p) for p in range(len(paragraphs(doc.text))) if only(p)})
        return orig_predict(doc, only)

    monkeypatch.setattr(b, "_fit_parts", fit)
    monkeypatch.setattr(b, "_predict", predict)
    b.predict_gold(gold_docs)
    n_paras = sum(len(paragraphs(d.text)) for d in gold_docs)
    assert len(trained) == len(predicted) == 5
    for train, test in zip(trained, predicted):
        assert train.isdisjoint(test)
        assert len(train) + len(test) == n_paras
    assert set().union(*predicted) == {(d.doc_id, p) for d in gold_docs for p in range(len(paragraphs(d.text)))}
    assert b.protocol == "5-fold grouped CV by paragraph"


def test_learned_fit_then_predict_on_new_text(gold_docs):
    b = get_baseline("learned").fit(gold_docs)
    preds = b.predict(text_document(TEXT, "ferry"))
    assert all(p["stance"] in ("claim", "denial", "accusation") for p in preds)
    assert len(preds) >= 1


def test_learned_cross_validation_groups_by_document_on_a_corpus(gold_docs, monkeypatch):
    """With at least k documents, a fold never trains on any paragraph of a document it predicts."""
    import dataclasses

    corpus = [dataclasses.replace(gold_docs[0], doc_id=f"copy{i}") for i in range(6)]
    trained_docs, predicted_docs = [], []
    b = LearnedBaseline(folds=5)
    orig_fit, orig_predict = b._fit_parts, b._predict

    def fit(docs, keep):
        trained_docs.append({d.doc_id for d in docs for p in range(len(paragraphs(d.text))) if keep(d.doc_id, p)})
        return orig_fit(docs, keep)

    def predict(doc, only):
        if any(only(p) for p in range(len(paragraphs(doc.text)))):
            predicted_docs.append((len(trained_docs) - 1, doc.doc_id))
        return orig_predict(doc, only)

    monkeypatch.setattr(b, "_fit_parts", fit)
    monkeypatch.setattr(b, "_predict", predict)
    b.predict_gold(corpus)
    assert b.protocol == "5-fold grouped CV by document"
    assert sorted(d for _, d in predicted_docs) == [f"copy{i}" for i in range(6)]
    for fold, doc_id in predicted_docs:
        assert doc_id not in trained_docs[fold]
