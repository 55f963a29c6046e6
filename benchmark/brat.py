"""brat standoff both ways: `.txt` + `.ann` pairs to gold-schema Documents and back.

Reading (any brat corpus; PolNeAR's layout is the model):

- `T` lines are text-bound annotations, `Tn<TAB>Label start end[;start end...]<TAB>text`.
  Fragments are checked against the `.txt`: inside it, non-empty, and the text field must
  equal the fragments' text joined by one space (the field may run over several physical
  lines when a span crosses a line break, as in PolNeAR; newlines shown as spaces also pass).
- `E` lines are attributions: `En<TAB>Attribution:Tt Content:Tc Cue:Tq Source:Ts`. The first
  argument is the trigger; roles are read without trailing digits (`Content2` is `Content`).
  A trigger labelled `Cue` (`En<TAB>Cue:Tq Content:Tc ...`) is the cue.
  Every `Content` fragment of the event becomes content (sorted, overlaps merged); `Cue`
  fragments become the cue; the first `Source` is the speaker mention; `Intermediary` (a
  quotebench extension) is the nested source. An event without any `Content` argument
  cannot be an attribution: it is skipped and counted (`BratStats.skipped_no_content`).
- `A`/`M` lines are attributes: on events `Stance` (claim|denial|accusation), `Type`
  (direct|indirect|mixed), `Id` (the attribution id), `SpeakerEntity` / `IntermediaryEntity`
  (an entity id, for a source with no mention in the sentence, e.g. a cue-less
  continuation), and one binary attribute per phenomenon tag (`A7<TAB>cueless E3`); on
  source mentions `Kind` (name|pronoun|nominal|metonym) and `Id` (the mention id). `Stance`,
  `SpeakerEntity` or `IntermediaryEntity` on anything but an event is an error, and so is
  an attribute given twice on one annotation with different values; other attributes are
  ignored.
- `#` lines `#n<TAB>AnnotatorNotes En<TAB>note` carry an attribution's note (`\\n`, `\\t`, `\\r`
  and `\\\\` are escapes); notes on other annotations are ignored.
- `*<TAB>Equiv Ta Tb ...` groups source mentions into one entity (brat's coreference).
  `R` and `N` lines are checked for dangling references and otherwise ignored.
- Entities: every source mention (a `T` labelled `Source` or used as a `Source` /
  `Intermediary` argument) becomes its own entity (id = its T id, name = its text, type
  `other`) unless an Equiv line or an **entity table** groups it. The entity table is a
  TSV file, `entities.tsv` in the brat folder or given explicitly, with the header
  `doc_id, entity, name, type, aliases, mentions`: one row per entity, aliases joined by
  `|`, mentions as space-separated T ids in order (name defaults to the first mention's
  text, type to `other`; an entity may have no mentions). Names and aliases write tab,
  newline, CR and backslash as `\\t`, `\\n`, `\\r` and `\\\\`, and a `|` inside an alias
  as `\\|`. A discontinuous source mention
  is read as the hull of its fragments.
- Defaults when an attribute is absent: stance None; type inferred from quotation marks
  (`infer_type`); mention kind inferred (`infer_kind`); ids are the brat ids; no tags.
- Document metadata travels in `metadata.jsonl` beside the files (`{"doc_id", "metadata"}`).
- Rejected with `file:line: message`: a byte-order mark, CR/CRLF line ends, bytes that are
  not UTF-8, offsets outside the text or empty, a text field that disagrees with the `.txt`,
  duplicate ids, dangling references, malformed lines and unknown attribute values.

Writing (`write_brat`) emits exactly the lines above, so gold -> brat -> gold is lossless:
all mentions of every entity as `Source` T lines with `Kind` and `Id`, per attribution a
`Cue`, a `Content` and a trigger T line (`Attribution`, or `Attribution-no-source` when no
speaker mention; spanning the cue, else the content), the E line, its attributes and note,
and `entities.tsv` / `metadata.jsonl`.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable, Iterator, Mapping, Sequence

from .errors import InputError, read_bytes
from .model import (
    ENTITY_TYPES, MENTION_KINDS, PHENOMENA, QUOTE_TYPES, STANCES,
    Attribution, Document, Entity, Mention, SourceRef, Span, sha256_text,
)

ENTITY_TABLE = "entities.tsv"
METADATA_FILE = "metadata.jsonl"
TABLE_HEADER = ("doc_id", "entity", "name", "type", "aliases", "mentions")
SOURCE_ROLES = ("Source", "Intermediary")
EVENT_ATTRIBUTES = ("Stance", "SpeakerEntity", "IntermediaryEntity")  # an error anywhere else
_DOUBLE_QUOTES = '"“”„‟«»'
_PRONOUNS = frozenset(
    "i me my mine we us our ours you your yours he him his she her hers it its they them "
    "their theirs who whom whose which one this that these those".split()
)
_DETERMINERS = frozenset(
    "the a an this that these those another some several many other both each every any "
    "one two three four five six seven eight nine ten".split()
)
_SAFE_ID = re.compile(r"^[^\s]+$")
_SAFE_DOC_ID = re.compile(r"^[\w][\w.\-]*$")


# --------------------------------------------------------------------------- parsed .ann


@dataclass(frozen=True)
class TextBound:
    id: str
    label: str
    fragments: tuple[tuple[int, int], ...]
    line: int


@dataclass(frozen=True)
class Event:
    id: str
    trigger: str
    label: str
    args: tuple[tuple[str, str], ...]  # (role without digits, target id)
    line: int


@dataclass(frozen=True)
class Attr:
    name: str
    target: str
    value: str | None
    line: int


@dataclass(frozen=True)
class Ann:
    """One parsed `.ann` file: every line type quotebench reads, with its line number."""

    textbounds: Mapping[str, TextBound]
    events: tuple[Event, ...]
    attributes: tuple[Attr, ...]
    notes: tuple[tuple[str, str, int], ...]  # (target, note, line)
    equivs: tuple[tuple[tuple[str, ...], int], ...]


@dataclass
class BratStats:
    """What a conversion did, for the command's summary line."""

    documents: int = 0
    events: int = 0
    attributions: int = 0
    skipped_no_content: list[str] = field(default_factory=list)  # "file:line" of each
    without_ann: list[str] = field(default_factory=list)  # .txt files read with no attributions


def check_raw(raw: bytes, file: str) -> str:
    """Decode a brat (or raw .txt) file, refusing a BOM, CR line ends and invalid UTF-8 with file:line."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raise InputError(file, "starts with a byte-order mark (BOM); save the file as UTF-8 without BOM", 1)
    cr = raw.find(b"\r")
    if cr >= 0:
        what = "CRLF" if raw[cr + 1 : cr + 2] == b"\n" else "CR"
        raise InputError(file, f"{what} line end; offsets assume LF line ends (convert the file to LF)",
                         raw.count(b"\n", 0, cr) + 1)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise InputError(file, f"cannot read: not UTF-8 text: {e.reason} at byte {e.start + 1}", raw.count(b"\n", 0, e.start) + 1) from None


_OFFSET = re.compile(r"[0-9]{1,18}")


def _fragments(spec: str, text: str, file: str, line: int) -> tuple[tuple[int, int], ...]:
    out = []
    for part in spec.split(";"):
        bits = part.split()
        if len(bits) != 2 or not all(_OFFSET.fullmatch(b) for b in bits):  # ASCII digits only: not ٤ or ¹
            raise InputError(file, f"bad offsets {spec!r}: expected 'start end' or 'start end;start end' "
                             "(ASCII digits, at most 18 each)", line)
        s, e = int(bits[0]), int(bits[1])
        if e > len(text):
            raise InputError(file, f"offset {e} is past the end of the text (length {len(text)})", line)
        if s >= e:
            raise InputError(file, f"empty or reversed fragment {s} {e}", line)
        out.append((s, e))
    return tuple(out)


def parse_ann(raw: str, text: str, file: str) -> Ann:
    """Parse an `.ann` file against its text; every problem is an InputError with file:line."""
    textbounds: dict[str, TextBound] = {}
    events: list[Event] = []
    attributes: list[Attr] = []
    notes: list[tuple[str, str, int]] = []
    equivs: list[tuple[tuple[str, ...], int]] = []
    refs: list[tuple[str, int]] = []  # (id, line) that must exist
    seen: set[str] = set()
    pos, line = 0, 1
    while pos < len(raw):
        nl = raw.find("\n", pos)
        nl = len(raw) if nl < 0 else nl
        physical = raw[pos:nl]
        here = line
        if not physical.strip():
            pos, line = nl + 1, line + 1
            continue
        ident, _, rest = physical.partition("\t")
        if ident != "*" and ident in seen:
            raise InputError(file, f"duplicate annotation id {ident!r}", here)
        seen.add(ident)
        kind = ident[:1]
        if kind == "T":
            head, tab, _ = rest.partition("\t")
            label, _, spec = head.partition(" ")
            if not label or not spec:
                raise InputError(file, "malformed T line: expected 'Tn<TAB>Label start end<TAB>text'", here)
            frags = _fragments(spec, text, file, here)
            expected = " ".join(text[s:e] for s, e in frags)
            tstart = pos + len(ident) + 1 + len(head) + len(tab)
            end = tstart + len(expected)
            shown_raw = raw[tstart:end]
            if tab and (shown_raw == expected or shown_raw == expected.replace("\n", " ")) and (end == len(raw) or raw[end] == "\n"):
                line += shown_raw.count("\n")
                nl = end
            else:
                shown = raw[tstart:nl]
                raise InputError(
                    file, f"{ident}: text {shown!r} does not match the .txt at {spec}: {expected!r}", here)
            textbounds[ident] = TextBound(ident, label, frags, here)
        elif kind == "E":
            args = rest.split()
            parsed = []
            for a in args:
                role, colon, target = a.partition(":")
                if not colon or not target:
                    raise InputError(file, f"malformed event argument {a!r}: expected Role:Tn", here)
                parsed.append((role, target))
                refs.append((target, here))
            if not parsed:
                raise InputError(file, "event without a trigger", here)
            label, trigger = parsed[0]
            roles = tuple((re.sub(r"\d+$", "", r), t) for r, t in parsed[1:])
            events.append(Event(ident, trigger, label, roles, here))
        elif kind in ("A", "M"):
            bits = rest.split()
            if len(bits) not in (2, 3):
                raise InputError(file, "malformed attribute: expected 'An<TAB>Name Target [Value]'", here)
            attributes.append(Attr(bits[0], bits[1], bits[2] if len(bits) == 3 else None, here))
            refs.append((bits[1], here))
        elif kind == "#":
            head, _, note = rest.partition("\t")
            bits = head.split()
            if len(bits) != 2:
                raise InputError(file, "malformed note: expected '#n<TAB>AnnotatorNotes Target<TAB>text'", here)
            refs.append((bits[1], here))
            notes.append((bits[1], note, here))
        elif kind == "*":
            bits = rest.split()
            if len(bits) < 3:
                raise InputError(file, "malformed Equiv line: expected '*<TAB>Equiv Ta Tb ...'", here)
            refs.extend((b, here) for b in bits[1:])
            if bits[0] == "Equiv":
                equivs.append((tuple(bits[1:]), here))
        elif kind == "R":
            for a in rest.split()[1:]:
                refs.append((a.partition(":")[2], here))
        elif kind == "N":
            bits = rest.split("\t")[0].split()
            if len(bits) < 2:
                raise InputError(file, "malformed normalization line", here)
            refs.append((bits[1], here))
        else:
            raise InputError(file, f"unknown annotation line {ident!r} (expected T, E, A, M, R, N, # or *)", here)
        pos, line = nl + 1, line + 1
    for target, at in refs:
        if target not in seen:
            raise InputError(file, f"dangling reference to {target!r}: no such annotation", at)
    for ev in events:
        for role, target in ((ev.label, ev.trigger),) + ev.args:
            if target not in textbounds:
                raise InputError(file, f"{ev.id}: argument {role}:{target} is not a text-bound (T) annotation", ev.line)
    return Ann(textbounds, tuple(events), tuple(attributes), tuple(notes), tuple(equivs))


# --------------------------------------------------------------------------- heuristics


def infer_type(text: str, spans: Sequence[Span]) -> str:
    """direct / indirect / mixed from double quotation marks (a heuristic for corpora without it).

    Direct: the content opens and closes with a double quotation mark, inside the span or
    just outside it. Mixed: a double quotation mark elsewhere in the content. Else indirect.
    """
    inner = " ".join(s.text for s in spans).strip()
    if not inner:
        return "indirect"
    before = text[: spans[0].start].rstrip()[-1:]
    after = text[spans[-1].end :].lstrip()[:1]
    opens = inner[0] in _DOUBLE_QUOTES or before in _DOUBLE_QUOTES
    closes = inner.rstrip(".,;:!?")[-1:] in _DOUBLE_QUOTES or after in _DOUBLE_QUOTES
    if opens and closes:
        return "direct"
    if any(c in _DOUBLE_QUOTES for c in inner):
        return "mixed"
    return "indirect"


def infer_kind(mention_text: str) -> str:
    """pronoun / nominal / name from the words and their case (metonyms cannot be told from
    the text alone): a pronoun alone; lowercase or a determiner before a lowercase word is
    nominal; else a name."""
    words = re.findall(r"[\w']+", mention_text)
    if not words:
        return "nominal"
    if len(words) == 1 and words[0].lower() in _PRONOUNS:
        return "pronoun"
    if words[0][:1].islower():
        return "nominal"
    if words[0].lower() in _DETERMINERS:  # "the group" is nominal, "The New York Post" a name
        return "name" if len(words) > 1 and words[1][:1].isupper() else "nominal"
    return "name"


# --------------------------------------------------------------------------- entity table


@dataclass(frozen=True)
class TableEntity:
    doc_id: str
    id: str
    name: str
    type: str
    aliases: tuple[str, ...]
    mentions: tuple[str, ...]  # T ids
    line: int


def read_entity_table(path: str | Path) -> dict[str, list[TableEntity]]:
    """`entities.tsv` -> {doc_id: [TableEntity, ...]} in file order."""
    path = Path(path)
    raw = check_raw(read_bytes(path), str(path))
    rows = raw.split("\n")
    header = tuple(c.strip() for c in rows[0].split("\t")) if rows else ()
    if header != TABLE_HEADER:
        raise InputError(str(path), f"header must be {chr(9).join(TABLE_HEADER)!r} (tab-separated)", 1)
    out: dict[str, list[TableEntity]] = {}
    ids: set[tuple[str, str]] = set()
    for n, row in enumerate(rows[1:], 2):
        if not row.strip():
            continue
        cells = row.split("\t")
        if len(cells) != len(TABLE_HEADER):
            raise InputError(str(path), f"expected {len(TABLE_HEADER)} tab-separated cells, found {len(cells)}", n)
        doc_id, ent, etype, mentions = (cells[i].strip() for i in (0, 1, 3, 5))
        name, aliases = _unescape(cells[2]), _split_aliases(cells[4])
        if not doc_id or not ent:
            raise InputError(str(path), "doc_id and entity must not be empty", n)
        if (doc_id, ent) in ids:
            raise InputError(str(path), f"entity {ent!r} of {doc_id!r} is listed twice", n, "entity")
        ids.add((doc_id, ent))
        etype = etype or "other"
        if etype not in ENTITY_TYPES:
            raise InputError(str(path), f"unknown entity type {etype!r} (expected one of {', '.join(ENTITY_TYPES)})", n, "type")
        out.setdefault(doc_id, []).append(TableEntity(
            doc_id, ent, name, etype, aliases, tuple(mentions.split()), n))
    return out


def format_entity_table(docs_tables: Iterable[tuple[str, Sequence[TableEntity]]]) -> str:
    lines = ["\t".join(TABLE_HEADER)]
    for doc_id, ents in docs_tables:
        for e in ents:
            aliases = "|".join(_escape(a).replace("|", "\\|") for a in e.aliases)
            lines.append("\t".join((doc_id, e.id, _escape(e.name), e.type, aliases, " ".join(e.mentions))))
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- .ann -> Document


def _merge(frags: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted fragments with overlapping ones merged (adjacent ones stay apart)."""
    out: list[tuple[int, int]] = []
    for s, e in sorted(frags):
        if out and s < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def _span(text: str, s: int, e: int) -> Span:
    return Span(s, e, text[s:e])


def _unescape(note: str) -> str:
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t", "r": "\r"}.get(m.group(1), m.group(1)), note)


def _escape(note: str) -> str:
    return note.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r")


def _split_aliases(cell: str) -> tuple[str, ...]:
    """The `|`-separated aliases of an entity-table cell; `\\|` is a `|` inside an alias."""
    out, cur, i = [], "", 0
    while i < len(cell):
        if cell[i] == "\\" and i + 1 < len(cell):
            cur += cell[i:i + 2]
            i += 2
        elif cell[i] == "|":
            out.append(cur)
            cur, i = "", i + 1
        else:
            cur += cell[i]
            i += 1
    out.append(cur)
    return tuple(_unescape(a) for a in out if a)


def ann_to_document(doc_id: str, text: str, ann: Ann, file: str,
                    table: Sequence[TableEntity] | None = None,
                    table_file: str = ENTITY_TABLE,
                    stats: BratStats | None = None) -> Document:
    """A gold-schema Document from a parsed `.ann` (see the module docstring for the rules)."""
    tb = ann.textbounds
    t_attrs: dict[str, dict[str, Attr]] = {}
    events = {ev.id for ev in ann.events}
    for a in ann.attributes:
        before = t_attrs.setdefault(a.target, {}).get(a.name)
        if before is not None and before.value != a.value:
            raise InputError(file, f"{a.name} on {a.target} is given twice with different values "
                             f"({before.value!r} on line {before.line}, {a.value!r} here)", a.line)
        if a.name in EVENT_ATTRIBUTES and a.target not in events:
            raise InputError(file, f"{a.name} belongs on an attribution event (E line), not on {a.target}", a.line)
        t_attrs[a.target][a.name] = a

    def value(target: str, name: str, allowed: Sequence[str] | None = None) -> str | None:
        a = t_attrs.get(target, {}).get(name)
        if a is None:
            return None
        if a.value is None or (allowed is not None and a.value not in allowed):
            choices = f" (expected one of {', '.join(allowed)})" if allowed else ""
            raise InputError(file, f"{name} on {target}: bad value {a.value!r}{choices}", a.line)
        return a.value

    # Source mentions: T lines labelled Source, used as a source argument, grouped by an
    # Equiv line or listed in the entity table; in file order.
    wanted = {t for ev in ann.events for role, t in ev.args if role in SOURCE_ROLES}
    wanted |= {t for members, _ in ann.equivs for t in members}
    for row in table or ():
        for tid in row.mentions:
            if tid not in tb:
                raise InputError(table_file, f"entity {row.id!r}: no annotation {tid!r} in {file}", row.line, "mentions")
            wanted.add(tid)
    mentions: dict[str, Mention] = {}
    for tid, b in sorted(tb.items(), key=lambda kv: kv[1].line):
        if b.label != "Source" and tid not in wanted:
            continue
        s, e = min(f[0] for f in b.fragments), max(f[1] for f in b.fragments)
        span = _span(text, s, e)
        kind = value(tid, "Kind", MENTION_KINDS) or infer_kind(span.text)
        mentions[tid] = Mention(value(tid, "Id") or tid, span, kind)

    # Entities: the table's rows first, then Equiv groups, then one entity per other mention.
    entities: list[Entity] = []
    entity_of: dict[str, str] = {}
    for row in table or ():
        for tid in row.mentions:
            if tid in entity_of:
                raise InputError(table_file, f"mention {tid} is listed under two entities", row.line, "mentions")
            entity_of[tid] = row.id
        ms = tuple(mentions[t] for t in row.mentions)
        entities.append(Entity(row.id, row.name or (ms[0].span.text if ms else row.id), row.type, row.aliases, ms))
    parent = {t: t for t in mentions}

    def find(t: str) -> str:
        while parent[t] != t:
            t = parent[t]
        return t

    order = {t: i for i, t in enumerate(mentions)}
    for members, _ in ann.equivs:
        free = [t for t in members if t not in entity_of]
        for t in free[1:]:
            a, b = sorted((find(free[0]), find(t)), key=order.__getitem__)
            parent[b] = a
    groups: dict[str, list[Mention]] = {}
    for tid, m in mentions.items():
        if tid not in entity_of:
            groups.setdefault(find(tid), []).append(m)
    for head, ms in groups.items():
        entities.append(Entity(head, ms[0].span.text, "other", (), tuple(ms)))
        for t, m in mentions.items():
            if t not in entity_of and find(t) == head:
                entity_of[t] = head
    entity_ids = {e.id for e in entities}

    notes: dict[str, list[str]] = {}
    for target, note, _ in ann.notes:
        notes.setdefault(target, []).append(_unescape(note))

    attributions: list[Attribution] = []
    for ev in ann.events:
        if stats is not None:
            stats.events += 1
        content_frags = [f for role, t in ev.args if role == "Content" for f in tb[t].fragments]
        if not content_frags:
            if stats is not None:
                stats.skipped_no_content.append(f"{file}:{ev.line}")
            continue
        content = tuple(_span(text, s, e) for s, e in _merge(content_frags))
        cue_ids = [t for role, t in ev.args if role == "Cue"]
        if ev.trigger not in cue_ids and (re.sub(r"\d+$", "", ev.label) == "Cue" or tb[ev.trigger].label == "Cue"):
            cue_ids.insert(0, ev.trigger)  # `E1<TAB>Cue:T3 Content:T4 ...`: the trigger is the cue
        cue = tuple(_span(text, s, e) for t in cue_ids for s, e in tb[t].fragments)

        def ref(role: str, attr: str) -> SourceRef | None:
            tid = next((t for r, t in ev.args if r == role), None)
            ent = value(ev.id, attr)
            if ent is not None and ent not in entity_ids:
                raise InputError(file, f"{attr} on {ev.id}: unknown entity {ent!r}", t_attrs[ev.id][attr].line)
            if tid is None:
                return SourceRef(ent, None) if ent else None
            if ent is not None and ent != entity_of[tid]:
                raise InputError(file, f"{attr} on {ev.id}: {ent!r} disagrees with the entity of {tid} ({entity_of[tid]!r})",
                                 t_attrs[ev.id][attr].line)
            return SourceRef(entity_of[tid], mentions[tid].id)

        tags = tuple(dict.fromkeys(x.name for x in ann.attributes if x.target == ev.id and x.name in PHENOMENA))
        for t in tags:
            if t_attrs[ev.id][t].value is not None:
                raise InputError(file, f"tag {t} on {ev.id} is a binary attribute and takes no value", t_attrs[ev.id][t].line)
        note = "\n".join(notes[ev.id]) if ev.id in notes else None
        attributions.append(Attribution(
            id=value(ev.id, "Id") or ev.id,
            content=content,
            type=value(ev.id, "Type", QUOTE_TYPES) or infer_type(text, content),
            stance=value(ev.id, "Stance", STANCES),
            speaker=ref("Source", "SpeakerEntity"),
            cue=cue,
            intermediary=ref("Intermediary", "IntermediaryEntity"),
            tags=tags,
            note=note,
        ))
    if stats is not None:
        stats.documents += 1
        stats.attributions += len(attributions)
    return Document(doc_id, text, sha256_text(text), tuple(entities), tuple(attributions))


def read_pair(txt: Path, ann: Path, table: Sequence[TableEntity] | None = None,
              table_file: str = ENTITY_TABLE, stats: BratStats | None = None,
              doc_id: str | None = None) -> Document:
    text = check_raw(read_bytes(txt), str(txt))
    raw = check_raw(read_bytes(ann), str(ann))
    parsed = parse_ann(raw, text, str(ann))
    return ann_to_document(doc_id or txt.stem, text, parsed, str(ann), table, table_file, stats)


def read_brat(folder: str | Path, entities: str | Path | None = None,
              stats: BratStats | None = None) -> Iterator[Document]:
    """Documents from a brat folder (`NAME.txt` + `NAME.ann`, sorted by name), streamed.

    `entities` is an entity table; by default `entities.tsv` in the folder when present.
    A `.txt` without `.ann` is a document without attributions (listed in `stats`, and by
    `quotebench convert`); an `.ann` without `.txt` is an error.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(str(folder), "not a folder of brat .txt/.ann files")
    txts = {p.stem: p for p in folder.glob("*.txt")}
    anns = {p.stem: p for p in folder.glob("*.ann")}
    orphans = sorted(set(anns) - set(txts))
    if orphans:
        raise InputError(str(anns[orphans[0]]), f"no matching text file {orphans[0]}.txt")
    if not txts:
        raise InputError(str(folder), "folder holds no brat .txt files")
    table_path = Path(entities) if entities else folder / ENTITY_TABLE
    table = read_entity_table(table_path) if entities or table_path.is_file() else {}
    for doc_id, rows in table.items():
        if doc_id not in txts:
            raise InputError(str(table_path), f"no document {doc_id!r} in {folder}", rows[0].line, "doc_id")
    meta = _read_metadata(folder / METADATA_FILE)
    for stem in sorted(txts):
        ann = anns.get(stem)
        if ann is None:
            text = check_raw(read_bytes(txts[stem]), str(txts[stem]))
            doc = Document(stem, text, sha256_text(text))
            if stats is not None:
                stats.documents += 1
                stats.without_ann.append(str(txts[stem]))
        else:
            doc = read_pair(txts[stem], ann, table.get(stem), str(table_path), stats)
        if stem in meta:
            doc = replace(doc, metadata=meta[stem])
        yield doc


def _read_metadata(path: Path) -> dict[str, dict]:
    if not path.is_file():
        return {}
    out = {}
    for n, row in enumerate(check_raw(read_bytes(path), str(path)).split("\n"), 1):
        if not row.strip():
            continue
        try:
            obj = json.loads(row)
            out[obj["doc_id"]] = dict(obj["metadata"])
        except (ValueError, KeyError, TypeError) as e:
            raise InputError(str(path), f"expected {{\"doc_id\": ..., \"metadata\": {{...}}}}: {e}", n) from None
    return out


# --------------------------------------------------------------------------- Document -> brat


def _offsets(spans: Sequence[Span]) -> str:
    return ";".join(f"{s.start} {s.end}" for s in spans)


def _shown(spans: Sequence[Span]) -> str:
    return " ".join(s.text for s in spans)


def document_to_ann(doc: Document) -> tuple[str, list[TableEntity]]:
    """The `.ann` text and the entity-table rows for one document (lossless; see module doc)."""
    where = f"document {doc.doc_id}"
    lines: list[str] = []
    counters = {"T": 0, "E": 0, "A": 0, "#": 0}

    def new(kind: str) -> str:
        counters[kind] += 1
        return f"{kind}{counters[kind]}"

    def safe(value: str, what: str) -> str:
        if not _SAFE_ID.match(value):
            raise InputError(where, f"{what} {value!r} contains whitespace and cannot be written as a brat attribute")
        return value

    tid_of: dict[str, str] = {}
    rows: list[TableEntity] = []
    for ent in doc.entities:
        if any(c in ent.id for c in "\t\n\r ") or not ent.id:
            raise InputError(where, f"entity id {ent.id!r} cannot be written to the TSV entity table")
        tids = []
        for m in ent.mentions:
            t = new("T")
            tid_of[m.id] = t
            tids.append(t)
            lines.append(f"{t}\tSource {m.span.start} {m.span.end}\t{m.span.text}")
            lines.append(f"{new('A')}\tKind {t} {m.kind}")
            lines.append(f"{new('A')}\tId {t} {safe(m.id, 'mention id')}")
        rows.append(TableEntity(doc.doc_id, ent.id, ent.name, ent.type, ent.aliases, tuple(tids), 0))
    for a in doc.attributions:
        args = []
        if a.cue:
            t = new("T")
            lines.append(f"{t}\tCue {_offsets(a.cue)}\t{_shown(a.cue)}")
            args.append(f"Cue:{t}")
        t = new("T")
        lines.append(f"{t}\tContent {_offsets(a.content)}\t{_shown(a.content)}")
        args.insert(0, f"Content:{t}")
        attrs = []
        for role, attr, ref in (("Source", "SpeakerEntity", a.speaker), ("Intermediary", "IntermediaryEntity", a.intermediary)):
            if ref is None:
                continue
            if ref.mention is not None:
                args.append(f"{role}:{tid_of[ref.mention]}")
            else:
                attrs.append((attr, safe(ref.entity, "entity id")))
        trigger_spans = a.cue or a.content
        label = "Attribution" if a.speaker is not None and a.speaker.mention is not None else "Attribution-no-source"
        trig = new("T")
        lines.append(f"{trig}\t{label} {_offsets(trigger_spans)}\t{_shown(trigger_spans)}")
        e = new("E")
        lines.append(f"{e}\t{label}:{trig} " + " ".join(args))
        lines.append(f"{new('A')}\tId {e} {safe(a.id, 'attribution id')}")
        lines.append(f"{new('A')}\tType {e} {a.type}")
        if a.stance is not None:
            lines.append(f"{new('A')}\tStance {e} {a.stance}")
        for name, val in attrs:
            lines.append(f"{new('A')}\t{name} {e} {val}")
        for tag in a.tags:
            lines.append(f"{new('A')}\t{tag} {e}")
        if a.note is not None:
            lines.append(f"{new('#')}\tAnnotatorNotes {e}\t{_escape(a.note)}")
    return "\n".join(lines) + ("\n" if lines else ""), rows


def write_brat(docs: Iterable[Document], folder: str | Path) -> int:
    """Write `DOC_ID.txt` + `DOC_ID.ann` per document, `entities.tsv` and `metadata.jsonl`.

    The folder must be new or hold no brat files: writing over an earlier corpus would mix
    its documents with these under one entity table."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise InputError(str(folder), "is a file, not a folder to write brat into")
    if folder.is_dir():
        old = sorted(p.name for p in folder.iterdir()
                     if p.suffix in (".txt", ".ann") or p.name in (ENTITY_TABLE, METADATA_FILE))
        if old:
            raise InputError(str(folder), f"already holds brat files ({', '.join(old[:3])}"
                             f"{' ...' if len(old) > 3 else ''}); write to a new or empty folder")
    from .output import build_folder

    if folder.is_dir() and any(folder.iterdir()):
        raise InputError(str(folder), "is not empty; write brat to a new or empty folder")
    with build_folder(str(folder)) as tmp:
        return _write_brat_into(docs, tmp)


def _write_brat_into(docs: Iterable[Document], folder: Path) -> int:
    tables: list[tuple[str, list[TableEntity]]] = []
    meta_lines: list[str] = []
    n = 0
    for doc in docs:
        if not _SAFE_DOC_ID.match(doc.doc_id):
            raise InputError(f"document {doc.doc_id}", "doc_id cannot be used as a file name (letters, digits, _ . - only)")
        if "\r" in doc.text or doc.text.startswith("\ufeff"):
            raise InputError(f"document {doc.doc_id}", "text holds CR line ends or a BOM, which brat offsets cannot represent")
        ann, rows = document_to_ann(doc)
        (folder / f"{doc.doc_id}.txt").write_bytes(doc.text.encode("utf-8"))
        (folder / f"{doc.doc_id}.ann").write_bytes(ann.encode("utf-8"))
        tables.append((doc.doc_id, rows))
        if doc.metadata:
            meta_lines.append(json.dumps({"doc_id": doc.doc_id, "metadata": dict(doc.metadata)}, ensure_ascii=False))
        n += 1
    (folder / ENTITY_TABLE).write_bytes(format_entity_table(tables).encode("utf-8"))
    meta_path = folder / METADATA_FILE
    if meta_lines:
        meta_path.write_bytes(("\n".join(meta_lines) + "\n").encode("utf-8"))
    elif meta_path.exists():
        meta_path.unlink()
    return n
