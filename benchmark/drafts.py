"""Annotation drafts: attributions written as marked snippets, resolved to gold offsets.

Annotators do not count characters. A draft names each span by a *snippet*: a piece of
the document text that occurs exactly once, with the span itself between `[[` and `]]`
(a snippet without brackets is the span). `resolve_draft` turns a draft into a gold
`Document` (offsets, span texts, ids in text order, phenomenon tags derived from the data)
and reports every snippet it cannot place, so a draft either becomes valid gold or says
exactly what to fix.

    {"doc_id": "...",
     "entities": [{"id": "E1", "name": "Donald Trump", "type": "person", "aliases": ["Trump"],
                   "mentions": [{"all": "Trump", "kind": "name"},
                                {"at": "[[he]] said on Monday", "kind": "pronoun"}]}],
     "attributions": [{"type": "direct", "stance": "claim",
                       "content": ["\\"[[We will build the wall.]]\\" Trump"],
                       "cue": ["Trump [[said]] on Monday"],
                       "speaker": {"entity": "E1", "mention": "[[Trump]] said on Monday"},
                       "intermediary": null, "note": "why, where it was hard"}]}

`{"all": "Trump"}` marks every whole-word occurrence of the string, but those its
`except` snippets mark (`{"all": "Trump", "except": ["the [[Trump]] administration"]}`); a
longer mention given with `at` that covers one of them wins over it. A speaker or intermediary mention
must be one of its entity's listed mentions; `"mention": null` is a null mention.
Run `python -m benchmark.drafts DRAFT.json TEXT.txt -o GOLD.json` to resolve one draft.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import replace
from pathlib import Path

from .integrity import check_document
from .model import Attribution, Document, Entity, Mention, SourceRef, Span, sha256_text
from .polnear import derive_tags

OPEN, CLOSE = "[[", "]]"


class DraftError(ValueError):
    """Every problem of one draft, one per line, each naming the item it is about."""


def locate(text: str, snippet: str) -> tuple[int, int]:
    """The span a snippet marks: its bracketed part (or all of it), where it occurs once."""
    if not isinstance(snippet, str) or not snippet:
        raise ValueError("a snippet must be a non-empty string")
    if snippet.count(OPEN) > 1 or snippet.count(CLOSE) > 1:
        raise ValueError(f"{snippet!r}: mark one span per snippet")
    if OPEN in snippet or CLOSE in snippet:
        if OPEN not in snippet or CLOSE not in snippet or snippet.index(OPEN) > snippet.index(CLOSE):
            raise ValueError(f"{snippet!r}: brackets must be [[ ... ]] in this order")
        # the first `[[` and the last `]]`, so that a span may start with `[` or end with `]`
        before, rest = snippet.split(OPEN, 1)
        inner, _, after = rest.rpartition(CLOSE)
    else:
        before, inner, after = "", snippet, ""
    if not inner:
        raise ValueError(f"{snippet!r}: the marked span is empty")
    plain = before + inner + after
    hits = [m.start() for m in re.finditer(re.escape(plain), text)]
    if not hits:
        raise ValueError(f"{snippet!r}: not found in the text (copy it exactly, quotation marks included)")
    if len(hits) > 1:
        raise ValueError(f"{snippet!r}: occurs {len(hits)} times; add words before or after to make it unique")
    start = hits[0] + len(before)
    return start, start + len(inner)


def _all_occurrences(text: str, word: str) -> list[tuple[int, int]]:
    pattern = r"(?<!\w)" + re.escape(word) + r"(?!\w)"
    return [(m.start(), m.end()) for m in re.finditer(pattern, text)]


def _mentions(text: str, entities: list, problems: list) -> dict:
    """(entity id) -> list of (start, end, kind); longer explicit mentions win over `all` hits."""
    explicit, blanket = [], []
    for e in entities:
        for i, m in enumerate(e.get("mentions", [])):
            where = f"entity {e.get('id')} mention[{i}]"
            try:
                if "at" in m:
                    explicit.append((e["id"], *locate(text, m["at"]), m["kind"]))
                elif "all" in m:
                    hits = _all_occurrences(text, m["all"])
                    if not hits:
                        problems.append(f"{where}: {m['all']!r} does not occur as a whole word")
                    skipped = {locate(text, x) for x in m.get("except", [])}
                    hits = [h for h in hits if h not in skipped]
                    blanket.extend((e["id"], s, t, m["kind"]) for s, t in hits)
                else:
                    problems.append(f"{where}: give `at` (one snippet) or `all` (every occurrence)")
            except ValueError as err:
                problems.append(f"{where}: {err}")
    kept = list(explicit)
    for item in blanket:
        if not any(s < item[2] and item[1] < t for _, s, t, _ in kept):
            kept.append(item)
    seen: dict = {}
    for ent, s, t, kind in kept:
        if (s, t) in seen and seen[(s, t)] != ent:
            problems.append(f"mention {text[s:t]!r} at {s} is listed under {seen[(s, t)]} and {ent}")
        seen[(s, t)] = ent
    out: dict = {}
    for ent, s, t, kind in sorted(set(kept), key=lambda x: (x[1], x[2])):
        out.setdefault(ent, []).append((s, t, kind))
    return out


def _ref(text, ref, mention_ids, problems, where):
    if ref is None:
        return None
    entity = ref.get("entity")
    if entity not in mention_ids:
        problems.append(f"{where}.entity: unknown entity {entity!r}")
        return None
    if ref.get("mention") is None:
        return SourceRef(entity, None)
    try:
        s, t = locate(text, ref["mention"])
    except ValueError as err:
        problems.append(f"{where}.mention: {err}")
        return None
    mid = mention_ids[entity].get((s, t))
    if mid is None:
        problems.append(f"{where}.mention: {text[s:t]!r} at {s} is not a listed mention of {entity}")
        return None
    return SourceRef(entity, mid)


def resolve_draft(draft: dict, text: str) -> Document:
    """A draft as a gold Document; raises DraftError listing every problem."""
    problems: list[str] = []
    entities = draft.get("entities", [])
    found = _mentions(text, entities, problems)
    order = sorted((min((s for s, _, _ in found.get(e["id"], [])), default=len(text)), n)
                   for n, e in enumerate(entities))
    all_mentions = sorted((s, t, ent, kind) for ent, ms in found.items() for s, t, kind in ms)
    mention_ids: dict = {e["id"]: {} for e in entities}
    for n, (s, t, ent, _) in enumerate(all_mentions, 1):
        mention_ids[ent][(s, t)] = f"M{n}"

    attributions = []
    for i, a in enumerate(draft.get("attributions", [])):
        where = f"attribution[{i}]"
        spans = []
        for role in ("content", "cue"):
            out = []
            for j, snippet in enumerate(a.get(role) or []):
                try:
                    s, t = locate(text, snippet)
                    out.append(Span(s, t, text[s:t]))
                except ValueError as err:
                    problems.append(f"{where}.{role}[{j}]: {err}")
            spans.append(tuple(sorted(out)))
        if not spans[0]:
            problems.append(f"{where}.content: at least one span is needed")
            continue
        speaker = _ref(text, a.get("speaker"), mention_ids, problems, f"{where}.speaker")
        intermediary = _ref(text, a.get("intermediary"), mention_ids, problems, f"{where}.intermediary")
        attributions.append(Attribution(
            id="", type=a.get("type"), stance=a.get("stance"), content=spans[0], cue=spans[1],
            speaker=speaker, intermediary=intermediary, tags=(), note=a.get("note")))

    attributions.sort(key=lambda a: (a.content[0].start, a.content[0].end))
    attributions = [replace(a, id=f"A{n}") for n, a in enumerate(attributions, 1)]
    renumber = {}
    entity_objs = []
    for new, (_, n) in enumerate(order, 1):
        e = entities[n]
        renumber[e["id"]] = f"E{new}"
        mentions = tuple(Mention(mention_ids[e["id"]][(s, t)], Span(s, t, text[s:t]), kind)
                         for s, t, kind in found.get(e["id"], []))
        entity_objs.append(Entity(f"E{new}", e.get("name"), e.get("type"),
                                  tuple(e.get("aliases", [])), mentions))
    attributions = [replace(a, speaker=_renamed(a.speaker, renumber), intermediary=_renamed(a.intermediary, renumber))
                    for a in attributions]
    doc = Document(doc_id=draft.get("doc_id"), text_sha256=sha256_text(text), text=text,
                   entities=tuple(entity_objs), attributions=tuple(attributions))
    doc = derive_tags(doc)
    problems.extend(f"{field}: {msg}" for field, msg in check_document(doc, strict=True))
    for a in doc.attributions:
        if a.type not in ("direct", "indirect", "mixed"):
            problems.append(f"attribution {a.id} type: {a.type!r} is not direct, indirect or mixed")
        if a.stance not in ("claim", "denial", "accusation"):
            problems.append(f"attribution {a.id} stance: {a.stance!r} is not claim, denial or accusation")
    if problems:
        raise DraftError("\n".join(problems))
    return doc


def _renamed(ref, renumber):
    return None if ref is None else SourceRef(renumber[ref.entity], ref.mention)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmark.drafts", description=__doc__.split("\n\n")[0])
    p.add_argument("draft")
    p.add_argument("text")
    p.add_argument("-o", "--output", required=True)
    args = p.parse_args(argv)
    text = Path(args.text).read_text(encoding="utf-8")
    try:
        draft = json.loads(Path(args.draft).read_text(encoding="utf-8"))
        doc = resolve_draft(draft, text)
    except json.JSONDecodeError as err:
        print(f"{args.draft}: invalid JSON: {err}", file=sys.stderr)
        return 1
    except DraftError as err:
        for line in str(err).splitlines():
            print(f"{args.draft}: {line}", file=sys.stderr)
        return 1
    Path(args.output).write_text(json.dumps(doc.to_dict(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"{args.output}: {len(doc.attributions)} attributions, {len(doc.entities)} entities, "
          f"{sum(len(e.mentions) for e in doc.entities)} mentions")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
