"""Training and tagging with CRFsuite (python-crfsuite), models kept as bytes.

A model is the bytes of a CRFsuite model file, so that it can be cached (model_cache.py),
hashed and loaded without touching the file system again. L-BFGS with elastic-net
regularisation is deterministic: the same sequences give the same model.
"""
from __future__ import annotations

import os
import tempfile
from typing import Iterable, Sequence

#: trainer settings, part of every cache key
PARAMS = {"c1": 0.2, "c2": 0.02, "max_iterations": 120, "feature.possible_transitions": True,
          "feature.minfreq": 1}
#: for a large corpus (PolNeAR train): fewer iterations and rare features dropped, to bound the time
LARGE_PARAMS = {"c1": 0.2, "c2": 0.02, "max_iterations": 80, "feature.possible_transitions": True,
                "feature.minfreq": 2}


def train(sequences: Iterable[tuple[Sequence[Sequence[str]], Sequence[str]]], params: dict | None = None) -> bytes:
    """The model file's bytes for `(features per token, label per token)` sequences."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(algorithm="lbfgs", verbose=False)
    trainer.set_params(dict(params or PARAMS))
    n = 0
    for feats, labels in sequences:
        if feats:
            trainer.append(pycrfsuite.ItemSequence([list(f) for f in feats]), list(labels))
            n += 1
    if n == 0:
        raise ValueError("no training sequences")
    fd, path = tempfile.mkstemp(suffix=".crfsuite")
    os.close(fd)
    try:
        trainer.train(path)
        with open(path, "rb") as f:
            return f.read()
    finally:
        os.unlink(path)


class Tagger:
    """A trained model, loaded from bytes; `tag` labels one sequence."""

    def __init__(self, model: bytes):
        import pycrfsuite

        self.model = model
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open_inmemory(model)
        self.labels = tuple(self._tagger.labels())

    def __getstate__(self):
        return {"model": self.model}

    def __setstate__(self, state):
        self.__init__(state["model"])

    def tag(self, feats: Sequence[Sequence[str]]) -> list[str]:
        if not feats:
            return []
        import pycrfsuite

        return list(self._tagger.tag(pycrfsuite.ItemSequence([list(f) for f in feats])))

    def tag_with_content_marginals(self, feats: Sequence[Sequence[str]]) -> tuple[list[str], list[float]]:
        """Labels, and each token's marginal probability of being content (B- or I-CONTENT)."""
        labels = self.tag(feats)
        names = [lab for lab in ("B-CONTENT", "I-CONTENT") if lab in self.labels]
        marg = [sum(self._tagger.marginal(lab, i) for lab in names) for i in range(len(labels))]
        return labels, marg
