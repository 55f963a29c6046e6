"""PolNeAR conversion: a synthetic copy of its layout (always runs) and the real dev split
(skipped when ../shared/external/polnear is absent; the data is never copied here)."""
import re
import subprocess
import sys
from pathlib import Path

import pytest

from benchmark.brat import BratStats
from benchmark.errors import InputError
from benchmark.integrity import check_document
from benchmark.polnear import choose_annotator, read_annotators, read_polnear, split_dir

REPO = Path(__file__).resolve().parent.parent
POLNEAR = REPO.parent / "shared" / "external" / "polnear"
needs_polnear = pytest.mark.skipif(not (POLNEAR / "data" / "dev").is_dir(), reason="PolNeAR not available")

TEXT = "Officials said the vote was fair. “It was clean,” he added.\n"
ANN_A = ("T1\tSource 0 9\tOfficials\n"
         "T2\tCue 10 14\tsaid\n"
         "T3\tContent 15 32\tthe vote was fair\n"
         "T4\tAttribution 10 14\tsaid\n"
         "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
         "T5\tContent 34 49\t“It was clean,”\n"
         "T6\tSource 50 52\the\n"
         "T7\tCue 53 58\tadded\n"
         "T8\tAttribution 53 58\tadded\n"
         "E2\tAttribution:T8 Source:T6 Cue:T7 Content:T5\n"
         "T9\tAttribution-no-source 10 14\tsaid\n"
         "E3\tAttribution-no-source:T9 \n")
ANN_B = "T1\tContent 15 32\tthe vote was fair\nT2\tAttribution 10 14\tsaid\nE1\tAttribution-no-source:T2 Content:T1\n"
META = ("compartment\tfilename\tlevel\tannotators\tpublisher\tpublication_date\tauthor\ttitle\ttrump_count\t"
        "clinton_count\tcredit\twire\n"
        "dev\tpub_2016-10-01_vote\tLevel-21\t5fec|4b22\tpub\t2016-10-01\tA. Writer\tThe vote\t0\t0\tNone\tNone\n")


@pytest.fixture
def fake_polnear(tmp_path):
    root = tmp_path / "polnear"
    d = root / "data" / "dev"
    (d / "text").mkdir(parents=True)
    (d / "attributions").mkdir()
    (d / "text" / "pub_2016-10-01_vote.txt").write_text(TEXT, encoding="utf-8")
    (d / "attributions" / "pub_2016-10-01_vote_5fec.ann").write_text(ANN_B, encoding="utf-8")
    (d / "attributions" / "pub_2016-10-01_vote_4b22.ann").write_text(ANN_A, encoding="utf-8")
    (root / "data" / "metadata.tsv").write_text(META, encoding="utf-8")
    return root


def test_synthetic_layout_one_annotator_no_stance(fake_polnear):
    stats = BratStats()
    (doc,) = read_polnear(fake_polnear, "dev", stats=stats)
    assert doc.doc_id == "pub_2016-10-01_vote"
    assert list(check_document(doc)) == []
    # smallest annotator id wins; its file has 3 E lines, one without Content
    assert doc.metadata["annotator"] == "4b22" and doc.metadata["annotators"] == ["4b22", "5fec"]
    assert (doc.metadata["publisher"], doc.metadata["title"], doc.metadata["split"]) == ("pub", "The vote", "dev")
    assert (stats.events, stats.attributions, len(stats.skipped_no_content)) == (3, 2, 1)
    a1, a2 = doc.attributions
    assert [a.stance for a in doc.attributions] == [None, None]
    assert (a1.type, a2.type) == ("indirect", "direct")
    assert [doc.mention(a.speaker.mention).span.text for a in doc.attributions] == ["Officials", "he"]
    assert a2.tags == ("pronoun_speaker",)
    # --annotator prefers another annotator's file when that one annotated the article
    (doc_b,) = read_polnear(fake_polnear, "dev", prefer="5fec")
    assert doc_b.metadata["annotator"] == "5fec" and len(doc_b.attributions) == 1
    assert doc_b.attributions[0].speaker is None and doc_b.attributions[0].tags == ("cueless",)


def test_choose_annotator_rule():
    files = {"ef2d": Path("x"), "4b22": Path("y"), "d473": Path("z")}
    assert choose_annotator(files) == "4b22"
    assert choose_annotator(files, "d473") == "d473"
    assert choose_annotator(files, "0000") == "4b22"


def test_missing_split_is_an_input_error(tmp_path):
    with pytest.raises(InputError) as err:
        split_dir(tmp_path, "test")
    assert str(err.value) == (f"{tmp_path}: no PolNeAR split 'test' here "
                              "(expected data/test/text and data/test/attributions); "
                              "give the PolNeAR folder as PATH or set $QUOTEBENCH_POLNEAR")


def test_read_annotators_compares_multiply_annotated_articles(fake_polnear):
    found = read_annotators(fake_polnear, "dev")
    assert found.annotators == ("4b22", "5fec")
    assert [len(found.documents[w][0].attributions) for w in found.annotators] == [2, 1]


def _chosen_files(split: str):
    folder = POLNEAR / "data" / split / "attributions"
    by_article = {}
    for ann in sorted(folder.glob("*.ann")):
        stem, who = re.match(r"(.+)_([0-9a-f]{4})$", ann.stem).groups()
        by_article.setdefault(stem, {})[who] = ann
    return [anns[min(anns)] for anns in by_article.values()]


@needs_polnear
def test_dev_has_as_many_attributions_as_e_lines_with_content():
    files = _chosen_files("dev")
    e_lines = [ln for f in files for ln in f.read_text(encoding="utf-8").split("\n") if re.match(r"E\d+\t", ln)]
    without_content = [ln for ln in e_lines if not re.search(r"\sContent\d*:T\d+", ln)]
    stats = BratStats()
    docs = list(read_polnear(POLNEAR, "dev", stats=stats))
    assert len(docs) == len(files) == 84
    n = sum(len(d.attributions) for d in docs)
    assert n == len(e_lines) - len(without_content) == stats.attributions
    assert len(stats.skipped_no_content) == len(without_content)
    assert all(a.stance is None for d in docs for a in d.attributions)
    for d in docs:
        assert list(check_document(d)) == []


@needs_polnear
def test_annotator_training_has_six_annotators_on_four_articles():
    found = read_annotators(POLNEAR)
    assert found.annotators == ("4b22", "4e07", "5fec", "6b86", "d473", "ef2d")
    assert {len(docs) for docs in found.documents.values()} == {4}


@needs_polnear
def test_convert_polnear_cli_writes_valid_corpus(tmp_path):
    out = tmp_path / "dev.jsonl"
    r = subprocess.run([sys.executable, "-m", "benchmark.cli", "convert", "polnear", str(POLNEAR), "--split", "dev",
                        "--limit", "3", "-o", str(out)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert r.stderr.startswith("converted 3 documents, ")
    r = subprocess.run([sys.executable, "-m", "benchmark.cli", "validate", str(out)], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
