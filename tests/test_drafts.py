"""Annotation drafts: snippets resolve to exact offsets, or every problem is named."""
import json

import pytest

from benchmark.drafts import DraftError, locate, main, resolve_draft

TEXT = ('Officials said on Monday the bridge was safe. "It will stay open," Mayor Ann Lee said. '
        '"Traffic is normal." She denied that the mayor ordered repairs. Lee said so again.')


def draft(**over):
    d = {"doc_id": "d1",
         "entities": [{"id": "X", "name": "Ann Lee", "type": "person", "aliases": ["Lee"],
                       "mentions": [{"all": "Lee", "kind": "name"},
                                    {"at": "[[Mayor Ann Lee]] said", "kind": "name"},
                                    {"at": "[[She]] denied", "kind": "pronoun"}]},
                      {"id": "O", "name": "unnamed officials", "type": "government", "aliases": [],
                       "mentions": [{"at": "[[Officials]] said", "kind": "nominal"}]}],
         "attributions": [
             {"type": "direct", "stance": "claim", "content": ['"[[It will stay open,]]"'],
              "cue": ["Lee [[said]]. \""], "speaker": {"entity": "X", "mention": "[[Mayor Ann Lee]]"}},
             {"type": "indirect", "stance": "claim", "content": ["Monday [[the bridge was safe]]"],
              "cue": ["Officials [[said]]"], "speaker": {"entity": "O", "mention": "[[Officials]]"}},
             {"type": "direct", "stance": "claim", "content": ["[[Traffic is normal.]]"], "cue": [],
              "speaker": {"entity": "X", "mention": None}},
             {"type": "indirect", "stance": "denial", "content": ["that [[the mayor ordered repairs]]"],
              "cue": ["She [[denied]]"], "speaker": {"entity": "X", "mention": "[[She]] denied"}}]}
    d.update(over)
    return d


def test_locate_marks_the_bracketed_part_of_a_unique_snippet():
    assert locate(TEXT, "Mayor [[Ann Lee]] said") == (TEXT.index("Ann Lee"), TEXT.index("Ann Lee") + 7)
    assert locate(TEXT, "Traffic is normal.") == (TEXT.index("Traffic"), TEXT.index("Traffic") + 18)
    with pytest.raises(ValueError, match="occurs 3 times"):
        locate(TEXT, "[[said]]")
    with pytest.raises(ValueError, match="not found"):
        locate(TEXT, "[[sayd]]")
    with pytest.raises(ValueError, match="brackets"):
        locate(TEXT, "Lee ]]said[[")


def test_a_draft_resolves_to_gold_with_ids_in_text_order_and_derived_tags():
    doc = resolve_draft(draft(), TEXT)
    assert [a.content[0].text for a in doc.attributions] == [
        "the bridge was safe", "It will stay open,", "Traffic is normal.", "the mayor ordered repairs"]
    assert [a.id for a in doc.attributions] == ["A1", "A2", "A3", "A4"]
    assert [e.name for e in doc.entities] == ["unnamed officials", "Ann Lee"]  # by first mention
    assert [e.id for e in doc.entities] == ["E1", "E2"]
    lee = doc.entities[1]
    # the `all` hit inside "Mayor Ann Lee" gives way to the longer mention; the last "Lee" stays
    assert [m.span.text for m in lee.mentions] == ["Mayor Ann Lee", "She", "Lee"]
    mention_ids = [m.id for e in doc.entities for m in e.mentions]
    assert sorted(mention_ids, key=lambda i: int(i[1:])) == ["M1", "M2", "M3", "M4"]
    tags = {a.content[0].text: a.tags for a in doc.attributions}
    assert tags["the bridge was safe"] == ("nominal_speaker",)
    assert tags["Traffic is normal."] == ("cueless",)
    assert tags["the mayor ordered repairs"] == ("pronoun_speaker",)
    for a in doc.attributions:
        for s in a.content + a.cue:
            assert TEXT[s.start:s.end] == s.text


def test_every_problem_of_a_draft_is_listed():
    bad = draft()
    bad["attributions"][0]["speaker"]["mention"] = "Mayor Ann [[Lee]] said"  # not a listed mention
    bad["attributions"][1]["stance"] = "Claim"
    bad["attributions"][2]["content"] = ["[[said]]"]
    bad["entities"][0]["mentions"].append({"all": "Leee", "kind": "name"})
    with pytest.raises(DraftError) as err:
        resolve_draft(bad, TEXT)
    lines = str(err.value).splitlines()
    assert any("'Lee' at" in ln and "is not a listed mention of X" in ln for ln in lines)
    assert any("stance: 'Claim' is not claim, denial or accusation" in ln for ln in lines)
    assert any("attribution[2].content[0]" in ln and "occurs 3 times" in ln for ln in lines)
    assert any("'Leee' does not occur as a whole word" in ln for ln in lines)


def test_except_drops_occurrences_of_an_all_mention():
    d = draft()
    d["entities"][0]["mentions"][0] = {"all": "Lee", "kind": "name", "except": ["[[Lee]] said so"]}
    doc = resolve_draft(d, TEXT)
    assert [m.span.text for m in doc.entities[1].mentions] == ["Mayor Ann Lee", "She"]


def test_command_writes_gold_or_exits_1_with_one_line_per_problem(tmp_path, capsys):
    text = tmp_path / "d1.txt"
    text.write_text(TEXT, encoding="utf-8")
    good = tmp_path / "d1.draft.json"
    good.write_text(json.dumps(draft()), encoding="utf-8")
    out = tmp_path / "d1.json"
    assert main([str(good), str(text), "-o", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["attributions"][0]["id"] == "A1"
    bad = tmp_path / "bad.draft.json"
    bad.write_text(json.dumps(draft(attributions=[{"type": "direct", "stance": "claim", "content": ["nope"],
                                                   "cue": [], "speaker": None}])), encoding="utf-8")
    assert main([str(bad), str(text), "-o", str(tmp_path / "x.json")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[0].startswith(f"{bad}: attribution[0].content[0]: 'nope': not found")


def test_a_span_may_start_with_an_opening_or_end_with_a_closing_bracket():
    text = "He said it was hard to hide the facts[.] [T]his went on."
    start, end = locate(text, "hide the [[facts[.]]]")
    assert text[start:end] == "facts[.]"
    start, end = locate(text, "[[[T]his]] went")
    assert text[start:end] == "[T]his"
