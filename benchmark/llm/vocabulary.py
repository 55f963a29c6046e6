"""The words raw LLM answers use: field names, labels, and the kinds of adaptation."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

FIELDS = {
    "content": ("content", "quote", "quotation", "text", "quote_text", "content_text", "statement"),
    "speaker": ("speaker", "source", "speaker_name", "who", "attributed_to", "person", "name"),
    "stance": ("stance", "label", "stance_label", "category", "classification"),
    "type": ("type", "quote_type", "kind"),
    "cue": ("cue", "cue_word", "reporting_verb", "verb"),
    "context": ("context", "sentence"),
    "score": ("score", "confidence"),
}
_FIELD_OF = {alias: field for field, aliases in FIELDS.items() for alias in aliases}
LIST_KEYS = ("attributions", "quotes", "quotations", "results", "items", "data", "answer", "output",
             "predictions")
STANCE_WORDS = {
    "claim": ("claim", "claims", "claimed", "assertion", "statement"),
    "denial": ("denial", "deny", "denies", "denied", "reject", "rejects", "rejected", "rejection",
               "refute", "refutes", "refuted", "refutation"),
    "accusation": ("accusation", "accuse", "accuses", "accused", "blame", "blames", "blamed",
                   "allegation", "alleges", "alleged", "charge"),
}
TYPE_WORDS = {
    "direct": ("direct", "verbatim", "quote", "direct quote"),
    "indirect": ("indirect", "paraphrase", "reported", "reported speech", "indirect quote"),
    "mixed": ("mixed", "partial", "mixed quote"),
}
_STANCE_OF = {w: label for label, words in STANCE_WORDS.items() for w in words}
_TYPE_OF = {w: label for label, words in TYPE_WORDS.items() for w in words}

#: adaptation kinds, in the order a summary lists them: (one, several)
KINDS = {
    "code_fence": ("code fence removed", "code fences removed"),
    "prose": ("response with prose around its JSON", "responses with prose around their JSON"),
    "json_repaired": ("JSON repaired (comments, trailing commas)", "JSON repaired (comments, trailing commas)"),
    "python_literal": ("Python literal read as JSON", "Python literals read as JSON"),
    "json_in_string": ("JSON read from a string", "JSON read from strings"),
    "objects_one_by_one": ("broken array read object by object", "broken arrays read object by object"),
    "json_skipped": ("JSON value without attributions skipped", "JSON values without attributions skipped"),
    "wrapped_list": ("array taken from an object", "arrays taken from objects"),
    "single_object": ("single object read as a list of one", "single objects read as lists of one"),
    "field_renamed": ("field renamed", "fields renamed"),
    "label_normalised": ("label normalised", "labels normalised"),
    "label_unknown": ("label not understood (left out)", "labels not understood (left out)"),
    "field_dropped": ("unknown field dropped", "unknown fields dropped"),
    "content_joined": ("content list joined with an ellipsis", "content lists joined with an ellipsis"),
    "speaker_object": ("speaker object read by name", "speaker objects read by name"),
    "speaker_placeholder": ("placeholder speaker read as none", "placeholder speakers read as none"),
    "item_unreadable": ("item without readable content (left out)", "items without readable content (left out)"),
    "doc_id_filled": ("doc_id filled in", "doc_ids filled in"),
    "file_skipped": ("file skipped (not .txt or .json)", "files skipped (not .txt or .json)"),
    "no_json": ("response without a readable answer (scored as misses)",
                "responses without a readable answer (scored as misses)"),
}
_PLACEHOLDERS = frozenset(("unknown", "n/a", "na", "none", "null", "unspecified", "not specified", "-", "?"))


@dataclass(frozen=True)
class Adaptation:
    """One thing `read_answers` changed or left out, and where."""

    doc_id: str
    kind: str  # a key of KINDS
    detail: str
    item: Optional[int] = None  # index of the attribution in the answer, when it is about one

    def to_dict(self) -> dict:
        return {"doc_id": self.doc_id, "item": self.item, "kind": self.kind, "detail": self.detail}
