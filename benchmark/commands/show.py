"""`quotebench show`: the gold attributions as a readable table."""
from __future__ import annotations

import shutil
from collections import Counter
import textwrap

from ..corpus import load_corpus, load_gold
from ..model import PHENOMENA
from ..splits import split_argument
from ..text import sentences, tokenize

HELP = "print the gold attributions as a table: speaker, stance, type, content"


def add_arguments(p) -> None:
    p.add_argument("--gold", metavar="FILE", help="a corpus in the gold schema (default: the quotebench gold set)")
    p.add_argument("--split", type=split_argument, metavar="SPLIT", default=None,
                   help="the quotebench gold split to show (default all)")
    p.add_argument("--sources", action="store_true",
                   help="print where the texts come from: credit, licence and changes of every article")
    p.add_argument("--width", type=int, default=None, help="table width (default: terminal width)")
    p.add_argument("--stats", action="store_true",
                   help="print counts per stance, type, speaker type, phenomenon and mention kind instead")


def rows(docs):
    for d in docs:
        for a in d.attributions:
            entity = d.entity(a.speaker.entity).name if a.speaker else "-"
            mention = d.mention(a.speaker.mention).span.text if a.speaker and a.speaker.mention else None
            speaker = entity if mention in (None, entity) else f"{entity} ({mention})"
            if len(speaker) > 36:
                speaker = speaker[:35] + "…"
            yield (a.id, speaker, a.stance or "-", a.type, a.content_text)


def composition(docs) -> dict[str, Counter]:
    """Counts per stance, type, speaker type and phenomenon tag (the dataset card's table)."""
    counts = {k: Counter() for k in ("stance", "type", "speaker type", "phenomenon", "mention kind")}
    for d in docs:
        for a in d.attributions:
            counts["stance"][a.stance or "(none)"] += 1
            counts["type"][a.type] += 1
            counts["speaker type"][d.entity(a.speaker.entity).type if a.speaker else "(none)"] += 1
            counts["phenomenon"].update(a.tags)
        for e in d.entities:
            counts["mention kind"].update(m.kind for m in e.mentions)
    return counts


def print_stats(docs) -> None:
    n = sum(len(d.attributions) for d in docs)
    ents = sum(len(d.entities) for d in docs)
    ments = sum(len(e.mentions) for d in docs for e in d.entities)
    toks = sum(len(tokenize(d.text)) for d in docs)
    sents = sum(len(sentences(d.text)) for d in docs)
    print(f"documents {len(docs)}  tokens {toks}  sentences {sents}  attributions {n}  entities {ents}  mentions {ments}")
    counts = composition(docs)
    for tag in PHENOMENA:  # a phenomenon the data lacks is worth seeing as 0
        counts["phenomenon"].setdefault(tag, 0)
    for name, counter in counts.items():
        cells = ", ".join(f"{k} {v}" for k, v in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))
        print(f"{name}: {cells}")


def print_sources(split: str | None) -> None:
    """Where the split's texts come from: the seed article's provenance and, for Wikinews
    articles, the credit notice (its opening and the entries of the split's articles)."""
    from ..corpus import read_manifest
    from ..resources import seeds_dir
    from ..splits import doc_ids

    wanted = set(doc_ids(split or "all"))
    notice = (seeds_dir() / "wikinews" / "NOTICE.md").read_text(encoding="utf-8").rstrip()
    head, *sections = notice.split("\n## ")
    seed = [d for d in read_manifest()["documents"] if d["doc_id"] in wanted and d.get("split", "seed") == "seed"]
    for d in seed:
        print(f"# The seed article\n\n{d['doc_id']}: {d['provenance']}\n")
    kept = [sec for sec in sections if any(f"`{doc_id}`" in sec for doc_id in wanted)]
    if kept:
        print(head + "".join("\n## " + sec for sec in kept))
def run(args) -> int:
    from ..errors import InputError

    if args.gold and args.split:
        raise InputError("--split", "applies to quotebench's own gold; a corpus given with --gold has no splits")
    if args.sources:
        if args.gold:
            raise InputError("--sources", "describes quotebench's own texts; a corpus given with --gold has its own provenance")
        print_sources(args.split)
        return 0
    docs = load_corpus(args.gold) if args.gold else load_gold(split=args.split)
    if args.stats:
        print_stats(docs)
        return 0
    width = args.width or shutil.get_terminal_size((120, 20)).columns
    header = ("id", "speaker", "stance", "type", "content")
    table = list(rows(docs))
    widths = [max(len(str(r[i])) for r in [header, *table]) for i in range(4)]
    content_width = max(30, width - sum(widths) - 8)
    line = "  ".join(h.ljust(w) for h, w in zip(header[:4], widths)) + "  " + header[4]
    indent = " " * (sum(widths) + 8)
    for k, d in enumerate(docs):  # each document's attributions under its own heading (ids restart at A1)
        print(("\n" if k else "") + f"{d.doc_id}: {len(d.attributions)} attributions, {len(d.entities)} entities")
        if not d.attributions:
            continue
        print(line)
        print("-" * min(width, len(line) + content_width - len(header[4])))
        for r in rows([d]):
            wrapped = textwrap.wrap(r[4], content_width) or [""]
            print("  ".join(str(v).ljust(w) for v, w in zip(r[:4], widths)) + "  " + wrapped[0])
            for more in wrapped[1:]:
                print(indent + more)
    return 0
