"""The scorer end to end: hand-computed fixtures, gold against itself, properties."""
import random
import re
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import benchmark
from benchmark.corpus import load_corpus
from benchmark.model import Document
from benchmark.scorer import compare, score, significance
from benchmark.text import tokenize, trim

CORPUS = Path(__file__).parent / "fixtures" / "scorer" / "corpus.jsonl"
DOCS = load_corpus(CORPUS)
D1 = DOCS[0]


def span(doc: Document, s: str, occurrence: int = 0) -> dict:
    start = -1
    for _ in range(occurrence + 1):
        start = doc.text.index(s, start + 1)
    return {"start": start, "end": start + len(s), "text": s}


def gold_predictions(docs, how="names"):
    """The gold attributions written as predictions: offsets, or text only ('text')."""
    out = []
    for d in docs:
        for a in d.attributions:
            p = {"doc_id": d.doc_id, "stance": a.stance, "type": a.type}
            if how == "text":
                p["content"] = a.content_text
            else:
                p["content_spans"] = [s.to_dict() for s in a.content]
            if a.speaker is not None:
                if how == "spans" and a.speaker.mention:
                    p["speaker_span"] = d.mention(a.speaker.mention).span.to_dict()
                else:
                    p["speaker"] = d.entity(a.speaker.entity).name
            out.append(p)
    return out


# predictions of a made-up system on the fixture corpus; counts below are worked by hand
SYSTEM = [
    {"doc_id": "d1", "id": "p1", "content_spans": [span(D1, "the bridge will reopen in May")],
     "speaker": "Ana Lopez", "stance": "claim", "type": "indirect"},
    {"doc_id": "d1", "id": "p2", "content_spans": [span(D1, "We are ready")], "speaker": "she", "stance": "claim"},
    {"doc_id": "d1", "id": "p3", "content_spans": [span(D1, "had cut the budget")],
     "speaker_span": span(D1, "The council"), "stance": "claim"},
    {"doc_id": "d1", "id": "p4", "content_spans": [span(D1, "The council denied")], "stance": "denial"},
]


def levels(result):
    return {k: (v["tp"], v["fp"], v["fn"]) if v else None for k, v in result.data["levels"].items()}


def test_hand_computed_overlap_mode():
    r = score(SYSTEM, gold=DOCS, match="overlap", bootstrap=0)
    assert levels(r) == {"quote": (3, 1, 2), "speaker": (2, 2, 3), "stance": (2, 2, 3), "full": (1, 3, 4)}
    q = r.data["levels"]["quote"]
    assert (q["precision"], q["recall"], q["f1"]) == pytest.approx((0.75, 0.6, 2 * 0.75 * 0.6 / 1.35))
    assert r.data["levels"]["full"]["f1"] == pytest.approx(2 * 0.25 * 0.2 / 0.45)


def test_hand_computed_exact_mode():
    r = score(SYSTEM, gold=DOCS, match="exact", bootstrap=0)
    assert levels(r) == {"quote": (1, 3, 4), "speaker": (1, 3, 4), "stance": (1, 3, 4), "full": (1, 3, 4)}


def test_threshold_decides_partial_matches():
    # p2 shares 3 of 4 gold tokens (0.75), p3 4 of 5 (0.8)
    assert levels(score(SYSTEM, gold=DOCS, threshold=0.76, bootstrap=0))["quote"] == (2, 2, 3)
    assert levels(score(SYSTEM, gold=DOCS, threshold=0.81, bootstrap=0))["quote"] == (1, 3, 4)


def test_hand_computed_soft_credit():
    r = score(SYSTEM, gold=DOCS, bootstrap=0)
    soft = r.data["soft"]
    assert (soft["precision"], soft["recall"]) == pytest.approx((3 / 4, (1 + 0.75 + 0.8) / 5))
    s = score(SYSTEM, gold=DOCS, match="soft", bootstrap=0).data["levels"]
    assert (s["quote"]["precision"], s["quote"]["recall"]) == pytest.approx((0.75, 0.51))
    assert (s["speaker"]["precision"], s["speaker"]["recall"]) == pytest.approx((2 / 4, 1.8 / 5))
    assert s["speaker"]["tp"] == 2


def test_stance_breakdown_and_confusion():
    stance = score(SYSTEM, gold=DOCS, bootstrap=0).data["stance"]
    assert stance["per_class"]["claim"] == pytest.approx(
        {"precision": 2 / 3, "recall": 2 / 3, "f1": 2 / 3, "support": 3, "predicted": 3, "tp": 2})
    assert stance["per_class"]["denial"]["f1"] == 0.0 and stance["per_class"]["accusation"]["support"] == 1
    assert stance["macro_f1"] == pytest.approx(2 / 9)
    assert stance["confusion"] == {"labels": ["claim", "denial", "accusation"],
                                   "matrix": [[2, 0, 0], [1, 0, 0], [0, 0, 0]]}


def test_type_phenomenon_and_document_breakdowns():
    d = score(SYSTEM, gold=DOCS, bootstrap=0).data
    assert d["by_type"]["indirect"]["support"] == 3 and d["by_type"]["indirect"]["recall"]["quote"] == pytest.approx(2 / 3)
    assert d["by_type"]["direct"]["tp"] == {"quote": 1, "speaker": 0, "stance": 1, "full": 0}
    assert d["by_type"]["indirect"]["predicted"] == 1 and d["by_type"]["indirect"]["precision"] == 1.0
    assert d["by_phenomenon"]["pronoun_speaker"]["tp"] == {"quote": 1, "speaker": 0, "stance": 1, "full": 0}
    assert d["by_phenomenon"]["discontinuous"]["support"] == 1
    assert d["by_document"]["d2"]["quote"] == {"tp": 0, "fp": 0, "fn": 1, "precision": None, "recall": 0.0, "f1": 0.0}
    assert d["by_document"]["d1"]["quote"]["tp"] == 3


def test_error_categories_cover_every_item():
    errors = score(SYSTEM, gold=DOCS, bootstrap=0, errors=True).data["errors"]
    got = sorted((e["category"], e["doc_id"], e["gold_id"], e["pred_id"]) for e in errors)
    assert got == sorted([("COR", "d1", "A1", "p1"), ("INC", "d1", "A2", "p2"), ("INC", "d1", "A3", "p3"),
                          ("MIS", "d1", "A4", None), ("MIS", "d2", "A1", None), ("SPU", "d1", None, "p4")])
    inc = {e["pred_id"]: e["detail"] for e in errors if e["category"] == "INC"}
    assert inc["p2"] == "speaker 'she', gold E1 (Ana Lopez)"
    assert inc["p3"] == "stance claim, gold denial"
    partial = score([dict(SYSTEM[1], speaker="Ana Lopez")], gold=DOCS, bootstrap=0, errors=True).data["errors"]
    assert partial[0]["category"] == "PAR" and partial[0]["overlap"] == 0.75


@pytest.mark.parametrize("how", ["names", "spans", "text"])
@pytest.mark.parametrize("mode", ["exact", "overlap", "soft"])
def test_fixture_gold_against_itself_scores_one(mode, how):
    r = score(gold_predictions(DOCS, how), gold=DOCS, match=mode, bootstrap=0)
    assert all(v["f1"] == 1.0 for v in r.data["levels"].values())
    assert r.data["soft"]["f1"] == 1.0 and r.data["stance"]["macro_f1"] == 1.0
    assert r.data["unaligned"] == 0


@pytest.mark.parametrize("how", ["names", "spans", "text"])
@pytest.mark.parametrize("mode", ["exact", "overlap", "soft"])
def test_shipped_gold_against_itself_scores_one(mode, how):
    gold = benchmark.load_gold()
    r = benchmark.score(gold_predictions(gold, how), match=mode, bootstrap=100, split="all")
    for name, v in r.data["levels"].items():
        assert (name, v["precision"], v["recall"], v["f1"]) == (name, 1.0, 1.0, 1.0)
        assert v["ci"]["f1"] == [1.0, 1.0]
    assert r.data["soft"]["f1"] == 1.0 and r.data["stance"]["macro_f1"] == 1.0
    assert r.data["unaligned"] == 0
    assert r.signature.startswith(f"quotebench:{benchmark.__version__}|data:{benchmark.corpus.dataset_version()}/all@")
    assert f"|docs:{len(gold)}|" in r.signature


def _shift_one_token(doc, a):
    toks = tokenize(doc.text)
    starts = [s for s, _ in toks]
    s, e = a.content[0].start, a.content[-1].end
    i = next(k for k, t in enumerate(toks) if t[0] >= s)
    j = max(k for k, t in enumerate(toks) if t[1] <= e)
    ns, ne = starts[i + 1], toks[min(j + 1, len(toks) - 1)][1]
    return {"doc_id": doc.doc_id, "content_spans": [{"start": ns, "end": ne}], "stance": a.stance}


def test_shifting_every_span_by_one_token_matches_in_overlap_mode_only():
    gold = benchmark.load_gold(split="seed")  # its contents are long enough for a one-token shift
    preds = [_shift_one_token(d, a) for d in gold for a in d.attributions]
    over = benchmark.score(preds, match="overlap", bootstrap=0).data["levels"]["quote"]
    exact = benchmark.score(preds, match="exact", bootstrap=0).data["levels"]["quote"]
    n = sum(len(d.attributions) for d in gold)
    assert (over["tp"], over["f1"]) == (n, 1.0)
    assert exact["tp"] == 0


def test_duplicates_are_scored_not_merged():
    r = score([SYSTEM[0], dict(SYSTEM[0])], gold=DOCS, bootstrap=0)
    assert levels(r)["quote"] == (1, 1, 4)


def test_documents_without_predictions_are_all_missed():
    r = score([], gold=DOCS, bootstrap=0)
    assert levels(r)["quote"] == (0, 0, 5) and r.data["levels"]["quote"]["recall"] == 0.0


def test_gold_without_stance_makes_stance_levels_not_applicable():
    plain = tuple(replace(d, attributions=tuple(replace(a, stance=None) for a in d.attributions)) for d in DOCS)
    r = score(SYSTEM, gold=plain, bootstrap=0)
    assert r.data["levels"]["stance"] is None and r.data["levels"]["full"] is None and r.data["stance"] is None
    assert levels(r)["speaker"] == (2, 2, 3)
    frame = r.to_frame()
    assert frame.set_index("level").loc["stance"].drop("signature").isna().all()
    assert "n/a" in str(r)
    assert r.signature.split("|")[1].startswith("data:custom@")


@pytest.mark.parametrize("pred, right", [
    ({"speaker": "ana lopez"}, True),                        # case folded
    ({"speaker": "Mayor Ana-Lopez"}, False),                  # punctuation dropped: "mayor analopez"
    ({"speaker": "LOPEZ."}, True),                            # alias, punctuation folded
    ({"speaker": "she"}, False),                              # bare pronoun
    ({"speaker": "she", "speaker_span": "she"}, True),        # pronoun with a span on a mention
    ({"speaker_span": "Mayor"}, True),                        # partial overlap with a mention
    ({"speaker": "The council"}, False),                      # another entity
    ({}, False),
])
def test_speaker_rule(pred, right):
    p = {"doc_id": "d1", "content_spans": [span(D1, "We are ready,")], "stance": "claim"}
    if "speaker" in pred:
        p["speaker"] = pred["speaker"]
    if "speaker_span" in pred:
        p["speaker_span"] = span(D1, pred["speaker_span"])
    r = score([p], gold=DOCS, bootstrap=0)
    assert r.data["levels"]["speaker"]["tp"] == int(right)


def test_tie_goes_to_the_duplicate_with_the_right_attributes_whatever_the_order():
    wrong = dict(SYSTEM[0], stance="denial", speaker="nobody")
    for preds in ([wrong, SYSTEM[0]], [SYSTEM[0], wrong]):
        assert levels(score(preds, gold=DOCS, bootstrap=0))["full"] == (1, 1, 4)


def _core(result):
    d = result.to_dict()
    d.pop("settings")
    return d


random_preds = st.lists(st.tuples(st.sampled_from(["d1", "d2"]), st.integers(0, 150), st.integers(1, 60),
                                  st.sampled_from(["claim", "denial", "accusation", None]),
                                  st.sampled_from(["Ana Lopez", "she", "Ben Tate", None])), max_size=12)


def _materialise(rows):
    texts = {d.doc_id: d.text for d in DOCS}
    out = []
    for doc_id, s, n, stance, speaker in rows:
        t = texts[doc_id]
        s = min(s, len(t) - 1)
        e = min(len(t), s + n)
        while trim(t, s, e)[0] >= trim(t, s, e)[1]:  # a span of only spaces or quotes is an input error
            s, e = (s, e + 1) if e < len(t) else (s - 1, e)
        out.append({"doc_id": doc_id, "content_spans": [{"start": s, "end": e}], "stance": stance, "speaker": speaker})
    return out


@settings(max_examples=60, deadline=None)
@given(random_preds, st.sampled_from(["exact", "overlap", "soft"]), st.randoms(use_true_random=False))
def test_scores_are_bounded_and_independent_of_order(rows, mode, rnd):
    preds = _materialise(rows)
    r = score(preds, gold=DOCS, match=mode, bootstrap=20)
    for v in list(r.data["levels"].values()) + [r.data["soft"]]:
        assert all(v[m] is None or 0.0 <= v[m] <= 1.0 for m in ("precision", "recall", "f1"))
        assert (v["precision"] is None) == (v["tp"] + v["fp"] == 0) and (v["recall"] is None) == (v["tp"] + v["fn"] == 0)
        assert all(x is None or 0.0 <= x <= 1.0 for m in ("precision", "recall", "f1") for x in v["ci"][m])
    shuffled = list(preds)
    rnd.shuffle(shuffled)
    r2 = score(shuffled, gold=tuple(reversed(DOCS)), match=mode, bootstrap=20)
    a, b = _core(r), _core(r2)
    a.pop("signature"), b.pop("signature")  # the text hash follows document order
    assert a == b


def test_bootstrap_is_deterministic_and_seeded():
    a = score(SYSTEM, gold=DOCS, bootstrap=300, seed=5).data["levels"]["quote"]["ci"]
    b = score(SYSTEM, gold=DOCS, bootstrap=300, seed=5).data["levels"]["quote"]["ci"]
    c = score(SYSTEM, gold=DOCS, bootstrap=300, seed=6).data["levels"]["quote"]["ci"]
    assert a == b  # seeds changing the draws is tested in test_stats.py
    for ci in (a, c):
        assert ci["f1"][0] <= 2 * 0.75 * 0.6 / 1.35 <= ci["f1"][1]


def test_signature_names_every_setting():
    r = score(SYSTEM, gold=DOCS, match="overlap", threshold=0.6, bootstrap=200, seed=9)
    assert re.fullmatch(r"quotebench:0\.1\.0\|data:custom@[0-9a-f]{8}\|docs:2\|match:overlap@0\.6\|boot:200@9/doc",
                        r.signature)  # two documents: resampled by document
    assert score(SYSTEM, gold=DOCS, match="exact", bootstrap=0, resample="attribution").signature.endswith(
        "|match:exact|boot:0@12345")
    assert score(SYSTEM, gold=DOCS[:1], bootstrap=0).signature.endswith("|boot:0@12345")  # one document
    from benchmark.signature import parse_signature

    assert parse_signature(r.signature)["threshold"] == 0.6 and parse_signature(r.signature)["resample"] == "document"


def test_jobs_give_the_same_result_as_one_process(tmp_path):
    big = tmp_path / "corpus.jsonl"
    rng = random.Random(3)
    lines = CORPUS.read_text().splitlines()
    docs = []
    for n in range(150):  # enough documents for several chunks
        d = DOCS[n % 2]
        docs.append(replace(d, doc_id=f"{d.doc_id}-{n}"))
    benchmark.corpus.write_jsonl(docs, big)
    preds = []
    for d in docs:
        for p in SYSTEM if d.doc_id.startswith("d1") else []:
            if rng.random() < 0.7:
                preds.append(dict(p, doc_id=d.doc_id))
    one = score(preds, gold=str(big), bootstrap=50)
    two = score(preds, gold=str(big), bootstrap=50, jobs=2)
    assert one.to_dict() == two.to_dict()
    assert lines  # the fixture file is not empty


def test_result_renders_as_table_frame_html_and_markdown():
    r = score(SYSTEM, gold=DOCS, bootstrap=100)
    frame = r.to_frame()
    assert list(frame.columns) == ["level", "tp", "fp", "fn", "precision", "recall", "f1", "precision_lo",
                                   "precision_hi", "recall_lo", "recall_hi", "f1_lo", "f1_hi", "count", "of", "share",
                                   "signature"]
    # every row the table prints
    listed = frame["level"].tolist()
    assert listed[:9] == ["quote", "speaker", "stance", "full", "quote_soft", "stance_macro_f1",
                          "stance:claim", "stance:denial", "stance:accusation"]
    assert listed[-3:] == ["invented", "misquoted", "speaker_unnamed"]
    # recall by type and phenomenon, per level, as the table prints it
    by_type = {k: v for k, v in r.data["by_type"].items()}
    assert [x for x in listed if x.startswith("type:")] == [f"type:{t}:{lv}" for t in by_type
                                                            for lv in ("quote", "speaker", "stance", "full")]
    row = frame.set_index("level").loc["type:direct:quote"]
    assert (row["tp"], row["count"], row["recall"]) == (by_type["direct"]["tp"]["quote"], by_type["direct"]["support"],
                                                        by_type["direct"]["recall"]["quote"])
    # by hand: p1 and p2 claim and right, p3 claim for a denial, p4 a spurious denial; gold 3 claims,
    # 1 denial, 1 accusation
    by = frame.set_index("level")
    assert (by.loc["stance:claim", "tp"], by.loc["stance:claim", "fp"], by.loc["stance:claim", "fn"]) == (2, 1, 1)
    assert by.loc["stance:claim", "precision"] == pytest.approx(2 / 3)
    assert (by.loc["stance:accusation", "fn"], by.loc["stance:denial", "fp"]) == (1, 1)
    assert r.level_frame()["level"].tolist() == ["quote", "speaker", "stance", "full"]
    assert frame.loc[0, "tp"] == 3
    text = str(r)
    assert "quote" in text and r.signature in text and "0.667" in text
    assert "<table" in r._repr_html_() and r.signature in r._repr_html_()
    assert "| quote | 0.750 |" in r.to_markdown()
    assert r.to_csv().splitlines()[1].startswith("quote,3,1,2,0.75,0.6")


def test_compare_returns_one_frame_for_several_systems():
    frame = compare({"sys": SYSTEM, "gold": gold_predictions(DOCS)}, gold=DOCS, bootstrap=50)
    assert frame.columns[0] == "system"
    levels_ = ["quote", "speaker", "stance", "full", "quote_soft", "stance_macro_f1"]
    assert frame[frame.system == "sys"]["level"].tolist()[:6] == levels_
    assert frame[frame.system == "sys"]["level"].tolist()[-3:] == ["invented", "misquoted", "speaker_unnamed"]
    assert frame["signature"].nunique() == 1 and frame["signature"][0] == frame.attrs["signature"]
    ref = frame[frame.system == "sys"]
    assert ref["f1_p"].isna().all()  # the reference is not tested against itself
    other = frame[frame.system == "gold"].set_index("level")
    tests = frame.attrs["significance"].set_index("metric")
    assert other.loc["quote", "f1_p"] == tests.loc["quote f1", "p_value"] and 0 < other.loc["quote", "f1_p"] <= 1
    assert other.loc["stance_macro_f1", "f1_p"] == tests.loc["stance macro-F1", "p_value"]
    macro = frame[(frame.system == "sys") & (frame.level == "stance_macro_f1")].iloc[0]
    assert macro["f1"] == pytest.approx(2 / 9) and macro["f1_lo"] <= macro["f1"] <= macro["f1_hi"]
    assert frame.attrs["signature"].startswith("quotebench:")


def test_significance_gives_a_p_value_per_headline_metric():
    t = significance(gold_predictions(DOCS), SYSTEM, gold=DOCS, bootstrap=500, resample="attribution")
    assert t["metric"].tolist()[:3] == ["quote precision", "quote recall", "quote f1"]
    assert t["metric"].tolist()[-1] == "stance macro-F1"
    row = t.set_index("metric").loc["full f1"]
    assert row["a"] == 1.0 and row["difference"] > 0.7
    assert 0 < row["p_value"] < 0.1
    same = significance(SYSTEM, SYSTEM, gold=DOCS, bootstrap=200)
    assert (same["p_value"] == 1.0).all()
    # by document (the default on two documents): only 4 ways to swap 2 documents, so p >= 1/4
    by_doc = significance(gold_predictions(DOCS), SYSTEM, gold=DOCS, bootstrap=500)
    assert by_doc.attrs["resample"] == "document" and by_doc["p_value"].min() > 0.2


def test_dataset_predictions():
    import datasets

    ds = datasets.Dataset.from_list([{k: p.get(k) for k in ("doc_id", "content_spans", "stance", "speaker")} for p in SYSTEM[:1]])
    assert levels(score(ds, gold=DOCS, bootstrap=0))["full"] == (1, 0, 4)


def test_text_only_predictions_count_unaligned():
    preds = [{"doc_id": "d1", "content": "the bridge will reopen in May"},
             {"doc_id": "d1", "content": "the mayor resigned over the scandal yesterday"}]
    r = score(preds, gold=DOCS, bootstrap=0)
    assert r.data["unaligned"] == 1 and levels(r)["quote"] == (1, 1, 4)


def _gold_speaker_tp(**speaker):
    """Speaker-level TP of one prediction with A14's exact content and the given speaker fields."""
    doc = benchmark.load_gold()[0]
    a14 = next(a for a in doc.attributions if a.id == "A14")
    p = {"doc_id": doc.doc_id, "content_spans": [a14.content[0].to_dict()], "stance": "claim", **speaker}
    return score([p], bootstrap=0).data["levels"]["speaker"]["tp"]


def _span_of(text, occurrence_after=None):
    doc = benchmark.load_gold()[0]
    start = doc.text.index(text, doc.text.index(occurrence_after) if occurrence_after else 0)
    return {"start": start, "end": start + len(text)}


def test_a_span_over_the_whole_document_is_not_a_speaker():
    doc = benchmark.load_gold()[0]
    assert _gold_speaker_tp(speaker_span={"start": 0, "end": len(doc.text)}) == 0


def test_a_span_over_the_whole_sentence_with_the_mention_is_not_a_speaker():
    # the sentence holds only the gold speaker's mention, so "overlaps it best" alone would
    # give credit; the span also covers the quote, so it is not a speaker
    sentence = ("As of Wednesday, Russia lost a total of 191,940 military personnel in combat, "
                "according to estimates from the Ministry of Defense of Ukraine.")
    assert _gold_speaker_tp(speaker_span=_span_of(sentence)) == 0
    assert _gold_speaker_tp(speaker_span=_span_of("Russia lost a total of 191,940 military personnel in combat, "
                                                  "according to estimates from the Ministry")) == 0
    assert _gold_speaker_tp(speaker_span=_span_of("according to estimates from the Ministry of Defense of Ukraine")) == 1


def test_speaker_span_names_the_mention_it_overlaps_best():
    # A14's source is `the Ministry of Defense of Ukraine`; a span over the whole clause
    # `estimates from the Ministry of Defense of Ukraine` still names that mention best
    assert _gold_speaker_tp(speaker_span=_span_of("estimates from the Ministry of Defense of Ukraine")) == 1
    assert _gold_speaker_tp(speaker_span=_span_of("Ministry")) == 1
    # a span on another entity's mention is wrong
    assert _gold_speaker_tp(speaker_span=_span_of("Reuters")) == 0


@pytest.mark.parametrize("name, right", [
    ("the Ukrainian Defense Ministry", True),     # the article's own wording (a name mention)
    ("Ukrainian Defense Ministry", True),          # alias
    ("The Ministry of Defense of Ukraine", True),  # name mention with its article
    ("Ministry", False),                           # not a name of the entity
    ("Reuters", False),
])
def test_speaker_string_may_be_the_article_wording(name, right):
    assert _gold_speaker_tp(speaker=name) == int(right)


def test_spokesman_span_with_its_modifier_goes_to_the_spokesman_not_the_principal():
    doc = benchmark.load_gold()[0]
    a3 = next(a for a in doc.attributions if a.id == "A3")
    p = {"doc_id": doc.doc_id, "content_spans": [a3.content[0].to_dict()], "stance": "accusation",
         "speaker_span": _span_of("A spokesman for Zelensky")}
    assert score([p], bootstrap=0).data["levels"]["speaker"]["tp"] == 1   # Nykyforov (E2)


def test_initials_are_names_and_a_leading_the_does_not_hide_a_pronoun():
    from benchmark.model import Attribution, Entity, Mention, SourceRef, Span

    text = 'The WHO said the virus spreads. The US said it would help. He said "no."'
    who, us = Span(4, 7, "WHO"), Span(36, 38, "US")
    he = Span(text.index("He said"), text.index("He said") + 2, "He")
    c1 = Span(text.index("the virus"), text.index(" spreads") + 8, "the virus spreads")
    c2 = Span(text.index("it would"), text.index("help") + 4, "it would help")
    c3 = Span(text.index("no."), text.index("no.") + 3, "no.")
    doc = Document(doc_id="d", text=text, text_sha256=benchmark.model.sha256_text(text), entities=(
        Entity("E1", "World Health Organization", "organisation", ("WHO",), (Mention("M1", who, "name"),)),
        Entity("E2", "United States", "government", ("US", "U.S."), (Mention("M2", us, "name"),)),
        Entity("E3", "Ann Lee", "person", (), (Mention("M3", he, "pronoun"),))),
        attributions=(
            Attribution("A1", (c1,), "indirect", "claim", SourceRef("E1", "M1")),
            Attribution("A2", (c2,), "indirect", "claim", SourceRef("E2", "M2")),
            Attribution("A3", (c3,), "direct", "denial", SourceRef("E3", "M3"))))

    def speaker_tp(name, gold_id):
        a = next(x for x in doc.attributions if x.id == gold_id)
        pred = {"doc_id": "d", "content_spans": [{"start": a.content[0].start, "end": a.content[0].end}],
                "speaker": name}
        return benchmark.score([pred], gold=[doc], bootstrap=0).data["levels"]["speaker"]["tp"]

    assert speaker_tp("WHO", "A1") == 1 and speaker_tp("US", "A2") == 1 and speaker_tp("U.S.", "A2") == 1
    assert speaker_tp("who", "A1") == 0  # the pronoun, not the organisation
    assert speaker_tp("He", "A3") == 0 and speaker_tp("the He", "A3") == 0


def test_errors_frame_holds_both_sides_of_every_item():
    """`Result.errors`: one typed row per item, the prediction as written beside what it was
    aligned to, both speakers and stances, and the verdict's flags (hand-checked on DOCS)."""
    r = score(SYSTEM, gold=DOCS, bootstrap=0, errors=True)
    frame = r.errors
    from benchmark.scorer import ERROR_COLUMNS

    assert tuple(frame.columns) == ERROR_COLUMNS and len(frame) == 6
    assert str(frame["line"].dtype) == "Int64" and str(frame["speaker_correct"].dtype) == "boolean"
    by_pred = {row.pred_id: row for row in frame.itertuples() if row.pred_id}
    p2 = by_pred["p2"]
    assert (p2.verdict, p2.gold_speaker, p2.pred_speaker, p2.speaker_correct, p2.stance_correct) == \
        ("incorrect", "Ana Lopez", "she", False, True)
    p3 = by_pred["p3"]
    assert (p3.gold_stance, p3.pred_stance, p3.stance_correct) == ("denial", "claim", False)
    missed = frame[frame.verdict == "missed"]
    assert missed["pred_id"].isna().all() and missed["line"].isna().all()
    assert missed["speaker_correct"].isna().all() and set(missed["doc_id"]) == {"d1", "d2"}
    spurious = frame[frame.verdict == "spurious"].iloc[0]
    assert spurious.gold_id is None or spurious.gold_id != spurious.gold_id  # absent
    for row in frame.itertuples():
        text = r.texts[row.doc_id]
        if row.gold_spans is not None:
            assert row.gold_text == " … ".join(text[a:b] for a, b in row.gold_spans)
        if row.aligned_spans is not None:
            assert row.aligned_text == " … ".join(text[a:b] for a, b in row.aligned_spans)


def test_errors_keep_the_written_content_of_a_raw_answer(tmp_path):
    """A prediction given as text: `pred_text` is what the system wrote (here with a changed
    word, so misquoted), `aligned_text` the document's words it was aligned to."""
    from benchmark.corpus import load_gold

    doc = load_gold(split="seed")[0]
    a = next(x for x in doc.attributions if x.type == "direct")
    words = a.content[0].text.split()
    written = " ".join(words[:-1] + [words[-1].upper() + "X"])
    r = score([{"doc_id": doc.doc_id, "content": written}, {"doc_id": doc.doc_id, "content": "words that no article has"}],
              split="seed", bootstrap=0, errors=True)
    f = r.errors
    hit = f[f.gold_id == a.id].iloc[0]
    assert hit.pred_text == written and hit.aligned_text != written and hit.misquoted
    assert "misquoted" in hit.detail
    invented = f[f.invented]
    assert list(invented["pred_text"]) == ["words that no article has"]
    assert invented["aligned_spans"].isna().all() and (invented["verdict"] == "spurious").all()


def test_error_table_formats_are_one_typed_table(tmp_path):
    """`--errors --format csv|json|markdown` writes the error table and nothing else."""
    import io
    import json as _json
    import subprocess
    import sys

    import pandas as pd

    pred = tmp_path / "p.jsonl"
    pred.write_text("".join(_json.dumps(p) + "\n" for p in SYSTEM))

    def run(fmt):
        r = subprocess.run([sys.executable, "-m", "benchmark.cli", "score", str(pred), "--gold", str(CORPUS),
                            "--errors", "--format", fmt, "--bootstrap", "0"], capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
        return r.stdout

    out = run("csv")
    assert "\nd1,correct,False,False,A1,p1,1,indirect," in out  # line numbers are written as integers
    frame = pd.read_csv(io.StringIO(out), dtype_backend="numpy_nullable")
    assert len(frame) == 6 and list(frame.columns)[:3] == ["doc_id", "verdict", "invented"]
    assert list(frame.columns)[-1] == "signature" and frame["signature"].nunique() == 1
    assert str(frame["line"].dtype) == "Int64" and sorted(frame["line"].dropna().tolist()) == [1, 2, 3, 4]
    assert str(frame["invented"].dtype) == "boolean" and str(frame["overlap"].dtype) == "Float64"
    p1 = frame[frame.pred_id == "p1"].iloc[0]
    start = D1.text.index("the bridge will reopen in May")
    assert _json.loads(p1["aligned_spans"]) == [[start, start + len("the bridge will reopen in May")]]
    rows = _json.loads(run("json"))
    assert isinstance(rows, list) and len(rows) == 6
    assert sorted(x["line"] for x in rows if x["line"] is not None) == [1, 2, 3, 4]
    assert {x["verdict"] for x in rows} == {"correct", "incorrect", "missed", "spurious"}
    lines = run("markdown").strip().splitlines()
    assert len(lines) == 2 + 6 and lines[0].startswith("| doc_id | verdict |")


def test_the_python_api_explains_itself():
    """help() documents every setting; an unknown one lists the valid ones."""
    import inspect

    from benchmark.scoring.settings import Settings

    for fn in (benchmark.score, benchmark.compare):
        doc = inspect.getdoc(fn)
        params = inspect.signature(fn).parameters
        for name in Settings.__dataclass_fields__:
            if name == "errors" and fn is benchmark.compare:
                continue
            assert name in params and f"{name}" in doc, (fn.__name__, name)
        assert "Returns:" in doc and "Example:" in doc
    with pytest.raises(TypeError, match=r"'thresold' \(did you mean 'threshold'\?\); valid settings: match, threshold"):
        benchmark.score(SYSTEM, gold=DOCS, thresold=0.3)
    with pytest.raises(TypeError, match="valid settings"):
        benchmark.compare({"a": SYSTEM}, gold=DOCS, boostrap=10)


@pytest.mark.parametrize("view", ["attributions", "documents"])
def test_the_packages_own_views_score_perfectly(view):
    r = benchmark.score(benchmark.load_dataset(view, split="seed"), bootstrap=0)
    assert all(r["levels"][lv]["f1"] == 1.0 for lv in ("quote", "speaker", "stance", "full"))


def test_a_dataframe_of_predictions_scores_as_its_dicts():
    import pandas as pd

    frame = pd.DataFrame(SYSTEM)  # p2 has no speaker_span, p4 no speaker: NaN cells are absent fields
    assert score(frame, gold=DOCS, bootstrap=0)["levels"] == score(SYSTEM, gold=DOCS, bootstrap=0)["levels"]
    for name in ("attributions", "documents"):  # nested numpy arrays in the documents view's cells
        view = benchmark.load_dataset(name, split="dev").to_pandas()
        assert benchmark.score(view, bootstrap=0)["levels"]["full"]["f1"] == 1.0, name
