"""The seed/dev/test splits: shipped texts, credit, gold coverage, and scoring by split."""
import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

import benchmark
from benchmark.corpus import read_manifest
from benchmark.resources import gold_dir, seeds_dir
from benchmark.splits import SPLITS, doc_ids, split_name

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora" / "wikinews"
WIKINEWS = seeds_dir() / "wikinews"


def shipped_manifest() -> list:
    return json.loads((WIKINEWS / "manifest.json").read_text(encoding="utf-8"))


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "benchmark.cli", *args], capture_output=True, text=True)


def test_wikinews_texts_are_shipped_with_their_pinned_sha256():
    entries = shipped_manifest()
    assert len(entries) == 60
    assert sorted(e["split"] for e in entries).count("dev") == 20
    for e in entries:
        data = (WIKINEWS / e["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == e["sha256"], e["doc_id"]


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/corpora/wikinews is not beside the checkout")
def test_shipped_texts_and_manifest_equal_the_shared_corpus_byte_for_byte():
    assert (WIKINEWS / "manifest.json").read_bytes() == (SHARED / "manifest.json").read_bytes()
    for e in shipped_manifest():
        assert (WIKINEWS / e["file"]).read_bytes() == (SHARED / e["file"]).read_bytes(), e["doc_id"]


def test_dataset_manifest_gives_every_document_its_fixed_split():
    wn = {e["doc_id"]: e for e in shipped_manifest()}
    docs = read_manifest()["documents"]
    assert read_manifest()["dataset_version"].startswith("2.")
    assert [d["doc_id"] for d in docs if d["split"] == "seed"] == ["000_5b1153c0ab497b78"]
    listed = {d["doc_id"]: d for d in docs if d["split"] != "seed"}
    assert set(listed) == set(wn)
    for doc_id, d in listed.items():
        assert d["split"] == wn[doc_id]["split"] and d["sha256"] == wn[doc_id]["sha256"]
    assert (len(doc_ids("seed")), len(doc_ids("dev")), len(doc_ids("test"))) == (1, 20, 40)


def test_every_manifest_document_has_gold_with_the_same_sha256_and_nothing_else_is_gold():
    pinned = {d["doc_id"]: d["sha256"] for d in read_manifest()["documents"]}
    gold = benchmark.load_gold()
    assert {d.doc_id: d.text_sha256 for d in gold} == pinned
    assert {p.stem for p in gold_dir().glob("*.json")} == set(pinned)
    for d in gold:
        raw = (seeds_dir() / next(e["file"] for e in read_manifest()["documents"] if e["doc_id"] == d.doc_id)).read_bytes()
        assert raw.decode("utf-8") == d.text


def test_dev_and_test_hold_at_least_500_attributions_each_with_stance():
    n = 0
    for split in ("dev", "test"):
        docs = benchmark.load_gold(split=split)
        n += sum(len(d.attributions) for d in docs)
        assert all(a.stance in ("claim", "denial", "accusation") for d in docs for a in d.attributions)
    assert n >= 500


def test_notice_credits_every_article_and_show_sources_prints_it():
    notice = (WIKINEWS / "NOTICE.md").read_text(encoding="utf-8")
    assert "Wikinews contributors" in notice and "CC BY 2.5" in notice
    for e in shipped_manifest():
        for field in ("title", "url", "credit", "licence", "changes", "doc_id"):
            assert e[field] in notice, (e["doc_id"], field)
    r = run_cli("show", "--sources")
    assert r.returncode == 0 and notice.strip() in r.stdout
    assert all(e["url"] in r.stdout for e in shipped_manifest())


def test_split_names_are_unions_of_whole_splits():
    assert split_name(doc_ids("test")) == "test"
    assert split_name(doc_ids("dev") + doc_ids("test")) == "dev+test"
    assert split_name(doc_ids("all")) == "all"
    assert split_name(doc_ids("test")[:-1]) is None
    assert split_name(["not-a-document"]) is None


def _perfect(docs) -> list:
    return [{"doc_id": d.doc_id, "content_spans": [{"start": s.start, "end": s.end} for s in a.content],
             "stance": a.stance} for d in docs for a in d.attributions]


def test_score_infers_the_split_from_the_document_ids_and_says_so():
    dev = benchmark.load_gold(split="dev")
    r = benchmark.score(_perfect(dev), bootstrap=0)
    st = r.to_dict()["settings"]
    assert st["split"] == "dev" and st["documents"] == 20
    assert "split dev (from the predictions' document ids)" in st["gold"]
    assert f"/dev@" in r.signature and "|docs:20|" in r.signature
    assert r.to_dict()["levels"]["quote"]["f1"] == 1.0


def test_documents_of_the_chosen_split_without_predictions_are_misses():
    dev = benchmark.load_gold(split="dev")
    first = dev[:1]
    r = benchmark.score(_perfect(first), bootstrap=0, split="dev").to_dict()
    quote = r["levels"]["quote"]
    assert quote["tp"] == len(first[0].attributions)
    assert quote["fn"] == sum(len(d.attributions) for d in dev[1:])
    assert r["settings"]["split"] == "dev" and r["settings"]["documents"] == 20


def test_a_prediction_outside_the_chosen_split_is_an_error():
    seed = benchmark.load_gold(split="seed")
    with pytest.raises(benchmark.InputError, match="unknown document '000_5b1153c0ab497b78' in split test \\(it belongs to split seed"):
        benchmark.score(_perfect(seed), bootstrap=0, split="test")


def test_predictions_on_two_splits_are_scored_together_only_when_asked():
    seed, dev = benchmark.load_gold(split="seed"), benchmark.load_gold(split="dev")
    preds = _perfect(seed) + _perfect(dev[:1])
    with pytest.raises(benchmark.InputError, match=r"cover several splits \(seed, dev\): give --split seed\+dev"):
        benchmark.score(preds, bootstrap=0)
    r = benchmark.score(preds, bootstrap=0, split="seed+dev")
    assert r.to_dict()["settings"]["split"] == "seed+dev" and "/seed+dev@" in r.signature
    assert r.to_dict()["settings"]["documents"] == 21


def test_no_predictions_need_a_split_to_be_scored():
    with pytest.raises(benchmark.InputError, match="no document ids to tell the split from"):
        benchmark.score([], bootstrap=0)
    r = benchmark.score([], bootstrap=0, split="dev").to_dict()
    assert r["levels"]["quote"]["fn"] == sum(len(d.attributions) for d in benchmark.load_gold(split="dev"))


def test_compare_takes_one_split_from_all_systems_whatever_their_order():
    test = benchmark.load_gold(split="test")
    good, few = _perfect(test), _perfect(test[:2])
    a = benchmark.compare({"few": few, "good": good}, bootstrap=0)
    b = benchmark.compare({"good": good, "few": few}, bootstrap=0)
    assert a.attrs["split"] == b.attrs["split"] == "test"
    f1 = lambda frame, name: float(frame[(frame.system == name) & (frame.level == "quote")].f1.iloc[0])  # noqa: E731
    assert f1(a, "few") == f1(b, "few") < 1.0 == f1(a, "good") == f1(b, "good")
    with pytest.raises(benchmark.InputError, match="cover several splits"):
        benchmark.compare({"test": good, "dev": _perfect(benchmark.load_gold(split="dev"))}, bootstrap=0)
    with pytest.raises(TypeError, match="mapping of system names"):
        benchmark.compare([good, few])


@pytest.mark.parametrize("command", [["validate", "--split", "all"], ["show", "--split", "dev", "--stats"]])
def test_commands_take_a_split(command):
    r = run_cli(*command)
    assert r.returncode == 0, r.stderr


def test_validate_split_all_passes_and_names_the_counts():
    r = run_cli("validate", "--split", "all")
    total = sum(len(d.attributions) for d in benchmark.load_gold())
    assert r.stdout.strip() == f"quotebench gold, split all: ok (61 documents, {total} attributions)"


def test_score_cli_split_option_and_its_header(tmp_path):
    path = tmp_path / "p.jsonl"
    path.write_text("\n".join(json.dumps(p) for p in _perfect(benchmark.load_gold(split="seed"))) + "\n")
    r = run_cli("score", str(path), "--bootstrap", "0")
    assert r.returncode == 0 and "quotebench gold, split seed (from the predictions' document ids)" in r.stdout
    r = run_cli("score", str(path), "--bootstrap", "0", "--split", "seed")
    assert r.returncode == 0 and "against quotebench gold, split seed: 1 document(s)" in r.stdout
    r = run_cli("score", str(path), "--split", "dev")
    assert r.returncode == 1 and "unknown document '000_5b1153c0ab497b78'" in r.stderr


def test_dataset_card_credits_every_article():
    card = (gold_dir().parent / "README.md").read_text(encoding="utf-8")
    for e in shipped_manifest():
        assert e["title"] in card and e["url"] in card and e["doc_id"] in card, e["doc_id"]
    assert "Wikinews contributors" in card and "CC BY 2.5" in card


def test_phenomenon_tags_of_the_shipped_gold_are_the_ones_the_data_implies():
    from benchmark.polnear import derive_tags

    for d in benchmark.load_gold():
        assert derive_tags(d) == d, d.doc_id


def test_the_canary_marks_every_gold_file_the_manifest_and_the_views():
    canary = read_manifest()["canary"]
    assert canary.startswith("quotebench canary GUID ")
    card = (gold_dir().parent / "README.md").read_text(encoding="utf-8")
    assert f"`{canary}`" in card
    for path in gold_dir().glob("*.json"):
        assert json.loads(path.read_text(encoding="utf-8"))["metadata"]["canary"] == canary, path.name
    assert canary in benchmark.load_dataset("tokens", split="seed").info.description


def test_validate_names_a_document_of_another_split_once(tmp_path):
    path = tmp_path / "p.jsonl"
    test = benchmark.load_gold(split="test")
    path.write_text("".join(json.dumps(p) + "\n" for p in _perfect(test[:1])), encoding="utf-8")
    r = run_cli("validate", str(path), "--split", "dev")
    n = len(test[0].attributions)
    assert r.returncode == 1
    assert r.stderr.strip().splitlines() == [
        f"{path}:1: doc_id: unknown document {test[0].doc_id!r} in split dev (it belongs to split test); "
        f"{n - 1} more lines name it"]


def test_show_sources_of_one_split_credits_only_its_articles():
    r = run_cli("show", "--sources", "--split", "dev")
    dev, test = set(doc_ids("dev")), set(doc_ids("test"))
    assert r.returncode == 0
    assert all(f"`{d}`" in r.stdout for d in dev) and not any(f"`{d}`" in r.stdout for d in test)
    r = run_cli("show", "--sources", "--split", "seed")
    assert "000_5b1153c0ab497b78" in r.stdout and "Wikinews contributors" not in r.stdout


def test_show_puts_each_documents_attributions_under_its_id(capsys):
    """Attribution ids restart at A1 in every document: each table follows its document's line."""
    from benchmark.cli import main

    assert main(["show", "--split", "dev"]) == 0
    lines = capsys.readouterr().out.splitlines()
    dev = benchmark.load_gold(split="dev")
    heads = [i for i, ln in enumerate(lines) if ln.split(":")[0] in {d.doc_id for d in dev}]
    assert len(heads) == len(dev)
    for i in heads:
        assert lines[i + 1].split()[:2] == ["id", "speaker"] and lines[i + 3].startswith("A1 ")
