"""The HTML error report without a browser: structure, counts, escaping, self-containment,
the command's errors. (tests/test_report_browser.py runs the page's JS in Chromium.)

Every check parses the HTML into a DOM (tests/fixtures/report_dom.py) and asserts on
elements, attributes and text, so a string that escaped escaping shows up as an element
or attribute that should not exist.
"""
from __future__ import annotations

import importlib.util
import json
import re
from collections import Counter
from pathlib import Path

import pytest

import benchmark
from benchmark.cli import main
from benchmark.llm.score import score_answers
from benchmark.report import render_fragment, render_report, result_html, result_repr_html
from benchmark.report.items import VERDICTS, clean_row
from benchmark.report.documents import marked_text
from benchmark.report.page import asset
from benchmark.report.segments import Mark, segment

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"
LLM_EXAMPLE = HERE.parent / "benchmark" / "llm" / "examples" / "seed_responses.jsonl"
HOSTILE_PREDICTIONS = FIXTURES / "report_hostile_predictions.jsonl"
SEED_ID = "000_5b1153c0ab497b78"


def _load(name):
    spec = importlib.util.spec_from_file_location(name, FIXTURES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


dom = _load("report_dom")
hostile = _load("report_hostile")


@pytest.fixture(scope="module")
def llm_result():
    return score_answers(str(LLM_EXAMPLE), split="seed", errors=True, bootstrap=50)


@pytest.fixture(scope="module")
def hostile_result():
    return benchmark.score(str(HOSTILE_PREDICTIONS), split="seed", errors=True, bootstrap=0)


def _marked_items(root) -> Counter:
    """Distinct items marked in the text, per verdict (a segment names the items covering it)."""
    verdict_of = {c.attrs["data-i"]: c.attrs["data-verdict"] for c in root.find_all("li", cls="qb-item")}
    keys = {k for seg in root.find_all("span", cls="qb-seg") for k in seg.attrs["data-i"].split()}
    return Counter(verdict_of[k] for k in keys)


def _has_spans(row) -> bool:
    return any(row[c] for c in ("gold_spans", "aligned_spans", "gold_cue_spans", "gold_speaker_spans",
                                "pred_speaker_span") if row[c] is not None)


# --- segments: overlapping, nested and discontinuous spans -------------------------------

def test_segments_cut_at_every_boundary_and_carry_every_covering_mark():
    text = "He said that we will win and then we rest."
    marks = [Mark(13, 27, "gold_content", "g"),       # "we will win an" .. overlapping
             Mark(16, 41, "pred_content", "p"),       # starts inside gold, ends after it
             Mark(3, 7, "gold_cue", "g"),             # cue outside content
             Mark(0, 2, "gold_speaker", "g"),
             Mark(36, 41, "gold_content", "g2")]      # a second attribution inside the prediction
    segs = segment(text, marks)
    assert "".join(text[s.start:s.end] for s in segs) == text
    assert [s.start for s in segs] == [0, 2, 3, 7, 13, 16, 27, 36, 41]
    by_start = {s.start: s for s in segs}
    assert by_start[13].kinds == ("gold_content",)
    assert by_start[16].kinds == ("gold_content", "pred_content") and by_start[16].items == ("g", "p")
    assert by_start[27].kinds == ("pred_content",)
    assert by_start[36].kinds == ("gold_content", "pred_content") and set(by_start[36].items) == {"p", "g2"}
    assert by_start[41].marks == ()


def test_segments_of_discontinuous_content_and_cue_inside_content():
    text = '"Fans," he added, "deserve an answer."'
    marks = [Mark(1, 6, "gold_content", "a"), Mark(19, 37, "gold_content", "a"),
             Mark(0, 38, "pred_content", "b"), Mark(11, 16, "gold_cue", "a")]
    segs = segment(text, marks)
    covered = {(s.start, s.end): s.kinds for s in segs}
    assert covered[(1, 6)] == ("gold_content", "pred_content")
    assert covered[(6, 11)] == ("pred_content",)            # between the pieces: predicted only
    assert covered[(11, 16)] == ("pred_content", "gold_cue")
    assert covered[(19, 37)] == ("gold_content", "pred_content")


def test_bad_spans_are_clipped_or_dropped_not_fatal():
    segs = segment("abc", [Mark(-5, 2, "gold_content", "a"), Mark(2, 99, "pred_content", "b"),
                           Mark(2, 1, "gold_cue", "c"), Mark(1, 1, "gold_cue", "d")])
    assert [(s.start, s.end, s.kinds) for s in segs] == [(0, 2, ("gold_content",)), (2, 3, ("pred_content",))]


def test_marked_text_gives_each_segment_the_elements_of_all_its_marks():
    text = "Zelensky said: we fight here & there."

    def at(s):
        return ((text.index(s), text.index(s) + len(s)),)

    rows = [{"doc_id": "d", "verdict": "partial", "gold_id": "A1", "pred_id": "p1", "type": "direct",
             "phenomena": "", "gold_spans": at("we fight here & there"), "aligned_spans": at("said: we fight here "),
             "gold_cue_spans": at("said"), "gold_speaker_spans": at("Zelensky"), "pred_speaker_span": at("Zelensky")}]
    items = [clean_row(r, f"0-{k}") for k, r in enumerate(rows)]
    root = dom.parse(f"<div>{marked_text(text, items)}</div>")
    assert root.text() == text                                 # nothing lost, `&` back as text
    segs = root.find_all("span", cls="qb-seg")
    by_text = {s.text(): s for s in segs}
    cue = by_text["said"]                                      # cue inside predicted content
    assert cue.find("mark", cls="qb-pc") and cue.find("b", cls="qb-gq") and not cue.find("u")
    both = by_text["we fight here "]                           # gold and predicted overlap
    assert both.find("u", cls="qb-gc") and both.find("mark", cls="qb-pc")
    assert by_text["& there"].find("u", cls="qb-gc") and not by_text["& there"].find("mark")
    speaker = by_text["Zelensky"]
    assert speaker.find("i", cls="qb-gs") and speaker.find("em", cls="qb-ps")
    assert all(s.attrs["data-i"] == "0-0" for s in segs)


# --- the report of a real scoring ----------------------------------------------------------

def test_counts_in_the_page_equal_the_result(llm_result):
    errors = llm_result.errors
    root = dom.parse(render_report([("seed_responses", llm_result)], llm_result.texts))
    expected = Counter(errors["verdict"])
    cards = Counter(c.attrs["data-verdict"] for c in root.find_all("li", cls="qb-item"))
    assert cards == expected and expected["missed"] == 9 and expected["spurious"] == 1
    shown = {s.attrs["data-verdict-count"]: int(s.find("span", cls="qb-n").text())
             for s in root.find_all("span", cls="qb-count")}
    assert shown == {**{v: expected.get(v, 0) for v in VERDICTS},
                     "invented": int(errors["invented"].sum()), "misquoted": int(errors["misquoted"].sum())}
    assert shown["invented"] == 1 and shown["misquoted"] == 1
    with_spans = Counter(r["verdict"] for r in errors.to_dict("records") if _has_spans(r))
    assert _marked_items(root) == with_spans
    assert with_spans["spurious"] == 0 and with_spans["missed"] == 9   # the invented one has no place in the text
    frame = llm_result.level_frame()
    for r in frame.to_dict("records"):
        row = root.find("tr", data_level=r["level"])
        cells = {td.attrs["data-count"]: td.text() for td in row.find_all("td") if "data-count" in td.attrs}
        assert cells == {c: str(int(r[c])) for c in ("tp", "fp", "fn")}
        assert f"{r['f1']:.3f}" in row.text() and f"[{r['f1_lo']:.2f}, {r['f1_hi']:.2f}]" in row.text()
    data = json.loads(root.find("script", cls="qb-data").text())
    assert data["systems"][0]["counts"]["missed"] == 9 and data["documents"] == [SEED_ID]
    assert llm_result.signature in root.find("p", cls="qb-signature").text()
    extras = root.find("div", cls="qb-system").text()
    assert f"stance macro-F1 {llm_result['stance']['macro_f1']:.3f}" in extras
    assert "invented 1 of 8; misquoted 1 of 3" in extras
    assert len(root.find("svg", cls="qb-chart").find_all("rect")) == 4      # F1 of four levels


def test_document_text_is_rendered_whole_and_wrong_values_shown_side_by_side(llm_result):
    root = dom.parse(render_report([("seed_responses", llm_result)], llm_result.texts))
    body = root.find("div", cls="qb-text").text()
    assert body == llm_result.texts[SEED_ID].replace("\r\n", "\n")
    incorrect = [c for c in root.find_all("li", cls="qb-item") if c.attrs["data-verdict"] == "incorrect"]
    assert len(incorrect) == 1
    wrong = incorrect[0].find("tr", cls="qb-wrong")
    assert wrong.find("th").text() == "speaker"
    assert wrong.find("td", cls="qb-gold").text() == "Serhii Nykyforov" and wrong.find("td", cls="qb-pred").text() == "he"
    flags = Counter(b.text() for b in root.find_all("span", cls="qb-flag"))
    assert flags == {"invented": 1, "misquoted": 1}


def test_filters_and_summary_links_carry_their_state(llm_result):
    root = dom.parse(render_report([("seed_responses", llm_result)], llm_result.texts))
    link = root.find("span", data_verdict_count="missed").find("a")
    assert link.attrs["href"] == "#verdict=missed" and link.attrs["data-qb-state"] == "verdict=missed"
    selects = {s.attrs["data-qb-key"]: [o.attrs["value"] for o in s.find_all("option")]
               for s in root.find_all("select")}
    assert set(selects) == {"verdict", "stance", "type", "phenomenon", "doc"}
    assert "invented" in selects["verdict"] and "pronoun_speaker" in selects["phenomenon"]
    assert selects["type"] == ["", "direct", "indirect", "mixed"] and selects["doc"] == ["", SEED_ID]
    card = next(c for c in root.find_all("li", cls="qb-item") if c.attrs["data-verdict"] == "incorrect")
    assert json.loads(card.attrs["data-phen"]) == ["pronoun_speaker", "multi_sentence", "nested_source"]


def test_compare_shows_both_systems_on_the_same_text(llm_result, hostile_result):
    root = dom.parse(render_report([("seed_responses", llm_result), ("hostile", hostile_result)], llm_result.texts))
    doc = root.find("section", cls="qb-doc")
    cols = doc.find_all("div", cls="qb-col")
    assert [c.find("h3").text() for c in cols] == ["seed_responses", "hostile"]
    assert cols[0].find("div", cls="qb-text").text() == cols[1].find("div", cls="qb-text").text()
    assert Counter(c.attrs["data-verdict"] for c in cols[1].find_all("li", cls="qb-item")) == \
        Counter(hostile_result.errors["verdict"])
    systems = {r.find("td", cls="qb-sysname").text() for r in root.find("table", cls="qb-scores").find_all("tr")[1:]}
    assert systems == {"seed_responses", "hostile"}
    keys = [c.attrs["data-i"] for c in root.find_all("li", cls="qb-item")]
    assert len(keys) == len(set(keys))                          # item keys unique across columns


def test_command_compare_writes_one_page_with_both_systems(tmp_path, capsys):
    out = tmp_path / "report.html"
    other = tmp_path / "second.jsonl"
    other.write_text(HOSTILE_PREDICTIONS.read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["report", str(HOSTILE_PREDICTIONS), "--compare", str(other), "-o", str(out), "--bootstrap", "0"]) == 0
    root = dom.parse(out.read_text(encoding="utf-8"))
    assert [h.text() for h in root.find_all("h3", cls="qb-sys")] == ["report_hostile_predictions", "second"]
    assert "report of 2 system(s) on 1 document(s)" in capsys.readouterr().err


def test_command_from_llm_matches_the_result(tmp_path):
    out = tmp_path / "r.html"
    assert main(["report", str(LLM_EXAMPLE), "--from", "llm", "-o", str(out), "--bootstrap", "0"]) == 0
    root = dom.parse(out.read_text(encoding="utf-8"))
    assert Counter(c.attrs["data-verdict"] for c in root.find_all("li", cls="qb-item")) == \
        {"correct": 5, "incorrect": 1, "partial": 1, "missed": 9, "spurious": 1}


# --- escaping -------------------------------------------------------------------------------

def _assert_inert(root, scripts_allowed: int):
    """No element, attribute or script that the report does not write itself."""
    tags = {n.tag for n in root.iter()}
    assert not tags & {"img", "iframe", "object", "embed", "link", "base", "form", "input"}, tags
    assert [n.attrs.get("class") for n in root.find_all("svg")] == ["qb-chart"]
    assert not [n for n in root.iter() if n.tag in ("i", "b") and "onclick" in n.attrs]
    for n in root.iter():
        assert not [a for a in n.attrs if a.startswith("on")], (n.tag, n.attrs)
    scripts = root.find_all("script")
    assert len(scripts) == scripts_allowed
    data = [s for s in scripts if s.attrs.get("type") == "application/json"]
    code = [s for s in scripts if "type" not in s.attrs]
    assert len(data) == 1 and [s.text() for s in code] == [asset("report.js")] * len(code)
    raw = data[0].text()
    assert not set(raw) & set("<>&\u2028\u2029")  # written as \u escapes: no way to end the element
    json.loads(raw)  # whole: nothing ended the element early


def test_hostile_strings_in_predictions_render_as_text(hostile_result):
    name = "</script><script>document.body.setAttribute('data-pwned','name')</script>\u2028"
    page = render_report([(name, hostile_result)], hostile_result.texts)
    root = dom.parse(page)
    _assert_inert(root, scripts_allowed=2)
    assert json.loads(root.find("script", cls="qb-data").text())["systems"][0]["name"] == name
    assert root.find("h3", cls="qb-sys").text() == name
    rows = [json.loads(line) for line in HOSTILE_PREDICTIONS.read_text(encoding="utf-8").split("\n") if line]
    text = root.text()
    for value in (rows[0]["speaker"], rows[0]["cue"], rows[0]["id"], rows[1]["content"]):
        assert value in text
    spurious = next(c for c in root.find_all("li", cls="qb-item") if c.attrs["data-verdict"] == "spurious")
    assert spurious.find("td", cls="qb-pred").text() == rows[1]["content"]


def test_hostile_gold_file_names_and_ids_render_as_text(tmp_path):
    gold, pred = hostile.write_hostile_case(tmp_path)
    out = tmp_path / "report.html"
    assert main(["report", str(pred), "--gold", str(gold), "-o", str(out), "--bootstrap", "0"]) == 0
    page = out.read_text(encoding="utf-8")
    root = dom.parse(page)
    _assert_inert(root, scripts_allowed=2)
    assert root.find("h2", cls="qb-docid").text() == hostile.DOC_ID
    assert root.find("section", cls="qb-doc").attrs["data-doc"] == hostile.DOC_ID
    assert root.find("h3", cls="qb-sys").text() == hostile.SYSTEM_FILE
    assert hostile.SYSTEM_FILE in root.find("title").text()
    assert root.find("div", cls="qb-text").text() == hostile.TEXT
    card = root.find("li", cls="qb-item")
    speaker = next(r for r in card.find_all("tr", cls="qb-field") if r.find("th").text() == "speaker")
    assert "qb-wrong" in speaker.classes() and speaker.find("td", cls="qb-gold").text() == hostile.ENTITY
    data = json.loads(root.find("script", cls="qb-data").text())
    assert data["documents"] == [hostile.DOC_ID] and data["systems"][0]["name"] == hostile.SYSTEM_FILE
    index_link = root.find("details", cls="qb-index").find("a")
    assert index_link.attrs["href"].startswith("#doc=%3C%2Fscript%3E")
    assert root.find("option", value=hostile.DOC_ID) is not None


# --- self-containment, notebooks, no JS -----------------------------------------------------

def test_page_is_self_contained(llm_result):
    assert "http" not in llm_result.texts[SEED_ID]
    page = render_report([("seed_responses", llm_result)], llm_result.texts)
    assert "http://" not in page and "https://" not in page
    assert not re.search(r"(src|href)\s*=\s*[\"']?\s*//", page)
    root = dom.parse(page)
    for n in root.iter():
        assert "src" not in n.attrs, n.tag
        if "href" in n.attrs:
            assert n.attrs["href"].startswith("#")
    css = "".join(s.text() for s in root.find_all("style"))
    assert "url(" not in css and "@import" not in css and "@font-face" not in css
    csp = root.find("meta", http_equiv="Content-Security-Policy").attrs["content"]
    assert "default-src 'none'" in csp and "script-src 'sha256-" in csp


def test_notebook_fragment_is_scoped_and_two_fit_in_one_page(llm_result):
    fragment = result_repr_html(llm_result)
    root = dom.parse(fragment + fragment)
    assert not [n for n in root.iter() if "id" in n.attrs]     # nothing to collide between two reports
    assert len(root.find_all("div", cls="qb-report")) == 2
    assert all(r.attrs["data-qb-standalone"] == "0" for r in root.find_all("div", cls="qb-report"))
    css = re.sub(r"/\*.*?\*/", "", asset("report.css"), flags=re.S)
    selectors = [s.strip() for block in re.findall(r"([^{}]+)\{", css) for s in block.split(",")]
    assert selectors and all(s.startswith(".qb-report") for s in selectors), \
        [s for s in selectors if not s.startswith(".qb-report")]


def test_without_js_every_mark_is_a_visible_element_and_nothing_is_hidden(llm_result):
    root = dom.parse(render_fragment([("s", llm_result)], llm_result.texts))
    assert not [n for n in root.iter() if "hidden" in n.attrs]
    assert root.find("p", cls="qb-nojs") is not None
    segs = root.find_all("span", cls="qb-seg")
    assert segs
    # each marked segment wraps its text in an element with a default look (underline,
    # highlight, bold, italics), so marks show even where the report's CSS is stripped
    assert all(any(s.find(tag) for tag in ("u", "mark", "b", "i", "em")) for s in segs)


def test_result_page_and_a_result_without_errors(llm_result):
    root = dom.parse(result_html(llm_result))
    assert len(root.find_all("li", cls="qb-item")) == len(llm_result.errors)
    plain = benchmark.score(str(HOSTILE_PREDICTIONS), split="seed", bootstrap=0)
    root = dom.parse(result_html(plain))
    assert root.find("p", cls="qb-noerrors") is not None and not root.find_all("li", cls="qb-item")
    assert root.find("table", cls="qb-scores") is not None



# --- attacks: undecodable names, quadratic tooltips, bidi overrides -----------------------

def test_a_file_name_or_title_that_is_not_utf8_still_writes_the_page(tmp_path, capsys):
    """Bytes that are not UTF-8 in a file name or --title reach Python as lone surrogates
    (surrogate escapes), which no UTF-8 page can hold: they show as U+FFFD, no traceback."""
    pred = tmp_path / "bad\udcff\udcfename.jsonl"      # the file name has the bytes ff fe
    pred.write_bytes(HOSTILE_PREDICTIONS.read_bytes())
    out = tmp_path / "r.html"
    assert main(["report", str(pred), "--split", "seed", "-o", str(out), "--bootstrap", "0",
                 "--title", "T\udcff"]) == 0
    assert "Traceback" not in capsys.readouterr().err
    root = dom.parse(out.read_text(encoding="utf-8"))
    assert root.find("title").text() == "T\ufffd"
    assert root.find("h3", cls="qb-sys").text() == "bad\ufffd\ufffdname"
    assert json.loads(root.find("script", cls="qb-data").text())["systems"][0]["name"] == "bad\ufffd\ufffdname"


def _nested(n: int, id_length: int) -> list:
    text = "x" * (2 * n + 10)
    return [{"doc_id": "d", "id": "I" * id_length + str(k), "content_spans": [{"start": k, "end": len(text) - k}],
             "speaker": "s"} for k in range(n)], text


def test_nested_predictions_do_not_repeat_every_tooltip_line_in_every_segment():
    """A thousand nested spans put a thousand marks on most segments: the tooltip names a few
    and counts the rest, ids are cut short, each verdict is listed once (was 267 MB for 1,000
    nested predictions with 200-character ids; data-i alone still names every item)."""
    from benchmark.report.documents import TIP_ID, TIP_LINES

    preds, text = _nested(200, 500)
    gold = {"d": text}
    items = [{"key": f"0-{k}", "verdict": "spurious", "gold_id": None, "pred_id": p["id"], "gold_spans": (),
              "aligned_spans": ((p["content_spans"][0]["start"], p["content_spans"][0]["end"]),),
              "gold_cue_spans": (), "gold_speaker_spans": (), "pred_speaker_span": ()} for k, p in enumerate(preds)]
    root = dom.parse(marked_text(gold["d"], items))
    segs = root.find_all("span", cls="qb-seg")
    assert len(segs) == 2 * 200 - 1
    inner = segs[199]                                   # the middle: under every one of the 200
    assert len(inner.attrs["data-i"].split()) == 200
    assert inner.attrs["data-v"] == "spurious"
    lines = inner.attrs["title"].split("\n")
    assert len(lines) == TIP_LINES + 1 and lines[-1] == f"… and {200 - TIP_LINES} more"
    assert all(len(line) < TIP_ID + 60 for line in lines)
    assert sum(len(s.attrs["title"]) for s in segs) < 400 * (TIP_LINES + 1) * (TIP_ID + 60)


def test_ids_are_bidi_isolated_in_cards_and_tooltips(tmp_path):
    """A right-to-left override in an id must not reorder what follows it (`(line 3)`, the
    verdict in a tooltip): cards put ids in <bdi>, tooltips between FSI and PDI."""
    rlo = "\u202eevil"
    gold, pred = hostile.write_hostile_case(tmp_path)
    lines = [dict(p, id=rlo) for p in hostile.predictions()]
    pred.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in lines), encoding="utf-8")
    result = benchmark.score(str(pred), gold=str(gold), errors=True, bootstrap=0)
    root = dom.parse(render_report([("s", result)], result.texts))
    ids = root.find("li", cls="qb-item").find("span", cls="qb-ids")
    assert [b.text() for b in ids.find_all("bdi")] == ["A1", rlo]
    tips = [s.attrs["title"] for s in root.find_all("span", cls="qb-seg")]
    assert any(f"predicted \u2068{rlo}\u2069 (" in t for t in tips)

# --- the command's errors: one line, no file ------------------------------------------------

@pytest.mark.parametrize("case", ["missing_file", "bad_line", "missing_folder", "two_stdin", "split_and_gold"])
def test_command_errors_are_one_line(case, tmp_path, capsys):
    out = tmp_path / "r.html"
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"doc_id": "000_5b1153c0ab497b78", "content": \n', encoding="utf-8")
    argv = {"missing_file": [str(tmp_path / "nope.jsonl"), "-o", str(out)],
            "bad_line": [str(bad), "-o", str(out)],
            "missing_folder": [str(HOSTILE_PREDICTIONS), "-o", str(tmp_path / "no" / "r.html")],
            "two_stdin": ["-", "--compare", "-", "-o", str(out)],
            "split_and_gold": [str(HOSTILE_PREDICTIONS), "--gold", str(bad), "--split", "seed", "-o", str(out)]}[case]
    assert main(["report", *argv, "--bootstrap", "0"]) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    expected = {"missing_file": "nope.jsonl", "bad_line": "bad.jsonl:1", "missing_folder": "does not exist",
                "two_stdin": "standard input", "split_and_gold": "--split"}[case]
    assert expected in err
    assert not out.exists() and list(tmp_path.glob("*.part")) == [] and list(tmp_path.glob(".*part")) == []
