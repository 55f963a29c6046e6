"""A scikit-learn baseline: a token classifier for content, cue and source, and a stance classifier.

Span component: logistic regression over hand-written token features (word, shape, quotation
state, cue-lexicon hits and distances to the nearest cue) labels every token CONTENT, CUE,
SOURCE or O; runs of CONTENT tokens become attributions, joined to the nearest SOURCE and CUE
run in the same sentence unit (a quote with no source inherits the previous one).
Stance component: word and character n-grams of cue + content, logistic regression.

On an annotated corpus, `predict_gold` runs grouped k-fold cross-validation with documents as
groups (paragraphs when the corpus has fewer documents than folds, as the one-article gold set
does), so nothing is labelled by a model that saw it. `fit` accepts any corpus in the gold
schema; `fit_polnear` trains the span component on PolNeAR's train split when it is available.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from benchmark.model import Document
from benchmark.text import tokenize, trim

from .base import Baseline, prediction
from .lexicon import cue_lexicon
from .stance import refine_stance
from .textutil import find_quotes, is_cap, paragraphs, units

LABELS = ("O", "CONTENT", "CUE", "SOURCE")
PRONOUNS = {"he", "she", "they", "it", "we", "i", "his", "her", "their", "its"}
SEED = 12345


@dataclass
class _Tok:
    start: int
    end: int
    unit: int
    para: int


def _layout(text: str):
    """Tokens with their sentence unit and paragraph, and the quotes of the text."""
    quotes = find_quotes(text)
    paras = paragraphs(text)
    toks: list[_Tok] = []
    us = units(text, quotes)
    p = 0
    for ui, (s, e) in enumerate(us):
        while p + 1 < len(paras) and paras[p][1] <= s:
            p += 1
        for a, b in tokenize(text, s, e):
            toks.append(_Tok(a, b, ui, p))
    return toks, quotes, us


def _bucket(d: int | None) -> str:
    if d is None:
        return "none"
    for lim in (0, 1, 2, 3, 5, 8, 12, 20):
        if d <= lim:
            return str(lim)
    return "far"


def _features(text: str, toks: list[_Tok], quotes) -> list[dict]:
    """One feature dict per token."""
    lex = cue_lexicon()
    words = [text[t.start:t.end] for t in toks]
    low = [w.lower() for w in words]
    n = len(toks)
    cue = [None] * n
    i = 0
    while i < n:
        for length in (3, 2, 1):
            key = tuple(low[i:i + length])
            if len(key) == length and key in lex and all(toks[i + k].unit == toks[i].unit for k in range(length)):
                for k in range(length):
                    cue[i + k] = lex[key]
                i += length - 1
                break
        i += 1
    inq = [False] * n
    qi = 0
    for k, t in enumerate(toks):
        while qi < len(quotes) and quotes[qi].close_end <= t.start:
            qi += 1
        inq[k] = qi < len(quotes) and quotes[qi].start <= t.start < quotes[qi].end
    # distance to the nearest cue on each side within the unit, and what lies between it and
    # the token: one pass each way (a scan per token would be quadratic in a long unit)
    lefts: list = [None] * n
    thats = [False] * n
    commas = [False] * n
    last, seen_that, seen_comma, unit = None, False, False, None
    for k, t in enumerate(toks):
        if t.unit != unit:
            last, seen_that, seen_comma, unit = None, False, False, t.unit
        if last is not None:
            lefts[k], thats[k], commas[k] = k - last, seen_that, seen_comma
        if cue[k] and not inq[k]:
            last, seen_that, seen_comma = k, False, False
        else:
            seen_that |= low[k] == "that"
            seen_comma |= low[k] == ","
    rights: list = [None] * n
    nxt, unit = None, None
    for k in range(n - 1, -1, -1):
        if toks[k].unit != unit:
            nxt, unit = None, toks[k].unit
        if nxt is not None:
            rights[k] = nxt - k
        if cue[k] and not inq[k]:
            nxt = k
    feats = []
    for k, t in enumerate(toks):
        w = words[k]
        f = {
            "w=" + low[k]: 1, "suf=" + low[k][-3:]: 1,
            "shape=" + ("X" if w.isupper() and len(w) > 1 else "Xx" if is_cap(w) else "d" if w[0].isdigit() else "x" if w[0].isalpha() else w[:1]): 1,
            "inq": int(inq[k]), "pron": int(low[k] in PRONOUNS), "bias": 1,
        }
        if cue[k]:
            f["cue"] = 1
            f["cue_st=" + cue[k].stance] = 1
            f["cue_fr=" + cue[k].frame] = 1
        for off in (-2, -1, 1, 2):
            j = k + off
            if 0 <= j < n and toks[j].unit == t.unit:
                f[f"w{off}=" + low[j]] = 1
                f[f"inq{off}"] = int(inq[j])
                if cue[j]:
                    f[f"cue{off}"] = 1
            else:
                f[f"edge{off}"] = 1
        left, right = lefts[k], rights[k]
        between_that, between_comma = thats[k], commas[k]
        f["cl=" + _bucket(left)] = 1
        f["cr=" + _bucket(right)] = 1
        if left is not None:
            f["cl_that"] = int(between_that)
            f["cl_comma"] = int(between_comma)
        f[f"inq_cl={inq[k]}_{_bucket(left)}"] = 1
        f[f"inq_cr={inq[k]}_{_bucket(right)}"] = 1
        feats.append(f)
    return feats


def _gold_labels(doc: Document, toks: list[_Tok]) -> list[str]:
    """CONTENT / CUE / SOURCE / O per token from a gold document."""
    marks: list[tuple[int, int, str]] = []
    for a in doc.attributions:
        marks += [(s.start, s.end, "CONTENT") for s in a.content]
        marks += [(s.start, s.end, "CUE") for s in a.cue]
        if a.speaker and a.speaker.mention:
            m = doc.mention(a.speaker.mention)
            marks.append((m.span.start, m.span.end, "SOURCE"))
    return _label(toks, marks)


def _label(toks: list[_Tok], marks) -> list[str]:
    out = []
    for t in toks:
        lab = "O"
        for s, e, name in marks:
            if s <= t.start and t.end <= e:
                lab = name
                if name != "CONTENT":
                    break
        out.append(lab)
    return out


def _span_model(n_rows: int):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression, SGDClassifier
    from sklearn.pipeline import make_pipeline

    if n_rows > 50000:
        clf = SGDClassifier(loss="log_loss", alpha=1e-5, max_iter=20, tol=None, random_state=SEED)
    else:
        clf = LogisticRegression(C=1.0, max_iter=2000, class_weight="balanced")
    from sklearn.preprocessing import FunctionTransformer

    return make_pipeline(DictVectorizer(), FunctionTransformer(_int32_indices, accept_sparse=True), clf)


def _int32_indices(X):
    """SGD wants 32-bit sparse indices; DictVectorizer makes 64-bit ones on large inputs."""
    X = X.tocsr()
    X.indices = X.indices.astype(np.int32)
    X.indptr = X.indptr.astype(np.int32)
    return X


class _StanceModel:
    """Word + character n-gram logistic regression over `cue || content`."""

    def __init__(self):
        self.pipe = None
        self.constant = "claim"

    def fit(self, texts: list[str], labels: list[str]) -> "_StanceModel":
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline, make_union

        if labels:
            self.constant = max(sorted(set(labels)), key=labels.count)
        if len(set(labels)) < 2:
            self.pipe = None
            return self
        self.pipe = make_pipeline(
            make_union(TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
                       TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True)),
            LogisticRegression(C=10.0, max_iter=2000, class_weight="balanced"),
        ).fit(texts, labels)
        return self

    def predict(self, texts: list[str]) -> list[str]:
        if not texts:
            return []
        if self.pipe is None:
            return [self.constant] * len(texts)
        return list(self.pipe.predict(texts))


def _stance_text(cue: str | None, content: str) -> str:
    """Cue, content and the stance vocabulary's verdict as marker words (`xblamex`, `xnegx`),
    so that a few training examples can still learn what blame and negation words mean."""
    lemma = ""
    if cue:
        entry = cue_lexicon().get(tuple(cue.lower().split()))
        lemma = f" xcue{entry.stance}x" if entry else ""
    marker = {"accusation": " xblamex", "denial": " xnegx"}.get(refine_stance(content), "")
    return f"{(cue or '').lower()}{lemma}{marker} || {content}"


class LearnedBaseline(Baseline):
    name = "learned"

    def __init__(self, folds: int = 5, polnear: str | None = None):
        self.folds = folds
        self.polnear = polnear
        self.span = None
        self.stance = _StanceModel()
        self.trained_on = None
        self.span_source = "gold"
        self.cv_unit = "paragraph"  # set by predict_gold: "document" when the corpus has >= folds documents
        self.heldout = None  # set by predict_heldout: what it was trained on

    @property
    def protocol(self) -> str:
        span = "span: PolNeAR train; " if self.span_source == "polnear" else ""
        if self.heldout:
            return f"{span}trained on {self.heldout}"
        return f"{span}{self.folds}-fold grouped CV by {self.cv_unit}"

    # ---------------------------------------------------------------- training

    def fit(self, documents: Sequence[Document]) -> "LearnedBaseline":
        """Train both components on every attribution of `documents` (gold schema)."""
        self._fit_parts(documents, None)
        self.trained_on = "documents"
        return self

    def fit_polnear(self, root: str | None = None, limit: int | None = None) -> "LearnedBaseline":
        """Train the span component on PolNeAR train (read in place; nothing is saved)."""
        from benchmark.errors import InputError
        from benchmark.polnear import read_polnear

        try:
            docs = list(read_polnear(root or self.polnear, "train", limit=limit))
        except InputError as e:
            raise FileNotFoundError(f"PolNeAR train split not found: {e}") from None
        X, y = [], []
        for d in docs:
            toks, quotes, _ = _layout(d.text)
            marks = [(s.start, s.end, "CONTENT") for a in d.attributions for s in a.content]
            marks += [(s.start, s.end, "CUE") for a in d.attributions for s in a.cue]
            marks += [(m.start, m.end, "SOURCE") for a in d.attributions
                      if a.speaker is not None and a.speaker.mention is not None
                      for m in (d.mention(a.speaker.mention).span,)]
            X += _features(d.text, toks, quotes)
            y += _label(toks, marks)
        self.span = _span_model(len(X)).fit(X, y)
        self.span_source = "polnear"
        return self

    def ensure_fitted(self) -> None:
        """Fit on the gold `dev` split when nothing was trained yet (for raw text): never on
        `test`, so that predictions on test texts stay honest."""
        if self.trained_on is None:
            from benchmark.corpus import load_gold

            dev = load_gold(split="dev") or load_gold(split="seed")
            if self.span_source == "polnear":
                self._fit_stance(dev, None)
            else:
                self.fit(dev)
            self.trained_on = "dev"

    def _fit_parts(self, documents, keep) -> None:
        """Fit on the paragraphs of each document for which keep(doc_id, para) is true."""
        if self.span_source != "polnear":
            X, y = [], []
            for d in documents:
                toks, quotes, _ = _layout(d.text)
                feats = _features(d.text, toks, quotes)
                labels = _gold_labels(d, toks)
                for t, f, lab in zip(toks, feats, labels):
                    if keep is None or keep(d.doc_id, t.para):
                        X.append(f)
                        y.append(lab)
            self.span = _span_model(len(X)).fit(X, y) if len(set(y)) > 1 else None
        self._fit_stance(documents, keep)

    def _fit_stance(self, documents, keep) -> None:
        texts, labels = [], []
        for d in documents:
            paras = paragraphs(d.text)
            for a in d.attributions:
                if a.stance is None:
                    continue
                if keep is not None and not keep(d.doc_id, _para_of(paras, a.start)):
                    continue
                texts.append(_stance_text(" ".join(c.text for c in a.cue), a.content_text))
                labels.append(a.stance)
        self.stance = _StanceModel().fit(texts, labels)

    # ---------------------------------------------------------------- prediction

    def predict(self, document: Document) -> list[dict]:
        self.ensure_fitted()
        return self._predict(document, None)

    def predict_gold(self, documents: Sequence[Document]) -> list[dict]:
        """Cross-validated predictions: paragraphs in k groups, each predicted by a model
        trained on the other groups (and, for the span component, PolNeAR when so trained)."""
        from sklearn.model_selection import GroupKFold

        # Group by document when there are enough documents, so that no document is predicted
        # by a model that saw any part of it; a corpus smaller than k falls back to paragraphs.
        self.cv_unit = "document" if len(documents) >= self.folds else "paragraph"
        units = {(d.doc_id, p): (d.doc_id if self.cv_unit == "document" else (d.doc_id, p))
                 for d in documents for p in range(len(paragraphs(d.text)))}
        groups = sorted(set(units.values()))  # all doc ids, or all (doc id, paragraph) pairs
        k = max(2, min(self.folds, len(groups)))
        fold_of_group = {}
        for f, (_, test) in enumerate(GroupKFold(n_splits=k).split(np.zeros(len(groups)), groups=np.arange(len(groups)))):
            for i in test:
                fold_of_group[groups[i]] = f
        fold_of = {key: fold_of_group[unit] for key, unit in units.items()}
        out: list[dict] = []
        span_model = self.span if self.span_source == "polnear" else None
        for f in range(k):
            self._fit_parts(documents, lambda doc_id, p, f=f: fold_of.get((doc_id, p)) != f)
            if span_model is not None:
                self.span = span_model
            for d in documents:
                out.extend(self._predict(d, lambda p, d=d, f=f: fold_of.get((d.doc_id, p)) == f))
        self.trained_on = None
        order = {d.doc_id: i for i, d in enumerate(documents)}
        out.sort(key=lambda p: (order[p["doc_id"]], p["content_spans"][0]["start"]))
        return out

    def predict_heldout(self, documents: Sequence[Document], training: Sequence[Document],
                        training_name: str) -> list[dict]:
        """Train on `training` (spans too, unless trained on PolNeAR), predict `documents`."""
        if self.span_source == "polnear":
            self._fit_stance(training, None)
        else:
            self._fit_parts(training, None)
        self.trained_on = training_name
        self.heldout = f"{training_name} ({len(training)} documents)"
        return self.predict_corpus(documents)

    def _predict(self, doc: Document, only) -> list[dict]:
        text = doc.text
        toks, quotes, us = _layout(text)
        if not toks or self.span is None:
            return []
        sel = [i for i, t in enumerate(toks) if only is None or only(t.para)]
        if not sel:
            return []
        feats = _features(text, toks, quotes)
        labels = list(self.span.predict([feats[i] for i in sel]))
        lab = ["O"] * len(toks)
        for i, l in zip(sel, labels):
            lab[i] = l
        found = _decode(text, toks, lab, quotes, set(sel))
        if not found:
            return []
        stances = self.stance.predict([_stance_text(c and text[c[0]:c[1]], " ".join(text[s:e] for s, e in sp))
                                       for sp, _, _, c in found])
        out = []
        for (spans, qtype, spk, cue), st in zip(found, stances):
            out.append(prediction(doc, spans, type=qtype, stance=st,
                                  speaker=text[spk[0]:spk[1]] if spk else None,
                                  speaker_span=spk, cue_span=cue))
        return out


def _para_of(paras, pos: int) -> int:
    for i, (s, e) in enumerate(paras):
        if pos < e:
            return i
    return max(0, len(paras) - 1)


def _runs(toks, lab, name, keep) -> list[tuple[int, int]]:
    """Maximal runs (first, last token index) of `name` within one unit; one-token gaps bridged."""
    runs = []
    i = 0
    n = len(toks)
    while i < n:
        if lab[i] == name and i in keep:
            j = i
            while j + 1 < n and toks[j + 1].unit == toks[i].unit and (
                lab[j + 1] == name or (j + 2 < n and lab[j + 2] == name and toks[j + 2].unit == toks[i].unit
                                       and lab[j + 1] == "O")):
                j += 1
            runs.append((i, j))
            i = j + 1
        else:
            i += 1
    return runs


def _decode(text, toks, lab, quotes, keep):
    """(content spans, type, speaker span, cue span) from token labels."""
    content = [r for r in _runs(toks, lab, "CONTENT", keep) if r[1] - r[0] >= 2]
    sources: dict[int, list] = {}
    cues: dict[int, list] = {}
    for r in _runs(toks, lab, "SOURCE", keep):
        sources.setdefault(toks[r[0]].unit, []).append(r)
    for r in _runs(toks, lab, "CUE", keep):
        cues.setdefault(toks[r[0]].unit, []).append(r)
    qstarts = [q.start for q in quotes]
    out = []
    prev_speaker = None
    prev_unit = None
    for a, b in content:
        s, e = trim(text, toks[a].start, toks[b].end)
        if e <= s:
            continue
        qtype = "indirect"
        first = max(0, bisect.bisect_right(qstarts, s) - 1)
        for q in quotes[first:bisect.bisect_right(qstarts, e + 1)]:
            if q.start <= s and e <= q.end + 1:
                s, e = q.start, q.end
                qtype = "direct"
                break
            if s <= q.open and q.close_end <= e + 1:
                qtype = "mixed"
        unit = toks[a].unit
        near = lambda runs: min(runs.get(unit, ()), key=lambda r: min(abs(r[0] - b), abs(r[1] - a)), default=None)
        src = near(sources)
        cue = near(cues)
        spk = (toks[src[0]].start, toks[src[1]].end) if src else None
        if spk is None and qtype == "direct" and prev_speaker and prev_unit is not None and unit - prev_unit <= 2:
            spk = prev_speaker
        out.append(([(s, e)], qtype, spk, (toks[cue[0]].start, toks[cue[1]].end) if cue else None))
        if spk:
            prev_speaker, prev_unit = spk, unit
    return out
