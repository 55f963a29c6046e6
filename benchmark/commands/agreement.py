"""`quotebench agreement A B [C ...]`: inter-annotator agreement between annotations.

    quotebench agreement annotations/agreement/annotator_a.json annotations/agreement/annotator_b.json
    quotebench agreement annotations/agreement/wikinews/pass1 annotations/agreement/wikinews/pass2 --split dev
    quotebench agreement --polnear-training            # PolNeAR annotator-training: 6 annotators
    quotebench agreement A.jsonl brat_folder/ --list --format json
"""
from __future__ import annotations

import json
from pathlib import Path

from ..errors import InputError
from ..splits import split_argument

HELP = "inter-annotator agreement: content F1 (exact, overlap), speaker agreement, stance kappa, disagreements"


def add_arguments(p) -> None:
    p.add_argument("annotations", nargs="*", metavar="ANNOTATION",
                   help="one annotation of the same documents each: a gold-schema .json/.jsonl/folder, or a brat folder")
    p.add_argument("--polnear-training", nargs="?", const="", default=None, metavar="PATH",
                   help="add every annotator of PolNeAR's annotator-training compartment "
                        "(PATH, default $QUOTEBENCH_POLNEAR, else ../shared/external/polnear beside the checkout "
                        "or the working directory)")
    p.add_argument("--polnear-split", default="annotator-training", choices=("annotator-training", "train", "dev"),
                   help="with --polnear-training: the compartment whose multiply-annotated articles are compared "
                        "(default annotator-training; train and dev hold the articles reviewed weekly by all annotators)")
    p.add_argument("--split", type=split_argument, metavar="SPLIT", default=None,
                   help="compare only the documents of this split of the quotebench gold (default: every document given)")
    p.add_argument("--threshold", type=float, default=0.5, help="token overlap ratio for overlap matching (default 0.5)")
    p.add_argument("--list", action="store_true", help="list the disagreements: unmatched items, speaker and stance differences")
    p.add_argument("--format", choices=("table", "json"), default="table",
                   help="table (default, for reading) or json (every figure, for scripts)")


def load_annotation(path: str):
    """Documents from a gold-schema corpus or a brat folder (a folder with .ann files)."""
    p = Path(path)
    if p.is_dir() and any(p.glob("*.ann")):
        from ..brat import read_brat

        return tuple(read_brat(p))
    from ..corpus import load_corpus

    return load_corpus(p)


def _names(paths: list[str]) -> list[str]:
    """Short unique labels: file stems, or the full paths when stems collide."""
    stems = [Path(x).stem or x for x in paths]
    return stems if len(set(stems)) == len(stems) else list(paths)


def run(args) -> int:
    from ..agreement import agreement, render_table

    annotations = {}
    seen: dict = {}
    for name, path in zip(_names(args.annotations), args.annotations):
        same = seen.get(Path(path).resolve())
        if same is not None:
            raise InputError(path, f"the same annotation is given twice ({same} and {path}); "
                             "agreement compares different annotations")
        seen[Path(path).resolve()] = path
        annotations[name] = load_annotation(path)
    if args.polnear_training is not None:
        from ..polnear import read_annotators

        found = read_annotators(args.polnear_training or None, args.polnear_split)
        for who in found.annotators:
            annotations[f"polnear:{who}"] = found.documents[who]
    if args.split:
        from ..splits import doc_ids

        wanted = set(doc_ids(args.split))
        annotations = {name: tuple(d for d in docs if d.doc_id in wanted) for name, docs in annotations.items()}
        for name, docs in annotations.items():
            if not docs:
                raise InputError(name, f"holds no document of split {args.split!r}")
    if len(annotations) < 2:
        raise InputError("agreement", "give at least two annotations (files or folders), or --polnear-training")
    if not 0 < args.threshold <= 1:
        raise InputError("--threshold", f"must be in (0, 1], not {args.threshold}")
    report = agreement(annotations, args.threshold, args.list)
    if args.format == "json":
        print(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(render_table(report, args.list))
    return 0
