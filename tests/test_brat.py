"""brat standoff: reading handwritten files, a lossless gold -> brat -> gold round trip, and
one exact `file:line:` message per class of bad input."""
import json
import subprocess
import sys

import pytest

from benchmark.brat import (BratStats, document_to_ann, infer_kind, infer_type, parse_ann, read_brat,
                            write_brat)
from benchmark.errors import InputError
from benchmark.integrity import check_document
from benchmark.model import Attribution, Document, Entity, Mention, SourceRef, Span, sha256_text

TEXT = ("Zoë Müller said: “Le café est fermé.” Then, “Nous reviendrons,” she added, “après l’été.”\n"
        "The mayor denied the claims.\n")

# Source / Cue / Content with a discontinuous content (two fragments), a trigger per event,
# a stance attribute on one event, and a PolNeAR-style event without Source.
ANN = (
    "T1\tSource 0 10\tZoë Müller\n"
    "T2\tCue 11 15\tsaid\n"
    "T3\tContent 18 36\tLe café est fermé.\n"
    "T4\tAttribution 11 15\tsaid\n"
    "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
    "T5\tSource 64 67\tshe\n"
    "T6\tCue 68 73\tadded\n"
    "T7\tContent 45 62;76 88\tNous reviendrons, après l’été.\n"
    "T8\tAttribution 68 73\tadded\n"
    "E2\tAttribution:T8 Content:T7 Cue:T6 Source:T5\n"
    "A1\tStance E2 claim\n"
    "T9\tSource 90 99\tThe mayor\n"
    "T10\tCue 100 106\tdenied\n"
    "T11\tContent 107 117\tthe claims\n"
    "T12\tAttribution 100 106\tdenied\n"
    "E3\tAttribution:T12 Content:T11 Cue:T10 Source:T9\n"
    "A2\tStance E3 denial\n"
)


def write_pair(folder, name="doc1", text=TEXT, ann=ANN):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.txt").write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    (folder / f"{name}.ann").write_bytes(ann.encode("utf-8") if isinstance(ann, str) else ann)
    return folder


def test_reads_handwritten_files_with_discontinuous_span_and_non_ascii(tmp_path):
    stats = BratStats()
    (doc,) = read_brat(write_pair(tmp_path / "b"), stats=stats)
    assert doc.doc_id == "doc1" and doc.text_sha256 == sha256_text(TEXT)
    assert list(check_document(doc)) == []
    a1, a2, a3 = doc.attributions
    assert [s.text for s in a1.content] == ["Le café est fermé."]
    assert [(s.start, s.end, s.text) for s in a2.content] == [(45, 62, "Nous reviendrons,"), (76, 88, "après l’été.")]
    assert [s.text for s in a2.cue] == ["added"]
    # each source mention is its own entity, named by its text, type "other"
    assert [(e.id, e.name, e.type, [m.kind for m in e.mentions]) for e in doc.entities] == [
        ("T1", "Zoë Müller", "other", ["name"]), ("T5", "she", "other", ["pronoun"]),
        ("T9", "The mayor", "other", ["nominal"])]
    assert a2.speaker == SourceRef("T5", "T5")
    # stance from the attribute line, None where absent; type inferred from quotation marks
    assert (a1.stance, a2.stance, a3.stance) == (None, "claim", "denial")
    assert (a1.type, a2.type, a3.type) == ("direct", "direct", "indirect")
    assert (a1.id, a2.id, a3.id) == ("E1", "E2", "E3")
    assert (stats.documents, stats.events, stats.attributions) == (1, 3, 3)


def test_multi_line_text_field_and_event_without_content(tmp_path):
    text = "He said:\n\nIt is late.\n"
    ann = ("T1\tSource 0 2\tHe\n"
           "T2\tContent 3 21\tsaid:\n\nIt is late.\n"  # the span crosses a blank line, as in PolNeAR
           "T3\tAttribution 3 7\tsaid\n"
           "E1\tAttribution:T3 Content:T2 Source:T1\n"
           "T4\tAttribution-no-source 3 7\tsaid\n"
           "E2\tAttribution-no-source:T4 \n")
    stats = BratStats()
    (doc,) = read_brat(write_pair(tmp_path / "b", "d", text, ann), stats=stats)
    assert [a.content_text for a in doc.attributions] == ["said:\n\nIt is late."]
    assert stats.events == 2 and stats.attributions == 1
    assert stats.skipped_no_content == [f"{tmp_path / 'b' / 'd.ann'}:8"]  # physical line: the T2 field spans lines 2-4


def rich_document() -> Document:
    """Everything the schema holds: entity without mentions, speaker without mention,
    intermediary, note with newline/tab/backslash, tags, metadata, non-ASCII, discontinuity."""
    t = TEXT

    def sp(s, e):
        return Span(s, e, t[s:e])

    ents = (
        Entity("P1", "Zoë Müller", "person", ("Zoe Muller", "Mme Müller"),
               (Mention("m1", sp(0, 10), "name"), Mention("m2", sp(64, 67), "pronoun"))),
        Entity("G1", "City of Lyon", "government", (), (Mention("m3", sp(90, 99), "metonym"),)),
        Entity("X9", "Agence Presse", "media", (), ()),
    )
    atts = (
        Attribution("q1", (sp(18, 36),), "direct", "claim", SourceRef("P1", "m1"), (sp(11, 15),),
                    tags=()),
        Attribution("q2", (sp(45, 62), sp(76, 88)), "direct", "denial", SourceRef("P1", "m2"), (sp(68, 73),),
                    intermediary=SourceRef("X9", None), tags=("pronoun_speaker", "discontinuous", "nested_source"),
                    note="two parts\tone quote\r\nsee C:\\notes"),
        Attribution("q3", (sp(107, 117),), "indirect", "accusation", SourceRef("P1", None), (),
                    intermediary=SourceRef("G1", "m3"), tags=("cueless", "nested_source")),
        Attribution("q4", (sp(107, 117),), "mixed", None, None, (sp(100, 106),)),
    )
    return Document("rich-1", t, sha256_text(t), ents, atts, {"source": "handwritten", "n": [1, 2]})


def test_roundtrip_is_lossless_for_a_rich_document(tmp_path):
    doc = rich_document()
    assert list(check_document(doc)) == []
    write_brat([doc], tmp_path / "out")
    (back,) = read_brat(tmp_path / "out")
    assert back.to_dict() == doc.to_dict()
    assert back == doc and back.metadata == doc.metadata


def test_roundtrip_is_lossless_for_the_shipped_gold(tmp_path, gold_docs):
    write_brat(gold_docs, tmp_path / "out")
    back = tuple(read_brat(tmp_path / "out"))
    assert [d.to_dict() for d in back] == [d.to_dict() for d in gold_docs]
    assert list(check_document(back[0], strict=True)) == []


def test_written_ann_uses_brat_conventions():
    ann, rows = document_to_ann(rich_document())
    lines = ann.splitlines()
    assert "T8\tContent 45 62;76 88\tNous reviendrons, après l’été." in lines
    assert "E2\tAttribution:T9 Content:T8 Cue:T7 Source:T2" in lines
    assert "A13\tIntermediaryEntity E2 X9" in lines
    assert "#1\tAnnotatorNotes E2\ttwo parts\\tone quote\\r\\nsee C:\\\\notes" in lines
    assert "A20\tSpeakerEntity E3 P1" in lines  # speaker without a mention: entity only
    assert "E3\tAttribution-no-source:T11 Content:T10 Intermediary:T3" in lines
    assert [(r.id, r.mentions) for r in rows] == [("P1", ("T1", "T2")), ("G1", ("T3",)), ("X9", ())]


def test_entity_table_and_equiv_group_mentions(tmp_path):
    folder = write_pair(tmp_path / "b")
    (folder / "entities.tsv").write_text(
        "doc_id\tentity\tname\ttype\taliases\tmentions\n"
        "doc1\tZM\tZoë Müller\tperson\tZoe Muller|Müller\tT1 T5\n", encoding="utf-8")
    (doc,) = read_brat(folder)
    zm = doc.entity("ZM")
    assert (zm.name, zm.type, zm.aliases, [m.id for m in zm.mentions]) == (
        "Zoë Müller", "person", ("Zoe Muller", "Müller"), ["T1", "T5"])
    assert doc.attributions[1].speaker == SourceRef("ZM", "T5")
    assert [e.id for e in doc.entities] == ["ZM", "T9"]

    folder2 = write_pair(tmp_path / "c", ann=ANN + "*\tEquiv T1 T5\n")
    (doc2,) = read_brat(folder2)
    assert [(e.id, [m.id for m in e.mentions]) for e in doc2.entities] == [("T1", ["T1", "T5"]), ("T9", ["T9"])]


@pytest.mark.parametrize("text,ann,line,message", [
    (TEXT, ANN.replace("T3\tContent 18 36", "T3\tContent 18 136"), 3,
     "offset 136 is past the end of the text (length 119)"),
    (TEXT, ANN.replace("Content:T3", "Content:T33"), 5, "dangling reference to 'T33': no such annotation"),
    (TEXT, ANN + "A3\tStance E7 claim\n", 18, "dangling reference to 'E7': no such annotation"),
    (TEXT, ANN.replace("Le café est fermé.\n", "Le cafe est ferme.\n"), 3,
     "T3: text 'Le cafe est ferme.' does not match the .txt at 18 36: 'Le café est fermé.'"),
    (TEXT, ANN.replace("T5\tSource", "T1\tSource"), 6, "duplicate annotation id 'T1'"),
    (TEXT, ANN + "A3\tStance E1 praise\n", 18,
     "Stance on E1: bad value 'praise' (expected one of claim, denial, accusation)"),
    (TEXT, ANN + "A3\tStance E2 denial\n", 18,
     "Stance on E2 is given twice with different values ('claim' on line 11, 'denial' here)"),
    (TEXT, ANN + "A3\tStance T9 denial\n", 18, "Stance belongs on an attribution event (E line), not on T9"),
    (TEXT, ANN + "X1\tNote T1\n", 18, "unknown annotation line 'X1' (expected T, E, A, M, R, N, # or *)"),
    (TEXT, ANN.replace("T2\tCue 11 15", "T2\tCue 15 11"), 2, "empty or reversed fragment 15 11"),
    (TEXT, ANN.replace("\n", "\r\n"), 1,
     "CRLF line end; offsets assume LF line ends (convert the file to LF)"),
    (TEXT, "\ufeff" + ANN, 1, "starts with a byte-order mark (BOM); save the file as UTF-8 without BOM"),
])
def test_bad_ann_gives_file_line_message(tmp_path, text, ann, line, message):
    folder = write_pair(tmp_path / "b", text=text, ann=ann)
    with pytest.raises(InputError) as err:
        list(read_brat(folder))
    assert str(err.value) == f"{folder / 'doc1.ann'}:{line}: {message}"


def test_a_repeated_identical_attribute_is_harmless(tmp_path):
    (doc,) = read_brat(write_pair(tmp_path / "b", ann=ANN + "A3\tStance E2 claim\n"))
    assert doc.attributions[1].stance == "claim"


def test_a_trigger_labelled_cue_is_the_cue(tmp_path):
    ann = ("T1\tSource 90 99\tThe mayor\n"
           "T2\tCue 100 106\tdenied\n"
           "T3\tContent 107 117\tthe claims\n"
           "E1\tCue:T2 Content:T3 Source:T1\n")
    (doc,) = read_brat(write_pair(tmp_path / "b", ann=ann))
    (a,) = doc.attributions
    assert [c.text for c in a.cue] == ["denied"] and [c.text for c in a.content] == ["the claims"]


def test_a_text_without_ann_is_read_and_reported(tmp_path, capsys):
    from benchmark.cli import main

    folder = write_pair(tmp_path / "b")
    (folder / "doc2.txt").write_text("Nothing was said here.\n", encoding="utf-8")
    stats = BratStats()
    docs = list(read_brat(folder, stats=stats))
    assert [len(d.attributions) for d in docs] == [3, 0]
    assert stats.documents == 2 and stats.without_ann == [str(folder / "doc2.txt")]
    assert main(["convert", "brat", str(folder), "-o", str(tmp_path / "out.jsonl")]) == 0
    assert capsys.readouterr().err.strip() == (
        f"converted 2 documents, 3 attributions from 3 events; 1 .txt files without .ann read with no "
        f"attributions ({folder / 'doc2.txt'})")


@pytest.mark.parametrize("text,line,message", [
    (TEXT.replace("\n", "\r\n"), 1, "CRLF line end; offsets assume LF line ends (convert the file to LF)"),
    ("\ufeff" + TEXT, 1, "starts with a byte-order mark (BOM); save the file as UTF-8 without BOM"),
    (b"ok\n\xff\n", 2, "cannot read: not UTF-8 text: invalid start byte at byte 4"),
])
def test_bad_txt_gives_file_line_message(tmp_path, text, line, message):
    folder = write_pair(tmp_path / "b", text=text)
    with pytest.raises(InputError) as err:
        list(read_brat(folder))
    assert str(err.value) == f"{folder / 'doc1.txt'}:{line}: {message}"


def test_bad_folder_and_table(tmp_path):
    folder = write_pair(tmp_path / "b")
    (folder / "doc1.txt").unlink()
    with pytest.raises(InputError, match=r"doc1\.ann: no matching text file doc1\.txt$"):
        list(read_brat(folder))
    folder = write_pair(tmp_path / "c")
    (folder / "entities.tsv").write_text("doc_id\tentity\tname\ttype\taliases\tmentions\n"
                                         "doc1\tZM\tZoë\tperson\t\tT1 T40\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        list(read_brat(folder))
    assert str(err.value) == f"{folder / 'entities.tsv'}:2: mentions: entity 'ZM': no annotation 'T40' in {folder / 'doc1.ann'}"


def test_infer_type_and_kind():
    t = 'She said "We won." He said they won, calling it "a rout".'
    assert infer_type(t, [Span(10, 17, "We won.")]) == "direct"
    assert infer_type(t, [Span(27, 56, t[27:56])]) == "mixed"
    assert infer_type(t, [Span(27, 35, "they won")]) == "indirect"
    assert [infer_kind(x) for x in ("they", "the campaign", "The New York Times", "Hillary Clinton")] == [
        "pronoun", "nominal", "name", "name"]


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "benchmark.cli", *args], capture_output=True, text=True)


def test_convert_cli_both_ways(tmp_path):
    """The whole shipped gold (every split) survives gold -> brat -> gold unchanged."""
    import benchmark
    from benchmark.resources import gold_dir

    gold = benchmark.load_gold()
    n = sum(len(d.attributions) for d in gold)
    out = tmp_path / "brat"
    r = run_cli("convert", "brat", str(gold_dir()), "--to", "brat", "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert r.stderr.strip() == f"wrote {len(gold)} documents as brat to {out}"
    r = run_cli("convert", "brat", str(out), "-o", str(tmp_path / "c.jsonl"))
    assert r.returncode == 0, r.stderr
    assert r.stderr.strip() == f"converted {len(gold)} documents, {n} attributions from {n} events"
    line = (tmp_path / "c.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(x) for x in line] == [d.to_dict() for d in gold]


def test_convert_cli_bad_input_is_one_line_exit_1(tmp_path):
    folder = write_pair(tmp_path / "b", ann=ANN.replace("Source:T1", "Source:T99"))
    r = run_cli("convert", "brat", str(folder), "-o", str(tmp_path / "x.jsonl"))
    assert r.returncode == 1
    assert r.stderr == f"{folder / 'doc1.ann'}:5: dangling reference to 'T99': no such annotation\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b"]  # no partial output left behind


# -- property: any document the schema allows (ids without whitespace) survives brat ---------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from benchmark.model import ENTITY_TYPES, PHENOMENA, QUOTE_TYPES, STANCES  # noqa: E402

_chars = st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\ufeff")
_cell = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\t\n\r|"), min_size=1, max_size=12)


@st.composite
def documents(draw):
    text = draw(st.text(_chars, min_size=8, max_size=80))
    n = len(text)

    def span():
        s = draw(st.integers(0, n - 1))
        e = draw(st.integers(s + 1, n))
        return Span(s, e, text[s:e])

    def content():
        cuts = sorted(draw(st.sets(st.integers(0, n), min_size=2, max_size=6)))
        pairs = [(a, b) for a, b in zip(cuts[::2], cuts[1::2])]
        return tuple(Span(a, b, text[a:b]) for a, b in pairs)

    ents, mention_ids = [], []
    for i in range(draw(st.integers(0, 3))):
        ms = []
        for _ in range(draw(st.integers(0, 3))):
            mid = f"m{len(mention_ids)}"
            mention_ids.append((f"e{i}", mid))
            ms.append(Mention(mid, span(), draw(st.sampled_from(("name", "pronoun", "nominal", "metonym")))))
        ents.append(Entity(f"e{i}", draw(_cell), draw(st.sampled_from(ENTITY_TYPES)),
                           tuple(draw(st.lists(_cell, max_size=2))), tuple(ms)))

    def ref():
        choice = draw(st.integers(0, 2))
        if choice == 0 or not ents:
            return None
        if choice == 1 and mention_ids:
            ent, mid = draw(st.sampled_from(mention_ids))
            return SourceRef(ent, mid)
        return SourceRef(draw(st.sampled_from(ents)).id, None)

    atts = tuple(
        Attribution(f"a{k}", content(), draw(st.sampled_from(QUOTE_TYPES)),
                    draw(st.sampled_from((None,) + STANCES)), ref(),
                    tuple(span() for _ in range(draw(st.integers(0, 2)))), ref(),
                    tuple(draw(st.lists(st.sampled_from(PHENOMENA), unique=True, max_size=3))),
                    draw(st.none() | st.text(_chars | st.sampled_from("\\\t\r\n"), max_size=20)))
        for k in range(draw(st.integers(0, 4))))
    meta = draw(st.dictionaries(st.text(max_size=5), st.integers() | st.text(max_size=5), max_size=2))
    return Document("doc-x", text, sha256_text(text), tuple(ents), atts, meta)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(doc=documents())
def test_roundtrip_property(tmp_path, doc):
    import shutil

    out = tmp_path / "prop"
    shutil.rmtree(out, ignore_errors=True)  # hypothesis reuses tmp_path across examples
    write_brat([doc], out)
    (back,) = read_brat(out)
    assert back.to_dict() == doc.to_dict()


def test_writing_brat_over_an_earlier_corpus_is_refused(tmp_path, gold_docs):
    out = tmp_path / "out"
    write_brat(gold_docs, out)
    with pytest.raises(InputError) as err:
        write_brat(gold_docs, out)
    assert str(err.value).startswith(f"{out}: already holds brat files (")
    assert str(err.value).endswith("); write to a new or empty folder")
    (tmp_path / "empty").mkdir()
    assert write_brat(gold_docs, tmp_path / "empty") == len(gold_docs)


def test_entity_names_and_aliases_with_tabs_newlines_and_bars_survive_the_round_trip(tmp_path, gold_docs):
    from dataclasses import replace

    doc = gold_docs[0]
    first, *rest = doc.entities
    odd = replace(first, name="Sen. A\tB,\nand C \\ D", aliases=("x|y", "back\\slash|", "plain"))
    doc = replace(doc, entities=(odd, *rest))
    write_brat([doc], tmp_path / "out")
    (back,) = read_brat(tmp_path / "out")
    assert back.to_dict() == doc.to_dict()
