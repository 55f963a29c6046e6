"""Reading predictions: JSONL, lists of dicts and datasets.Dataset; every bad-input class."""
import json
from pathlib import Path

import pytest

from benchmark.corpus import load_corpus
from benchmark.errors import InputError, InputErrors
from benchmark.predictions import read_predictions, validate_predictions

CORPUS = Path(__file__).parent / "fixtures" / "scorer" / "corpus.jsonl"


@pytest.fixture(scope="module")
def docs():
    return load_corpus(CORPUS)


def span(doc, s):
    start = doc.text.index(s)
    return {"start": start, "end": start + len(s), "text": s}


def write(tmp_path, lines):
    p = tmp_path / "pred.jsonl"
    p.write_text("".join((x if isinstance(x, str) else json.dumps(x)) + "\n" for x in lines), encoding="utf-8")
    return p


def test_attribution_lines_and_document_lines_are_grouped_by_document(tmp_path, docs):
    d1 = docs[0]
    p = write(tmp_path, [
        {"doc_id": "d1", "content": "the bridge will reopen in May"},
        "",
        {"doc_id": "d2", "attributions": [{"content": "Fans,"}, {"content_spans": [{"start": 0, "end": 3}]}]},
        {"doc_id": "d1", "content_spans": [span(d1, "We are ready,")], "stance": "claim", "id": 7},
    ])
    by_doc, errors, n = read_predictions(str(p), known={"d1", "d2"})
    assert n == 4 and errors == []
    assert [x.line for x in by_doc["d1"]] == [1, 4]
    assert [x.where for x in by_doc["d2"]] == ["attributions[0].", "attributions[1]."]
    assert by_doc["d1"][1].id == 7


def test_empty_file_is_valid(tmp_path, docs):
    p = tmp_path / "empty.jsonl"
    p.write_text("", encoding="utf-8")
    assert validate_predictions(p, docs) == 0


def test_integer_valued_floats_are_rejected_as_offsets_not_coerced(docs):
    # JSON Schema counts 5.0 as an integer; an offset is a string index, so it is an error
    with pytest.raises(InputError) as e:
        read_predictions([{"doc_id": "d1", "content_spans": [{"start": 0, "end": 5.0}]}])
    assert str(e.value) == "<predictions>:1: content_spans[0].end: 5.0 is not an integer offset (write 5)"
    with pytest.raises(InputError) as e:
        read_predictions([{"doc_id": "d1", "attributions": [{"content": "x", "speaker_span": {"start": 1.0, "end": 3}}]}])
    assert str(e.value) == "<predictions>:1: attributions[0].speaker_span.start: 1.0 is not an integer offset (write 1)"


def test_dataset_rows_with_empty_columns_are_read():
    import datasets

    ds = datasets.Dataset.from_list([
        {"doc_id": "d1", "content": "the bridge will reopen in May", "content_spans": None, "stance": "claim"},
        {"doc_id": "d1", "content": None, "content_spans": [{"start": 0, "end": 5, "text": "Mayor"}], "stance": None},
    ])
    by_doc, errors, n = read_predictions(ds)
    assert n == 2 and errors == []
    assert "content_spans" not in by_doc["d1"][0].obj and "content" not in by_doc["d1"][1].obj


def _error(tmp_path, docs, lines) -> InputError:
    with pytest.raises(InputError) as info:
        validate_predictions(write(tmp_path, lines), docs)
    return info.value


def test_invalid_json_names_the_line(tmp_path, docs):
    e = _error(tmp_path, docs, [{"doc_id": "d1", "content": "x"}, '{"doc_id": "d1", '])
    assert (e.line, e.message.split(":")[0]) == (2, "invalid JSON")
    assert str(e).startswith(str(tmp_path / "pred.jsonl") + ":2: invalid JSON")


def test_schema_violation_names_line_and_field(tmp_path, docs):
    e = _error(tmp_path, docs, [{"doc_id": "d1", "content": "x", "speaker": 3}])
    assert (e.line, e.field) == (1, "speaker")
    assert "3 is not of type 'string', 'null'" in e.message


def test_missing_content_is_a_schema_violation(tmp_path, docs):
    e = _error(tmp_path, docs, [{"doc_id": "d1", "stance": "claim"}])
    assert e.line == 1 and (e.field, e.message) == ("content", "is missing (give content or content_spans)")


def test_unknown_label_names_the_value(tmp_path, docs):
    e = _error(tmp_path, docs, [{"doc_id": "d1", "content": "x"}, {"doc_id": "d1", "content": "x", "stance": "praise"}])
    assert (e.line, e.field) == (2, "stance")
    assert e.message == "'praise' is not one of 'claim', 'denial', 'accusation', None"


def test_unknown_document(tmp_path, docs):
    e = _error(tmp_path, docs, [{"doc_id": "nope", "content": "x"}])
    assert (e.line, e.field) == (1, "doc_id")
    assert e.message == "unknown document 'nope' (not in the gold corpus)"


def test_offsets_outside_the_text(tmp_path, docs):
    n = len(docs[1].text)
    e = _error(tmp_path, docs, [{"doc_id": "d2", "attributions": [{"content": "x"}, {"content_spans": [{"start": 5, "end": n + 1}]}]}])
    assert (e.line, e.field) == (1, "attributions[1].content_spans[0]")
    assert e.message == f"offsets [5, {n + 1}) are outside the text of document 'd2' (length {n}) or empty"


def test_span_text_disagreeing_with_the_document(tmp_path, docs):
    e = _error(tmp_path, docs, [{"doc_id": "d1", "content_spans": [{"start": 0, "end": 5, "text": "Mayer"}]}])
    assert (e.line, e.field) == (1, "content_spans[0]")
    assert e.message == "text 'Mayer' does not equal the document text at [0, 5): 'Mayor'"


def test_speaker_span_is_checked_too(tmp_path, docs):
    e = _error(tmp_path, docs, [{"doc_id": "d1", "content": "x", "speaker_span": {"start": 3, "end": 2}}])
    assert (e.line, e.field) == (1, "speaker_span")


def test_missing_file(tmp_path, docs):
    with pytest.raises(InputError) as info:
        validate_predictions(tmp_path / "absent.jsonl", docs)
    assert str(info.value) == f"{tmp_path / 'absent.jsonl'}: no such file"


def test_validate_lists_every_problem(tmp_path, docs):
    with pytest.raises(InputErrors) as info:
        validate_predictions(write(tmp_path, [
            "not json",
            {"doc_id": "d1", "content": "x", "stance": "praise"},
            {"doc_id": "zzz", "content": "x"},
            {"doc_id": "d1", "content_spans": [{"start": 0, "end": 5, "text": "Mayer"}]},
        ]), docs)
    assert [e.line for e in info.value.errors] == [1, 2, 3, 4]
    assert len(str(info.value).splitlines()) == 4


def test_in_memory_errors_name_the_row():
    with pytest.raises(InputError) as info:
        read_predictions([{"doc_id": "d1", "content": "x"}, {"doc_id": "d1"}])
    assert str(info.value) == "<predictions>:2: content: is missing (give content or content_spans)"
