"""The learned baseline's stance classifier: logistic regression over cue and content n-grams.

Trained on the stance-labelled attributions of the gold `dev` split (or the training folds
of it). Beside word and character n-grams of `cue || content`, a few indicator features
carry what the shared vocabularies know: the cue's lexicon class (deny, accuse, ...) and the
stance vocabulary's verdict on the content (blame words, negation). With about 200 training
attributions, three quarters of them claims, n-grams alone learn little beyond `claim`; the
indicators let the few denials and accusations teach what a denying cue or a blame word means.
"""
from __future__ import annotations

from .lexicon import cue_lexicon
from .stance import refine_stance

SEED = 12345
#: inverse regularisation strength of the logistic regression
C = 10.0
#: weight of the indicator features against the unit-length n-gram vectors
INDICATOR_WEIGHT = 3.0


def stance_text(cue: str | None, content: str) -> str:
    """Cue and content as one string for the n-gram vectorisers."""
    return f"{(cue or '').lower()} || {content}"


def indicators(cue: str | None, content: str) -> dict[str, float]:
    """The cue's lexicon class and the content's vocabulary verdict, as indicator features."""
    out = {"content=" + refine_stance(content): 1.0}
    entry = cue_lexicon().get(tuple((cue or "").lower().replace("’", "'").split())) if cue else None
    out["cue=" + (entry.stance if entry else "none")] = 1.0
    if entry:
        out["cue_frame=" + entry.frame] = 1.0
    return out


class StanceModel:
    """Logistic regression over n-grams plus indicators; the majority label when training
    holds fewer than two classes."""

    def __init__(self):
        self.parts = None
        self.clf = None
        self.constant = "claim"

    def _matrix(self, items, fit: bool):
        from scipy.sparse import hstack

        texts = [stance_text(c, t) for c, t in items]
        ind = [indicators(c, t) for c, t in items]
        word, char, dv = self.parts
        if fit:
            mats = [word.fit_transform(texts), char.fit_transform(texts), dv.fit_transform(ind)]
        else:
            mats = [word.transform(texts), char.transform(texts), dv.transform(ind)]
        mats[2] = mats[2] * INDICATOR_WEIGHT
        return hstack(mats).tocsr()

    def fit(self, items: list[tuple[str | None, str]], labels: list[str]) -> "StanceModel":
        """`items`: (cue text or None, content text) per attribution."""
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.multiclass import OneVsRestClassifier

        if labels:
            self.constant = max(sorted(set(labels)), key=labels.count)
        if len(set(labels)) < 2:
            self.clf = None
            return self
        self.parts = (TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, token_pattern=r"(?u)\b\w+\b|n't"),
                      TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True),
                      DictVectorizer())
        X = self._matrix(items, fit=True)
        # one-vs-rest liblinear: deterministic, and fast on sparse n-grams (L-BFGS took ~10 s a fit)
        self.clf = OneVsRestClassifier(LogisticRegression(C=C, solver="liblinear", class_weight="balanced",
                                                          random_state=SEED)).fit(X, labels)
        return self

    def predict(self, items: list[tuple[str | None, str]]) -> list[str]:
        if not items:
            return []
        if self.clf is None:
            return [self.constant] * len(items)
        return [str(x) for x in self.clf.predict(self._matrix(items, fit=False))]
