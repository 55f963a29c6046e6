"""The learned baseline: a linear-chain CRF over tokens, then speaker linking and a stance classifier.

Spans: a CRF (python-crfsuite) labels each token of a paragraph B-/I- CONTENT, CUE, SOURCE
or O from lexical, cue-lexicon, quotation-state, name and position features
(crf_features.py; labels and decoding in crf_labels.py). With PolNeAR (`fit_polnear`), a
first CRF is trained once on PolNeAR train and cached (model_cache.py); its labels and
content marginals become features of the second CRF, trained on the gold `dev` split, so that
the news split's conventions win where the corpora differ (PolNeAR's content keeps
quotation marks, covers beliefs and joins continuations) while PolNeAR's 19,832 attributions
still teach what an attribution looks like. Speaker and cue: the nearest SOURCE and CUE run of
the content's sentence, a pronoun resolved to the last named speaker, a cue-less quote
continuing the previous speaker (crf_link.py). Stance: logistic regression over cue and
content n-grams (learned_stance.py), trained on `dev` attributions.

Honest protocol: on an annotated corpus `predict_gold` runs grouped k-fold cross-validation
with documents as groups (paragraphs for a corpus of fewer documents than folds, such as the
one-article seed split), so that no document is labelled by a second CRF or stance model
that saw it; the PolNeAR CRF never sees any quotebench text. `predict_heldout` trains on a
disjoint corpus (`dev` for `test`). Models are cached by a key over this module's version,
the feature version, the trainer settings and a hash of the training data.
"""
from __future__ import annotations

import bisect
import hashlib
import json
from typing import Sequence

import numpy as np

from benchmark.model import Document

from . import crf_model
from .base import Baseline, prediction
from .crf_features import FEATURE_VERSION, Layout, layout, token_features
from .crf_labels import LABELS, decode_content, gold_labels, gold_marks
from .crf_link import link
from .learned_stance import StanceModel
from .model_cache import cached

#: bump when training or decoding changes in a way that makes cached models stale
VERSION = "crf-2"
SEED = 12345


class _Prepared:
    """A document's layout, features (with the PolNeAR CRF's when there is one) and gold labels."""

    __slots__ = ("layout", "feats", "labels", "sequences", "base_labels")

    def __init__(self, doc: Document, base: crf_model.Tagger | None, gold: bool):
        self.layout = lay = layout(doc.text)
        self.feats = token_features(lay)
        self.sequences = lay.sequences()
        self.base_labels = add_base_features(self.feats, self.sequences, base) if base is not None else None
        self.labels = gold_labels(lay, gold_marks(doc)) if gold else None


def add_base_features(feats: list[list[str]], sequences, base: crf_model.Tagger) -> list[str]:
    """Append the first CRF's label of each token (and of its neighbours) and its content
    marginal; return those labels."""
    out = ["O"] * len(feats)
    for r in sequences:
        labels, marg = base.tag_with_content_marginals([feats[i] for i in r])
        for j, i in enumerate(r):
            f = feats[i]
            f.append("s1=" + labels[j])
            f.append("s1m=" + str(int(marg[j] * 5)))
            f.append("s1-1=" + (labels[j - 1] if j > 0 else "^"))
            f.append("s1+1=" + (labels[j + 1] if j + 1 < len(labels) else "$"))
        out[r.start:r.stop] = labels
    return out


#: the code the features and labels come from: a change to any of these files retrains
_FEATURE_CODE = ("crf_features.py", "crf_labels.py", "textutil.py", "wordlists.py", "lexicon.py", "lexicon.tsv")


def code_hash() -> str:
    """sha256 over the feature code (and benchmark/text.py, whose tokens the features use),
    so that a cached model never outlives the features it was trained on."""
    from pathlib import Path

    import benchmark.text

    h = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for path in [here / name for name in _FEATURE_CODE] + [Path(benchmark.text.__file__)]:
        try:
            h.update(path.read_bytes())
        except OSError:
            h.update(b"missing:" + path.name.encode())
    return h.hexdigest()


def _data_hash(parts) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, ensure_ascii=True).encode("ascii")).hexdigest()


def _doc_fingerprint(doc: Document, paras) -> list:
    """What a model trained on `doc` depends on: its text and its gold spans (kept paragraphs only)."""
    return [doc.doc_id, doc.text_sha256, sorted(paras),
            [[k, s] for k, s in gold_marks(doc)]]


class LearnedBaseline(Baseline):
    name = "learned"

    def __init__(self, folds: int = 5, polnear: str | bool | None = None):
        """`polnear`: None or False (default) trains on the corpus given alone, unless
        `fit_polnear` is called; "auto" stacks on a CRF trained on PolNeAR train whenever that
        is found (`$QUOTEBENCH_POLNEAR`, else ../shared/external/polnear beside the checkout or
        the working directory), as `quotebench baselines` and `predict` do; a path requires it
        there."""
        self.folds = folds
        self.polnear = polnear
        self._looked_for_polnear = not polnear
        self.base: crf_model.Tagger | None = None  # the PolNeAR CRF, when fit_polnear ran
        self.base_desc: str | None = None
        self.tagger: crf_model.Tagger | None = None
        self.stance = StanceModel()
        self.trained_on = None
        self.cv_unit = "paragraph"  # set by predict_gold: "document" when the corpus has >= folds documents
        self.heldout = None  # set by predict_heldout / ensure_fitted: what it was trained on
        self.from_cache: dict[str, bool] = {}  # model name -> whether the last one came from the cache
        self._prep: dict | None = None

    @property
    def protocol(self) -> str:
        trained = f"trained on {self.heldout}" if self.heldout else f"{self.folds}-fold grouped CV by {self.cv_unit}"
        if self.base_desc is None:
            return trained
        rest = self.heldout if self.heldout else f"{self.folds}-fold grouped CV by {self.cv_unit}"
        return f"CRF spans: {self.base_desc} + {rest}, stacked; speaker and stance: {rest}"

    # ---------------------------------------------------------------- training

    def fit(self, documents: Sequence[Document]) -> "LearnedBaseline":
        """Train the CRF (on top of the PolNeAR CRF, if any) and the stance model on `documents`."""
        self.use_polnear_if_found()
        self._fit_parts(documents, None)
        self.trained_on = "documents"
        return self

    def use_polnear_if_found(self) -> None:
        """The PolNeAR CRF under the dev one whenever PolNeAR train is at hand (see __init__):
        the protocol then says so. Looked for once per baseline object."""
        if self._looked_for_polnear or self.base is not None:
            return
        self._looked_for_polnear = True
        from benchmark.errors import InputError
        from benchmark.polnear import split_dir

        root = None if self.polnear == "auto" else self.polnear
        try:
            split_dir(root, "train")
        except InputError:
            if root:  # a path given and not there: say so rather than train without it
                raise FileNotFoundError(f"PolNeAR train split not found under {root}") from None
            return
        self.fit_polnear(root)

    def fit_polnear(self, root: str | None = None, limit: int | None = None) -> "LearnedBaseline":
        """Train (or load from the cache) the first CRF on PolNeAR train, read in place."""
        from benchmark.errors import InputError
        from benchmark.polnear import read_polnear

        try:
            docs = list(read_polnear(root or (None if self.polnear == "auto" else self.polnear) or None,
                                     "train", limit=limit))
        except InputError as e:
            raise FileNotFoundError(f"PolNeAR train split not found: {e}") from None
        parts = {"model": "polnear-base", "version": VERSION, "features": FEATURE_VERSION, "code": code_hash(),
                 "labels": LABELS, "params": crf_model.LARGE_PARAMS,
                 "data": _data_hash([_doc_fingerprint(d, ["all"]) for d in docs])}

        def build() -> bytes:
            import sys

            from .model_cache import cache_dir

            print(f"learned: training a CRF on PolNeAR train ({len(docs)} documents) once, a few minutes; "
                  f"cached in {cache_dir()}", file=sys.stderr)

            def sequences():
                for d in docs:
                    p = _Prepared(d, None, gold=True)
                    for r in p.sequences:
                        yield [p.feats[i] for i in r], [p.labels[i] for i in r]
            return crf_model.train(sequences(), crf_model.LARGE_PARAMS)

        model, hit = cached("learned-polnear", parts, build)
        self.from_cache["polnear"] = hit
        self.base = crf_model.Tagger(model)
        self.base_desc = f"PolNeAR train ({len(docs)} docs)"
        self._prep = None
        return self

    def ensure_fitted(self) -> None:
        """Fit on the gold `dev` split when nothing was trained yet (for raw text): never on
        `test`, so that predictions on test texts stay honest."""
        if self.trained_on is None:
            from benchmark.corpus import load_gold

            self.use_polnear_if_found()
            dev = load_gold(split="dev")
            name = "dev"
            if not dev:
                dev, name = load_gold(split="seed"), "seed"
            self._fit_parts(dev, None)
            self.trained_on = name
            self.heldout = f"{name} ({len(dev)} documents)"

    def _prepared(self, doc: Document, gold: bool) -> _Prepared:
        if self._prep is None:
            return _Prepared(doc, self.base, gold)
        key = (doc.doc_id, doc.text_sha256, gold)
        p = self._prep.get(key)
        if p is None:
            p = self._prep[key] = _Prepared(doc, self.base, gold)
        return p

    def _fit_parts(self, documents, keep) -> None:
        """Fit the CRF and the stance model on the paragraphs for which keep(doc_id, para) is true."""
        seqs, prints = [], []
        texts, stances = [], []
        for d in documents:
            p = self._prepared(d, gold=True)
            kept = set()
            for r in p.sequences:
                para = p.layout.tokens[r[0]].para
                if keep is None or keep(d.doc_id, para):
                    kept.add(para)
                    seqs.append(([p.feats[i] for i in r], [p.labels[i] for i in r]))
            prints.append(_doc_fingerprint(d, kept))
            starts = [s for s, _ in p.layout.paras]
            for a in d.attributions:
                if a.stance is None:
                    continue
                para = max(0, bisect.bisect_right(starts, a.start) - 1)
                if keep is None or keep(d.doc_id, para):
                    texts.append((" ".join(c.text for c in a.cue) or None, a.content_text))
                    stances.append(a.stance)
        self.stance = StanceModel().fit(texts, stances)
        if not any(lab != "O" for _, labels in seqs for lab in labels):
            self.tagger = None
            return
        parts = {"model": "spans", "version": VERSION, "features": FEATURE_VERSION, "code": code_hash(), "labels": LABELS,
                 "params": crf_model.PARAMS, "data": _data_hash(prints),
                 "base": hashlib.sha256(self.base.model).hexdigest() if self.base else None}
        model, hit = cached("learned-spans", parts, lambda: crf_model.train(seqs, crf_model.PARAMS))
        self.from_cache["spans"] = hit
        self.tagger = crf_model.Tagger(model)

    # ---------------------------------------------------------------- prediction

    def predict(self, document: Document) -> list[dict]:
        self.ensure_fitted()
        return self._predict(document, None)

    def predict_gold(self, documents: Sequence[Document]) -> list[dict]:
        """Cross-validated predictions: documents (or paragraphs) in k groups, each predicted by
        a CRF and stance model trained on the other groups (on top of the PolNeAR CRF, if any)."""
        from sklearn.model_selection import GroupKFold

        self.use_polnear_if_found()
        self.cv_unit = "document" if len(documents) >= self.folds else "paragraph"
        self.heldout = None
        self._prep = {}
        try:
            units = {}
            for d in documents:
                n_paras = len(self._prepared(d, gold=True).layout.paras)
                for p in range(n_paras):
                    units[(d.doc_id, p)] = d.doc_id if self.cv_unit == "document" else (d.doc_id, p)
            groups = sorted(set(units.values()), key=str)
            k = max(2, min(self.folds, len(groups)))
            fold_of_group = {}
            for f, (_, test) in enumerate(GroupKFold(n_splits=k).split(np.zeros(len(groups)), groups=np.arange(len(groups)))):
                for i in test:
                    fold_of_group[groups[i]] = f
            fold_of = {key: fold_of_group[unit] for key, unit in units.items()}
            out: list[dict] = []
            for f in range(k):
                self._fit_parts(documents, lambda doc_id, p, f=f: fold_of.get((doc_id, p)) != f)
                for d in documents:
                    out.extend(self._predict(d, lambda p, d=d, f=f: fold_of.get((d.doc_id, p)) == f))
        finally:
            self._prep = None
        self.trained_on = None
        order = {d.doc_id: i for i, d in enumerate(documents)}
        out.sort(key=lambda p: (order[p["doc_id"]], p["content_spans"][0]["start"]))
        return out

    def predict_heldout(self, documents: Sequence[Document], training: Sequence[Document],
                        training_name: str) -> list[dict]:
        """Train on `training` (the CRF on top of the PolNeAR CRF, if any), predict `documents`."""
        self.use_polnear_if_found()
        self._fit_parts(training, None)
        self.trained_on = training_name
        self.heldout = f"{training_name} ({len(training)} documents)"
        return self.predict_corpus(documents)

    def _predict(self, doc: Document, only) -> list[dict]:
        """Predictions for the paragraphs `only` admits (all when None). The cyclic garbage
        collector is paused meanwhile: a long paragraph makes a feature dict per token and no
        cycles, and each collection would walk them all again (superlinear in the paragraph)."""
        import gc

        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return self._predict_paused(doc, only)
        finally:
            if was_enabled:
                gc.enable()

    def _predict_paused(self, doc: Document, only) -> list[dict]:
        if self.tagger is None or not doc.text.strip():
            return []
        p = self._prepared(doc, gold=False) if self._prep is None else self._prepared(doc, gold=True)
        lay: Layout = p.layout
        labels = ["O"] * len(lay.tokens)
        for r in p.sequences:
            if only is None or only(lay.tokens[r[0]].para):
                labels[r.start:r.stop] = self.tagger.tag([p.feats[i] for i in r])
        found = decode_content(lay, labels)
        if not found:
            return []
        linked = link(lay, labels, found, p.base_labels)
        text = doc.text
        stances = self.stance.predict([
            (text[a.cue_span[0]:a.cue_span[1]] if a.cue_span else None, " ".join(text[s:e] for s, e in a.pieces))
            for a in linked])
        return [prediction(doc, a.pieces, type=a.type, stance=st, speaker=a.speaker,
                           speaker_span=a.speaker_span, cue_span=a.cue_span)
                for a, st in zip(linked, stances)]

