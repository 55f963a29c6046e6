"""The inspect_ai task, run end to end on inspect's mock model with canned answers."""
import json

import pytest

pytest.importorskip("inspect_ai", reason="the inspect extra is not installed (pip install '.[inspect]')")

import benchmark  # noqa: E402
from benchmark.corpus import write_jsonl  # noqa: E402
from benchmark.llm.score import score_answers  # noqa: E402


def _answer(doc, change_one=False, invent=False) -> str:
    """The gold attributions of `doc` as a fenced JSON answer; optionally one direct quote with
    a word changed (a misquote) and one invented quote."""
    items, changed = [], False
    for a in doc.attributions:
        text = a.content_text
        if change_one and not changed and a.type == "direct" and len(text.split()) > 3:
            words = text.split()
            words[1] = "XYZZY"
            text, changed = " ".join(words), True
        items.append({"quote": text, "speaker": doc.entity(a.speaker.entity).name, "stance": a.stance,
                      "type": a.type})
    if invent:
        items.append({"quote": "We will never stop until the job is done.", "speaker": "Nobody", "stance": "claim"})
    assert changed == change_one
    return "```json\n" + json.dumps(items) + "\n```"


def test_the_task_on_the_mock_model_scores_as_score_from_llm(tmp_path):
    from inspect_ai import eval as inspect_eval
    from inspect_ai.model import ModelOutput, ModelUsage, get_model

    from benchmark.llm.inspect_task import quotebench

    docs = benchmark.load_gold(split="dev")[:2]  # the two samples `limit=2` runs
    answers = {docs[0].doc_id: _answer(docs[0]), docs[1].doc_id: _answer(docs[1], change_one=True, invent=True)}

    def respond(messages, tools, tool_choice, config):
        doc_id = next(d for d in answers if f"`{d}`" in messages[-1].text)
        out = ModelOutput.from_content("mockllm/model", answers[doc_id])
        out.usage = ModelUsage(input_tokens=1, output_tokens=1, total_tokens=2)  # no tokenizer download
        return out

    logs = inspect_eval(quotebench(split="dev"), model=get_model("mockllm/model", custom_outputs=respond),
                        limit=2, log_dir=str(tmp_path / "logs"), display="none")
    assert logs[0].status == "success", logs[0].error
    metrics = {k: v.value for k, v in logs[0].results.scores[0].metrics.items()}

    n = sum(len(d.attributions) for d in docs)
    assert metrics["quote_recall"] == 1.0 and metrics["quote_precision"] == pytest.approx(n / (n + 1))
    assert metrics["invented"] == 1 and metrics["misquoted"] == 1
    assert metrics["full_f1"] == pytest.approx(metrics["quote_f1"])

    gold = tmp_path / "two.jsonl"
    write_jsonl(docs, gold)
    responses = tmp_path / "responses.jsonl"
    responses.write_text("".join(json.dumps({"doc_id": d, "response": r}) + "\n" for d, r in answers.items()))
    command = score_answers(str(responses), gold=str(gold), bootstrap=0).data
    for level in ("quote", "speaker", "stance", "full"):
        assert metrics[f"{level}_f1"] == pytest.approx(command["levels"][level]["f1"])
    assert (metrics["invented"], metrics["misquoted"]) == (command["llm"]["invented"]["count"],
                                                          command["llm"]["misquoted"]["count"])
