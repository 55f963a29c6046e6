"""The reference prompt and answer schema for asking an LLM to attribute quotes.

Versioned (`PROMPT_VERSION`): a change of wording is a new version, so that scores of
different prompts are never mixed up. The system message states the task as the guidelines
do, briefly; the user message holds the article once, verbatim. `ANSWER_SCHEMA` is the JSON
Schema of the expected answer, strict enough for structured-output / JSON modes (every field
required, nullable where it may be unknown, no other fields).
"""
from __future__ import annotations

from ..model import Document

PROMPT_VERSION = "quotebench-prompt/1"

SYSTEM = """You find every attribution in a news article: each passage where the text reports \
what a source communicated (said, wrote, claimed, denied, accused, announced, estimated; \
including "according to X" and "..., per X"). Leave out the writer's own statements, reported \
actions or requests with no reported proposition, refusals to comment, questions, and headlines \
or captions with no source.

For each attribution give:
- content: the reported material, copied exactly from the article. For a direct quote, the \
words inside the quotation marks without the marks. For an indirect report, the reported \
clause without "that". For a mixed quote, the paraphrase with its quoted words. A quote split \
by its cue: both parts joined by " … ". Never reword, never shorten without " … ".
- speaker: the source's name as the article gives it; for "he", "she" or "a spokesman", the \
name the article gives that source elsewhere; a description ("officials") only when the \
article never names the source.
- stance: decide in this order and stop at the first that applies: (1) the cue names the act: \
deny, reject, dismiss, refute -> "denial"; accuse, blame, charge -> "accusation". (2) The \
content attributes wrongdoing, blame, deception or hostile intent to another party -> \
"accusation". (3) The content negates or rejects a proposition that someone has put forward, \
usually about the source or its side -> "denial". (4) Otherwise -> "claim" (facts, estimates, \
predictions, intentions, threats).
- type: "direct" (all inside quotation marks), "indirect" (paraphrase) or "mixed" (paraphrase \
with quoted words).
- cue: the reporting verb or phrase ("said", "according to"), or null.
- context: the sentence the content is in, copied exactly (it tells repeated text apart).

Answer with JSON only: {"attributions": [...]}, one object per attribution, in text order."""

ANSWER_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": f"quotebench answer ({PROMPT_VERSION})",
    "type": "object",
    "additionalProperties": False,
    "required": ["attributions"],
    "properties": {
        "attributions": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["content", "speaker", "stance", "type", "cue", "context"],
                "properties": {
                    "content": {"type": "string", "description": "the reported material, copied from the article"},
                    "speaker": {"type": ["string", "null"], "description": "the source as named in the article"},
                    "stance": {"enum": ["claim", "denial", "accusation"]},
                    "type": {"enum": ["direct", "indirect", "mixed"]},
                    "cue": {"type": ["string", "null"]},
                    "context": {"type": ["string", "null"], "description": "the sentence holding the content"},
                },
            },
        }
    },
}


def request(doc: Document) -> dict:
    """One chat request: `{doc_id, prompt_version, messages}` with a system and a user message."""
    user = f"Article `{doc.doc_id}`:\n\n{doc.text}"
    return {"doc_id": doc.doc_id, "prompt_version": PROMPT_VERSION,
            "messages": [{"role": "system", "content": SYSTEM}, {"role": "user", "content": user}]}
