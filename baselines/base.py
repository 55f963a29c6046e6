"""What every baseline is: `predict(document) -> list of prediction dicts`, optionally `fit`.

A prediction dict is one line of the prediction schema (annotations/schema/prediction.schema.json)
with character offsets, so the scorer never has to align text. Helpers here build those dicts
from offsets, so a baseline cannot write a span whose text disagrees with the document.
"""
from __future__ import annotations

from typing import Iterable, Sequence

from benchmark.model import Document, sha256_text


class Baseline:
    """A quote-attribution system. Subclasses set `name` and implement `predict`."""

    name = "baseline"
    #: one line for tables: how the numbers were obtained (training protocol, if any)
    protocol = "no training"

    def fit(self, documents: Sequence[Document]) -> "Baseline":
        """Learn from gold documents; rule-based baselines ignore them."""
        return self

    def ensure_fitted(self) -> None:
        """Train with defaults if the baseline needs it and has not been trained (no-op here)."""

    def predict(self, document: Document) -> list[dict]:
        raise NotImplementedError

    def predict_corpus(self, documents: Iterable[Document]) -> list[dict]:
        """Predictions for every document, in document order."""
        out: list[dict] = []
        for doc in documents:
            out.extend(self.predict(doc))
        return out

    def predict_gold(self, documents: Sequence[Document]) -> list[dict]:
        """Predictions on an annotated corpus that may be scored honestly against it.

        Baselines without training just predict; a learned baseline overrides this with
        cross-validation so that nothing is scored on what it was trained on.
        """
        return self.predict_corpus(documents)

    def predict_heldout(self, documents: Sequence[Document], training: Sequence[Document],
                        training_name: str) -> list[dict]:
        """Predictions on `documents` after training on a disjoint corpus (`training_name`
        says which, for the protocol line). Baselines without training just predict."""
        return self.predict_corpus(documents)


def text_document(text: str, doc_id: str) -> Document:
    """An unannotated document, for running a baseline on raw text."""
    return Document(doc_id=doc_id, text=text, text_sha256=sha256_text(text))


def span_dict(text: str, start: int, end: int) -> dict:
    return {"start": start, "end": end, "text": text[start:end]}


def prediction(
    doc: Document,
    content: Sequence[tuple[int, int]],
    *,
    type: str | None = None,
    stance: str | None = None,
    speaker: str | None = None,
    speaker_span: tuple[int, int] | None = None,
    cue_span: tuple[int, int] | None = None,
    score: float | None = None,
) -> dict:
    """One attribution line of the prediction schema, with texts read from the document."""
    t = doc.text
    out: dict = {
        "doc_id": doc.doc_id,
        "content_spans": [span_dict(t, s, e) for s, e in sorted(content)],
        "type": type,
        "stance": stance,
        "speaker": speaker,
        "speaker_span": span_dict(t, *speaker_span) if speaker_span else None,
        "cue": t[cue_span[0]:cue_span[1]] if cue_span else None,
        "cue_span": span_dict(t, *cue_span) if cue_span else None,
    }
    if score is not None:
        out["score"] = float(score)
    return out


def number_predictions(preds: list[dict], prefix: str) -> list[dict]:
    """Give every prediction a stable id (`prefix-doc-n`), echoed in the scorer's error listings."""
    counts: dict[str, int] = {}
    for p in preds:
        n = counts[p["doc_id"]] = counts.get(p["doc_id"], 0) + 1
        p["id"] = f"{prefix}-{p['doc_id']}-{n}"
    return preds
