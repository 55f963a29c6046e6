"""Baselines for quotebench, found by name.

    from baselines import get_baseline, available
    rules = get_baseline("rules")
    preds = rules.predict(document)       # prediction-schema dicts with offsets

`quote-marks` is the floor, `rules` a lexicon-and-pattern system, `learned` a scikit-learn
token classifier plus stance classifier (evaluated on the gold set by grouped cross-validation).
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


__all__ = ["Baseline", "available", "get_baseline", "text_document"]
