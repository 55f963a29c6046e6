"""The datasets views: explicit features, one row per unit, tags that agree with the gold; their cache."""
import json

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


# --- the on-disk cache (benchmark/views/cache.py); every test here caches under tmp_path ---

@pytest.fixture(autouse=True)
def _views_cache(tmp_path, monkeypatch):
    """No test of this file reads or writes the user's cache."""
    monkeypatch.setenv("QUOTEBENCH_VIEWS_CACHE", str(tmp_path / "views"))
    return tmp_path / "views"


@pytest.fixture
def corpus_file(tmp_path):
    path = tmp_path / "corpus.jsonl"
    benchmark.corpus.write_jsonl(benchmark.load_gold(split="dev"), path)
    return path


def _count_builds(monkeypatch):
    from benchmark import hf

    calls = []
    real = hf._dataset

    def counting(view, docs, what):
        calls.append(view)
        return real(view, docs, what)

    monkeypatch.setattr(hf, "_dataset", counting)
    return calls


def _entries(root):
    return sorted(p for p in root.iterdir() if not p.name.startswith(".")) if root.exists() else []


@pytest.mark.parametrize("view", ["documents", "attributions", "tokens"])
def test_a_second_call_reads_the_cache_and_equals_a_fresh_build(view, corpus_file, monkeypatch, _views_cache):
    calls = _count_builds(monkeypatch)
    first = benchmark.load_dataset(view, gold=str(corpus_file))
    second = benchmark.load_dataset(view, gold=corpus_file)
    assert calls == [view]  # built once, then read from the entry
    assert len(_entries(_views_cache)) == 1
    assert second.cache_files and str(_views_cache) in second.cache_files[0]["filename"]
    fresh = benchmark.hf.load_dataset(view, gold=str(corpus_file), cache=False)
    assert calls == [view, view]
    for ds in (first, second):
        assert ds.features == fresh.features and ds.info.description == fresh.info.description
        assert ds.data.table.equals(fresh.data.table) and ds.to_list() == fresh.to_list()


def test_shipped_splits_are_cached_per_split(monkeypatch, _views_cache):
    calls = _count_builds(monkeypatch)
    dd = benchmark.load_dataset("tokens")
    benchmark.load_dataset("tokens")
    seed = benchmark.load_dataset("tokens", split="seed")
    assert calls == ["tokens"] * 3 and len(_entries(_views_cache)) == 3
    assert seed.to_list() == dd["seed"].to_list()


def test_a_changed_file_or_another_view_gets_a_new_key(corpus_file, monkeypatch, _views_cache):
    calls = _count_builds(monkeypatch)
    benchmark.load_dataset("attributions", gold=str(corpus_file))
    benchmark.load_dataset("tokens", gold=str(corpus_file))
    lines = corpus_file.read_text("utf-8").splitlines(keepends=True)
    corpus_file.write_text("".join(lines[:-1]), "utf-8")  # one document fewer
    ds = benchmark.load_dataset("attributions", gold=str(corpus_file))
    assert calls == ["attributions", "tokens", "attributions"] and len(_entries(_views_cache)) == 3
    assert ds.num_rows == sum(len(d.attributions) for d in benchmark.load_corpus(corpus_file))


def test_the_view_version_is_part_of_the_key(corpus_file, monkeypatch):
    from benchmark import hf

    calls = _count_builds(monkeypatch)
    benchmark.load_dataset("tokens", gold=str(corpus_file))
    monkeypatch.setattr(hf, "VIEW_VERSION", hf.VIEW_VERSION + 1)
    benchmark.load_dataset("tokens", gold=str(corpus_file))
    assert calls == ["tokens", "tokens"]


@pytest.mark.parametrize("damage", ["truncate", "flip", "no_record", "empty_dir"])
def test_a_corrupt_or_partial_entry_is_rebuilt(damage, corpus_file, monkeypatch, _views_cache):
    calls = _count_builds(monkeypatch)
    good = benchmark.load_dataset("tokens", gold=str(corpus_file)).to_list()
    (entry,) = _entries(_views_cache)
    arrow = next(entry.glob("*.arrow"))
    if damage == "truncate":
        arrow.write_bytes(arrow.read_bytes()[: arrow.stat().st_size // 2])
    elif damage == "flip":  # same size, one byte of token text changed: only the checksum sees it
        data = bytearray(arrow.read_bytes())
        i = data.rindex(b"the")
        data[i] = ord("T")
        arrow.write_bytes(bytes(data))
    elif damage == "no_record":
        (entry / "quotebench-entry.json").unlink()
    else:
        import shutil

        shutil.rmtree(entry)
        entry.mkdir()
    again = benchmark.load_dataset("tokens", gold=str(corpus_file))
    assert calls == ["tokens", "tokens"]
    assert again.to_list() == good
    benchmark.load_dataset("tokens", gold=str(corpus_file))
    assert calls == ["tokens", "tokens"]  # the rebuilt entry is sound


@pytest.mark.parametrize("off", ["off", "0", ""])
def test_the_cache_can_be_turned_off(off, corpus_file, monkeypatch, _views_cache):
    calls = _count_builds(monkeypatch)
    monkeypatch.setenv("QUOTEBENCH_VIEWS_CACHE", off)
    a = benchmark.load_dataset("documents", gold=str(corpus_file))
    b = benchmark.load_dataset("documents", gold=str(corpus_file))
    assert calls == ["documents", "documents"] and not _views_cache.exists()
    assert not a.cache_files and a.to_list() == b.to_list()


def test_cache_false_and_a_cache_folder_argument(corpus_file, monkeypatch, tmp_path, _views_cache):
    from benchmark import hf

    calls = _count_builds(monkeypatch)
    hf.load_dataset("tokens", gold=str(corpus_file), cache=False)
    assert calls == ["tokens"] and not _views_cache.exists()
    other = tmp_path / "elsewhere"
    hf.load_dataset("tokens", gold=str(corpus_file), cache=other)
    hf.load_dataset("tokens", gold=str(corpus_file), cache=other)
    assert calls == ["tokens", "tokens"] and len(_entries(other)) == 1 and not _views_cache.exists()


def test_cache_location_defaults(monkeypatch, tmp_path):
    from benchmark.views.cache import cache_root

    monkeypatch.delenv("QUOTEBENCH_VIEWS_CACHE")
    monkeypatch.delenv("HF_DATASETS_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_root() == tmp_path / "xdg" / "quotebench" / "views"
    monkeypatch.setenv("HF_DATASETS_CACHE", str(tmp_path / "hf"))
    assert cache_root() == tmp_path / "hf" / "quotebench-views"
    assert cache_root(False) is None and cache_root(tmp_path) == tmp_path


def test_a_list_of_documents_is_built_fresh_and_never_cached(monkeypatch, _views_cache):
    calls = _count_builds(monkeypatch)
    docs = benchmark.load_gold(split="seed")
    benchmark.load_dataset("tokens", gold=docs)
    benchmark.load_dataset("tokens", gold=docs)
    assert calls == ["tokens", "tokens"] and not _views_cache.exists()


def test_a_bad_corpus_path_still_raises_the_loaders_error(tmp_path):
    with pytest.raises(benchmark.InputError, match="no such file"):
        benchmark.load_dataset("tokens", gold=str(tmp_path / "missing.jsonl"))


def test_the_column_builders_agree_with_the_row_builders():
    from benchmark import hf

    docs = benchmark.load_gold(split="dev")
    for view, rows in (("documents", hf.document_rows), ("attributions", hf.attribution_rows),
                       ("tokens", hf.token_rows)):
        ds = hf.load_dataset(view, gold=docs)
        expected = datasets.Dataset.from_list(list(rows(docs)), features=ds.features)
        assert ds.data.table.equals(expected.data.table), view


def _reference_bio_tags(doc, tokens):
    """The tagging as first written: every token scanned for every span (any token order)."""
    tags = ["O"] * len(tokens)
    layers = [("CONTENT", a.content) for a in doc.attributions]
    for a in doc.attributions:
        layers.append(("CUE", a.cue))
        if a.speaker and a.speaker.mention:
            layers.append(("SOURCE", (doc.mention(a.speaker.mention).span,)))
    for label, spans in layers:
        for span in spans:
            inside = [i for i, (s, e) in enumerate(tokens) if s < span.end and span.start < e]
            for k, i in enumerate(inside):
                tags[i] = ("B-" if k == 0 else "I-") + label
    for i, t in enumerate(tags):
        if t[0] == "I" and (i == 0 or tags[i - 1][2:] != t[2:]):
            tags[i] = "B-" + t[2:]
    return tags


def test_bisected_bio_tags_equal_the_full_scan_on_every_gold_document():
    from benchmark.hf import bio_tags
    from benchmark.text import tokenize

    for doc in benchmark.load_gold():
        toks = tokenize(doc.text)
        assert bio_tags(doc, toks) == _reference_bio_tags(doc, toks), doc.doc_id
        backwards = toks[::-1]  # out of order: bio_tags falls back to the scan
        assert bio_tags(doc, backwards) == _reference_bio_tags(doc, backwards), doc.doc_id


def test_a_writer_that_loses_the_race_uses_the_stored_entry(corpus_file, _views_cache):
    from benchmark import hf
    from benchmark.views.cache import ENTRY_RECORD, corpus_digest, entry_key, write_entry

    ds = hf.load_dataset("tokens", gold=str(corpus_file))
    (entry,) = _entries(_views_cache)
    key = json.loads((entry / ENTRY_RECORD).read_text("utf-8"))["key"]
    assert key == entry_key("tokens", "a custom corpus", corpus_digest(corpus_file))
    assert entry.name == f"tokens-{key[:40]}"
    again = write_entry(hf.load_dataset("tokens", gold=str(corpus_file), cache=False), entry, key, "tokens")
    assert again.to_list() == ds.to_list() and again.cache_files
    assert [p.name for p in _views_cache.iterdir()] == [entry.name]  # no temporary folder left
