"""Agreement on small hand-computed cases, the shipped annotation passes, and the command."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

import benchmark

from benchmark.agreement import agreement, cohen_kappa, pair_agreement
from benchmark.errors import InputError
from benchmark.model import Attribution, Document, Entity, Mention, SourceRef, Span, sha256_text
from benchmark.resources import annotations_dir

TEXT = ("Ann said the sky is blue. Bob said the sea is green. Cal denied the tax rise. "
        "Dee accused Eve of lying. Fay said it rains. Gus claimed the moon is cheese.")


def sp(s, e):
    return Span(s, e, TEXT[s:e])


def doc(people, atts, doc_id="d1"):
    """people: (entity id, name, start, end); atts: (id, content (s, e), entity id, stance)."""
    ents = tuple(Entity(i, n, "person", (), (Mention(f"m_{i}", sp(s, e), "name"),)) for i, n, s, e in people)
    attributions = tuple(Attribution(i, (sp(*c),), "indirect", st, SourceRef(ent, f"m_{ent}"))
                         for i, c, ent, st in atts)
    return Document(doc_id, TEXT, sha256_text(TEXT), ents, attributions)


# Annotator A: five attributions.
A = doc([("ann", "Ann", 0, 3), ("bob", "Bob", 26, 29), ("cal", "Cal", 53, 56), ("dee", "Dee", 78, 81),
         ("fay", "Fay", 104, 107)],
        [("a1", (9, 24), "ann", "claim"), ("a2", (35, 51), "bob", "claim"), ("a3", (64, 76), "cal", "denial"),
         ("a4", (90, 102), "dee", "accusation"), ("a5", (113, 121), "fay", "claim")])
# Annotator B (its own entity ids): same Ann and Cal; Bob's content without "the" and as a
# denial; Dee's accusation given to Eve; Fay missing; an extra one for Gus.
B = doc([("p1", "Ann", 0, 3), ("p2", "Bob", 26, 29), ("p3", "Cal", 53, 56), ("p4", "Eve", 90, 93),
         ("p5", "Gus", 123, 126)],
        [("b1", (9, 24), "p1", "claim"), ("b2", (39, 51), "p2", "denial"), ("b3", (64, 76), "p3", "denial"),
         ("b4", (90, 102), "p4", "accusation"), ("b5", (135, 153), "p5", "claim")])

# Kappa by hand over the 4 matched pairs, A rows x B columns (claim, denial, accusation):
# [[1, 1, 0], [0, 1, 0], [0, 0, 1]]: po = 3/4; A marginals 2/4, 1/4, 1/4; B 1/4, 2/4, 1/4;
# pe = 2/16 + 2/16 + 1/16 = 5/16; kappa = (12/16 - 5/16) / (11/16) = 7/11.
KAPPA = 7 / 11


def test_identical_annotations_agree_fully(gold_docs):
    p = pair_agreement(gold_docs, gold_docs)
    assert (p.exact["f1"], p.overlap["f1"], p.agr, p.speaker_agreement, p.stance_kappa) == (1.0, 1.0, 1.0, 1.0, 1.0)
    assert p.n_a == p.n_b == p.matched == 16
    assert p.stance["observed"] == 1.0


def test_known_disagreement_matches_hand_computation():
    p = pair_agreement([A], [B], "A", "B", listing=True)
    assert (p.n_a, p.n_b) == (5, 5)
    assert p.exact["tp"] == 3 and p.exact["f1"] == pytest.approx(0.6)  # Bob's span differs
    assert p.matched == 4 and p.overlap["f1"] == pytest.approx(0.8)  # 3 of 4 tokens of Bob's content shared
    assert p.agr == pytest.approx(0.8)
    assert p.speaker_agreement == pytest.approx(0.75)  # Dee vs Eve
    assert p.stance["matrix"] == [[1, 1, 0], [0, 1, 0], [0, 0, 1]]
    assert p.stance["observed"] == pytest.approx(0.75)
    assert p.stance_kappa == pytest.approx(KAPPA)
    kinds = sorted((d["kind"], d["a"], d["b"]) for d in p.disagreements)
    assert kinds == [("matched, labels differ", "a2", "b2"), ("matched, labels differ", "a4", "b4"),
                     ("only in A", "a5", None), ("only in B", None, "b5")]
    details = {d["a"]: d["detail"] for d in p.disagreements}
    assert details["a2"] == "stance B denial, A claim"
    assert details["a4"] == "speaker B 'Eve', A dee (Dee)"


def test_several_annotators_give_pairs_and_mean():
    report = agreement({"x": [A], "y": [A], "z": [B]})
    assert [(p.a, p.b) for p in report.pairs] == [("x", "y"), ("x", "z"), ("y", "z")]
    assert report.mean["content_f1_overlap"] == pytest.approx((1 + 0.8 + 0.8) / 3)
    assert report.mean["content_f1_exact"] == pytest.approx((1 + 0.6 + 0.6) / 3)
    assert report.mean["stance_kappa"] == pytest.approx((1 + 2 * KAPPA) / 3)


def test_no_stance_gives_no_kappa():
    plain = doc([("ann", "Ann", 0, 3)], [("a1", (9, 24), "ann", None)])
    p = pair_agreement([plain], [plain])
    assert p.stance_kappa is None and p.overlap["f1"] == 1.0


def test_cohen_kappa_edge_cases():
    assert cohen_kappa(["claim", "denial"], [[3, 0], [0, 0]]) == 1.0  # one label on both sides, all agree
    assert cohen_kappa(["claim", "denial"], [[1, 1], [1, 1]]) == 0.0
    assert cohen_kappa(["claim"], [[0]]) is None


def test_different_documents_are_an_input_error():
    other = Document("d2", TEXT, sha256_text(TEXT))
    with pytest.raises(InputError) as err:
        pair_agreement([A], [other], "first.json", "second.json")
    assert str(err.value) == ("first.json: document 'd1' is not in second.json: "
                              "both annotations must cover the same documents")


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "benchmark.cli", "agreement", *args], capture_output=True, text=True)


def test_cli_json_and_table(tmp_path):
    for name, d in (("a", A), ("b", B)):
        (tmp_path / f"{name}.json").write_text(json.dumps(d.to_dict()), encoding="utf-8")
    r = run_cli(str(tmp_path / "a.json"), str(tmp_path / "b.json"), "--format", "json", "--list")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    (pair,) = out["pairs"]
    assert (pair["a"], pair["b"]) == ("a", "b")
    assert (pair["content_f1_exact"], pair["content_f1_overlap"]) == pytest.approx((0.6, 0.8))
    assert pair["stance_kappa"] == pytest.approx(KAPPA) and len(pair["disagreements"]) == 4
    r = run_cli(str(tmp_path / "a.json"), str(tmp_path / "b.json"))
    row = [ln for ln in r.stdout.splitlines() if ln.startswith("a ")][0].split()
    assert row == ["a", "b", "1", "5", "5", "0.600", "0.800", "0.800", "0.750", "0.636"]


def test_cli_reproduces_the_card_figures_on_the_shipped_passes():
    folder = annotations_dir() / "agreement"
    r = run_cli(str(folder / "annotator_a.json"), str(folder / "annotator_b.json"), "--format", "json")
    assert r.returncode == 0, r.stderr
    (pair,) = json.loads(r.stdout)["pairs"]
    assert pair["attributions_a"] == pair["attributions_b"] == 16
    assert pair["content_f1_exact"] == pair["content_f1_overlap"] == pair["stance_kappa"] == 1.0


@pytest.mark.parametrize("split", ["dev", "test"])
def test_cli_reproduces_the_card_figures_on_the_wikinews_passes(split):
    """The card's agreement rows for a split are what the command beside them prints."""
    folder = annotations_dir() / "agreement" / "wikinews"
    r = run_cli(*(str(folder / p) for p in ("pass1", "pass2", "passC")), "--split", split, "--format", "json")
    assert r.returncode == 0, r.stderr
    card = (annotations_dir() / "README.md").read_text(encoding="utf-8")
    label = {"pass1": "pass 1", "pass2": "pass 2", "passC": "pass C (task definition only)"}
    pairs = json.loads(r.stdout)["pairs"]
    assert len(pairs) == 3
    for p in pairs:
        row = (f"| {split} | {label[p['a']]} – {label[p['b']]} | {p['attributions_a']} / {p['attributions_b']} | "
               f"{p['content_f1_exact']:.3f} | {p['content_f1_overlap']:.3f} | {p['agr']:.3f} | "
               f"{p['speaker_agreement']:.3f} | {p['stance_kappa']:.3f} |")
        assert row in card
        assert p["documents"] == len(benchmark.load_gold(split=split))
    # the two passes the gold was adjudicated from: kappa >= 0.70, else the split is re-annotated
    assert pairs[0]["a"] == "pass1" and pairs[0]["b"] == "pass2" and pairs[0]["stance_kappa"] >= 0.70


def test_every_wikinews_document_has_both_passes_and_an_adjudication_record():
    folder = annotations_dir() / "agreement" / "wikinews"
    records = json.loads((folder / "adjudication.json").read_text(encoding="utf-8"))
    assignments = json.loads((folder / "assignments.json").read_text(encoding="utf-8"))
    ids = {d.doc_id for split in ("dev", "test") for d in benchmark.load_gold(split=split)}
    assert set(records) == ids and {a["doc_id"] for a in assignments} == ids
    for a in assignments:
        assert a["pass1"] != a["pass2"]
        for sub in ("pass1", "pass2", "passC"):
            assert (folder / sub / f"{a['doc_id']}.json").exists()
    for doc_id, recs in records.items():
        for r in recs:
            assert r["decision"] in ("A", "B", "neither") and r["resolution"] and r["rule"], (doc_id, r)
    log = (folder / "ADJUDICATION.md").read_text(encoding="utf-8")
    assert all(f"### {d}" in log for d in ids)
    flat = [r for recs in records.values() for r in recs]
    by = {k: sum(r["decision"] == k for r in flat) for k in ("A", "B", "neither")}
    unsettled = sum(r["rule"].startswith("unsettled") for r in flat)
    totals = (f"{len(flat)} records over {len(records)} articles: A {by['A']}, B {by['B']}, "
              f"neither {by['neither']}; {unsettled} marked unsettled")
    assert totals in log
    card = (annotations_dir() / "README.md").read_text(encoding="utf-8")
    assert (f"{len(flat)} records: the gold follows pass 1 in {by['A']}, pass 2 in\n   {by['B']} and neither in "
            f"{by['neither']}; {unsettled} marked unsettled") in card


def test_cli_needs_two_annotations(tmp_path):
    r = run_cli(str(Path(annotations_dir() / "gold")))
    assert r.returncode == 1
    assert r.stderr == "agreement: give at least two annotations (files or folders), or --polnear-training\n"
    a = str(annotations_dir() / "agreement" / "annotator_a.json")
    r = run_cli(a, a)
    assert r.returncode == 1
    assert r.stderr == f"{a}: the same annotation is given twice ({a} and {a}); agreement compares different annotations\n"


def test_cli_reads_a_brat_folder(tmp_path, gold_docs):
    from benchmark.brat import write_brat
    from benchmark.resources import gold_dir

    write_brat(gold_docs, tmp_path / "brat")
    r = run_cli(str(gold_dir() / f"{gold_docs[0].doc_id}.json"), str(tmp_path / "brat"), "--format", "json")
    assert r.returncode == 0, r.stderr
    (pair,) = json.loads(r.stdout)["pairs"]
    assert (pair["b"], pair["attributions_b"], pair["content_f1_exact"], pair["speaker_agreement"]) == ("brat", 16, 1.0, 1.0)
