"""quotebench: a quote-attribution benchmark for English news.

    import benchmark
    gold = benchmark.load_gold()                 # frozen dataclasses
    ds = benchmark.load_dataset("attributions")  # a datasets.Dataset
"""
from __future__ import annotations

__version__ = "0.1.0"

from .corpus import load_corpus, load_gold  # noqa: E402
from .errors import InputError  # noqa: E402
from .model import Attribution, Document, Entity, Mention, SourceRef, Span  # noqa: E402


def load_dataset(view: str = "documents", gold=None):
    """The gold set as a `datasets.Dataset`: view 'documents', 'attributions' or 'tokens'."""
    from .hf import load_dataset as _load

    return _load(view, gold)


def score(predictions, gold=None, **settings):
    """Score predictions (path, list of dicts or datasets.Dataset) against the gold set."""
    from .scorer import score as _score

    return _score(predictions, gold=gold, **settings)


def compare(systems, gold=None, **settings):
    """One DataFrame with P/R/F1 and confidence intervals for several named systems."""
    from .scorer import compare as _compare

    return _compare(systems, gold=gold, **settings)


__all__ = [
    "Attribution", "Document", "Entity", "InputError", "Mention", "SourceRef", "Span",
    "compare", "load_corpus", "load_dataset", "load_gold", "score", "__version__",
]
