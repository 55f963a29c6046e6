"""Scoring LLMs as people run them, in the order the data flows:

`prompt` (the reference request and answer schema) -> the model -> `extract` (the JSON in a
raw answer) -> `responses` (field names and labels mapped to prediction lines, every
adaptation counted, with the words of `vocabulary`) -> the scorer -> `measures` (invented,
misquoted, speaker_unnamed) -> `report` (how they print). `score` ties them together for
`quotebench score --from llm`; `inspect_task` wraps it all for inspect_ai.
"""
