"""The ``pass_at_k`` task: parameters, independent attempts, exact calls and metric values.

The critic is scripted per persona and attempt. With ``max_samples=1`` Inspect runs the
attempts one at a time, each sample's in attempt order, so a per-persona counter in the critic
is the attempt number and every outcome is known in advance.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import pytest
from inspect_ai import eval
from inspect_ai.event import ModelEvent
from inspect_ai.log import EvalLog, EvalSample
from inspect_ai.model import ChatMessage, Model, ModelName
from inspect_ai.scorer import Score, Scorer, Target, scorer
from inspect_ai.solver import Generate, Solver, TaskState, solver

from persona_bench.blocks import read_blocks
from persona_bench.errors import PersonaBenchError
from persona_bench.scorers.stop_on_success import stop_on_first_success
from persona_bench.tasks.pass_at_k import pass_at_k

ModelEvents = Callable[[EvalSample], tuple[list[ModelEvent], list[ModelEvent]]]
Outcome = bool | None

GARBAGE = "Hard to say; needs_revision: perhaps"
AGE_TO_PERSONA = {"68": "retired", "19": "student", "41": "nurse"}

# Per persona, each attempt's verdict: True passes, False needs revision, None unreadable.
TABLE: dict[str, list[Outcome]] = {
    "retired": [False, True, False, True],  # n=4, c=2
    "student": [False, False, False, False],  # n=4, c=0
    "nurse": [True, None, True, False],  # n=3, c=2: too few scored attempts for pass@4
}
# By hand (see tests/scorers/test_pass_at_k_metrics.py for the same table):
EXPECTED = {
    "accuracy": (1 / 2 + 0 + 2 / 3) / 3,
    "pass@1": (1 / 2 + 0 + 2 / 3) / 3,
    "pass@2": (5 / 6 + 0 + 1) / 3,
    "pass@4": (1 + 0) / 2,
    "ever_succeeded": 2 / 3,
    "attempts_to_success": (2 + 1) / 2,
    "attempt 1": 1 / 3,
    "attempt 2": 1 / 2,
    "attempt 3": 1 / 3,
    "attempt 4": 1 / 3,
    "self_graded": 0.0,
}


def persona_of(messages: list[ChatMessage]) -> str:
    profile = read_blocks(messages[-1].text)["PROFILE"]
    age = next(line for line in profile.splitlines() if line.startswith("age: "))
    return AGE_TO_PERSONA[age.removeprefix("age: ")]


def critic_by_attempt(
    table: dict[str, list[Outcome]], verdict: Callable[..., str]
) -> Callable[[list[ChatMessage]], str]:
    """A critic reply function following `table`, counting each persona's attempts."""
    calls: Counter[str] = Counter()

    def reply(messages: list[ChatMessage]) -> str:
        persona = persona_of(messages)
        calls[persona] += 1
        outcome = table[persona][calls[persona] - 1]
        return GARBAGE if outcome is None else verdict(not outcome)

    return reply


@pytest.fixture
def run_pass_at_k(
    persona_file: Path, log_dir: Path, scripted_model: Callable[..., Model]
) -> Callable[..., EvalLog]:
    """Run pass_at_k on the 3-persona file, one attempt at a time, with a separate critic."""

    def run(critic: Callable[[list[ChatMessage]], str], **task_args: Any) -> EvalLog:
        task_args.setdefault("personas", str(persona_file))
        task_args.setdefault("n", 3)
        logs = eval(
            pass_at_k(**task_args),
            model=scripted_model(),
            model_roles={"critic": scripted_model(critic=critic, name="mockllm/critic")},
            max_samples=1,
            display="none",
            log_dir=str(log_dir),
        )
        assert len(logs) == 1
        assert logs[0].status == "success", logs[0].error
        return logs[0]

    return run


def metrics_of(log: EvalLog) -> dict[str, float]:
    assert log.results is not None
    assert len(log.results.scores) == 1
    return {name: m.value for name, m in log.results.scores[0].metrics.items()}


def samples_of(log: EvalLog) -> list[EvalSample]:
    assert log.samples is not None
    return log.samples


def test_task_has_n_samples_and_attempts_epochs(persona_file: Path) -> None:
    task = pass_at_k(k=4, n=3, personas=str(persona_file))
    again = pass_at_k(k=4, n=3, personas=str(persona_file))
    ids = [sample.id for sample in task.dataset]
    assert len(set(ids)) == 3
    assert ids == [sample.id for sample in again.dataset]
    assert task.epochs == 4
    assert pass_at_k(k=4, attempts=6, n=1, personas=str(persona_file)).epochs == 6
    assert task.config.temperature == 1.0
    assert task.metadata is not None
    assert task.metadata["k"] == 4
    assert task.metadata["attempts"] == 4
    assert task.metadata["stop_on_success"] is False


@pytest.mark.parametrize("k", [0, -3, True, 2.5, "4"])
def test_k_must_be_a_positive_integer(k: object, persona_file: Path) -> None:
    with pytest.raises(PersonaBenchError, match=r"k must be an integer >= 1, got"):
        pass_at_k(k=k, n=1, personas=str(persona_file))  # type: ignore[arg-type]


@pytest.mark.parametrize("attempts", [3, 0, -1, 4.5])
def test_attempts_must_be_at_least_k(attempts: object, persona_file: Path) -> None:
    with pytest.raises(PersonaBenchError) as raised:
        pass_at_k(k=4, attempts=attempts, n=1, personas=str(persona_file))  # type: ignore[arg-type]
    message = str(raised.value)
    assert message.startswith("attempts must be an integer >= k (4), got")
    assert "Raise attempts or lower k." in message


@pytest.mark.parametrize("temperature", [-0.5, "hot", float("nan")])
def test_temperature_must_be_a_non_negative_number(temperature: object, persona_file: Path) -> None:
    with pytest.raises(PersonaBenchError, match=r"temperature must be a number >= 0"):
        pass_at_k(temperature=temperature, n=1, personas=str(persona_file))  # type: ignore[arg-type]


def test_independent_attempts_give_the_hand_computed_metrics(
    run_pass_at_k: Callable[..., EvalLog],
    verdict: Callable[..., str],
    model_events: ModelEvents,
) -> None:
    log = run_pass_at_k(critic_by_attempt(TABLE, verdict), k=4, critic_retries=0)
    samples = samples_of(log)
    assert len(samples) == 3 * 4
    ids = {sample.id for sample in samples}
    assert len(ids) == 3
    assert sorted((s.id, s.epoch) for s in samples) == sorted(
        (sample_id, epoch) for sample_id in ids for epoch in range(1, 5)
    )
    for sample in samples:
        target_calls, critic_calls = model_events(sample)
        # One fresh conversation and one critic call per attempt.
        assert len(target_calls) == 1
        assert len(critic_calls) == 1
        assert not [m for m in target_calls[0].input if m.role == "assistant"]
        assert read_blocks(critic_calls[0].input[-1].text)["QUESTION"] == sample.input
        assert target_calls[0].config.temperature == 1.0
        assert critic_calls[0].config.temperature == 0.0
    metrics = metrics_of(log)
    assert list(metrics) == [
        "accuracy",
        "stderr",
        "pass@1",
        "pass@2",
        "pass@4",
        "ever_succeeded",
        "attempts_to_success",
        "attempt 1",
        "attempt 2",
        "attempt 3",
        "attempt 4",
        "self_graded",
    ]
    for name, expected in EXPECTED.items():
        assert metrics[name] == pytest.approx(expected), name
    assert log.results is not None
    assert log.results.scores[0].reducer == "persona_bench/attempt_outcomes"


def test_reduced_scores_keep_each_persona_outcomes_in_order(
    run_pass_at_k: Callable[..., EvalLog], verdict: Callable[..., str]
) -> None:
    log = run_pass_at_k(critic_by_attempt(TABLE, verdict), k=4, critic_retries=0)
    assert log.reductions is not None
    persona_by_id = {str(s.id): s.metadata["persona_id"] for s in samples_of(log)}
    for reduced in log.reductions[0].samples:
        assert reduced.metadata is not None
        assert reduced.metadata["outcomes"] == TABLE[persona_by_id[str(reduced.sample_id)]]


def test_ladder_follows_k_and_rates_follow_attempts(
    run_pass_at_k: Callable[..., EvalLog], verdict: Callable[..., str]
) -> None:
    table: dict[str, list[Outcome]] = {"retired": [True, False, False, True, False]}
    log = run_pass_at_k(critic_by_attempt(table, verdict), n=1, k=3, attempts=5, pairing="zip")
    metrics = metrics_of(log)
    assert [name for name in metrics if name.startswith("pass@")] == ["pass@1", "pass@2", "pass@3"]
    assert [name for name in metrics if name.startswith("attempt ")] == [
        f"attempt {i}" for i in range(1, 6)
    ]
    assert metrics["pass@1"] == pytest.approx(2 / 5)
    assert metrics["pass@3"] == pytest.approx(1 - 1 / 10)  # 1 - C(3,3)/C(5,3)


def test_target_temperature_is_a_parameter(
    run_pass_at_k: Callable[..., EvalLog],
    verdict: Callable[..., str],
    model_events: ModelEvents,
) -> None:
    log = run_pass_at_k(lambda _: verdict(False), n=1, k=1, temperature=0.3)
    for sample in samples_of(log):
        target_calls, _ = model_events(sample)
        assert [event.config.temperature for event in target_calls] == [0.3]


def test_stop_on_success_skips_attempts_after_the_first_pass(
    run_pass_at_k: Callable[..., EvalLog],
    verdict: Callable[..., str],
    model_events: ModelEvents,
) -> None:
    table: dict[str, list[Outcome]] = {
        "retired": [False, True],  # passes on attempt 2: attempts 3 and 4 skipped
        "student": [False, False, False, False],  # never passes: all 4 attempts run
        "nurse": [True],  # passes at once: attempts 2-4 skipped
    }
    log = run_pass_at_k(critic_by_attempt(table, verdict), k=4, stop_on_success=True)
    runs = {"retired": 2, "student": 4, "nurse": 1}
    calls: Counter[tuple[str, str]] = Counter()
    samples = samples_of(log)
    assert len(samples) == 3 * 4
    for sample in samples:
        persona = sample.metadata["persona_id"]
        target_calls, critic_calls = model_events(sample)
        calls[persona, "target"] += len(target_calls)
        calls[persona, "critic"] += len(critic_calls)
        assert sample.scores is not None
        score = sample.scores["score_until_success"]
        assert score.metadata is not None
        assert score.metadata["attempt"] == sample.epoch
        skipped = sample.epoch > runs[persona]
        assert score.metadata["skipped"] is skipped
        if skipped:
            assert (target_calls, critic_calls) == ([], [])
            assert score.reason == "skipped_after_success"
            assert score.metadata["after_success"] == runs[persona]
    assert calls == {(p, role): runs[p] for p in runs for role in ("target", "critic")}
    metrics = metrics_of(log)
    assert metrics == {
        "ever_succeeded": pytest.approx(2 / 3),
        "attempts_to_success": pytest.approx((2 + 1) / 2),
        "self_graded": 0.0,
    }


def attempt_state(epoch: int, model: str = "mockllm/model") -> TaskState:
    return TaskState(model=ModelName(model), sample_id="s1", epoch=epoch, input="q", messages=[])


async def _no_generate(state: TaskState, **kwargs: Any) -> TaskState:
    raise AssertionError("the gate never generates itself")


no_generate = cast(Generate, _no_generate)


@solver
def recording_attempt(ran: list[int]) -> Solver:
    async def solve(state: TaskState, generate: Generate) -> TaskState:
        ran.append(state.epoch)
        return state

    return solve


@scorer(metrics=[])
def scripted_critic(passes: set[int], judged: list[int]) -> Scorer:
    async def score(state: TaskState, target: Target) -> Score:
        judged.append(state.epoch)
        return Score(value=1.0 if state.epoch in passes else 0.0)

    return score


async def test_only_attempts_after_an_earlier_pass_are_skipped_whatever_the_finish_order() -> None:
    # Concurrent attempts can finish out of order: attempt 3 passes while 1 and 2 still run.
    ran: list[int] = []
    judged: list[int] = []
    gate, critic = stop_on_first_success(recording_attempt(ran), scripted_critic({2, 3}, judged))
    third = await gate(attempt_state(3), no_generate)
    await critic(third, Target(""))
    states = [await gate(attempt_state(epoch), no_generate) for epoch in (1, 2, 4)]
    scores = [await critic(state, Target("")) for state in states]
    assert ran == [3, 1, 2]  # attempts before the pass at 3 still run; 4 does not
    assert judged == [3, 1, 2]
    assert [s.metadata["skipped"] for s in scores if s and s.metadata] == [False, False, True]
    fourth = scores[2]
    assert fourth is not None
    assert fourth.reason == "skipped_after_success"
    assert fourth.metadata is not None
    assert fourth.metadata["after_success"] == 3
    # Once attempt 2 passed, it is the first success; another model's record is separate.
    assert (await gate(attempt_state(3), no_generate)).completed
    assert not (await gate(attempt_state(4, "mockllm/other"), no_generate)).completed
