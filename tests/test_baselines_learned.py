"""The learned baseline's CRF: features, labels, the model cache, determinism, a tiny trained model.

Models here are trained on hand-written documents or the gold splits (seconds), never on
PolNeAR train; every test uses a cache folder of its own, never the user's.
"""
import dataclasses

import pytest

from baselines import crf_model, model_cache
from baselines.base import text_document
from baselines.crf_features import layout, token_features
from baselines.crf_labels import decode_content, gold_labels
from baselines.learned import VERSION, LearnedBaseline
from benchmark.model import Attribution, Document, Entity, Mention, SourceRef, Span, sha256_text
from benchmark.polnear import default_root

needs_polnear = pytest.mark.skipif(not (default_root() / "data" / "train").is_dir(),
                                   reason="PolNeAR train not available beside the checkout")

SENTENCE = '"We will win," Ola Berg said.'


@pytest.fixture(autouse=True)
def own_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "quotebench"


def _span(text, part, start=0):
    s = text.index(part, start)
    return Span(s, s + len(part), part)


def _doc(doc_id, text, quotes):
    """A gold document: quotes = [(content, cue, speaker)] in text order."""
    attrs, entities, pos = [], [], 0
    for i, (content, cue, speaker) in enumerate(quotes):
        c = _span(text, content, pos)
        k = _span(text, cue, c.end)
        m = _span(text, speaker, c.end)
        pos = max(k.end, m.end)
        entities.append(Entity(f"E{i}", speaker, "person", (), (Mention(f"M{i}", m, "name"),)))
        attrs.append(Attribution(f"A{i}", (c,), "direct", "claim", SourceRef(f"E{i}", f"M{i}"), (k,)))
    return Document(doc_id=doc_id, text=text, text_sha256=sha256_text(text),
                    entities=tuple(entities), attributions=tuple(attrs))


def _training_docs():
    names = ["Ola Berg", "Kari Lund", "Per Holm", "Anna Dahl", "Lars Moen", "Eva Strand"]
    words = ["ferry", "bridge", "school", "harbour", "market", "station"]
    docs = []
    for i, (name, word) in enumerate(zip(names, words)):
        text = (f'"The {word} will open again on Monday," {name} said.\n\n'
                f"The weather was cold and the streets were quiet.\n\n"
                f'"Nobody was hurt," {names[i - 1]} said on Friday.\n')
        docs.append(_doc(f"d{i}", text, [(f"The {word} will open again on Monday,", "said", name),
                                         ("Nobody was hurt,", "said", names[i - 1])]))
    return docs


def test_features_of_a_hand_written_sentence():
    lay = layout(SENTENCE)
    words = [SENTENCE[t.start:t.end] for t in lay.tokens]
    assert words == ['"', "We", "will", "win", ",", '"', "Ola", "Berg", "said", "."]
    feats = dict(zip(words[:4] + ["close"] + words[6:], (token_features(lay)[:4] + token_features(lay)[5:])))
    assert "qm=open" in feats['"'] and "inq=out" in feats['"']
    assert {"inq=in", "pron", "w=we", "sh=Xx", "qo=0", "sp=1", "pp=0"} <= set(feats["We"])
    assert "qc_cue" in feats["close"] and "qm=close" in feats["close"]
    assert {"cue=say", "cst=claim", "cfr=that", "inq=out", "nm-1"} <= set(feats["said"])
    assert {"nm=person", "cue+1=that", "cr=out1"} <= set(feats["Berg"])
    assert "sp=last" in feats["."]


def test_features_are_linear_passes_of_the_text():
    """Same features for the same text, and one list per token."""
    lay = layout(SENTENCE * 3)
    assert len(token_features(lay)) == len(lay.tokens)
    assert token_features(lay) == token_features(layout(SENTENCE * 3))


def test_gold_labels_are_bio_and_decode_back():
    doc = _doc("s", SENTENCE, [("We will win,", "said", "Ola Berg")])
    lay = layout(doc.text)
    from baselines.crf_labels import gold_marks

    labels = gold_labels(lay, gold_marks(doc))
    assert labels == ["O", "B-CONTENT", "I-CONTENT", "I-CONTENT", "I-CONTENT", "O",
                      "B-SOURCE", "I-SOURCE", "B-CUE", "O"]
    found = decode_content(lay, labels)
    assert [[doc.text[s:e] for s, e in f.pieces] for f in found] == [["We will win,"]]


def test_cache_key_changes_with_the_version_and_a_corrupt_file_is_rebuilt(own_cache):
    parts = {"model": "x", "version": VERSION, "data": "abc"}
    assert model_cache.cache_key(parts) == model_cache.cache_key(dict(parts))
    assert model_cache.cache_key(parts) != model_cache.cache_key({**parts, "version": VERSION + "+1"})
    built = []

    def build():
        built.append(1)
        return b"model bytes"

    assert model_cache.cached("t", parts, build) == (b"model bytes", False)
    assert model_cache.cached("t", parts, build) == (b"model bytes", True)
    path = model_cache.cache_path("t", model_cache.cache_key(parts))
    assert path.parent == own_cache and path.is_file()
    assert [p.name for p in own_cache.iterdir()] == [path.name]  # no temporary file left behind
    raw = path.read_bytes()
    path.write_bytes(raw[:-3] + b"xyz")  # same size, wrong checksum
    assert model_cache.cached("t", parts, build) == (b"model bytes", False)
    path.write_bytes(b"not a header\n")
    assert model_cache.read_cached(path, model_cache.cache_key(parts)) is None
    assert model_cache.cached("t", parts, build) == (b"model bytes", False)
    other = {**parts, "version": "old"}
    assert model_cache.read_cached(path, model_cache.cache_key(other)) is None  # a file of another key
    assert len(built) == 3


def test_a_tiny_trained_model_finds_the_quote_of_a_new_sentence(own_cache):
    b = LearnedBaseline().fit(_training_docs())
    assert b.from_cache == {"spans": False}
    text = '"The library will open again on Monday," Nils Vik said.\n'
    preds = b.predict(text_document(text, "new"))
    assert [p["content_spans"][0]["text"] for p in preds] == ["The library will open again on Monday,"]
    assert preds[0]["speaker"] == "Nils Vik" and preds[0]["cue"] == "said" and preds[0]["type"] == "direct"
    again = LearnedBaseline().fit(_training_docs())  # the second fit loads the cached CRF
    assert again.from_cache == {"spans": True}
    assert again.predict(text_document(text, "new")) == preds


def test_predictions_are_deterministic_and_cross_validation_groups_by_document(own_cache):
    docs = _training_docs()
    first = LearnedBaseline(folds=3).predict_gold(docs)
    second = LearnedBaseline(folds=3).predict_gold(docs)
    assert first == second and first
    assert LearnedBaseline(folds=3).protocol == "3-fold grouped CV by paragraph"
    b = LearnedBaseline(folds=3)
    b.predict_gold(docs)
    assert b.protocol == "3-fold grouped CV by document"


def test_heldout_protocol_names_the_training_corpus(own_cache):
    docs = _training_docs()
    b = LearnedBaseline()
    preds = b.predict_heldout([dataclasses.replace(docs[0], doc_id="other")], docs[1:], "hand-made")
    assert b.protocol == "trained on hand-made (5 documents)"
    assert preds and all(p["doc_id"] == "other" for p in preds)


def test_tagger_survives_pickling_for_worker_processes(own_cache):
    import pickle

    b = LearnedBaseline().fit(_training_docs())
    clone = pickle.loads(pickle.dumps(b))
    text = '"It works," Kari Lund said.\n'
    assert clone.predict(text_document(text, "p")) == b.predict(text_document(text, "p"))


def test_crf_training_is_deterministic():
    seqs = [([["w=a", "bias"], ["w=b", "bias"]], ["B-CONTENT", "O"])] * 3
    assert crf_model.train(seqs) == crf_model.train(seqs)


@needs_polnear
def test_polnear_protocol_says_what_trained_which_part(own_cache, monkeypatch):
    b = LearnedBaseline().fit_polnear(limit=3)
    assert b.base_desc == "PolNeAR train (3 docs)" and b.from_cache == {"polnear": False}
    b.predict_heldout(_training_docs()[:1], _training_docs()[1:], "hand-made")
    assert b.protocol == ("CRF spans: PolNeAR train (3 docs) + hand-made (5 documents), stacked; "
                          "speaker and stance: hand-made (5 documents)")
    assert LearnedBaseline().fit_polnear(limit=3).from_cache == {"polnear": True}
