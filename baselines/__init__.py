"""Baselines for quotebench, found by name.

    from baselines import get_baseline, available
    rules = get_baseline("rules")
    preds = rules.predict(document)       # prediction-schema dicts with offsets

`quote-marks` is the floor, `rules` a lexicon-and-pattern system, `learned` a linear-chain
CRF (stacked on one trained on PolNeAR train where that is found) with speaker linking and a
stance classifier (evaluated on the gold set by grouped cross-validation).

    systems, protocols = run_baselines(test_docs, available(), training=dev_docs)
    # what `quotebench baselines` runs: every baseline by its protocol, and what it trained on
"""
from __future__ import annotations

import importlib

from .base import Baseline, text_document

_REGISTRY = {
    "quote-marks": ("baselines.quote_marks", "QuoteMarksBaseline"),
    "rules": ("baselines.rules", "RulesBaseline"),
    "learned": ("baselines.learned", "LearnedBaseline"),
}


def available() -> list[str]:
    """Baseline names, in the order tables list them (weakest first)."""
    return list(_REGISTRY)


def get_baseline(name: str, **options) -> Baseline:
    """A fresh baseline instance by registry name; KeyError names the choices."""
    try:
        module_name, cls_name = _REGISTRY[name]
    except KeyError:
        raise KeyError(f"unknown baseline {name!r}; choose from {', '.join(available())}") from None
    cls = getattr(importlib.import_module(module_name), cls_name)
    return cls(**options)


def run_baselines(docs, names=None, polnear=None, training=None, training_name: str = "dev"):
    """({name: predictions}, {name: protocol}): the baselines as `quotebench baselines` runs
    them, trained on `training` when given (a disjoint corpus, e.g. dev for test), else
    cross-validated on `docs`; `polnear` None uses PolNeAR train where it is found, False never."""
    from benchmark.commands.baselines import run_baselines as run

    return run(docs, names or available(), polnear, progress=False, training=training, training_name=training_name)


__all__ = ["Baseline", "available", "get_baseline", "run_baselines", "text_document"]
