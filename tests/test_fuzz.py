"""Fuzzing the command-line entry point: mutated predictions, gold files and brat folders.

Every run must end with exit 0, or exit 1 and one line on stderr: never a traceback, never a
hang (hypothesis' deadline). The examples are bounded so that the whole file takes about a
minute.
"""
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import benchmark
from benchmark.cli import main

SEED = "000_5b1153c0ab497b78"
SETTINGS = settings(max_examples=500, deadline=5000, suppress_health_check=[HealthCheck.function_scoped_fixture],
                    derandomize=True)


def _predictions() -> bytes:
    doc = benchmark.load_gold(split="seed")[0]
    lines = []
    for k, a in enumerate(doc.attributions):
        p = {"doc_id": doc.doc_id, "id": f"p{k}", "stance": a.stance, "type": a.type,
             "speaker": doc.entity(a.speaker.entity).name}
        if k % 2:
            p["content"] = a.content_text
        else:
            p["content_spans"] = [s.to_dict() for s in a.content]
        lines.append(json.dumps(p, ensure_ascii=False))
    return ("\n".join(lines) + "\n").encode("utf-8")


PREDICTIONS = _predictions()
GOLD = (benchmark.resources.gold_dir() / f"{SEED}.json").read_bytes()
NASTY = [b"", b"\x00", b"\xff", b"\xef\xbb\xbf", b"\n", b"\r\n", b'"', b"\\", b"{", b"}", b"[", b"]", b",",
         b":", b"NaN", b"1e400", b"-1", b"9" * 5000, b"\\ud800", b"null", b"true", b'"doc_id"', b"\xe2\x80\xa8",
         "٤".encode(), "¹".encode(), b"\t", b"=1+1"]


@st.composite
def mutated(draw, data: bytes):
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(out)))
        how = draw(st.sampled_from(["insert", "replace", "delete", "duplicate"]))
        piece = draw(st.sampled_from(NASTY) | st.binary(min_size=1, max_size=4))
        if how == "insert":
            out[at:at] = piece
        elif how == "replace":
            out[at:at + len(piece)] = piece
        elif how == "delete":
            del out[at:at + draw(st.integers(1, 40))]
        else:
            out[at:at] = out[max(0, at - 60):at]
    return bytes(out)


def _one_line_or_success(capsys, code):
    err = capsys.readouterr().err
    assert code in (0, 1), (code, err)
    assert "Traceback" not in err
    if code == 1:
        assert len(err.strip().splitlines()) == 1, err


@SETTINGS
@given(data=mutated(PREDICTIONS))
def test_mutated_predictions(tmp_path_factory, capsys, data):
    path = tmp_path_factory.mktemp("p") / "p.jsonl"
    path.write_bytes(data)
    _one_line_or_success(capsys, main(["score", str(path), "--split", "seed", "--bootstrap", "0"]))


@SETTINGS
@given(data=mutated(PREDICTIONS))
def test_mutated_predictions_as_raw_llm_answers(tmp_path_factory, capsys, data):
    path = tmp_path_factory.mktemp("r") / "r.jsonl"
    line = json.dumps({"doc_id": SEED, "response": data.decode("utf-8", "replace")})
    path.write_text(line + "\n", encoding="utf-8")
    _one_line_or_success(capsys, main(["score", str(path), "--from", "llm", "--bootstrap", "0"]))


@SETTINGS
@given(data=mutated(GOLD))
def test_mutated_gold_files(tmp_path_factory, capsys, data):
    path = tmp_path_factory.mktemp("g") / "g.json"
    path.write_bytes(data)
    code = main(["validate", str(path)])
    err = capsys.readouterr().err
    assert code in (0, 1) and "Traceback" not in err  # validate lists every problem, one line each


@pytest.fixture(scope="module")
def brat_files(tmp_path_factory):
    from benchmark.brat import write_brat

    folder = tmp_path_factory.mktemp("brat") / "b"
    write_brat(benchmark.load_gold(split="seed"), folder)
    return {p.name: p.read_bytes() for p in folder.iterdir()}


@SETTINGS
@given(st.data())
def test_mutated_brat_folders(tmp_path_factory, capsys, brat_files, data):
    name = data.draw(st.sampled_from(sorted(brat_files)))
    folder = tmp_path_factory.mktemp("m")
    for n, raw in brat_files.items():
        (folder / n).write_bytes(data.draw(mutated(raw)) if n == name else raw)
    _one_line_or_success(capsys, main(["convert", "brat", str(folder), "-o", str(folder / "out.jsonl")]))
