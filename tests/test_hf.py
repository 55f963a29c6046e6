"""The datasets views: explicit features, one row per unit, tags that agree with the gold."""
import datasets
import pytest

import benchmark
from benchmark.hf import BIO_LABELS


def test_attributions_view_has_classlabel_stance_and_one_row_each(gold_docs):
    ds = benchmark.load_dataset("attributions", split="seed")
    assert isinstance(ds.features["stance"], datasets.ClassLabel)
    assert ds.features["stance"].names == ["claim", "denial", "accusation"]
    assert ds.num_rows == sum(len(d.attributions) for d in gold_docs)
    by_id = {a.id: a for a in gold_docs[0].attributions}
    for row in ds:
        a = by_id[row["id"]]
        assert ds.features["stance"].int2str(row["stance"]) == a.stance
        assert ds.features["type"].int2str(row["type"]) == a.type
        assert a.content[0].text in row["context"]


def test_attributions_view_context_and_speaker():
    ds = benchmark.load_dataset("attributions", split="seed")
    row = next(r for r in ds if r["id"] == "A2")
    assert row["speaker"] == "Volodymyr Zelensky"
    assert row["speaker_mention"] == "He"
    assert row["context"].startswith("• He said Ukraine")


def test_documents_view_round_trips_offsets(gold_docs):
    ds = benchmark.load_dataset("documents", split="seed")
    row = ds[0]
    assert row["doc_id"] == gold_docs[0].doc_id
    for a in row["attributions"]:
        for s in a["content"]:
            assert row["text"][s["start"]:s["end"]] == s["text"]
    mentions = sum(len(e["mentions"]) for e in row["entities"])
    assert mentions == sum(len(e.mentions) for e in gold_docs[0].entities)


def test_tokens_view_bio_is_well_formed_and_covers_every_content(gold_docs):
    ds = benchmark.load_dataset("tokens", split="seed")
    names = ds.features["tags"].feature.names
    assert tuple(names) == BIO_LABELS
    text = gold_docs[0].text
    b_content = 0
    for row in ds:
        tags = [names[i] for i in row["tags"]]
        for prev, tag in zip(["O"] + tags, tags):
            if tag.startswith("I-"):
                assert prev[2:] == tag[2:], (row["tokens"], tags)
        for tok, s, e in zip(row["tokens"], row["starts"], row["ends"]):
            assert text[s:e] == tok
        b_content += tags.count("B-CONTENT")
    # every attribution's content begins with a B-CONTENT (no speaker or cue sits at a content start here)
    assert b_content == len(gold_docs[0].attributions)


def test_unknown_view_is_a_clear_error():
    with pytest.raises(ValueError, match="choose one of documents, attributions, tokens"):
        benchmark.load_dataset("sentences")


def test_raw_files_load_with_plain_datasets_json():
    from benchmark.resources import gold_dir

    files = sorted(str(p) for p in gold_dir().glob("*.json"))
    ds = datasets.load_dataset("json", data_files=files, split="train")
    gold = benchmark.load_gold()
    assert ds.num_rows == len(files) == len(gold)
    assert sum(len(r["attributions"]) for r in ds) == sum(len(d.attributions) for d in gold)


def test_no_split_gives_a_dataset_dict_of_the_three_splits():
    dd = benchmark.load_dataset("attributions")
    assert isinstance(dd, datasets.DatasetDict) and list(dd) == ["seed", "dev", "test"]
    for name, ds in dd.items():
        assert isinstance(ds.features["stance"], datasets.ClassLabel)
        assert ds.num_rows == sum(len(d.attributions) for d in benchmark.load_gold(split=name))
    assert set(dd["seed"]["doc_id"]) == {"000_5b1153c0ab497b78"}


def test_a_split_gives_one_dataset_and_an_unknown_split_is_refused():
    ds = benchmark.load_dataset("documents", split="all")
    assert isinstance(ds, datasets.Dataset) and ds.num_rows == len(benchmark.load_gold())
    with pytest.raises(ValueError, match="unknown split 'train'"):
        benchmark.load_dataset("documents", split="train")
    with pytest.raises(ValueError, match="split applies to quotebench's own gold"):
        benchmark.load_dataset("documents", gold=benchmark.load_gold(split="seed"), split="seed")


def test_a_cue_starting_inside_the_source_token_still_starts_with_b():
    from benchmark.hf import bio_tags
    from benchmark.model import Document, sha256_text
    from benchmark.text import tokenize

    text = "He’s claiming the road is closed."

    def span(s):
        i = text.index(s)
        return {"start": i, "end": i + len(s), "text": s}

    doc = Document.from_dict({
        "doc_id": "d", "text": text, "text_sha256": sha256_text(text),
        "entities": [{"id": "E1", "name": "He", "type": "person", "aliases": [],
                      "mentions": [{"id": "M1", **span("He"), "kind": "pronoun"}]}],
        "attributions": [{"id": "A1", "type": "indirect", "stance": "claim", "content": [span("the road is closed")],
                          "cue": [span("’s claiming")], "speaker": {"entity": "E1", "mention": "M1"},
                          "intermediary": None, "tags": ["pronoun_speaker"]}],
    })
    toks = tokenize(text)
    tags = bio_tags(doc, toks)
    assert [text[s:e] for s, e in toks][:2] == ["He’s", "claiming"]
    assert tags[:3] == ["B-SOURCE", "B-CUE", "B-CONTENT"]
