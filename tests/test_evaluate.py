"""The Python entry point ``evaluate_model``."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
from inspect_ai.log import EvalLog, read_eval_log

import persona_bench
from persona_bench.errors import PersonaBenchError


def check_log(log: EvalLog, n: int, log_dir: Path) -> None:
    assert isinstance(log, EvalLog)
    assert log.status == "success"
    assert log.eval.task == "persona_bench/main"
    assert log.eval.model == "persona-mock/default"
    assert log.samples is not None
    assert len(log.samples) == n
    for sample in log.samples:
        assert sample.scores is not None
        value = sample.scores["debate_critic"].value
        assert isinstance(value, float)
        assert not math.isnan(value)
    assert log.eval.model_roles is not None
    critic = log.eval.model_roles["critic"]
    assert not isinstance(critic, list)
    assert critic.model == "persona-mock/default"
    written = list(log_dir.glob("*.eval"))
    assert len(written) == 1
    assert len(read_eval_log(str(written[0])).samples or []) == n


def test_evaluate_model_returns_a_successful_log(persona_file: Path, log_dir: Path) -> None:
    log = persona_bench.evaluate_model(
        "persona-mock/default",
        critic="persona-mock/default",
        log_dir=log_dir,
        personas=str(persona_file),
        n=3,
        eval_options={"display": "none"},
    )
    check_log(log, 3, log_dir)
    assert log.eval.task_args["personas"] == str(persona_file)


async def test_async_evaluate_model(persona_file: Path, log_dir: Path) -> None:
    log = await persona_bench.async_evaluate_model(
        "persona-mock/default",
        "main",
        critic="persona-mock/default",
        log_dir=log_dir,
        personas=str(persona_file),
        n=2,
        mode="demographic_summary",
    )
    check_log(log, 2, log_dir)
    assert log.eval.task_args["mode"] == "demographic_summary"


@pytest.mark.parametrize("evaluation_type", ["loo_typo", "Main", ""])
def test_unknown_evaluation_type(evaluation_type: str, tmp_path: Path) -> None:
    with pytest.raises(PersonaBenchError) as raised:
        persona_bench.evaluate_model("persona-mock/default", evaluation_type, log_dir=tmp_path)
    message = str(raised.value)
    assert repr(evaluation_type) in message
    assert "main" in message.partition("Valid:")[2]
    assert not list(tmp_path.iterdir())


def test_unknown_task_argument(tmp_path: Path) -> None:
    with pytest.raises(PersonaBenchError) as raised:
        persona_bench.evaluate_model(
            "persona-mock/default", log_dir=tmp_path, n=3, num_samples=3, modes="cot"
        )
    message = str(raised.value)
    assert "modes, num_samples" in message
    for valid in ("mode", "n", "seed", "personas", "questions", "critic_retries"):
        assert valid in message
    assert not list(tmp_path.iterdir())


async def test_async_unknown_task_argument(tmp_path: Path) -> None:
    with pytest.raises(PersonaBenchError, match="Unknown argument"):
        await persona_bench.async_evaluate_model("persona-mock/default", log_dir=tmp_path, k=1)


@pytest.mark.parametrize(
    ("evaluation_type", "task_args", "samples"),
    [
        ("loo", {"attributes": "age", "n": 2, "pairing": "zip"}, 4),
        (
            "intersectionality",
            {
                "intersections": [
                    {"name": "older", "attributes": [{"attribute": "age", "min": 40}]}
                ],
                "n": 2,
                "reference_n": 0,
            },
            2,
        ),
        ("pass_at_k", {"k": 2, "n": 2}, 4),
    ],
)
def test_evaluate_model_runs_every_task(
    evaluation_type: str,
    task_args: dict[str, Any],
    samples: int,
    persona_file: Path,
    log_dir: Path,
) -> None:
    log = persona_bench.evaluate_model(
        "persona-mock/default",
        evaluation_type,
        critic="persona-mock/default",
        log_dir=log_dir,
        personas=str(persona_file),
        **task_args,
    )
    assert log.status == "success"
    assert log.eval.task == f"persona_bench/{evaluation_type}"
    assert len(log.samples or []) == samples


@pytest.mark.parametrize(("comparison_format", "n_items"), [("choice", 3), ("generate", 2)])
def test_evaluate_model_runs_comparison(
    comparison_format: str, n_items: int, log_dir: Path
) -> None:
    log = persona_bench.evaluate_model(
        "persona-mock/default",
        "comparison",
        critic="persona-mock/default",
        log_dir=log_dir,
        format=comparison_format,
        n=n_items,
    )
    assert log.status == "success"
    assert log.eval.task == "persona_bench/comparison"
    # Every item gives one sample per persona.
    assert len(log.samples or []) == 2 * n_items
    assert log.results is not None
    assert "accuracy" in log.results.scores[0].metrics
