"""`quotebench predict` and `quotebench baselines` from the command line."""
import json

import pytest

import benchmark

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
    assert {p["doc_id"] for p in out} <= {d.doc_id for d in benchmark.load_gold()}
    assert all(p["type"] == "direct" for p in out)


@pytest.mark.parametrize("argv, message", [
    (["predict", "--baseline", "rules", "missing.txt"], "missing.txt: no such file or folder"),
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
    assert capsys.readouterr().err.strip() == f"{bad}:1: cannot read: not UTF-8 text: invalid continuation byte at byte 4"
    d1, d2 = tmp_path / "x", tmp_path / "y"
    d1.mkdir(), d2.mkdir()
    (d1 / "same.txt").write_text("a", encoding="utf-8")
    (d2 / "same.txt").write_text("b", encoding="utf-8")
    assert main(["predict", "--baseline", "rules", str(d1 / "same.txt"), str(d2 / "same.txt")]) == 1
    assert capsys.readouterr().err.strip() == f"{d2 / 'same.txt'}: document id 'same' also comes from {d1 / 'same.txt'}"


def test_predict_on_a_folder_reads_its_txt_files_in_order(two_files, capsys):
    a, _ = two_files
    (a.parent / "notes.md").write_text("not a text to read", encoding="utf-8")
    assert main(["predict", "--baseline", "rules", str(a.parent)]) == 0
    assert [p["doc_id"] for p in lines(capsys.readouterr().out)] == ["bread", "ferry_story"]
    empty = a.parent / "empty"
    empty.mkdir()
    assert main(["predict", "--baseline", "rules", str(empty)]) == 1
    assert capsys.readouterr().err.strip() == f"{empty}: folder holds no .txt files"


@pytest.mark.parametrize("raw, message", [
    (b"\xef\xbb\xbfThe mayor said the bridge is safe.\n", ":1: starts with a byte-order mark (BOM); save the file as UTF-8 without BOM"),
    (b"Hello.\r\nThe mayor said the bridge is safe.\r\n", ":1: CRLF line end; offsets assume LF line ends (convert the file to LF)"),
])
def test_predict_refuses_text_whose_offsets_python_would_shift(tmp_path, capsys, raw, message):
    f = tmp_path / "story.txt"
    f.write_bytes(raw)
    assert main(["predict", "--baseline", "rules", str(f)]) == 1
    assert capsys.readouterr().err.strip() == f"{f}{message}"


def test_predict_refuses_files_that_are_not_txt(tmp_path, capsys):
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text('{"doc_id": "a"}\n', encoding="utf-8")
    assert main(["predict", "--baseline", "rules", str(corpus)]) == 1
    assert capsys.readouterr().err.strip() == f"{corpus}: not a .txt file (a corpus in the gold schema? use --gold FILE)"


def test_predict_says_when_a_text_is_empty(tmp_path, capsys):
    f = tmp_path / "blank.txt"
    f.write_text("\n", encoding="utf-8")
    assert main(["predict", "--baseline", "rules", str(f)]) == 0
    out = capsys.readouterr()
    assert out.out == "" and out.err.strip() == f"{f}: empty text, no predictions"


def test_baselines_table_lists_every_system_level_and_protocol(capsys):
    assert main(["baselines", "--bootstrap", "0", "--split", "seed", "--no-polnear"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].startswith("baselines on quotebench gold, split seed: 1 document(s)")
    assert "match overlap (threshold 0.5); bootstrap 0, seed 12345" in lines[0]
    for name in ("quote-marks", "rules", "learned"):
        levels = [l.split()[1] for l in lines if l.startswith(name + " ")]
        assert levels == ["quote", "speaker", "stance", "full", "stance"], name  # last: stance macro-F1
    assert "  learned: 5-fold grouped CV by paragraph" in lines
    assert any(l.startswith("signature: quotebench:") for l in lines)


def test_baselines_csv_has_protocol_column(capsys):
    assert main(["baselines", "--bootstrap", "0", "--format", "csv", "--baseline", "learned", "--split", "seed",
                 "--no-polnear"]) == 0
    rows = capsys.readouterr().out.splitlines()
    assert rows[0].split(",")[:3] == ["system", "protocol", "level"]
    levels = [r.split(",")[2] for r in rows[1:]]
    # four levels, the soft score, stance macro-F1, stance per class, three LLM measures
    assert levels[:6] == ["quote", "speaker", "stance", "full", "quote_soft", "stance_macro_f1"]
    assert levels[-3:] == ["invented", "misquoted", "speaker_unnamed"]
    assert all(x.startswith(("stance:", "type:", "phenomenon:")) for x in levels[6:-3])
    assert all(r.startswith("learned,5-fold grouped CV by paragraph,") for r in rows[1:])
    assert rows[0].endswith(",signature") and all("|match:overlap@0.5|boot:0@12345" in r for r in rows[1:])
    quote = dict(zip(rows[0].split(","), rows[1].split(",")))
    assert quote["level"] == "quote" and all(quote[c].isdigit() for c in ("tp", "fp", "fn"))  # 8, not 8.0


def test_baselines_on_test_train_on_dev_and_say_so(capsys):
    """The main job's default: test split, learned trained on dev (and PolNeAR train when found)."""
    assert main(["baselines", "--bootstrap", "0", "--baseline", "learned"]) == 0
    lines = capsys.readouterr().out.splitlines()
    n_test = len(benchmark.load_gold(split="test"))
    assert lines[0].startswith(f"baselines on quotebench gold, split test: {n_test} document(s)")
    n_dev = len(benchmark.load_gold(split="dev"))
    from benchmark.polnear import default_root

    if (default_root() / "data" / "train").is_dir():  # found: stacked on the PolNeAR CRF, and it says so
        assert (f"  learned: CRF spans: PolNeAR train (840 docs) + dev ({n_dev} documents), stacked; "
                f"speaker and stance: dev ({n_dev} documents)") in lines
    else:
        assert f"  learned: trained on dev ({n_dev} documents)" in lines
    assert any(l.startswith("signature: ") and f"/test@" in l and f"|docs:{n_test}|" in l for l in lines)


def test_baselines_split_and_gold_together_are_refused(capsys):
    assert main(["baselines", "--split", "dev", "--gold", "x.jsonl"]) == 1
    assert "--split: applies to quotebench's own gold" in capsys.readouterr().err


def test_baselines_rejects_unknown_baseline(capsys):
    assert main(["baselines", "--baseline", "oracle"]) == 1
    assert capsys.readouterr().err.strip() == "--baseline: unknown baseline 'oracle'; choose from quote-marks, rules, learned"


def test_rules_meets_the_acceptance_target_on_the_gold_set(gold_docs):
    """Issue 4 acceptance: quote-level F1 >= 0.85 and full-level F1 >= 0.70 in overlap mode."""
    import benchmark
    from baselines import get_baseline

    levels = benchmark.score(get_baseline("rules").predict_gold(gold_docs), gold=gold_docs,
                             bootstrap=0).to_dict()["levels"]
    assert levels["quote"]["f1"] >= 0.85
    assert levels["full"]["f1"] >= 0.70


def test_readme_test_split_table_is_what_the_main_job_prints(capsys):
    """The README's test rows are reproduced by `quotebench baselines` (its defaults)."""
    import csv
    import io
    from pathlib import Path

    assert main(["baselines", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")

    def cell(r):
        return f"{float(r['f1']):.3f} [{float(r['f1_lo']):.2f}, {float(r['f1_hi']):.2f}]"

    from benchmark.polnear import default_root

    # without PolNeAR beside the checkout, learned trains on dev alone: the README's --no-polnear row
    learned_row = "| learned (" if (default_root() / "data" / "train").is_dir() else "| learned `--no-polnear` ("
    for system in ("quote-marks", "rules", "learned"):
        mine = {r["level"]: r for r in rows if r["system"] == system}
        cells = " | ".join(cell(mine[lv]) for lv in ("quote", "speaker", "stance", "full", "stance_macro_f1"))
        row = learned_row if system == "learned" else f"| {system} ("
        line = next(ln for ln in readme.splitlines() if ln.startswith("| test") and row in ln)
        assert line.endswith(f"| {cells} |"), (system, line, cells)
        assert "/test@" in mine["quote"]["signature"]


def test_no_polnear_trains_learned_on_dev_alone(capsys):
    assert main(["baselines", "--bootstrap", "0", "--baseline", "learned", "--no-polnear"]) == 0
    n_dev = len(benchmark.load_gold(split="dev"))
    assert f"  learned: trained on dev ({n_dev} documents)" in capsys.readouterr().out.splitlines()
