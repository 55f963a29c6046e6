"""An inspect_ai task: the reference prompt for each document of a split, scored by quotebench.

    pip install "quotebench[inspect]"
    inspect eval benchmark/quotebench -T split=test --model openai/gpt-4o-mini
    inspect eval benchmark/llm/inspect_task.py -T split=test --model ...   # from a checkout

Each sample is one document (the two reference messages of `quotebench prompt`); the model's
raw answer is kept with the sample, and the metrics score all answers together with
`quotebench score --from llm` semantics (corpus-level P/R/F1 per level in overlap mode, plus
invented and misquoted), so an inspect run and the command give the same numbers.
"""
from __future__ import annotations

from inspect_ai import Task, task
from inspect_ai.dataset import MemoryDataset, Sample
from inspect_ai.model import ChatMessageSystem, ChatMessageUser
from inspect_ai.scorer import Score, Target, metric, scorer
from inspect_ai.solver import TaskState, generate

from benchmark.corpus import load_gold
from benchmark.llm.prompt import PROMPT_VERSION, request

_CACHE: dict = {}


def _samples(split: str) -> list[Sample]:
    out = []
    for doc in load_gold(split=split):
        system, user = request(doc)["messages"]
        out.append(Sample(id=doc.doc_id, input=[ChatMessageSystem(content=system["content"]),
                                                ChatMessageUser(content=user["content"])],
                          target="", metadata={"doc_id": doc.doc_id, "split": split}))
    return out


def _scored(scores) -> dict:
    """quotebench's result for every answer of a run, computed once per set of answers."""
    from benchmark.llm.score import score_answers

    items = [getattr(s, "score", s) for s in scores]
    responses = tuple((sc.metadata["doc_id"], sc.metadata["response"]) for sc in items)
    split = items[0].metadata["split"] if items else "seed"
    key = (split, responses)
    if key not in _CACHE:
        _CACHE.clear()
        docs = load_gold(split=split)
        ran = {d for d, _ in responses}
        if ran == {d.doc_id for d in docs}:  # the whole split: its signature names it
            result = score_answers(list(responses), split=split, bootstrap=0)
        else:  # a run on part of the split (`--limit`): only its documents count
            result = score_answers(list(responses), gold=[d for d in docs if d.doc_id in ran], bootstrap=0)
        _CACHE[key] = result.data
    return _CACHE[key]


def _level_metric(level: str, measure: str):
    @metric(name=f"{level}_{measure}")
    def build():
        def compute(scores) -> float:
            v = _scored(scores)["levels"][level][measure]
            return float("nan") if v is None else float(v)
        return compute
    return build


def _count_metric(name: str):
    @metric(name=name)
    def build():
        def compute(scores) -> float:
            return float(_scored(scores)["llm"][name]["count"])
        return compute
    return build


_METRICS = ([_level_metric(lv, "f1")() for lv in ("quote", "speaker", "stance", "full")]
            + [_level_metric("quote", m)() for m in ("precision", "recall")]
            + [_count_metric("invented")(), _count_metric("misquoted")()])


@scorer(metrics=_METRICS)
def quotebench_scorer():
    """Keeps each raw answer for the corpus-level metrics; the per-sample value is the
    document's quote-level F1 (overlap mode)."""
    async def score(state: TaskState, target: Target) -> Score:
        from benchmark.llm.score import score_answers

        doc_id, split = state.metadata["doc_id"], state.metadata["split"]
        response = state.output.completion
        gold = [d for d in load_gold(split=split) if d.doc_id == doc_id]
        one = score_answers([(doc_id, response)], gold=gold, bootstrap=0).data
        return Score(value=float(one["levels"]["quote"]["f1"] or 0.0), answer=response,
                     metadata={"doc_id": doc_id, "split": split, "response": response})
    return score


@task
def quotebench(split: str = "test") -> Task:
    """Quote attribution on one quotebench split, with the reference prompt."""
    return Task(dataset=MemoryDataset(_samples(split), name=f"quotebench-{split}"),
                solver=[generate()], scorer=quotebench_scorer(),
                metadata={"prompt_version": PROMPT_VERSION, "split": split})
