"""The HTML report in a real browser: headless Chromium runs the page's JS, and the test reads
the DOM after it ran (`--dump-dom`) and takes a screenshot (`--screenshot`).

No Python browser driver is needed: the page sets its filters from the URL hash
(`#verdict=missed`) with the same function a click on a summary link or a select calls, so
loading `report.html#verdict=missed` and dumping the DOM checks what a click would do.
Skipped, with the reason, only when no Chromium can be found or started. The screenshot of
the first document is written to $QUOTEBENCH_ARTIFACTS, else `artifacts/` in the repository.
"""
from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
from collections import Counter
from pathlib import Path
from urllib.parse import quote

import pytest

import benchmark
from benchmark.cli import main
from benchmark.llm.score import score_answers
from benchmark.report import render_fragment, render_report

HERE = Path(__file__).parent
REPO = HERE.parent
FIXTURES = HERE / "fixtures"
LLM_EXAMPLE = REPO / "benchmark" / "llm" / "examples" / "seed_responses.jsonl"
HOSTILE_PREDICTIONS = FIXTURES / "report_hostile_predictions.jsonl"
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")


def _load(name):
    spec = importlib.util.spec_from_file_location(name, FIXTURES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


dom = _load("report_dom")
hostile = _load("report_hostile")


class Chromium:
    def __init__(self, binary: str, profile: Path):
        self.binary, self.profile = binary, profile

    def _run(self, *args, timeout=120) -> subprocess.CompletedProcess:
        cmd = [self.binary, "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run",
               "--disable-dev-shm-usage", "--disable-extensions", f"--user-data-dir={self.profile}", *args]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)

    def dom(self, url: str):
        """The DOM once the page's scripts ran (virtual time lets timers and load finish)."""
        done = self._run("--virtual-time-budget=5000", "--dump-dom", url)
        assert done.returncode == 0 and "<html" in done.stdout, done.stderr[-2000:]
        return dom.parse(done.stdout)

    def screenshot(self, url: str, path: Path, size="1280,1800") -> None:
        done = self._run("--virtual-time-budget=5000", f"--screenshot={path}", f"--window-size={size}",
                         "--hide-scrollbars", url)
        assert done.returncode == 0 and path.exists(), done.stderr[-2000:]


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    binary = os.environ.get("QUOTEBENCH_CHROMIUM") or next(filter(None, map(shutil.which, BROWSERS)), None)
    if not binary:
        pytest.skip("no headless Chromium: install it (Debian: apt-get install chromium) or set QUOTEBENCH_CHROMIUM")
    chromium = Chromium(binary, tmp_path_factory.mktemp("chromium-profile"))
    probe = tmp_path_factory.mktemp("probe") / "probe.html"
    probe.write_text("<!DOCTYPE html><p id=p></p><script>document.getElementById('p').textContent='ran'</script>")
    try:
        done = chromium._run("--dump-dom", probe.as_uri(), timeout=60)
    except (OSError, subprocess.TimeoutExpired) as err:
        pytest.skip(f"{binary} cannot be started headless: {err}")
    if done.returncode != 0 or ">ran<" not in done.stdout:
        pytest.skip(f"{binary} cannot run a page headless (exit {done.returncode}): {done.stderr.strip()[-300:]}")
    return chromium


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """A two-system page: the LLM example answer and the hostile predictions, on the seed article."""
    llm = score_answers(str(LLM_EXAMPLE), split="seed", errors=True, bootstrap=50)
    bad = benchmark.score(str(HOSTILE_PREDICTIONS), split="seed", errors=True, bootstrap=0)
    folder = tmp_path_factory.mktemp("report")
    path = folder / "report.html"
    path.write_text(render_report([("seed_responses", llm), ("hostile", bad)], llm.texts), encoding="utf-8")
    errors = [llm.errors, bad.errors]
    return path, errors


def _cards(root):
    return root.find_all("li", cls="qb-item")


def _expected(errors, keep) -> int:
    return sum(sum(1 for r in e.to_dict("records") if keep(r)) for e in errors)


def test_the_page_runs_its_script_and_marks_every_case(browser, report):
    path, errors = report
    root = browser.dom(path.as_uri())
    page = root.find("div", cls="qb-report")
    assert "qb-js" in page.classes() and page.attrs.get("data-qb-ready") == "1"   # the CSP let our script run
    cards = _cards(root)
    assert not [c for c in cards if c.hidden()]
    want = Counter()
    marked = Counter()
    verdict_of = {c.attrs["data-i"]: c.attrs["data-verdict"] for c in cards}
    for k, e in enumerate(errors):
        want.update(e["verdict"])
        col = root.find_all("div", cls="qb-col")[k]
        keys = {i for seg in col.find_all("span", cls="qb-seg") for i in seg.attrs["data-i"].split()}
        marked.update(verdict_of[i] for i in keys)
    assert Counter(c.attrs["data-verdict"] for c in cards) == want
    with_place = Counter(r["verdict"] for e in errors for r in e.to_dict("records") if r["aligned_spans"] or r["gold_spans"])
    assert marked == with_place and marked["missed"] == 9 + 15
    assert root.find("span", cls="qb-status").text() == f"showing {len(cards)} of {len(cards)} cases in 1 document(s)"


def test_a_filter_in_the_hash_hides_every_other_case(browser, report):
    path, errors = report
    root = browser.dom(path.as_uri() + "#verdict=missed")
    cards = _cards(root)
    shown = [c for c in cards if not c.hidden()]
    missed = _expected(errors, lambda r: r["verdict"] == "missed")
    assert missed == 24 and len(shown) == missed
    assert {c.attrs["data-verdict"] for c in shown} == {"missed"}
    assert all(c.hidden() for c in cards if c.attrs["data-verdict"] != "missed")
    off = [s for s in root.find_all("span", cls="qb-seg") if "qb-off" in s.classes()]
    on = [s for s in root.find_all("span", cls="qb-seg") if "qb-off" not in s.classes()]
    assert off and on and all("missed" not in s.attrs["data-v"].split() for s in off)
    assert all("missed" in s.attrs["data-v"].split() for s in on)
    assert root.find("div", cls="qb-report").attrs["data-qb-state"] == "verdict=missed"
    assert root.find("span", cls="qb-status").text().startswith(f"showing {missed} of {len(cards)} cases")


def test_filters_combine_and_a_flag_is_a_verdict(browser, report):
    path, errors = report
    root = browser.dom(path.as_uri() + "#stance=accusation&type=indirect")
    shown = [c for c in _cards(root) if not c.hidden()]
    want = _expected(errors, lambda r: (r["gold_stance"] or r["pred_stance"]) == "accusation" and r["type"] == "indirect")
    assert want > 0 and len(shown) == want
    root = browser.dom(path.as_uri() + "#verdict=invented")
    shown = [c for c in _cards(root) if not c.hidden()]
    assert len(shown) == _expected(errors, lambda r: bool(r["invented"])) == 2
    root = browser.dom(path.as_uri() + "#verdict=misquoted")
    cols = root.find_all("div", cls="qb-col")
    assert [c.attrs["data-qb-shown"] for c in cols] == ["1", "0"]    # only the LLM answer misquotes
    root = browser.dom(path.as_uri() + "#doc=no-such-document")
    assert root.find("section", cls="qb-doc").hidden()


def test_hostile_strings_show_as_text_and_run_nothing(browser, report, tmp_path):
    path, _ = report
    root = browser.dom(path.as_uri())
    body = root.find("body")
    assert "data-pwned" not in body.attrs
    speaker = f"<script>{hostile.pwn('speaker')}</script>"
    assert speaker in root.text()
    # the same without the page's Content-Security-Policy: a notebook fragment in a bare page,
    # so only the escaping stands between the strings and the browser
    gold, pred = hostile.write_hostile_case(tmp_path)
    result = benchmark.score(str(pred), gold=str(gold), errors=True, bootstrap=0)
    bare = tmp_path / "fragment.html"
    bare.write_text("<!DOCTYPE html><html><head><meta charset=utf-8></head><body>"
                    + render_fragment([(hostile.SYSTEM_FILE, result)], result.texts) + "</body></html>",
                    encoding="utf-8")
    root = browser.dom(bare.as_uri())
    assert "data-pwned" not in root.find("body").attrs
    assert "qb-js" in root.find("div", cls="qb-report").classes()          # our script did run here
    text = root.text()
    for value in (hostile.DOC_ID, hostile.ENTITY, hostile.TEXT, hostile.SYSTEM_FILE):
        assert value in text
    assert not root.find_all("img") and not [n for n in root.iter() if "onclick" in n.attrs]


_NOTEBOOK = """<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>
<div class="cell"></div><div class="cell"></div>
<script type="application/json" id="fragment">FRAGMENT</script>
<script>
// what a notebook front end does with an HTML output: set it as innerHTML (its scripts do not
// run), then run each script by putting a fresh copy in its place
var html = JSON.parse(document.getElementById("fragment").textContent);
Array.prototype.forEach.call(document.querySelectorAll(".cell"), function (cell) {
  cell.innerHTML = html;
  Array.prototype.forEach.call(cell.querySelectorAll("script:not([type])"), function (old) {
    var s = document.createElement("script");
    s.textContent = old.textContent;
    old.parentNode.replaceChild(s, old);
  });
});
// a real click on the first report's "missed" count
document.querySelector(".cell .qb-count[data-verdict-count=missed] a").click();
document.body.setAttribute("data-hash", location.hash);
</script></body></html>"""


def test_two_reports_in_a_notebook_filter_separately_on_a_click(browser, tmp_path):
    from benchmark.report.safe import script_json

    result = score_answers(str(LLM_EXAMPLE), split="seed", errors=True, bootstrap=0)
    page = tmp_path / "notebook.html"
    page.write_text(_NOTEBOOK.replace("FRAGMENT", script_json(render_fragment([("llm", result)], result.texts))),
                    encoding="utf-8")
    root = browser.dom(page.as_uri())
    first, second = root.find_all("div", cls="qb-report")
    assert first.attrs.get("data-qb-ready") == second.attrs.get("data-qb-ready") == "1"
    shown = [c.attrs["data-verdict"] for c in first.find_all("li", cls="qb-item") if not c.hidden()]
    assert shown == ["missed"] * 9
    assert not [c for c in second.find_all("li", cls="qb-item") if c.hidden()]   # the other report untouched
    assert root.find("body").attrs["data-hash"] == ""                          # the notebook's URL left alone


def test_screenshot_of_the_first_document(browser, report):
    path, _ = report
    folder = Path(os.environ.get("QUOTEBENCH_ARTIFACTS") or REPO / "artifacts")
    folder.mkdir(parents=True, exist_ok=True)
    shot = folder / "report_first_document.png"
    shot.unlink(missing_ok=True)
    first = dom.parse(path.read_text(encoding="utf-8")).find("section", cls="qb-doc").attrs["data-doc"]
    browser.screenshot(f"{path.as_uri()}#doc={quote(first, safe='')}", shot)
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000


attack = _load("report_attack")


def _marked_positions(box) -> tuple:
    """The text of a `div.qb-text` as the browser holds it and, per item key, the positions
    (code points) of the segments naming it."""
    chars, where = [], {}

    def walk(node, keys):
        for c in node.children:
            if isinstance(c, str):
                for _ in c:
                    for k in keys:
                        where.setdefault(k, set()).add(len(chars))
                    chars.append(_)
            elif c.tag == "br":
                chars.append("\n")
            else:
                walk(c, c.attrs["data-i"].split() if "qb-seg" in c.classes() else keys)

    walk(box, ())
    return "".join(chars), where


def test_attack_strings_run_nothing_marks_land_on_their_characters_and_filters_hold(browser, tmp_path):
    """Markup, script, CDATA, URL, CSS, bidi, emoji and combining marks in every field; doc
    ids that are JS object keys or hold `#`, `&`, `%`; a file name that is markup; emoji
    before the spans (offsets are code points, JS strings UTF-16)."""
    gold, pred = attack.write_attack_case(tmp_path, name='<svg onload="document.title=1"> <!-- & \u202e')
    out = tmp_path / "attack.html"
    assert main(["report", str(pred), "--gold", str(gold), "-o", str(out), "--bootstrap", "0"]) == 0
    result = benchmark.score(str(pred), gold=str(gold), errors=True, bootstrap=0)
    root = browser.dom(out.as_uri())
    assert "data-pwned" not in root.find("body").attrs and root.find("title").text().startswith("quotebench")
    assert not [n for n in root.iter() if any(a.startswith("on") for a in n.attrs)]
    assert not root.find_all("img") and not root.find_all("iframe") and len(root.find_all("script")) == 2
    rows = result.errors.to_dict("records")
    for sec in root.find_all("section", cls="qb-doc"):
        doc_id = sec.attrs["data-doc"]
        shown, where = _marked_positions(sec.find("div", cls="qb-text"))
        assert shown == result.texts[doc_id].replace("\r\n", "\n")
        cut = result.texts[doc_id].index("\r\n")                     # positions after it shift by one
        at = lambda i: i if i <= cut else i - 1  # noqa: E731
        for k, r in enumerate(rows):
            if r["doc_id"] != doc_id:
                continue
            want = {at(i) for c in ("gold_spans", "aligned_spans", "gold_cue_spans", "gold_speaker_spans",
                                    "pred_speaker_span") for s, e in (r[c] if r[c] is not None else ()) for i in range(s, e)}
            assert where.get(f"0-{k}", set()) == want, (doc_id, k)
    for doc_id, verdict in ((attack.DOC_IDS[0], "spurious"), ("__proto__", ""), ("toString", "spurious"),
                            (attack.DOC_IDS[6], ""), ("empty doc", "spurious")):
        state = (f"verdict={verdict}&" if verdict else "") + f"doc={quote(doc_id, safe='')}"
        page = browser.dom(f"{out.as_uri()}#{state}")
        docs = [s.attrs["data-doc"] for s in page.find_all("section", cls="qb-doc") if not s.hidden()]
        assert docs == ([] if verdict and doc_id == "empty doc" else [doc_id]), state
        want = sum(1 for r in rows if r["doc_id"] == doc_id and (not verdict or r["verdict"] == verdict))
        assert page.find("span", cls="qb-status").text().startswith(f"showing {want} of {len(rows)} cases")
