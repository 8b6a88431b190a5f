"""The ``main`` task: parameters, persona rendering and a CLI smoke run."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from inspect_ai.event import ModelEvent
from inspect_ai.log import EvalLog, EvalSample, read_eval_log
from inspect_ai.model import Model

from persona_bench.blocks import read_blocks
from persona_bench.errors import PersonaBenchError
from persona_bench.tasks.main import main

ModelEvents = Callable[[EvalSample], tuple[list[ModelEvent], list[ModelEvent]]]


def test_task_builds_n_samples_with_stable_ids(persona_file: Path) -> None:
    first = main(n=5, seed=3, personas=str(persona_file))
    again = main(n=5, seed=3, personas=str(persona_file))
    ids = [sample.id for sample in first.dataset]
    assert len(ids) == 5
    assert len(set(ids)) == 5
    assert ids == [sample.id for sample in again.dataset]
    persona_ids = {"retired", "student", "nurse"}
    for sample in first.dataset:
        assert isinstance(sample.id, str)
        assert sample.metadata is not None
        assert sample.metadata["persona_id"] in persona_ids
        assert sample.id.startswith(f"p{sample.metadata['persona_id']}-q")
    assert first.metadata is not None
    assert first.metadata["mode"] == "output_only"


def test_persona_values_reach_the_sample_verbatim(
    persona_file: Path, persona_rows: list[dict[str, str]]
) -> None:
    task = main(n=3, personas=str(persona_file), pairing="zip")
    by_id = {row.pop("persona_id"): row for row in persona_rows}
    for sample in task.dataset:
        assert sample.metadata is not None
        assert sample.metadata["persona"] == by_id[sample.metadata["persona_id"]]


@pytest.mark.parametrize("bad", ["yaml", "json", "Lines", ""])
def test_unknown_persona_format_names_the_valid_ones(bad: str, persona_file: Path) -> None:
    with pytest.raises(PersonaBenchError) as raised:
        main(n=1, personas=str(persona_file), persona_format=bad)
    message = str(raised.value)
    assert repr(bad) in message
    assert "lines" in message
    assert "dict" in message


@pytest.mark.parametrize("retries", [-1, -10])
def test_negative_critic_retries_are_refused(retries: int, persona_file: Path) -> None:
    with pytest.raises(PersonaBenchError, match=r"critic_retries must be an integer >= 0"):
        main(n=1, personas=str(persona_file), critic_retries=retries)


def test_zero_critic_retries_is_allowed(persona_file: Path) -> None:
    assert len(main(n=1, personas=str(persona_file), critic_retries=0).dataset) == 1


def test_dict_persona_format_is_shown_to_target_and_critic(
    run_main: Callable[..., EvalLog],
    scripted_model: Callable[..., Model],
    model_events: ModelEvents,
    persona_rows: list[dict[str, str]],
) -> None:
    log = run_main(scripted_model(), persona_format="dict", n=3)
    assert log.status == "success"
    assert log.samples is not None
    by_id = {row.pop("persona_id"): row for row in persona_rows}
    for sample in log.samples:
        expected = repr(by_id[sample.metadata["persona_id"]])
        assert expected.startswith("{'")
        target_calls, critic_calls = model_events(sample)
        assert read_blocks(target_calls[0].input[0].text) == {"PROFILE": expected}
        assert read_blocks(critic_calls[0].input[-1].text)["PROFILE"] == expected
    retired = repr(by_id["retired"])
    assert "'big five scores': 'Openness: High, Conscientiousness: Low" in retired
    assert "'income': 'Not applicable'" in retired


def inspect_command() -> list[str]:
    script = Path(sys.executable).with_name("inspect")
    return [str(script)] if script.exists() else [sys.executable, "-m", "inspect_ai"]


@pytest.mark.slow
def test_cli_smoke(persona_file: Path, tmp_path: Path) -> None:
    log_dir = tmp_path / "cli-logs"
    env = {
        **os.environ,
        "HF_HUB_OFFLINE": "1",
        "HF_DATASETS_OFFLINE": "1",
        "INSPECT_DISPLAY": "none",
    }
    result = subprocess.run(
        [
            *inspect_command(),
            "eval",
            "persona_bench/main",
            "--model",
            "persona-mock/default",
            "--model-role",
            "critic=persona-mock/default",
            "-T",
            "n=5",
            "-T",
            f"personas={persona_file}",
            "--log-dir",
            str(log_dir),
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    logs = sorted(log_dir.glob("*.eval"))
    assert len(logs) == 1
    log = read_eval_log(str(logs[0]))
    assert log.status == "success"
    assert log.eval.task_args["n"] == 5
    assert log.eval.model == "persona-mock/default"
    assert log.samples is not None
    assert len(log.samples) == 5
    for sample in log.samples:
        assert sample.scores is not None
        assert sample.scores["debate_critic"].value in (0.0, 1.0)
    assert log.results is not None
    assert log.results.scores[0].scored_samples == 5
