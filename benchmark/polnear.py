"""PolNeAR (Newell, Margolin & Ruths, LREC 2018) read in place as gold-schema Documents.

Layout: `<root>/data/<split>/text/NAME.txt`, `<root>/data/<split>/attributions/NAME_XXXX.ann`
(XXXX = annotator id) and `<root>/data/metadata.tsv`. The root defaults to
`$QUOTEBENCH_POLNEAR`, else `../shared/external/polnear` beside the source checkout or the
working directory (`default_root`); PATH may also be the `data` folder or a split folder.
The data is research-use only and is never copied into the project.

Conversion rules:
- One annotator per article: where an article has several `.ann` files (articles reviewed
  by every annotator), the file of the lexicographically smallest annotator id is used, or
  of `prefer` when that annotator annotated it. The choice is deterministic and recorded in
  the document's metadata (`annotator`, `annotators`).
- Each `E` line with a Content argument is one attribution (see `benchmark.brat`); the few
  events annotated with no Content cannot be attributions and are counted as skipped.
  Attributions are sorted by position.
- Each source mention is its own entity (type `other`): PolNeAR has no coreference.
- Stance is None (PolNeAR has no stance labels); type is inferred from quotation marks
  (`brat.infer_type`); mention kind from the words (`brat.infer_kind`).
- Phenomenon tags are derived from the data: discontinuous, cueless, pronoun/nominal
  speaker, multi_sentence (content crosses a sentence boundary of `text.sentences`).
- PolNeAR spans are kept as annotated (direct content keeps its quotation marks; the
  scorer trims them in exact mode).
"""
from __future__ import annotations

import csv
import os
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterator

from .brat import BratStats, read_pair
from .errors import InputError
from .model import Attribution, Document
from .text import sentences

SPLITS = ("train", "dev", "test", "annotator-training")
CORPUS = "PolNeAR v1.0.0"
_ANN = re.compile(r"^(?P<stem>.+)_(?P<annotator>[0-9a-f]{4})$")
_META_FIELDS = ("publisher", "publication_date", "author", "title", "level")


def default_root() -> Path:
    """`$QUOTEBENCH_POLNEAR`, else `../shared/external/polnear` beside the source checkout
    (when running from one), else relative to the working directory (an installed package)."""
    env = os.environ.get("QUOTEBENCH_POLNEAR")
    if env:
        return Path(env)
    checkout = Path(__file__).resolve().parent.parent
    beside_cwd = Path.cwd().parent / "shared" / "external" / "polnear"
    if (checkout / "pyproject.toml").is_file():
        beside_repo = checkout.parent / "shared" / "external" / "polnear"
        if beside_repo.is_dir() or not beside_cwd.is_dir():
            return beside_repo
    return beside_cwd


def split_dir(root: str | Path | None, split: str) -> Path:
    """The folder holding `text/` and `attributions/` for `split` under a PolNeAR root."""
    root = Path(root) if root is not None else default_root()
    for p in (root / "data" / split, root / split, root):
        if (p / "attributions").is_dir() and (p / "text").is_dir():
            return p
    raise InputError(str(root), f"no PolNeAR split {split!r} here (expected data/{split}/text and "
                     f"data/{split}/attributions); give the PolNeAR folder as PATH or set $QUOTEBENCH_POLNEAR")


def annotator_files(folder: Path) -> dict[str, dict[str, Path]]:
    """{article: {annotator: .ann path}} for one split folder, sorted."""
    out: dict[str, dict[str, Path]] = {}
    for ann in sorted((folder / "attributions").glob("*.ann")):
        m = _ANN.match(ann.stem)
        stem, annotator = (m.group("stem"), m.group("annotator")) if m else (ann.stem, "")
        out.setdefault(stem, {})[annotator] = ann
    return dict(sorted(out.items()))


def choose_annotator(annotators: dict[str, Path], prefer: str | None = None) -> str:
    """The documented rule: `prefer` if it annotated the article, else the smallest id."""
    if prefer is not None and prefer in annotators:
        return prefer
    return min(annotators)


def read_metadata(folder: Path) -> dict[str, dict[str, str]]:
    """metadata.tsv rows by filename ({} when the file is absent)."""
    for p in (folder.parent / "metadata.tsv", folder.parent.parent / "metadata.tsv", folder / "metadata.tsv"):
        if p.is_file():
            with open(p, encoding="utf-8", newline="") as f:
                return {row["filename"]: row for row in csv.DictReader(f, delimiter="\t") if row.get("filename")}
    return {}


def derive_tags(doc: Document) -> Document:
    """Phenomenon tags computed from the data (what can be told without a human)."""
    sents = sentences(doc.text)
    kinds = {m.id: m.kind for e in doc.entities for m in e.mentions}
    out = []
    for a in doc.attributions:
        tags = set()
        if len(a.content) > 1:
            tags.add("discontinuous")
        if not a.cue:
            tags.add("cueless")
        kind = kinds.get(a.speaker.mention) if a.speaker and a.speaker.mention else None
        if kind in ("pronoun", "nominal"):
            tags.add(f"{kind}_speaker")
        elif kind == "metonym":  # PolNeAR has no metonym mentions; quotebench's drafts do
            tags.add("metonymic_speaker")
        if a.intermediary is not None:
            tags.add("nested_source")
        touched = {i for i, (s, e) in enumerate(sents) for c in a.content if s < c.end and c.start < e}
        if len(touched) > 1:
            tags.add("multi_sentence")
        out.append(replace(a, tags=tuple(t for t in _TAG_ORDER if t in tags)))
    return replace(doc, attributions=tuple(out))


_TAG_ORDER = ("pronoun_speaker", "nominal_speaker", "metonymic_speaker", "cueless",
              "discontinuous", "multi_sentence", "nested_source")


def _position(a: Attribution) -> tuple:
    return (a.start, a.end, a.id)


def read_document(folder: Path, stem: str, annotator: str, ann: Path,
                  meta: dict[str, str] | None = None, stats: BratStats | None = None,
                  all_annotators: list[str] | None = None, split: str = "") -> Document:
    """One article as annotated by one annotator."""
    txt = folder / "text" / f"{stem}.txt"
    if not txt.is_file():
        raise InputError(str(ann), f"no matching text file text/{stem}.txt")
    doc = read_pair(txt, ann, stats=stats, doc_id=stem)
    doc = derive_tags(replace(doc, attributions=tuple(sorted(doc.attributions, key=_position))))
    metadata = {"corpus": CORPUS, "split": split or folder.name, "annotator": annotator,
                "annotators": all_annotators or [annotator], "source_file": ann.name}
    for k in _META_FIELDS:
        if meta and meta.get(k) not in (None, "", "None"):
            metadata[k] = meta[k]
    return replace(doc, metadata=metadata)


def read_polnear(root: str | Path | None = None, split: str = "dev", prefer: str | None = None,
                 stats: BratStats | None = None, limit: int | None = None) -> Iterator[Document]:
    """The articles of one split, one annotator each (see the module docstring), streamed."""
    folder = split_dir(root, split)
    meta = read_metadata(folder)
    for n, (stem, anns) in enumerate(annotator_files(folder).items()):
        if limit is not None and n >= limit:
            return
        chosen = choose_annotator(anns, prefer)
        yield read_document(folder, stem, chosen, anns[chosen], meta.get(stem), stats, sorted(anns), split)


@dataclass(frozen=True)
class AnnotatorSet:
    """Every annotator's version of every article in a split (for agreement)."""

    annotators: tuple[str, ...]
    documents: dict[str, tuple[Document, ...]]  # annotator -> documents (sorted by doc_id)


def read_annotators(root: str | Path | None = None, split: str = "annotator-training") -> AnnotatorSet:
    """Every annotator's version of the split's multiply-annotated articles.

    The annotators are all those who annotated any article with several `.ann` files; the
    articles are those that every one of them annotated (annotator-training: 6 annotators,
    4 articles; train and dev also hold the articles reviewed in the weekly meetings).
    """
    folder = split_dir(root, split)
    files = {stem: anns for stem, anns in annotator_files(folder).items() if len(anns) > 1}
    if not files:
        raise InputError(str(folder), "no article has more than one annotator's .ann file")
    annotators = sorted(set().union(*(set(a) for a in files.values())))
    files = {stem: anns for stem, anns in files.items() if set(annotators) <= set(anns)}
    if not files:
        raise InputError(str(folder), f"no article was annotated by all of {', '.join(annotators)}")
    meta = read_metadata(folder)
    docs = {
        who: tuple(read_document(folder, stem, who, anns[who], meta.get(stem), None, sorted(anns), split)
                   for stem, anns in files.items())
        for who in annotators
    }
    return AnnotatorSet(tuple(annotators), docs)
