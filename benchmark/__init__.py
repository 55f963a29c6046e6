"""quotebench: a quote-attribution benchmark for English news.

    import benchmark
    gold = benchmark.load_gold(split="test")                  # frozen dataclasses
    ds = benchmark.load_dataset("attributions", split="dev")  # a datasets.Dataset
    dd = benchmark.load_dataset("attributions")               # DatasetDict: seed, dev, test
"""
from __future__ import annotations

__version__ = "0.1.0"

from .corpus import load_corpus, load_gold  # noqa: E402
from .errors import InputError  # noqa: E402
from .model import Attribution, Document, Entity, Mention, SourceRef, Span  # noqa: E402


def load_dataset(view: str = "documents", gold=None, split: str | None = None, cache=None):
    """The gold set in `datasets`: view 'documents', 'attributions' or 'tokens'; a Dataset
    for one `split` ('seed', 'dev', 'test', 'all'), a DatasetDict of the three without;
    `gold`, a corpus path or Documents, gives one Dataset of it. Views of files are cached
    as Arrow, keyed on the bytes and the view version: `cache` None (the default folder, or
    $QUOTEBENCH_VIEWS_CACHE), False (build in memory) or a folder."""
    from .hf import load_dataset as _load

    return _load(view, gold, split, cache=cache)


from .scorer import compare, score, significance  # noqa: E402


__all__ = [
    "Attribution", "Document", "Entity", "InputError", "Mention", "SourceRef", "Span",
    "compare", "load_corpus", "load_dataset", "load_gold", "score", "significance", "__version__",
]
