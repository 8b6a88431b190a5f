"""`PERSONAClient`: build questions locally, replay a user's answers, grade them with Inspect."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from inspect_ai.event import ModelEvent
from inspect_ai.log import EvalSample, read_eval_log

from persona_bench.api import EVALUATION_TYPES, LOG_PATH_KEY, PERSONAClient
from persona_bench.errors import PersonaBenchError
from persona_bench.solvers.response import PersonaResponse

ModelEvents = Callable[[EvalSample], tuple[list[ModelEvent], list[ModelEvent]]]

TARGET = "mockllm/model"
CRITIC = "persona-mock/default"


def answer_question(system: str, user: str) -> str:
    """The user's own 'model': a plain Python function."""
    return f"Short answer to: {user[:40]}"


@pytest.fixture
def make_client(persona_file: Path, log_dir: Path) -> Callable[..., PERSONAClient]:
    """Factory: a client over the small persona file, logging to `log_dir`."""

    def make(evaluation_type: str = "main", n: int = 3, **kwargs: Any) -> PERSONAClient:
        kwargs.setdefault("critic", CRITIC)
        kwargs.setdefault("personas", str(persona_file))
        return PERSONAClient(TARGET, evaluation_type, n, log_dir=log_dir, **kwargs)

    return make


def answer_all(client: PERSONAClient) -> list[str]:
    answers = []
    for idx, question in enumerate(client):
        answer = answer_question(question["system"], question["user"])
        client.log_answer(idx, answer)
        answers.append(answer)
    return answers


def test_main_round_trip_calls_only_the_critic(
    make_client: Callable[..., PERSONAClient], model_events: ModelEvents
) -> None:
    client = make_client()
    assert len(client) == 3
    answers = answer_all(client)
    results = client.evaluate()

    assert 0.0 <= results["accuracy"] <= 1.0
    assert "stderr" in results
    log = read_eval_log(results[LOG_PATH_KEY])
    assert log.status == "success"
    assert log.eval.metadata is not None
    assert log.eval.metadata["answered_by"] == TARGET
    assert log.samples is not None and len(log.samples) == 3
    by_id = {client[idx]["id"]: answers[idx] for idx in range(len(client))}
    for sample in log.samples:
        target_calls, critic_calls = model_events(sample)
        assert target_calls == []
        assert critic_calls and all(event.model == CRITIC for event in critic_calls)
        expected = by_id[str(sample.id)]
        response = PersonaResponse.from_metadata(sample.metadata)
        assert response is not None and response.mode == "replay"
        assert response.answer == expected
        assert sample.output.completion == expected
        assert sample.messages[-1].text == expected
        assert sample.scores is not None
        assert next(iter(sample.scores.values())).answer == expected


def test_rows_carry_prompts_persona_and_question(
    make_client: Callable[..., PERSONAClient], persona_rows: list[dict[str, str]]
) -> None:
    client = make_client()
    personas = {row.pop("persona_id"): row for row in persona_rows}
    for question in client:
        assert question["persona"] == personas[question["persona_id"]]
        assert question["user"] == question["question"]
        assert "[BEGIN PROFILE" in question["system"]
        assert question["id"] == f"p{question['persona_id']}-q{question['question_id']}"
        assert question["answer"] is None
    assert client[0] == next(iter(client))


def test_chain_of_thought_answer_grades_only_the_tagged_text(
    make_client: Callable[..., PERSONAClient],
) -> None:
    client = make_client(n=1)
    client.log_answer(0, "<reasoning>Think it over.</reasoning>\n<answer>Final words.</answer>")
    log = read_eval_log(client.evaluate()[LOG_PATH_KEY])
    assert log.samples is not None
    response = PersonaResponse.from_metadata(log.samples[0].metadata)
    assert response is not None
    assert response.answer == "Final words."
    assert response.reasoning == "Think it over."


def test_save_scores_attaches_scores_to_rows(make_client: Callable[..., PERSONAClient]) -> None:
    client = make_client()
    client.set_answers(["One.", None, "Three."])
    client.evaluate(save_scores=True)
    assert client[0]["score"] in (0.0, 1.0)
    assert client[2]["score"] in (0.0, 1.0)
    assert client[1]["score"] is None


def test_no_scores_in_rows_without_save_scores(make_client: Callable[..., PERSONAClient]) -> None:
    client = make_client(n=1)
    client.log_answer(0, "An answer.")
    client.evaluate()
    assert "score" not in client[0]


def test_drop_answer_none_keeps_only_answered(make_client: Callable[..., PERSONAClient]) -> None:
    client = make_client()
    client.log_answer(1, "Only this one.")
    log = read_eval_log(client.evaluate(drop_answer_none=True)[LOG_PATH_KEY])
    assert log.samples is not None
    assert [str(sample.id) for sample in log.samples] == [client[1]["id"]]


def test_unanswered_questions_fail_without_drop(make_client: Callable[..., PERSONAClient]) -> None:
    client = make_client()
    client.log_answer(0, "Only this one.")
    with pytest.raises(PersonaBenchError, match="2 of 3 questions have no answer"):
        client.evaluate(drop_answer_none=False)


def test_evaluate_with_every_answer_and_no_drop(make_client: Callable[..., PERSONAClient]) -> None:
    client = make_client(n=2)
    client.set_answers(["A.", "B."])
    log = read_eval_log(client.evaluate(drop_answer_none=False)[LOG_PATH_KEY])
    assert log.samples is not None and len(log.samples) == 2


def test_loo_client_builds_variants(make_client: Callable[..., PERSONAClient]) -> None:
    client = make_client("loo", n=2, loo_attributes=["age"], pairing="zip")
    ids = [question["id"] for question in client]
    assert len(ids) == 4
    assert sum(i.endswith("-full") for i in ids) == 2
    assert sum(i.endswith("-drop-age") for i in ids) == 2
    for question in client:
        if question["variant"] == "age":
            assert "age" not in question["persona"]
            assert "\nage: " not in question["system"]
            # nothing in the row gives the withheld value away
            assert "withheld_attribute" not in question
        else:
            assert "age" in question["persona"]


def test_intersectionality_client_builds_group_samples(
    make_client: Callable[..., PERSONAClient],
) -> None:
    groups = [{"name": "men", "attributes": [{"attribute": "sex", "values": ["Male"]}]}]
    client = make_client("intersectionality", n=1, intersection=groups, reference_n=0)
    assert len(client) == 1
    assert client[0]["persona"]["sex"] == "Male"
    assert client[0]["groups"] == ["men"]


def test_seed_changes_the_pairing(make_client: Callable[..., PERSONAClient]) -> None:
    ids = {tuple(q["id"] for q in make_client(seed=seed)) for seed in range(4)}
    assert len(ids) > 1
    assert [q["id"] for q in make_client(seed=1)] == [q["id"] for q in make_client(seed=1)]


@pytest.mark.parametrize("n", [0, -2, True, 1.5])
def test_bad_n(n: Any, make_client: Callable[..., PERSONAClient]) -> None:
    with pytest.raises(PersonaBenchError, match="N must be a positive integer"):
        make_client(n=n)


@pytest.mark.parametrize("name", ["mian", "pass_at_k", ""])
def test_unknown_evaluation_type_lists_valid(name: str) -> None:
    with pytest.raises(PersonaBenchError) as raised:
        PERSONAClient(TARGET, name, 3)
    message = str(raised.value)
    assert repr(name) in message
    for valid in ("main", "loo", "intersectionality"):
        assert valid in message


def test_evaluation_types_are_the_tasks_a_list_of_answers_can_stand_for() -> None:
    assert EVALUATION_TYPES == ("main", "loo", "intersectionality", "comparison")


def test_intersectionality_needs_intersection(make_client: Callable[..., PERSONAClient]) -> None:
    with pytest.raises(PersonaBenchError, match="needs intersection="):
        make_client("intersectionality")


def test_loo_needs_attributes(make_client: Callable[..., PERSONAClient]) -> None:
    with pytest.raises(PersonaBenchError, match="needs loo_attributes="):
        make_client("loo")


@pytest.mark.parametrize("idx", [3, -1, 100])
def test_log_answer_out_of_range(idx: int, make_client: Callable[..., PERSONAClient]) -> None:
    client = make_client()
    with pytest.raises(PersonaBenchError, match="valid indices are 0 to 2"):
        client.log_answer(idx, "x")


def test_log_answer_needs_text(make_client: Callable[..., PERSONAClient]) -> None:
    client = make_client()
    with pytest.raises(PersonaBenchError, match="must be a string or None"):
        client.log_answer(0, 42)  # type: ignore[arg-type]


@pytest.mark.parametrize("count", [2, 4, 0])
def test_set_answers_wrong_length(count: int, make_client: Callable[..., PERSONAClient]) -> None:
    client = make_client()
    with pytest.raises(PersonaBenchError, match=f"got {count} answers for 3 questions"):
        client.set_answers(["x"] * count)


def test_evaluate_without_answers(make_client: Callable[..., PERSONAClient]) -> None:
    client = make_client()
    with pytest.raises(PersonaBenchError, match="No answers to evaluate"):
        client.evaluate()


def test_self_grading_needs_an_inspect_model_name(persona_file: Path) -> None:
    client = PERSONAClient("my-local-model", "main", 1, personas=str(persona_file))
    client.log_answer(0, "An answer.")
    with pytest.raises(PersonaBenchError, match="provider/model"):
        client.evaluate()


def test_free_form_model_name_with_critic(persona_file: Path, log_dir: Path) -> None:
    client = PERSONAClient(
        "my-local-model", "main", 1, critic=CRITIC, personas=str(persona_file), log_dir=log_dir
    )
    client.log_answer(0, "An answer.")
    log = read_eval_log(client.evaluate()[LOG_PATH_KEY])
    assert log.eval.metadata is not None
    assert log.eval.metadata["answered_by"] == "my-local-model"


@pytest.mark.parametrize(
    ("task_args", "message"),
    [({"n": 3}, "Pass N as the client's own argument"), ({"bogus": 1}, "Unknown task argument")],
)
def test_bad_task_arguments(task_args: dict[str, Any], message: str) -> None:
    with pytest.raises(PersonaBenchError, match=message):
        PERSONAClient(TARGET, "main", 1, **task_args)


COMPARISON_ITEMS = [
    {
        "item_id": f"i{number}",
        "question": f"Which weekend plan suits me, option {number}?",
        "persona_a": {"age": "19", "sex": "Male"},
        "persona_b": {"age": "68", "sex": "Male"},
        "answer_a": f"A late-night concert with friends ({number}).",
        "answer_b": f"A quiet morning walk in the park ({number}).",
        "attributes": ["age"],
    }
    for number in range(2)
]


def test_comparison_choice_round_trip_makes_no_model_call(
    log_dir: Path,
    model_events: ModelEvents,
    write_jsonl: Callable[[str, list[dict[str, Any]]], Path],
) -> None:
    items = write_jsonl("items.jsonl", COMPARISON_ITEMS)
    client = PERSONAClient("my-local-model", "comparison", 2, source=str(items), log_dir=log_dir)
    assert len(client) == 4
    for idx, question in enumerate(client):
        assert set(question["candidates"]) == {"A", "B"}
        assert "order" not in question
        assert "<choice>A</choice>" in question["user"]
        client.log_answer(idx, "<choice>A</choice>")
    results = client.evaluate(save_scores=True)

    log = read_eval_log(results[LOG_PATH_KEY])
    assert log.status == "success" and log.samples is not None
    gold = {str(sample.id): sample.target for sample in log.samples}
    for sample in log.samples:
        assert model_events(sample) == ([], [])
        assert sample.scores is not None
        assert next(iter(sample.scores.values())).answer == "A"
    assert results["accuracy"] == sum(g == "A" for g in gold.values()) / 4
    for question in client:
        assert question["score"] == (1.0 if gold[question["id"]] == "A" else 0.0)


def test_comparison_generate_format_asks_for_an_answer(
    write_jsonl: Callable[[str, list[dict[str, Any]]], Path],
) -> None:
    items = write_jsonl("items.jsonl", COMPARISON_ITEMS)
    client = PERSONAClient("my-local-model", "comparison", 1, source=str(items), format="generate")
    assert "<answer>" in client[0]["system"]
    client.log_answer(0, "An answer.")
    with pytest.raises(PersonaBenchError, match="provider/model"):
        client.evaluate()
