"""The shipped gold set: integrity, provenance, and that every corruption is caught by name."""
import hashlib
import json
import subprocess
import sys

import pytest

import benchmark
from benchmark.corpus import dataset_version, read_manifest
from benchmark.model import PHENOMENA, Document
from benchmark.resources import gold_dir, seeds_dir


def test_gold_spans_equal_text_and_sha_is_pinned(gold_docs):
    (doc,) = gold_docs
    assert len(doc.attributions) == 16
    for a in doc.attributions:
        for s in a.content + a.cue:
            assert doc.text[s.start:s.end] == s.text
    seed = (seeds_dir() / f"{doc.doc_id}.txt").read_bytes()
    assert seed.decode("utf-8") == doc.text
    assert hashlib.sha256(seed).hexdigest() == doc.text_sha256


def test_manifest_matches_seed_files():
    manifest = read_manifest()
    assert manifest["dataset_version"] == dataset_version()
    for entry in manifest["documents"]:
        data = (seeds_dir() / entry["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]
        assert len(data) == entry["bytes"]


def test_changelog_names_current_version():
    changelog = (gold_dir().parent / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## {dataset_version()}" in changelog


def test_roundtrip_dump_is_byte_identical(gold_docs):
    from benchmark.corpus import dump_document

    path = sorted(gold_dir().glob("*.json"))[0]
    assert dump_document(gold_docs[0]) == path.read_text(encoding="utf-8")
    assert Document.from_dict(gold_docs[0].to_dict()) == gold_docs[0]


def test_every_attribution_has_stance_and_speaker(gold_docs):
    for a in gold_docs[0].attributions:
        assert a.stance in ("claim", "denial", "accusation")
        assert a.speaker is not None
        assert set(a.tags) <= set(PHENOMENA)


def run_cli(*args, input=None):
    return subprocess.run([sys.executable, "-m", "benchmark.cli", *args], capture_output=True, text=True, input=input)


def test_validate_cli_passes_on_shipped_gold():
    r = run_cli("validate", str(gold_dir()))
    assert r.returncode == 0, r.stderr
    gold = benchmark.load_gold()
    assert f"{len(gold)} documents, {sum(len(d.attributions) for d in gold)} attributions" in r.stdout


def _attr(doc, ident):
    return next(a for a in doc["attributions"] if a["id"] == ident)


def _offset_moved(d):
    s = _attr(d, "A5")["content"][0]
    s["start"] += 1
    s["end"] += 1


def _text_edited(d):
    _attr(d, "A5")["content"][0]["text"] = "Ukraine of sending three drones"


def _unknown_entity(d):
    _attr(d, "A5")["speaker"]["entity"] = "E99"


def _foreign_mention(d):
    _attr(d, "A5")["speaker"]["mention"] = "M2"  # a Zelensky mention, not Russia's


def _bad_label(d):
    _attr(d, "A5")["stance"] = "complaint"


def _duplicate_id(d):
    _attr(d, "A6")["id"] = "A5"


def _missing_field(d):
    del _attr(d, "A5")["type"]


def _wrong_sha(d):
    d["text_sha256"] = "0" * 64


def _tag_disagrees(d):
    _attr(d, "A5")["tags"] = ["cueless"]


def _span_outside(d):
    _attr(d, "A5")["content"][0]["end"] = 10**6


def _float_offset(d):
    s = _attr(d, "A5")["content"][0]
    s["start"] = float(s["start"])


CORRUPTIONS = [
    (_float_offset, "attribution A5 content[0].start", "is not an integer offset"),
    (_offset_moved, "attribution A5 content[0]", "does not equal"),
    (_text_edited, "attribution A5 content[0]", "does not equal"),
    (_unknown_entity, "attribution A5 speaker.entity", "unknown entity 'E99'"),
    (_foreign_mention, "attribution A5 speaker.mention", "does not belong to entity 'E3'"),
    (_bad_label, "attribution A5 stance", "'complaint' is not one of"),
    (_duplicate_id, "attribution A5", "is used 2 times"),
    (_missing_field, "attribution A5 type", "is missing"),
    (_wrong_sha, "text_sha256", "but the text hashes to"),
    (_tag_disagrees, "attribution A5 tags", "'cueless' is present but not supported"),
    (_span_outside, "attribution A5 content[0]", "outside the text"),
]


@pytest.mark.parametrize("corrupt, field, what", CORRUPTIONS, ids=[c[0].__name__ for c in CORRUPTIONS])
def test_each_corruption_fails_with_a_message_naming_it(tmp_path, gold_json, corrupt, field, what):
    corrupt(gold_json)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(gold_json, indent=2, ensure_ascii=False), encoding="utf-8")
    r = run_cli("validate", "--strict", str(path))
    assert r.returncode == 1
    assert "Traceback" not in r.stderr
    lines = r.stderr.strip().splitlines()
    hit = [ln for ln in lines if f": {field}" in ln and what in ln]
    assert hit, r.stderr
    # file:line: field: message, and the line points at the attribution's id (or the sha field)
    loc, line_no = hit[0].split(":")[0], int(hit[0].split(":")[1])
    assert loc == str(path)
    raw_line = path.read_text(encoding="utf-8").splitlines()[line_no - 1]
    assert ('"A5"' in raw_line) or ('"text_sha256"' in raw_line), raw_line


def test_invalid_json_names_line(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{\n  "doc_id": "x",\n  "text": oops\n}\n')
    r = run_cli("validate", str(path))
    assert r.returncode == 1
    assert r.stderr.startswith(f"{path}:3: invalid JSON")


def test_jsonl_corpus_error_names_line(tmp_path, gold_json):
    good = json.dumps(gold_json, ensure_ascii=False)
    _bad_label(gold_json)
    path = tmp_path / "corpus.jsonl"
    path.write_text(good.replace('"000_', '"001_', 1) + "\n" + json.dumps(gold_json, ensure_ascii=False) + "\n")
    r = run_cli("validate", str(path))
    assert r.returncode == 1
    assert r.stderr.startswith(f"{path}:2: attribution A5 stance:")


def test_missing_file_is_one_line(tmp_path):
    r = run_cli("validate", str(tmp_path / "nope.json"))
    assert r.returncode == 1
    assert r.stderr.strip() == f"{tmp_path / 'nope.json'}: no such file"


def test_truncated_jsonl_line_names_its_own_line(tmp_path, gold_json):
    good = json.dumps(gold_json, ensure_ascii=False)
    path = tmp_path / "corpus.jsonl"
    path.write_text(good + "\n" + good[:200] + "\n", encoding="utf-8")
    r = run_cli("validate", str(path))
    assert r.returncode == 1
    assert r.stderr.startswith(f"{path}:2: invalid JSON")


@pytest.mark.parametrize("split", ["seed", "dev", "test"])
def test_dataset_card_composition_matches_show_stats(split):
    """Each split's block in the card is what `quotebench show --stats --split` prints."""
    r = run_cli("show", "--stats", "--split", split)
    assert r.returncode == 0, r.stderr
    card = (gold_dir().parent / "README.md").read_text(encoding="utf-8")
    block = card.split(f"\n### {split}\n", 1)[1].split("\n### ", 1)[0].split("\n## ", 1)[0]
    first, *rows = r.stdout.strip().splitlines()
    words = first.split()
    counts = dict(zip(words[::2], words[1::2]))
    assert f"{counts['tokens']} tokens, {counts['sentences']} sentences" in block
    if split != "seed":
        assert (f"{counts['attributions']} attributions" in block and f"{counts['entities']} entities, "
                f"{counts['mentions']} mentions" in block)
    for row in rows:
        name, cells = row.split(": ", 1)
        assert f"| {name} | {cells} |" in block, row
    docs = benchmark.load_gold(split=split)
    assert f"| `{split}` | {len(docs)} | {sum(len(d.attributions) for d in docs)} |" in card


def test_json_that_python_tolerates_is_refused_on_its_line(tmp_path, gold_json):
    pretty = json.dumps(gold_json, indent=2, ensure_ascii=False).splitlines()
    k = next(i for i, ln in enumerate(pretty) if '"end":' in ln and i > 200)
    pretty[k] = pretty[k].split(":")[0] + ": NaN" + ("," if pretty[k].endswith(",") else "")
    path = tmp_path / "nan.json"
    path.write_text("\n".join(pretty), encoding="utf-8")
    r = run_cli("validate", str(path))
    assert r.returncode == 1
    assert r.stderr.strip() == f"{path}:{k + 1}: invalid JSON: NaN is not a JSON number (write a finite number or null)"


def test_byte_order_mark_is_skipped_and_bad_utf8_names_its_line(tmp_path, gold_json):
    raw = json.dumps(gold_json, indent=2, ensure_ascii=False).encode("utf-8")
    bom = tmp_path / "bom.json"
    bom.write_bytes(b"\xef\xbb\xbf" + raw)
    assert run_cli("validate", str(bom)).returncode == 0
    latin = tmp_path / "latin.jsonl"
    latin.write_bytes(json.dumps(gold_json).encode() + b"\n" + b'{"doc_id": "caf\xe9"}\n')
    r = run_cli("validate", str(latin))
    assert r.returncode == 1
    assert r.stderr.strip() == f"{latin}:2: cannot read: not UTF-8 text: invalid continuation byte at byte 16"
