"""The fast schema predicate never accepts what JSON Schema rejects."""
import json

import jsonschema
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmark.schema import accepts, validator

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 3) | st.floats(allow_nan=False, width=16)
    | st.sampled_from(["", "x", "claim", "denial", "direct", "A1", "M1", "E1", "0" * 64]),
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.sampled_from(["doc_id", "content", "content_spans", "start", "end", "text",
                                       "speaker", "stance", "type", "attributions", "id", "score"]),
                      inner, max_size=5),
    max_leaves=12,
)


@settings(max_examples=400, deadline=None)
@given(json_values)
def test_fast_prediction_predicate_implies_schema_validity(value):
    if accepts("prediction")(value):
        assert validator("prediction").is_valid(value)


def _mutations(doc):
    """Single-field corruptions of a valid gold document, one per schema keyword in use."""
    a = doc["attributions"][0]
    yield {**doc, "extra": 1}                                         # additionalProperties
    yield {k: v for k, v in doc.items() if k != "entities"}           # required
    yield {**doc, "text_sha256": "XYZ"}                               # pattern
    yield {**doc, "doc_id": ""}                                       # minLength
    yield {**doc, "attributions": [{**a, "stance": "praise"}]}        # enum
    yield {**doc, "attributions": [{**a, "content": []}]}             # minItems
    yield {**doc, "attributions": [{**a, "tags": ["cueless", "cueless"]}]}  # uniqueItems
    yield {**doc, "attributions": [{**a, "speaker": "E1"}]}           # oneOf
    yield {**doc, "attributions": [{**a, "content": [{"start": -1, "end": 2, "text": "x"}]}]}  # minimum
    yield {**doc, "attributions": [{**a, "content": [{"start": "1", "end": 2, "text": "x"}]}]}  # type


def test_fast_gold_predicate_agrees_with_jsonschema(gold_json):
    assert accepts("gold")(gold_json)
    for bad in _mutations(json.loads(json.dumps(gold_json))):
        assert not validator("gold").is_valid(bad)
        assert not accepts("gold")(bad)


def test_unsupported_keyword_is_refused():
    import pytest

    from benchmark.schema import _compile

    with pytest.raises(ValueError, match="not supported"):
        _compile({"type": "string", "format": "email"}, {}, {})


@settings(max_examples=400, deadline=None)
@given(json_values)
def test_hand_written_prediction_fast_path_implies_schema_validity(value):
    from benchmark.predictions import _line_ok

    if _line_ok(value):
        assert validator("prediction").is_valid(value)
