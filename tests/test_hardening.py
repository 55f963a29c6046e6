"""Input and output edges: one line for every bad input, nothing a spreadsheet would run."""
import json
import subprocess
import sys

import pytest

import benchmark

SEED = "000_5b1153c0ab497b78"


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "benchmark.cli", *args], capture_output=True, text=True)


def test_an_integer_too_long_for_python_is_one_line_in_predictions_and_gold(tmp_path, gold_json):
    pred = tmp_path / "p.jsonl"
    pred.write_text('{"doc_id": "%s", "content_spans": [{"start": 1%s, "end": 5}]}\n' % (SEED, "0" * 5000))
    r = run_cli("score", str(pred))
    assert r.returncode == 1 and r.stderr.strip() == (
        f"{pred}:1: invalid JSON: a number with more than 4300 digits (no offset, count or score needs one)")
    gold = tmp_path / "g.json"
    text = json.dumps(gold_json, indent=2).replace('"start": 137', '"start": 1' + "0" * 5000, 1)
    gold.write_text(text)
    line = text[:text.index("0" * 5000)].count("\n") + 1
    r = run_cli("validate", str(gold))
    assert r.returncode == 1 and r.stderr.startswith(f"{gold}:{line}: invalid JSON: a number with more than 4300 digits")


@pytest.mark.parametrize("offsets", ["4¹ 10", "٤ 10", "1 " + "9" * 19])
def test_brat_offsets_are_ascii_digits_of_sane_length(tmp_path, offsets):
    folder = tmp_path / "b"
    folder.mkdir()
    (folder / "d.txt").write_text("Ann said it works.\n")
    (folder / "d.ann").write_text(f"T1\tSource {offsets}\tAnn\n")
    r = run_cli("convert", "brat", str(folder), "-o", str(tmp_path / "x.jsonl"))
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert r.stderr.strip().endswith("(ASCII digits, at most 18 each)")


def test_a_file_that_cannot_be_read_is_one_line():
    # /proc/self/mem opens but every read fails with an I/O error, even for root
    for args in (["score", "/proc/self/mem"], ["validate", "/proc/self/mem"], ["score", "/proc/self/mem", "--from", "llm"]):
        r = run_cli(*args)
        assert r.returncode == 1 and r.stderr.strip() == "/proc/self/mem: cannot read: Input/output error", args


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(tmp_path):
    pred = tmp_path / "p.jsonl"
    pred.write_text(json.dumps({"doc_id": SEED, "id": "=1+1", "content": "We fight on our territory",
                                "speaker": "@cmd"}) + "\n"
                    + json.dumps({"doc_id": SEED, "id": "-2", "content": "=HYPERLINK(\"x\") not in the text"}) + "\n")
    r = run_cli("score", str(pred), "--errors", "--format", "csv", "--bootstrap", "0")
    assert r.returncode == 0, r.stderr
    cells = [c for line in r.stdout.splitlines() for c in line.split(",")]
    assert "'=1+1" in cells and "'-2" in cells and "=1+1" not in cells and "-2" not in cells
    assert not any(c.startswith(("=", "+", "@")) for c in cells)
    r = run_cli("score", str(pred), "--errors", "--format", "json", "--bootstrap", "0")
    assert {e["pred_id"] for e in json.loads(r.stdout) if e["pred_id"]} == {"=1+1", "-2"}  # JSON stays exact


def test_outputs_refuse_a_folder_or_a_missing_parent_and_keep_special_files(tmp_path):
    import os
    import stat

    folder = tmp_path / "out"
    folder.mkdir()
    for target, message in ((folder, f"{folder}: is a folder: give a file name to write to"),
                            (tmp_path / "missing" / "x.jsonl",
                             f"{tmp_path / 'missing' / 'x.jsonl'}: cannot write: the folder "
                             f"'{tmp_path / 'missing'}' does not exist")):
        for args in (["predict", "--baseline", "rules", "--gold", "--split", "seed", "-o", str(target)],
                     ["prompt", "--split", "seed", "-o", str(target)]):
            r = run_cli(*args)
            assert r.returncode == 1 and r.stderr.strip().splitlines()[-1] == message, args
    r = run_cli("prompt", "--split", "seed", "-o", os.devnull)
    assert r.returncode == 0 and stat.S_ISCHR(os.stat(os.devnull).st_mode)
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    r = run_cli("prompt", "--split", "seed", "-o", str(fifo))
    out = reader.communicate(timeout=30)[0]
    assert r.returncode == 0 and stat.S_ISFIFO(os.stat(fifo).st_mode) and json.loads(out)["doc_id"] == SEED


def test_a_regular_output_is_replaced_whole_and_nothing_is_left_behind(tmp_path):
    target = tmp_path / "p.jsonl"
    target.write_text("old\n")
    r = run_cli("predict", "--baseline", "rules", "--gold", "--split", "seed", "-o", str(target))
    assert r.returncode == 0 and target.read_text().startswith('{"doc_id"')
    brat = tmp_path / "brat"
    brat.mkdir()
    (brat / "a.txt").write_text("Ann said it works.\n")
    (brat / "a.ann").write_text("T1\tSource 0 3\tAnn\n")
    (brat / "b.txt").write_text("Bob said no.\n")
    (brat / "b.ann").write_text("T1\tSource 0 99\tBob\n")  # the second document fails, after the first was written
    r = run_cli("convert", "brat", str(brat), "-o", str(target))
    assert r.returncode == 1 and "past the end of the text" in r.stderr
    assert target.read_text().startswith('{"doc_id"')  # the old file stands
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brat", "p.jsonl"]  # no temporary file


def test_a_failing_brat_export_leaves_no_partial_folder(tmp_path, gold_docs):
    from dataclasses import replace

    from benchmark.corpus import write_jsonl

    corpus = tmp_path / "c.jsonl"
    write_jsonl([gold_docs[0], replace(gold_docs[0], doc_id="bad/name")], corpus)
    out = tmp_path / "brat"
    r = run_cli("convert", "brat", str(corpus), "--to", "brat", "-o", str(out))
    assert r.returncode == 1 and "cannot be used as a file name" in r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.jsonl"]
    write_jsonl([gold_docs[0]], corpus)
    r = run_cli("convert", "brat", str(corpus), "--to", "brat", "-o", str(out))  # a rerun works
    assert r.returncode == 0 and (out / "entities.tsv").exists()


def test_undefined_ratios_are_null_in_json_and_n_a_in_tables(tmp_path):
    empty = tmp_path / "e.jsonl"
    empty.write_text("")
    d = json.loads(run_cli("score", str(empty), "--split", "seed", "--bootstrap", "0", "--format", "json").stdout)
    q = d["levels"]["quote"]
    assert (q["precision"], q["recall"], q["f1"]) == (None, 0.0, 0.0)
    assert d["by_document"][SEED]["quote"]["precision"] is None
    assert all(c["precision"] is None for c in d["stance"]["per_class"].values())
    table = run_cli("score", str(empty), "--split", "seed", "--bootstrap", "0").stdout
    assert "quote             n/a" in table
    pred = tmp_path / "p.jsonl"
    pred.write_text(json.dumps({"doc_id": SEED, "content": "We fight on our territory."}) + "\n")
    gold = tmp_path / "g.jsonl"
    from benchmark.corpus import write_jsonl
    import benchmark
    from dataclasses import replace

    write_jsonl([replace(benchmark.load_gold(split="seed")[0], attributions=())], gold)
    d = json.loads(run_cli("score", str(pred), "--gold", str(gold), "--bootstrap", "0", "--format", "json").stdout)
    q = d["levels"]["quote"]
    assert (q["precision"], q["recall"], q["f1"]) == (0.0, None, 0.0)  # no gold: recall is not 0/0 = 0


def test_a_repeated_document_in_a_gold_corpus_is_named_with_its_line(tmp_path, gold_json):
    corpus = tmp_path / "c.jsonl"
    line = json.dumps(gold_json, ensure_ascii=False)
    corpus.write_text(line + "\n" + line + "\n")
    r = run_cli("validate", str(corpus))
    assert r.returncode == 1 and r.stderr.strip() == f"{corpus}:2: doc_id: document {SEED!r} appears twice"


def test_unreadable_inputs_of_every_command_are_one_line(tmp_path):
    pred = tmp_path / "p.jsonl"
    pred.write_text(json.dumps({"doc_id": SEED, "content": "x y z"}) + "\n")
    for args in (["score", str(pred), "--gold", "/proc/self/mem"], ["predict", "--baseline", "rules", "--gold", "/proc/self/mem"]):
        r = run_cli(*args)
        assert r.returncode == 1 and r.stderr.strip() == "/proc/self/mem: cannot read: Input/output error", args


def test_convert_output_goes_through_the_one_writer(tmp_path, gold_docs):
    from benchmark.brat import write_brat

    brat = tmp_path / "brat"
    write_brat(gold_docs, brat)
    r = run_cli("convert", "brat", str(brat), "-o", str(tmp_path))
    assert r.returncode == 1 and r.stderr.strip() == f"{tmp_path}: is a folder: give a file name to write to"
    r = run_cli("convert", "brat", str(brat), "-o", str(tmp_path / "no" / "c.jsonl"))
    assert r.returncode == 1 and "cannot write: the folder" in r.stderr


def test_content_too_long_to_compare_is_refused_at_once():
    from benchmark.align import MAX_FUZZY, align

    doc = benchmark.load_gold(split="seed")[0]
    paraphrase = " ".join(reversed(doc.text.split()))  # as long as the article, in no order it has
    assert len(paraphrase) > MAX_FUZZY and align(doc.text, paraphrase) is None
    assert align(doc.text, doc.text + " and more") is None  # longer than the document
    ((start, end),) = align(doc.text, doc.text)  # verbatim content of any length still aligns
    assert doc.text[start:end] == doc.text.strip()


def test_findings_of_a_hostile_input_run(tmp_path):
    import os
    import stat

    # a lone surrogate inside a raw answer: no traceback in any format
    raw = tmp_path / "r.jsonl"
    raw.write_text('{"doc_id": "%s", "response": "[{\\"quote\\": \\"\\\\ud800 x\\"}]"}\n' % SEED)
    for fmt in ("table", "json", "csv", "markdown"):
        r = run_cli("score", str(raw), "--from", "llm", "--errors", "--bootstrap", "0", "--format", fmt)
        assert r.returncode == 0 and "Traceback" not in r.stderr, fmt
    # compare and baselines write JSON that a strict parser reads, and no p-value for an undefined side
    pred = tmp_path / "p.jsonl"
    assert run_cli("predict", "--baseline", "rules", "--gold", "--split", "seed", "-o", str(pred)).returncode == 0
    empty = tmp_path / "e.jsonl"
    empty.write_text("")
    r = run_cli("compare", str(pred), str(empty), "--split", "seed", "--bootstrap", "20", "--format", "json")
    d = json.loads(r.stdout, parse_constant=lambda c: pytest.fail(f"{c} in JSON"))
    row = next(x for x in d["significance"] if x["metric"] == "quote precision")
    assert row["b"] is None and row["p_value"] is None
    r = run_cli("baselines", "--split", "seed", "--bootstrap", "0", "--format", "json", "--baseline", "rules")
    json.loads(r.stdout, parse_constant=lambda c: pytest.fail(f"{c} in JSON"))
    # settings that would run for ever are refused
    for args, message in ((["--jobs", "100000"], "--jobs: must be from 1 to 256"),
                          (["--bootstrap", "100000000"], "--bootstrap: must be from 0 to 100,000")):
        r = run_cli("score", str(pred), *args)
        assert r.returncode == 1 and message in r.stderr
    # joined splits have one name whatever their order
    a = json.loads(run_cli("score", str(empty), "--split", "test+dev", "--bootstrap", "0", "--format", "json").stdout)
    assert "/dev+test@" in a["signature"]
    # a new output file gets the usual mode; a symlink is written through
    old = os.umask(0o022)
    try:
        out = tmp_path / "new.jsonl"
        run_cli("prompt", "--split", "seed", "-o", str(out))
        assert stat.S_IMODE(os.stat(out).st_mode) == 0o644
    finally:
        os.umask(old)
    target = tmp_path / "target.jsonl"
    target.write_text("old\n")
    link = tmp_path / "link.jsonl"
    link.symlink_to(target)
    assert run_cli("prompt", "--split", "seed", "-o", str(link)).returncode == 0
    assert link.is_symlink() and target.read_text().startswith('{"doc_id"')
    # line numbers stay integers in the errors CSV
    r = run_cli("score", str(pred), "--errors", "--format", "csv", "--bootstrap", "0")
    import csv
    import io

    rows = list(csv.reader(io.StringIO(r.stdout)))
    line_col = rows[0].index("line")
    assert rows[1:] and all(x[line_col] == "" or x[line_col].isdigit() for x in rows[1:])


def test_closed_standard_streams_give_no_traceback(tmp_path):
    r = subprocess.run([sys.executable, "-m", "benchmark.cli", "score", "-"], stdin=subprocess.DEVNULL,
                       capture_output=True, text=True)
    assert "Traceback" not in r.stderr
    r = subprocess.run(f"{sys.executable} -m benchmark.cli score - <&-", shell=True, capture_output=True, text=True)
    assert r.returncode == 1 and r.stderr.strip() == "<stdin>: cannot read: standard input is closed"
    r = subprocess.run(f"{sys.executable} -m benchmark.cli prompt --split seed >&-", shell=True,
                       capture_output=True, text=True)
    assert r.returncode == 1 and "Traceback" not in r.stderr
