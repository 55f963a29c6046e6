"""`quotebench predict` and `quotebench baselines` from the command line."""
import json

import pytest

from benchmark.cli import main
from benchmark.schema import schema_errors


@pytest.fixture
def two_files(tmp_path):
    a = tmp_path / "ferry_story.txt"
    a.write_text('"The ferry runs again," Ola Berg said.\n', encoding="utf-8")
    b = tmp_path / "bread.txt"
    b.write_text("The bakers' guild said that flour prices had doubled.\n", encoding="utf-8")
    return a, b


def lines(s):
    return [json.loads(x) for x in s.splitlines() if x.strip()]


def test_predict_files_to_stdout_doc_id_from_file_name(two_files, capsys):
    a, b = two_files
    assert main(["predict", "--baseline", "rules", str(a), str(b)]) == 0
    out = lines(capsys.readouterr().out)
    assert [p["doc_id"] for p in out] == ["ferry_story", "bread"]
    assert out[0]["content_spans"][0]["text"] == "The ferry runs again,"
    assert out[1]["content_spans"][0]["text"] == "flour prices had doubled"
    assert [p["id"] for p in out] == ["rules-ferry_story-1", "rules-bread-1"]
    assert all(list(schema_errors("prediction", p)) == [] for p in out)


def test_predict_jobs_gives_same_output_as_one_process(two_files, tmp_path, capsys):
    a, b = two_files
    o1, o2 = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert main(["predict", "--baseline", "rules", str(a), str(b), "-o", str(o1)]) == 0
    assert main(["predict", "--baseline", "rules", "--jobs", "2", str(a), str(b), "-o", str(o2)]) == 0
    assert o1.read_text() == o2.read_text()
    assert capsys.readouterr().out == ""


def test_predict_gold_set(capsys, gold_docs):
    assert main(["predict", "--baseline", "quote-marks", "--gold"]) == 0
    out = lines(capsys.readouterr().out)
    assert {p["doc_id"] for p in out} <= {d.doc_id for d in gold_docs}
    assert all(p["type"] == "direct" for p in out)


@pytest.mark.parametrize("argv, message", [
    (["predict", "--baseline", "rules", "missing.txt"], "missing.txt: no such file"),
    (["predict", "--baseline", "rules"], "quotebench predict: nothing to predict: give .txt files or --gold"),
    (["predict", "--baseline", "rules", "--jobs", "0", "x.txt"], "--jobs: must be at least 1, not 0"),
])
def test_predict_bad_input_is_one_line_exit_1(argv, message, capsys):
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert err.strip() == message


def test_predict_rejects_non_utf8_and_duplicate_ids(tmp_path, capsys):
    bad = tmp_path / "latin.txt"
    bad.write_bytes(b"caf\xe9 said hello")
    assert main(["predict", "--baseline", "rules", str(bad)]) == 1
    assert capsys.readouterr().err.strip() == f"{bad}: not UTF-8 text (byte 3)"
    d1, d2 = tmp_path / "x", tmp_path / "y"
    d1.mkdir(), d2.mkdir()
    (d1 / "same.txt").write_text("a", encoding="utf-8")
    (d2 / "same.txt").write_text("b", encoding="utf-8")
    assert main(["predict", "--baseline", "rules", str(d1 / "same.txt"), str(d2 / "same.txt")]) == 1
    assert capsys.readouterr().err.strip() == f"{d2 / 'same.txt'}: document id 'same' also comes from {d1 / 'same.txt'}"
