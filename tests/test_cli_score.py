"""`quotebench score` and `quotebench compare` on the command line: output, exit codes, messages."""
import io
import json
from pathlib import Path

import pytest

from benchmark.cli import main

CORPUS = Path(__file__).parent / "fixtures" / "scorer" / "corpus.jsonl"
TEXT = json.loads(CORPUS.read_text().splitlines()[0])["text"]


def span(s):
    start = TEXT.index(s)
    return {"start": start, "end": start + len(s), "text": s}


GOOD = {"doc_id": "d1", "content_spans": [span("the bridge will reopen in May")], "speaker": "Ana Lopez", "stance": "claim"}


def write(tmp_path, lines, name="pred.jsonl"):
    p = tmp_path / name
    p.write_text("".join((x if isinstance(x, str) else json.dumps(x)) + "\n" for x in lines), encoding="utf-8")
    return str(p)


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_score_prints_a_table(tmp_path, capsys):
    code, out, err = run(capsys, "score", write(tmp_path, [GOOD]), "--gold", str(CORPUS), "--bootstrap", "0")
    assert code == 0 and err == ""
    quote = next(line for line in out.splitlines() if line.startswith("quote"))
    assert quote.split()[1:4] == ["1.000", "0.200", "0.333"]
    assert "signature: quotebench:0.1.0|data:custom@" in out


def test_score_json_and_csv(tmp_path, capsys):
    pred = write(tmp_path, [GOOD])
    code, out, _ = run(capsys, "score", pred, "--gold", str(CORPUS), "--format", "json", "--match", "exact", "--bootstrap", "50")
    d = json.loads(out)
    assert code == 0 and d["levels"]["full"]["tp"] == 1 and d["settings"]["match"] == "exact"
    assert d["signature"].endswith("|match:exact|boot:50@12345/doc") and d["settings"]["resample"] == "document"
    code, out, _ = run(capsys, "score", pred, "--gold", str(CORPUS), "--format", "csv", "--bootstrap", "0")
    assert out.splitlines()[0].startswith("level,tp,fp,fn,precision") and out.splitlines()[1].startswith("quote,1,0,4,")
    import pandas as pd

    frame = pd.read_csv(io.StringIO(out))
    assert list(frame["level"])[:6] == ["quote", "speaker", "stance", "full", "quote_soft", "stance_macro_f1"]
    assert list(frame["level"])[-3:] == ["invented", "misquoted", "speaker_unnamed"]
    assert all(x.startswith(("stance:", "type:", "phenomenon:")) for x in list(frame["level"])[6:-3])
    assert frame["tp"].dtype.kind in "if" and frame["f1"].dtype.kind == "f"
    assert frame.columns[-1] == "signature" and frame["signature"].nunique() == 1
    assert frame["signature"][0].endswith("|match:overlap@0.5|boot:0@12345/doc")
    assert frame.set_index("level").loc["stance_macro_f1", "f1"] == pytest.approx(d["stance"]["macro_f1"])


def test_score_markdown_with_errors(tmp_path, capsys):
    code, out, _ = run(capsys, "score", write(tmp_path, [GOOD]), "--gold", str(CORPUS), "--format", "markdown",
                       "--errors", "--bootstrap", "0")
    assert code == 0 and "| quote | 1.000 |" not in out  # the error table and nothing else
    assert "| d1 | correct | False | False | A1 |" in out and out.count("| MIS |") == 4


def test_score_reads_stdin(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(GOOD) + "\n"))
    code, out, _ = run(capsys, "score", "-", "--gold", str(CORPUS), "--format", "json", "--bootstrap", "0")
    assert code == 0 and json.loads(out)["levels"]["quote"]["tp"] == 1


def test_empty_prediction_file_is_valid(tmp_path, capsys):
    code, out, _ = run(capsys, "score", write(tmp_path, []), "--gold", str(CORPUS), "--format", "json", "--bootstrap", "0")
    assert code == 0 and json.loads(out)["levels"]["quote"]["recall"] == 0.0


def test_score_on_the_shipped_gold(tmp_path, capsys):
    import benchmark

    d = benchmark.load_gold()[0]
    lines = [{"doc_id": d.doc_id, "content": a.content_text, "stance": a.stance} for a in d.attributions]
    code, out, _ = run(capsys, "score", write(tmp_path, lines), "--format", "json", "--bootstrap", "0")
    r = json.loads(out)
    assert code == 0 and r["levels"]["stance"]["f1"] == 1.0 and r["levels"]["speaker"]["tp"] == 0
    assert r["signature"].startswith(f"quotebench:0.1.0|data:{benchmark.corpus.dataset_version()}/seed@")


BAD = [
    ("invalid JSON", ['{"doc_id": "d1", "content": "x"}', '{"doc_id": "d1",'], ":2: invalid JSON: "),
    ("schema", [GOOD, {"doc_id": "d1", "content": "x", "score": "high"}], ":2: score: 'high' is not of type 'number', 'null'"),
    ("unknown field", [{"doc_id": "d1", "content": "x", "speeker": "A"}], ":1: speeker: unknown field"),
    ("unknown doc", [GOOD, GOOD, {"doc_id": "d9", "content": "x"}], ":3: doc_id: unknown document 'd9' (not in the gold corpus)"),
    ("outside", [{"doc_id": "d2", "content_spans": [{"start": 70, "end": 900}]}],
     ":1: content_spans[0]: offsets [70, 900) are outside the text of document 'd2' (length 75) or empty"),
    ("text", [GOOD, {"doc_id": "d1", "content_spans": [{"start": 0, "end": 5, "text": "Mayer"}]}],
     ":2: content_spans[0]: text 'Mayer' does not equal the document text at [0, 5): 'Mayor'"),
    ("label", [{"doc_id": "d1", "content": "x", "type": "quote"}],
     ":1: type: 'quote' is not one of 'direct', 'indirect', 'mixed', None"),
    ("label as a list", [GOOD, {"doc_id": "d1", "content": "x", "stance": ["claim"]}],
     ":2: stance: ['claim'] is not one of 'claim', 'denial', 'accusation', None"),
    ("second span outside", [{"doc_id": "d2", "content_spans": [{"start": 0, "end": 5}, {"start": 80, "end": 90}]}],
     ":1: content_spans[1]: offsets [80, 90) are outside the text of document 'd2' (length 75) or empty"),
    ("repeated key", [GOOD, '{"doc_id": "d1", "content": "x", "stance": "claim", "stance": "denial"}'],
     ":2: invalid JSON: field 'stance' is given twice"),
    ("repeated key in a span", ['{"doc_id": "d1", "content_spans": [{"start": 0, "end": 5, "end": 9}]}'],
     ":1: invalid JSON: field 'end' is given twice"),
    ("NaN", [GOOD, '{"doc_id": "d1", "content": "x", "score": NaN}'],
     ":2: invalid JSON: NaN is not a JSON number (write a finite number or null)"),
    ("float offset", [{"doc_id": "d1", "content_spans": [{"start": 0.0, "end": 5}]}],
     ":1: content_spans[0].start: 0.0 is not an integer offset (write 0)"),
    ("whitespace content", [{"doc_id": "d1", "content": " \t "}], ":1: content: is only whitespace; give the content text"),
    ("array line", [GOOD, [GOOD]], ":2: a line must be one JSON object, not an array"),
    ("string offsets", [{"doc_id": "d1", "content_spans": [{"start": "0", "end": "5"}]}],
     ":1: content_spans[0].end: '5' is not of type 'integer' (and 1 more problem: `quotebench validate` lists them all)"),
]


@pytest.mark.parametrize("name, lines, expected", BAD, ids=[b[0] for b in BAD])
def test_bad_input_gives_one_line_naming_the_line(tmp_path, capsys, name, lines, expected):
    pred = write(tmp_path, lines)
    for gold in (["--gold", str(CORPUS)], ["--gold", str(CORPUS), "--jobs", "2"]):
        code, out, err = run(capsys, "score", pred, *gold, "--bootstrap", "0")
        assert code == 1 and out == ""
        assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
        if expected.endswith(": "):  # the JSON parser's own wording follows
            assert err.startswith(pred + expected)
        else:
            assert err.strip() == pred + expected


def test_missing_prediction_file(tmp_path, capsys):
    code, _, err = run(capsys, "score", str(tmp_path / "nope.jsonl"), "--gold", str(CORPUS))
    assert code == 1 and err.strip() == f"{tmp_path / 'nope.jsonl'}: no such file"


def test_a_line_of_colons_inside_strings_is_not_a_repeated_key(tmp_path, capsys):
    line = {"doc_id": "d1", "content": "Note: the bridge: will reopen in May", "cue": "said:", "id": "a:1:2:3"}
    code, out, err = run(capsys, "score", write(tmp_path, [line]), "--gold", str(CORPUS), "--bootstrap", "0")
    assert code == 0 and err == ""


def test_a_prediction_file_given_as_gold_says_so(tmp_path, capsys):
    pred = write(tmp_path, [GOOD])
    code, out, err = run(capsys, "score", pred, "--gold", pred)
    assert code == 1 and err.strip() == f"{pred}:1: not a gold document (it has no `text`): is this a prediction file?"


def test_a_gold_file_given_as_predictions_says_so(tmp_path, capsys):
    pretty = tmp_path / "gold.json"
    pretty.write_text(json.dumps(json.loads(CORPUS.read_text().splitlines()[0]), indent=2), encoding="utf-8")
    code, out, err = run(capsys, "score", str(pretty), "--gold", str(CORPUS))
    assert code == 1 and err.strip() == (f"{pretty}:1: invalid JSON: Expecting property name enclosed in double quotes "
                                         "(column 2) (a pretty-printed JSON file? predictions are JSON Lines, one object per line)")
    code, out, err = run(capsys, "score", str(CORPUS), "--gold", str(CORPUS))
    assert code == 1 and err.strip() == (f"{CORPUS}:1: a gold document, not a prediction: give the corpus with --gold "
                                         "and predictions as the first argument")


def test_an_empty_gold_corpus_is_an_error(tmp_path, capsys):
    empty = write(tmp_path, [], "gold.jsonl")
    code, out, err = run(capsys, "score", write(tmp_path, [GOOD]), "--gold", empty)
    assert code == 1 and err.strip() == f"{empty}: holds no documents (an empty corpus scores nothing)"


def test_missing_gold_file(tmp_path, capsys):
    code, _, err = run(capsys, "score", write(tmp_path, [GOOD]), "--gold", str(tmp_path / "gold.jsonl"))
    assert code == 1 and err.strip() == f"{tmp_path / 'gold.jsonl'}: no such file"


def test_bad_settings(tmp_path, capsys):
    code, _, err = run(capsys, "score", write(tmp_path, [GOOD]), "--gold", str(CORPUS), "--threshold", "1.5")
    assert code == 1 and err.strip() == "--threshold: must be in (0, 1], not 1.5"
    for command in (["score", write(tmp_path, [GOOD])], ["compare", write(tmp_path, [GOOD]), write(tmp_path, [GOOD], "b.jsonl")],
                    ["baselines"]):
        code, _, err = run(capsys, *command, "--gold", str(CORPUS), "--seed", "-1")
        assert code == 1 and err.strip() == "--seed: must be 0 or more (a numpy seed), not -1"


def test_validate_uses_the_prediction_checks(tmp_path, capsys):
    pred = write(tmp_path, ['{"doc_id": "d1"', {"doc_id": "d1", "content": "x", "stance": "praise"}])
    code, _, err = run(capsys, "validate", pred, "--gold", str(CORPUS))
    assert code == 1
    assert [line.split(": ")[0] for line in err.strip().splitlines()] == [pred + ":1", pred + ":2"]


def perfect_and_weak(tmp_path) -> tuple[str, str]:
    """Two prediction files: the gold contents with their stances, and the one GOOD line."""
    lines = [json.loads(x) for x in CORPUS.read_text().splitlines()]
    gold = [{"doc_id": d["doc_id"], "content_spans": a["content"], "stance": a["stance"]}
            for d in lines for a in d["attributions"]]
    return write(tmp_path, gold, "perfect.jsonl"), write(tmp_path, [GOOD], "weak.jsonl")


def test_compare_prints_paired_p_values(tmp_path, capsys):
    a, b = perfect_and_weak(tmp_path)
    code, out, err = run(capsys, "compare", a, b, "--gold", str(CORPUS), "--bootstrap", "200", "--resample", "attribution")
    assert code == 0 and err == ""
    row = next(line for line in out.splitlines() if "quote recall" in line)
    assert row.split()[:2] == ["perfect", "weak"]
    assert row.split()[-3:-1] == ["0.200", "+0.800"]
    assert 0 < float(row.split()[-1]) < 0.2
    code, out, _ = run(capsys, "compare", a, b, "--gold", str(CORPUS), "--bootstrap", "50", "--format", "json")
    d = json.loads(out)
    assert {r["system"] for r in d["scores"]} == {"perfect", "weak"}
    assert d["significance"][0]["metric"] == "quote precision"


def test_byte_order_mark_is_accepted_and_bad_utf8_names_its_line(tmp_path, capsys):
    good = json.dumps(GOOD) + "\n"
    bom = tmp_path / "bom.jsonl"
    bom.write_bytes(b"\xef\xbb\xbf" + good.encode())
    code, out, err = run(capsys, "score", str(bom), "--gold", str(CORPUS), "--format", "json", "--bootstrap", "0")
    assert code == 0 and json.loads(out)["levels"]["quote"]["tp"] == 1, err
    latin = tmp_path / "latin.jsonl"
    latin.write_bytes(good.encode() + b'{"doc_id": "caf\xe9"}\n')
    code, out, err = run(capsys, "score", str(latin), "--gold", str(CORPUS))
    assert code == 1
    assert err.strip().splitlines() == [f"{latin}:2: cannot read: not UTF-8 text: invalid continuation byte at byte 16"]


@pytest.mark.parametrize("raw, expected", [
    ("[" * 100000 + "]" * 100000, ":1: invalid JSON: nested too deeply"),
    ('{"doc_id": "d1", "content": "bridge \\ud800"}', ":1: invalid JSON: lone surrogate \\ud800 in a string is not Unicode text"),
    ('{"doc_id": "d1", "content": "bridge", "score": 1e400}', ":1: score: must be a finite number, not inf"),
    ('{"doc_id": "d1", "content_spans": [{"start": 5, "end": 6}]}',
     ":1: content_spans[0]: offsets [5, 6) hold only whitespace or quotation marks: ' '"),
])
def test_json_python_would_mangle_is_refused_in_one_line(tmp_path, capsys, raw, expected):
    pred = write(tmp_path, [raw])
    for command in ("score", "validate"):
        code, out, err = run(capsys, command, pred, "--gold", str(CORPUS))
        assert code == 1 and err.strip() == pred + expected


def test_a_surrogate_pair_is_a_character_not_an_error(tmp_path, capsys):
    pred = write(tmp_path, ['{"doc_id": "d1", "content": "bridge \\ud83d\\ude00", "id": "\\ud83d\\ude00"}'])
    code, out, err = run(capsys, "score", pred, "--gold", str(CORPUS), "--errors", "--bootstrap", "0")
    assert code == 0 and err == ""


def test_a_blank_speaker_means_no_speaker(tmp_path, capsys):
    blank = dict(GOOD, speaker="  ")
    none = {k: v for k, v in GOOD.items() if k != "speaker"}
    a = run(capsys, "score", write(tmp_path, [blank]), "--gold", str(CORPUS), "--format", "json", "--bootstrap", "0")
    b = run(capsys, "score", write(tmp_path, [none], "b.jsonl"), "--gold", str(CORPUS), "--format", "json", "--bootstrap", "0")
    assert json.loads(a[1])["levels"] == json.loads(b[1])["levels"]


def test_compare_csv_is_one_long_table(tmp_path, capsys):
    """`compare --format csv`: one table (system, level, metric, value, low, high, p), not two."""
    a, b = perfect_and_weak(tmp_path)
    code, out, _ = run(capsys, "compare", a, b, "--gold", str(CORPUS), "--bootstrap", "100", "--format", "csv")
    import pandas as pd

    frame = pd.read_csv(io.StringIO(out))
    assert code == 0 and list(frame.columns) == ["system", "level", "metric", "value", "low", "high", "p", "signature"]
    assert frame["value"].dtype.kind == "f" and frame["p"].dtype.kind == "f" and frame["signature"].nunique() == 1
    row = frame[(frame.system == "weak") & (frame.level == "quote") & (frame.metric == "recall")].iloc[0]
    assert row["value"] == pytest.approx(0.2) and 0 < row["p"] <= 1 and row["low"] <= 0.2 <= row["high"]
    assert frame[frame.system == "perfect"]["p"].isna().all()  # the reference
    assert set(frame["metric"]) >= {"tp", "fp", "fn", "precision", "recall", "f1", "count", "share"}


NUMERIC = {"tp", "fp", "fn", "precision", "recall", "f1", "precision_lo", "precision_hi", "recall_lo", "recall_hi",
           "f1_lo", "f1_hi", "count", "of", "share", "precision_p", "recall_p", "f1_p", "value", "low", "high", "p",
           "line", "overlap"}


def test_every_csv_the_tool_writes_is_one_typed_table(tmp_path, capsys):
    """score, score --errors, compare and baselines as CSV: one header, every row as wide as it,
    and each numeric column read by pandas as numbers (no second table glued below)."""
    import csv

    import pandas as pd

    a, b = perfect_and_weak(tmp_path)
    commands = [["score", b, "--gold", str(CORPUS)], ["score", b, "--gold", str(CORPUS), "--errors"],
                ["compare", a, b, "--gold", str(CORPUS)],
                ["baselines", "--split", "seed", "--baseline", "rules", "--baseline", "quote-marks"]]
    for args in commands:
        code, out, err = run(capsys, *args, "--bootstrap", "50", "--format", "csv")
        assert code == 0, (args, err)
        rows = list(csv.reader(io.StringIO(out)))
        assert rows and all(len(r) == len(rows[0]) for r in rows), args
        assert rows[0][0] in ("level", "doc_id", "system") and rows[0].count(rows[0][0]) == 1
        assert not any(r == rows[0] for r in rows[1:]), args  # no second header
        frame = pd.read_csv(io.StringIO(out))
        for column in NUMERIC & set(frame.columns):
            assert frame[column].dtype.kind in "if", (args, column, frame[column].dtype)
        assert frame["signature"].nunique() == 1 if "signature" in frame.columns else "doc_id" in frame.columns
