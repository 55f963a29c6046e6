"""Raw LLM answers: every adaptation counted, every refusal one line, measures by hand."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

import benchmark
from benchmark.llm.responses import read_answer, read_answers
from benchmark.llm.score import score_answers

EXAMPLE = Path(benchmark.__file__).parent / "llm" / "examples" / "seed_responses.jsonl"
SEED = "000_5b1153c0ab497b78"


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "benchmark.cli", *args], capture_output=True, text=True)


def kinds(response, doc_id="d"):
    out = []
    preds = read_answer(doc_id, response, out)
    return preds, [a.kind for a in out]


# -- the shipped example, scored by hand ------------------------------------------------------
# Eight items for the seed article: A9 in curly quotes (verbatim once folded), A12 shortened
# with an ellipsis that keeps most of it, A13 with one word changed (a misquote), A2 paraphrased,
# an invented quote, A5 under other field names, A14 without "As of Wednesday," and A7.
# Overlap mode: 7 of 8 align and match (the invented one is spurious): quote P 7/8, R 7/16.
# Speakers: "he" for A12 is a bare pronoun, the other six are names: speaker TP 6.
# Stances: all seven right (Denial, ACCUSES and deny are normalised): stance TP 7; full 6.
# Matched direct quotes: A9, A12, A13; A13 is not verbatim: misquoted 1 of 3.
# Speakers given as a pronoun or generic noun: "he", 1 of the 7 matched.
# Exact mode: A12 (pieces of a longer quote) and A14 (shorter) are not exact: quote TP 5.

def test_the_shipped_example_scores_to_the_hand_computed_numbers():
    r = run_cli("score", str(EXAMPLE), "--from", "llm", "--bootstrap", "0", "--format", "json")
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    lv = d["levels"]
    assert (lv["quote"]["tp"], lv["quote"]["fp"], lv["quote"]["fn"]) == (7, 1, 9)
    assert lv["quote"]["precision"] == pytest.approx(7 / 8) and lv["quote"]["recall"] == pytest.approx(7 / 16)
    assert lv["quote"]["f1"] == pytest.approx(2 * (7 / 8) * (7 / 16) / (7 / 8 + 7 / 16))
    assert (lv["speaker"]["tp"], lv["stance"]["tp"], lv["full"]["tp"]) == (6, 7, 6)
    llm = d["llm"]
    assert (llm["invented"]["count"], llm["invented"]["of"]) == (1, 8)
    assert (llm["misquoted"]["count"], llm["misquoted"]["of"]) == (1, 3)
    assert (llm["speaker_unnamed"]["count"], llm["speaker_unnamed"]["of"], llm["speaker_unnamed"]["pronoun"]) == (1, 7, 1)
    counts = d["answers"]["counts"]
    assert {k: v for k, v in counts.items() if v} == {
        "code_fence": 1, "field_renamed": 11, "label_normalised": 4, "field_dropped": 1}
    assert d["answers"]["summary"] == ("1 code fence removed, 11 fields renamed, 4 labels normalised, "
                                       "1 unknown field dropped")
    exact = json.loads(run_cli("score", str(EXAMPLE), "--from", "llm", "--bootstrap", "0", "--format", "json",
                               "--match", "exact").stdout)
    assert exact["levels"]["quote"]["tp"] == 5


def test_errors_list_every_adaptation_and_each_misquote_with_its_diff():
    r = run_cli("score", str(EXAMPLE), "--from", "llm", "--bootstrap", "0", "--errors")
    assert r.returncode == 0, r.stderr
    assert f"{SEED} A13 llm-{SEED}-3: A predictable [-step-]{{+move+}} from our opponents." in r.stdout
    assert f"{SEED} item 8: field_dropped: field 'reasoning'" in r.stdout
    assert f"{SEED} item 6: label_normalised: stance 'ACCUSES' -> 'accusation'" in r.stdout
    assert "raw answers (1 response): 1 code fence removed" in r.stdout


def test_the_measures_are_in_every_format_and_in_compare():
    csv = run_cli("score", str(EXAMPLE), "--from", "llm", "--bootstrap", "0", "--format", "csv").stdout
    rows = [ln.split(",") for ln in csv.splitlines()]
    head = rows[0]
    misq = next(r for r in rows if r[0] == "misquoted")
    assert misq[head.index("count")] == "1" and float(misq[head.index("share")]) == pytest.approx(1 / 3)
    md = run_cli("score", str(EXAMPLE), "--from", "llm", "--bootstrap", "0", "--format", "markdown").stdout
    assert "| invented | 1 | 8 | 0.125 |" in md and "Raw answers (1 response)" in md
    answers = read_answers(EXAMPLE)
    frame = benchmark.compare({"llm": list(answers.predictions)}, bootstrap=0)
    invented = frame[frame.level == "invented"].iloc[0]
    assert invented["count"] == 1 and invented["share"] == pytest.approx(1 / 8)


# -- one test per adaptation ---------------------------------------------------------------

def test_a_code_fence_is_removed_and_counted():
    preds, k = kinds('```json\n[{"content": "a quote"}]\n```')
    assert [p["content"] for p in preds] == ["a quote"] and k == ["code_fence"]


def test_prose_around_the_json_is_removed_and_counted():
    preds, k = kinds('Here you go: [{"content": "a quote", "stance": "claim"}] Hope it helps!')
    assert preds[0]["stance"] == "claim" and k == ["prose"]


def test_an_object_holding_the_array_and_a_single_object_are_read():
    preds, k = kinds('{"quotes": [{"content": "x"}, {"content": "y"}]}')
    assert len(preds) == 2 and k == ["wrapped_list"]
    preds, k = kinds('{"content": "x", "speaker": "Ann"}')
    assert preds[0]["speaker"] == "Ann" and k == ["single_object"]


def test_field_names_and_labels_are_mapped_and_counted():
    preds, k = kinds('[{"Quote": "x", "Source": "Ann", "Label": "DENIES", "quote_type": "Paraphrase"}]')
    p = preds[0]
    assert (p["content"], p["speaker"], p["stance"], p["type"]) == ("x", "Ann", "denial", "indirect")
    assert k.count("field_renamed") == 4 and k.count("label_normalised") == 2


def test_an_unknown_label_or_field_is_left_out_and_counted():
    preds, k = kinds('[{"content": "x", "stance": "praise", "reason": "because"}]')
    assert "stance" not in preds[0] and sorted(k) == ["field_dropped", "label_unknown"]


def test_content_lists_speaker_objects_and_unreadable_items():
    preds, k = kinds('[{"content": ["We fight", "we win"], "speaker": {"name": "Ann", "role": "mayor"}}, '
                     '{"speaker": "Bob"}, 42]')
    assert preds == [{"doc_id": "d", "id": "llm-d-1", "content": "We fight … we win", "speaker": "Ann"}]  # items 2, 3 unreadable
    assert k == ["content_joined", "speaker_object", "item_unreadable", "item_unreadable"]


def test_a_response_without_json_is_a_counted_miss_with_a_warning(tmp_path):
    path = tmp_path / "r.jsonl"
    path.write_text(json.dumps({"doc_id": SEED, "response": "I could not find any quotes, sorry."}) + "\n")
    r = run_cli("score", str(path), "--from", "llm", "--bootstrap", "0", "--format", "json")
    assert r.returncode == 0 and "Traceback" not in r.stderr
    assert r.stderr.strip() == f"{path}: {SEED}: the response holds no readable answer (scored as misses)"
    d = json.loads(r.stdout)
    assert d["answers"]["counts"]["no_json"] == 1 and d["answers"]["no_json"] == [SEED]
    assert d["levels"]["quote"]["fn"] == 16 and d["settings"]["split"] == "seed"


def test_a_missing_doc_id_is_filled_in_for_a_one_document_split_only(tmp_path):
    path = tmp_path / "r.jsonl"
    path.write_text(json.dumps({"response": '[{"content": "A predictable step from our opponents."}]'}) + "\n")
    r = score_answers(str(path), split="seed", bootstrap=0)
    assert r.data["answers"]["counts"]["doc_id_filled"] == 1 and r.data["levels"]["quote"]["tp"] == 1
    cli = run_cli("score", str(path), "--from", "llm", "--split", "test")
    assert cli.returncode == 1 and cli.stderr.strip() == (
        f"{path}:1: doc_id: is missing (it may be left out only when the split has one document)")


def test_a_folder_of_response_files_is_read_by_file_name(tmp_path):
    folder = tmp_path / "answers"
    folder.mkdir()
    (folder / f"{SEED}.txt").write_text('```\n[{"quote": "A predictable step from our opponents."}]\n```')
    r = score_answers(str(folder), bootstrap=0)
    assert r.data["levels"]["quote"]["tp"] == 1 and r.data["answers"]["responses"] == 1


# -- refusals: one line, exit 1 ---------------------------------------------------------------

@pytest.mark.parametrize("lines, message", [
    (['{"doc_id": "nope", "response": "[]"}'], "doc_id: unknown document 'nope' (not in the gold corpus)"),
    ([json.dumps({"doc_id": SEED, "response": "[]"})] * 2, f"doc_id: a second response for document '{SEED}'"),
    (["not json"], "not a JSON line"),
    ([json.dumps({"doc_id": SEED, "answer": "[]"})], "each line needs a `response`"),
])
def test_bad_response_files_give_one_line(tmp_path, lines, message):
    path = tmp_path / "r.jsonl"
    path.write_text("\n".join(lines) + "\n")
    r = run_cli("score", str(path), "--from", "llm")
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and message in r.stderr


def test_plain_score_keeps_its_strict_format_and_points_to_from_llm(tmp_path):
    path = tmp_path / "r.jsonl"
    path.write_text(json.dumps({"doc_id": SEED, "quote": "A predictable step from our opponents."}) + "\n")
    r = run_cli("score", str(path))
    assert r.returncode == 1
    assert r.stderr.strip() == f"{path}:1: quote: unknown field (raw LLM answers? score them with --from llm)"
    good = tmp_path / "g.jsonl"
    good.write_text(json.dumps({"doc_id": SEED, "content": "A predictable step", "stance": "Claim"}) + "\n")
    assert "--from llm" in run_cli("score", str(good)).stderr


# -- the reference prompt and its answer schema ---------------------------------------------

def test_prompt_writes_one_request_per_document_with_the_text_once():
    r = run_cli("prompt", "--split", "dev")
    assert r.returncode == 0, r.stderr
    lines = [json.loads(x) for x in r.stdout.splitlines()]
    dev = benchmark.load_gold(split="dev")
    assert [x["doc_id"] for x in lines] == [d.doc_id for d in dev]
    for x, d in zip(lines, dev):
        assert [m["role"] for m in x["messages"]] == ["system", "user"] and x["prompt_version"] == "quotebench-prompt/1"
        assert x["messages"][1]["content"].count(d.text) == 1
    one = run_cli("prompt", SEED)
    assert one.returncode == 0 and json.loads(one.stdout)["doc_id"] == SEED
    bad = run_cli("prompt", "--split", "dev", SEED)
    assert bad.returncode == 1 and bad.stderr.strip() == f"{SEED}: unknown document in split dev"


def test_an_answer_in_the_reference_schema_needs_no_adaptation_and_scores_one():
    import jsonschema

    schema = json.loads(run_cli("prompt", "--schema").stdout)
    doc = benchmark.load_gold(split="seed")[0]
    answer = {"attributions": [
        {"content": a.content_text, "speaker": doc.entity(a.speaker.entity).name, "stance": a.stance,
         "type": a.type, "cue": a.cue[0].text if a.cue else None, "context": None} for a in doc.attributions]}
    jsonschema.validate(answer, schema)
    r = score_answers([(SEED, json.dumps(answer))], bootstrap=0)
    assert r.data["answers"]["summary"] == "no adaptation needed"
    assert all(r.data["levels"][lv]["f1"] == 1.0 for lv in ("quote", "speaker", "stance", "full"))
    assert r.data["llm"]["misquoted"]["count"] == 0 and r.data["llm"]["invented"]["count"] == 0


def test_compare_reads_raw_answers_too(tmp_path):
    other = tmp_path / "other.jsonl"
    other.write_text(json.dumps({"doc_id": SEED, "response": "No quotes found."}) + "\n")
    r = run_cli("compare", "--from", "llm", str(EXAMPLE), str(other), "--bootstrap", "0")
    assert r.returncode == 0, r.stderr
    assert "seed_responses       invented         count 1, share 0.125" in r.stdout
    assert f"{other}: raw answers: 1 response without a readable answer (scored as misses)" in r.stderr
    assert f"{other}: {SEED}: the response holds no readable answer (scored as misses)" in r.stderr


# -- answers as real models write them (from an adversarial review) ---------------------------

def test_several_fences_and_several_values_are_all_read():
    preds, k = kinds('First:\n```json\n{"quote": "a"}\n```\nand\n```json\n{"quote": "b"}\n```')
    assert [p["content"] for p in preds] == ["a", "b"] and k.count("code_fence") == 2
    preds, k = kinds('{"quote": "a"}\n{"quote": "b"}\n{"quote": "c"}')
    assert [p["content"] for p in preds] == ["a", "b", "c"] and "prose" in k


def test_broken_arrays_are_repaired_or_read_object_by_object():
    preds, k = kinds('[{"quote": "a"}, {"quote": "b"},]')
    assert len(preds) == 2 and "json_repaired" in k
    preds, k = kinds('[\n// the first\n{"quote": "a"}, /* second */ {"quote": "b"}\n]')
    assert len(preds) == 2 and "json_repaired" in k
    preds, k = kinds('[{"quote": "a"}, {"quote": "b"}, {"quote": "c", "spea')  # cut off by max tokens
    assert [p["content"] for p in preds] == ["a", "b"] and "objects_one_by_one" in k
    preds, k = kinds("[{'quote': 'a', 'speaker': None}]")
    assert preds[0]["content"] == "a" and "speaker" not in preds[0] and "python_literal" in k


def test_json_without_attributions_is_skipped_and_the_real_answer_read():
    preds, k = kinds('Based on the article [1], here it is: [{"quote": "a"}]')
    assert [p["content"] for p in preds] == ["a"] and "json_skipped" in k
    preds, k = kinds('<think>labels: ["claim", "denial", "accusation"]</think> [{"quote": "a", "stance": "claim"}]')
    assert [p["content"] for p in preds] == ["a"]
    preds, k = kinds('{"result": {"attributions": [{"quote": "a"}]}}')
    assert [p["content"] for p in preds] == ["a"] and "wrapped_list" in k
    preds, k = kinds(json.dumps(json.dumps([{"quote": "a"}])))  # JSON inside a JSON string
    assert [p["content"] for p in preds] == ["a"] and "json_in_string" in k
    assert kinds("[]") == ([], [])  # an empty answer is an answer: nothing found, nothing adapted


def test_placeholder_speakers_are_no_speaker():
    preds, k = kinds('[{"quote": "a", "speaker": "Unknown"}, {"quote": "b", "speaker": "N/A"}]')
    assert all("speaker" not in p for p in preds) and k.count("speaker_placeholder") == 2


def test_punctuation_is_no_misquote_but_a_word_is():
    from benchmark.llm.measures import is_verbatim, speaker_form
    from benchmark.scorer import is_pronoun

    region = "We are defending our villages and cities,"
    assert is_verbatim("We are defending our villages and cities.", region)
    assert is_verbatim("“We are defending … and cities”", region)
    assert not is_verbatim("We are defending our towns and cities", region)
    assert not is_verbatim("we are defending our villages and cities", region)  # case
    assert not is_verbatim("We defending our villages and cities", region)  # a dropped word
    assert speaker_form("A spokesman for Zelensky", is_pronoun) == "generic"
    assert speaker_form("Ukrainian officials", is_pronoun) == "generic"
    assert speaker_form("Mayor Ann Lee", is_pronoun) == "name"
    assert speaker_form("the Ministry of Defense", is_pronoun) == "name"


def test_lines_may_hold_unicode_line_separators_and_stdin_is_read(tmp_path):
    line = json.dumps({"doc_id": SEED, "response": '[{"quote": "A predictable step\u2028from our opponents."}]'},
                      ensure_ascii=False)
    path = tmp_path / "r.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    assert score_answers(str(path), bootstrap=0).data["levels"]["quote"]["tp"] == 1
    r = subprocess.run([sys.executable, "-m", "benchmark.cli", "score", "-", "--from", "llm", "--bootstrap", "0",
                        "--format", "json"], input=line + "\n", capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["levels"]["quote"]["tp"] == 1


def test_a_folder_reads_any_case_of_extension_and_counts_what_it_skips(tmp_path):
    folder = tmp_path / "answers"
    folder.mkdir()
    (folder / f"{SEED}.TXT").write_text('[{"quote": "A predictable step from our opponents."}]')
    (folder / "notes.md").write_text("my notes")
    r = score_answers(str(folder), bootstrap=0)
    assert r.data["levels"]["quote"]["tp"] == 1 and r.data["answers"]["counts"]["file_skipped"] == 1


def test_doc_id_errors_say_what_is_wrong(tmp_path):
    path = tmp_path / "r.jsonl"
    path.write_text(json.dumps({"doc_id": 7, "response": "[]"}) + "\n")
    r = run_cli("score", str(path), "--from", "llm")
    assert r.returncode == 1 and r.stderr.strip() == f"{path}:1: doc_id: must be a string, not 7"
    dev = benchmark.load_gold(split="dev")[0].doc_id
    path.write_text(json.dumps({"doc_id": dev, "response": "[]"}) + "\n")
    r = run_cli("score", str(path), "--from", "llm", "--split", "seed")
    assert r.returncode == 1 and f"unknown document {dev!r} in split seed (it belongs to split dev)" in r.stderr
