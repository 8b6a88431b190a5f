"""The comparison task end to end, offline: choice and generate formats with scripted models."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
from inspect_ai import eval
from inspect_ai.event import ModelEvent
from inspect_ai.log import EvalLog, EvalSample
from inspect_ai.model import ChatMessage, Model

from persona_bench.blocks import read_blocks
from persona_bench.errors import PersonaBenchError
from persona_bench.tasks.comparison import comparison

WriteJsonl = Callable[[str, Sequence[Mapping[str, Any]]], Path]
ModelEvents = Callable[[EvalSample], tuple[list[ModelEvent], list[ModelEvent]]]

ITEMS: list[dict[str, Any]] = [
    {
        "item_id": "rel",
        "question": "How should I plan a team lunch on Friday?",
        "persona_a": {"age": "30", "religion": "Muslim", "income": "50000.0"},
        "persona_b": {"age": "30", "religion": "Protestant", "income": "50000.0"},
        "answer_a": "Book a place with halal options and avoid Friday prayer time. Ask the team.",
        "answer_b": "Book a popular barbecue place nearby at noon. Ask the team for ideas.",
        "attributes": ["religion"],
    },
    {
        "item_id": "age",
        "question": "How should I start exercising?",
        "persona_a": {"age": "22", "religion": "Catholic", "veteran status": "Non-Veteran"},
        "persona_b": {"age": "80", "religion": "Catholic", "veteran status": "Veteran"},
        "answer_a": "Try a running plan three times a week. Add strength work later.",
        "answer_b": "Start with gentle walks and chair exercises. Ask your VA doctor first.",
        "attributes": ["age", "veteran status"],
    },
]
ANSWERS_A = {item["answer_a"] for item in ITEMS}


@pytest.fixture
def item_file(write_jsonl: WriteJsonl) -> Path:
    return write_jsonl("items.jsonl", ITEMS)


def run(task_args: dict[str, Any], model: str | Model, log_dir: Path, **kwargs: Any) -> EvalLog:
    logs = eval(
        comparison(**task_args), model=model, display="none", log_dir=str(log_dir), **kwargs
    )
    log = logs[0]
    assert log.status == "success", log.error
    return log


def samples_of(log: EvalLog) -> list[EvalSample]:
    assert log.samples is not None
    return sorted(log.samples, key=lambda sample: str(sample.id))


def metrics(log: EvalLog) -> dict[str, float]:
    assert log.results is not None
    return {name: m.value for name, m in log.results.scores[0].metrics.items()}


def candidate_blocks(messages: list[ChatMessage], labels: tuple[str, str]) -> dict[str, str]:
    blocks = read_blocks("\n".join(message.text for message in messages))
    return {label[-1]: blocks[label] for label in labels}


def pick_answer_a(messages: list[ChatMessage]) -> str:
    """A scripted target that always picks the slot holding persona A's gold answer."""
    shown = candidate_blocks(messages, ("ANSWER A", "ANSWER B"))
    return "<choice>A</choice>" if shown["A"] in ANSWERS_A else "<choice>B</choice>"


def test_choice_scores_both_orders_and_reports_metrics(
    item_file: Path, log_dir: Path, scripted_model: Callable[..., Model]
) -> None:
    log = run({"source": str(item_file), "seed": 0}, scripted_model(target=pick_answer_a), log_dir)
    samples = samples_of(log)
    assert [s.id for s in samples] == ["cage-for-a", "cage-for-b", "crel-for-a", "crel-for-b"]
    slots = []
    for sample in samples:
        assert sample.scores is not None
        score = sample.scores["choice_match"]
        assert score.metadata is not None
        order = sample.metadata["order"]
        # Picking A's answer is right exactly for the for-a sample, whatever the slot order.
        assert score.value == (1.0 if sample.metadata["for"] == "a" else 0.0)
        assert score.answer == "AB"[order.index("a")]
        assert sample.target == "AB"[order.index(sample.metadata["for"])]
        slots.append(order.index("a"))
    values = metrics(log)
    assert values["accuracy"] == 0.5
    assert values["religion"] == 0.5
    assert values["age"] == 0.5
    assert values["veteran status"] == 0.5
    assert values["first_slot_share"] == pytest.approx(slots.count(0) / 4)
    assert values["answered_share"] == 1.0
    # Both slot orders occur across seeds, and a fixed seed gives the same order again.
    orders = {
        tuple(s.metadata["order"])
        for seed in range(4)
        for s in samples_of(
            run({"source": str(item_file), "seed": seed}, scripted_model(target="A"), log_dir)
        )
    }
    assert orders == {("a", "b"), ("b", "a")}


def test_choice_shows_the_persona_in_the_system_prompt(
    item_file: Path,
    log_dir: Path,
    scripted_model: Callable[..., Model],
    model_events: ModelEvents,
) -> None:
    log = run({"source": str(item_file)}, scripted_model(target="<choice>A</choice>"), log_dir)
    for sample in samples_of(log):
        target, critic = model_events(sample)
        assert len(target) == 1 and not critic
        system, user = target[0].input
        assert system.role == "system" and "<choice>" in system.text
        assert read_blocks(system.text)["PROFILE"].splitlines()[0] == (
            f"age: {sample.metadata['persona']['age']}"
        )
        blocks = read_blocks(user.text)
        assert blocks["ANSWER A"] == sample.metadata["candidates"]["A"]
        assert blocks["QUESTION"] == sample.input


def test_choice_without_a_letter_is_wrong_and_says_so(
    item_file: Path, log_dir: Path, scripted_model: Callable[..., Model]
) -> None:
    log = run({"source": str(item_file), "n": 1}, scripted_model(target="Both work."), log_dir)
    for sample in samples_of(log):
        assert sample.scores is not None
        score = sample.scores["choice_match"]
        assert score.value == 0.0
        assert score.metadata is not None
        assert score.metadata["picked"] is None
        assert score.reason == "no_choice"
    values = metrics(log)
    assert values["accuracy"] == 0.0
    assert values["answered_share"] == 0.0
    assert math.isnan(values["first_slot_share"])


def test_builtin_choice_runs_with_the_offline_test_double(log_dir: Path) -> None:
    log = run({"n": 6, "seed": 1}, "persona-mock/default", log_dir)
    samples = samples_of(log)
    assert len(samples) == 12
    values = metrics(log)
    assert values["answered_share"] == 1.0
    assert 0.0 <= values["accuracy"] <= 1.0


def gold_match_reply(letter_of_a: bool) -> Callable[[list[ChatMessage]], str]:
    """A scripted critic naming the candidate that holds persona A's (or B's) gold answer."""

    def reply(messages: list[ChatMessage]) -> str:
        shown = candidate_blocks(messages[:2], ("CANDIDATE A", "CANDIDATE B"))
        holds_a = "A" if shown["A"] in ANSWERS_A else "B"
        letter = holds_a if letter_of_a else "AB"[holds_a == "A"]
        return f'{{"reasoning": "It follows candidate {letter}.", "match": "{letter}"}}'

    return reply


def test_generate_scores_a_match_with_the_persona_gold(
    item_file: Path,
    log_dir: Path,
    scripted_model: Callable[..., Model],
    model_events: ModelEvents,
) -> None:
    model = scripted_model(critic=gold_match_reply(letter_of_a=True))
    log = run({"source": str(item_file), "format": "generate"}, model, log_dir)
    for sample in samples_of(log):
        assert sample.scores is not None
        score = sample.scores["gold_match"]
        # The critic always names A's gold: right for X = A, wrong for X = B.
        assert score.value == (1.0 if sample.metadata["for"] == "a" else 0.0)
        assert score.answer == "A considered, practical reply."
        assert score.metadata is not None and score.metadata["critic_calls"] == 1
        _, critic = model_events(sample)
        blocks = read_blocks(critic[0].input[1].text)
        persona = sample.metadata["persona"]
        assert blocks["PROFILE"] == "\n".join(f"{k}: {v}" for k, v in persona.items())
        assert blocks["RESPONSE"] == "A considered, practical reply."
        assert {blocks["CANDIDATE A"], blocks["CANDIDATE B"]} == set(
            sample.metadata["candidates"].values()
        )
    values = metrics(log)
    assert values["accuracy"] == 0.5
    assert values["self_graded"] == 1.0


def test_generate_other_persona_match_scores_zero(
    item_file: Path, log_dir: Path, scripted_model: Callable[..., Model]
) -> None:
    model = scripted_model(critic=gold_match_reply(letter_of_a=False))
    log = run({"source": str(item_file), "format": "generate", "n": 1, "seed": 2}, model, log_dir)
    for sample in samples_of(log):
        assert sample.scores is not None
        assert sample.scores["gold_match"].value == (0.0 if sample.metadata["for"] == "a" else 1.0)


def test_generate_unreadable_critic_is_unscored_after_retries(
    item_file: Path, log_dir: Path, scripted_model: Callable[..., Model]
) -> None:
    model = scripted_model(critic="It resembles {the first, mostly}")
    args = {"source": str(item_file), "format": "generate", "n": 1, "critic_retries": 1}
    log = run(args, model, log_dir)
    for sample in samples_of(log):
        assert sample.scores is not None
        score = sample.scores["gold_match"]
        assert isinstance(score.value, float) and math.isnan(score.value)
        assert score.reason == "grader_failed"
        assert score.metadata is not None
        assert score.metadata["critic_calls"] == 2
        assert score.metadata["critic_raw"] == ["It resembles {the first, mostly}"] * 2


def test_generate_with_the_test_double_critic(item_file: Path, log_dir: Path) -> None:
    args = {"source": str(item_file), "format": "generate"}
    log = run(args, "persona-mock/default", log_dir)
    for sample in samples_of(log):
        assert sample.scores is not None
        assert sample.scores["gold_match"].value in (0.0, 1.0)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"format": "rank"}, "Valid formats: choice, generate"),
        ({"source": "prism"}, "Valid: builtin, persona"),
        ({"n": 0}, "n must be a positive integer"),
        ({"persona_format": "yaml"}, "Valid formats: lines, dict"),
        ({"critic_retries": -1}, "critic_retries"),
        ({"format": "generate", "mode": "shout"}, "shout"),
    ],
)
def test_bad_parameters_fail_clearly(args: dict[str, Any], message: str) -> None:
    with pytest.raises(PersonaBenchError, match=message):
        comparison(**args)
