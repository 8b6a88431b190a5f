"""The ``loo`` task: variants, ids, metadata, metrics and parameter errors."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from inspect_ai import eval
from inspect_ai.event import ModelEvent
from inspect_ai.log import EvalSample
from inspect_ai.model import ChatMessage, Model

from persona_bench.blocks import read_blocks
from persona_bench.errors import PersonaBenchError
from persona_bench.leave_one_out import parse_loo_attributes
from persona_bench.samples import (
    WITHHELD_KEY,
    critic_persona_from_metadata,
    persona_from_metadata,
)
from persona_bench.scorers.loo_metrics import paired_delta
from persona_bench.tasks.loo import loo

ModelEvents = Callable[[EvalSample], tuple[list[ModelEvent], list[ModelEvent]]]


def test_variants_ids_and_metadata(persona_file: Path) -> None:
    task = loo(attributes="age, religion", n=3, personas=str(persona_file), pairing="zip")
    samples = list(task.dataset)
    ids = [str(s.id) for s in samples]
    # retired has age and religion; student and nurse lack religion
    assert ids == [
        "pretired-q0001-full",
        "pretired-q0001-drop-age",
        "pretired-q0001-drop-religion",
        "pstudent-q0002-full",
        "pstudent-q0002-drop-age",
        "pnurse-q0003-full",
        "pnurse-q0003-drop-age",
    ]
    by_id = {str(s.id): s.metadata for s in samples}
    dropped = by_id["pretired-q0001-drop-religion"]
    assert dropped is not None
    assert dropped["variant"] == "religion"
    assert dropped["pair_id"] == "pretired-q0001"
    assert "religion" not in dropped["persona"]
    full = by_id["pretired-q0001-full"]
    assert full is not None and full["variant"] == "full" and WITHHELD_KEY not in full
    # the critic's persona is the full one, attribute order included
    assert critic_persona_from_metadata(dropped) == persona_from_metadata(full)
    assert list(critic_persona_from_metadata(dropped).attributes) == list(full["persona"])
    assert dropped[WITHHELD_KEY]["value"] == "Catholic"
    assert task.metadata is not None
    assert task.metadata["skipped_variants"] == {"religion": 2}
    assert task.metadata["attributes"] == ["age", "religion"]


def test_reduced_judge_persona_shows_the_critic_the_reduced_persona(persona_file: Path) -> None:
    task = loo(attributes=["age"], n=1, personas=str(persona_file), judge_persona="reduced")
    for sample in task.dataset:
        assert sample.metadata is not None and WITHHELD_KEY not in sample.metadata
        assert critic_persona_from_metadata(sample.metadata) == persona_from_metadata(
            sample.metadata
        )


def test_default_attributes_are_all_present_ones(persona_file: Path) -> None:
    task = loo(n=3, personas=str(persona_file), pairing="zip")
    assert task.metadata is not None
    attributes = task.metadata["attributes"]
    assert attributes[0] == "age"
    assert "hearing difficulty" in attributes  # present in one persona
    assert "fertility" not in attributes  # present in none


def test_original_json_attribute_file_loads_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "loo.json"
    path.write_text(json.dumps({"attributes": ["sex", "household language"]}), encoding="utf-8")
    assert parse_loo_attributes(str(path)) == ["sex", "household language"]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("age,hair colour", "Unknown persona attribute 'hair colour'"),
        (" , ", "names no attribute"),
        ("missing.json", "file not found"),
    ],
)
def test_attribute_errors(value: str, message: str) -> None:
    with pytest.raises(PersonaBenchError, match=message):
        parse_loo_attributes(value)


def test_unknown_attribute_error_lists_valid_ones() -> None:
    with pytest.raises(PersonaBenchError) as raised:
        loo(attributes="eye colour", n=1)
    assert "household language" in str(raised.value)


def test_unknown_judge_persona(persona_file: Path) -> None:
    with pytest.raises(PersonaBenchError, match="full, reduced"):
        loo(n=1, personas=str(persona_file), judge_persona="partial")


def test_attribute_no_sampled_persona_has(persona_file: Path) -> None:
    with pytest.raises(PersonaBenchError, match="None of the attributes fertility occurs"):
        loo(attributes="fertility", n=3, personas=str(persona_file))


def test_paired_delta_constant_differences_give_a_point_interval() -> None:
    stats = paired_delta([1, 1, 1, 0], [0, 0, 0, 0], resamples=500, seed=0)
    assert stats.delta == pytest.approx(0.75)
    assert stats.pairs == 4
    same = paired_delta([1, 0, 1], [0, -1, 0], resamples=500, seed=0)
    assert (same.delta, same.ci_low, same.ci_high) == (1.0, 1.0, 1.0)


def test_paired_delta_interval_matches_the_exact_bootstrap_distribution() -> None:
    # Differences (1, 0, 0): the exact bootstrap distribution of the mean is that of k/3 with
    # k ~ Binomial(3, 1/3): P(0) = 8/27 ~ 0.30, so both the 2.5% quantile is 0, and
    # P(k <= 2) = 26/27 ~ 0.963 < 0.975, so the 97.5% quantile is 1 (k = 3).
    exact = sorted(sum(combo) / 3 for combo in itertools.product([1, 0, 0], repeat=3))
    stats = paired_delta([1, 1, 0], [0, 1, 0], resamples=20000, seed=1)
    assert stats.delta == pytest.approx(1 / 3)
    assert stats.ci_low == pytest.approx(float(np.percentile(exact, 2.5)))
    assert stats.ci_low == 0.0
    assert stats.ci_high == 1.0
    again = paired_delta([1, 1, 0], [0, 1, 0], resamples=20000, seed=1)
    assert again == stats


def _critic_passing_when(
    predicate: Callable[[str, str], bool],
) -> Callable[[list[ChatMessage]], str]:
    """A critic reply function: pass when predicate(profile, answer) holds."""

    def reply(messages: list[ChatMessage]) -> str:
        blocks = read_blocks(messages[-1].text)
        passed = predicate(blocks["PROFILE"], blocks["ANSWER"])
        return json.dumps(
            {
                "personalization_critique": "",
                "helpfulness_critique": "",
                "conclusion": "",
                "needs_revision": not passed,
            }
        )

    return reply


def test_metrics_on_scripted_verdicts(
    persona_file: Path,
    scripted_model: Callable[..., Model],
    model_events: ModelEvents,
    tmp_path: Path,
) -> None:
    # The target echoes whether it saw an age line; the critic (judging the FULL persona)
    # passes an answer only if the target saw the age. So: full variants pass, drop-age
    # variants fail, drop-sex variants pass (sex is not needed).
    def target(messages: list[ChatMessage]) -> str:
        profile = read_blocks(messages[0].text).get("PROFILE", "")
        saw_age = any(line.startswith("age: ") for line in profile.splitlines())
        return f"<answer>{'AGE-AWARE' if saw_age else 'GENERIC'}</answer>"

    critic = _critic_passing_when(lambda profile, answer: answer == "AGE-AWARE")
    model = scripted_model(target=target, critic=critic)
    task = loo(attributes="age,sex", n=3, personas=str(persona_file), pairing="zip")
    log = eval(task, model=model, log_dir=str(tmp_path), display="none")[0]
    assert log.status == "success"
    assert log.results is not None
    metrics = log.results.scores[0].metrics
    # 3 full + 3 drop-age + 2 drop-sex (nurse has no sex) = 8 samples; 5 pass
    assert log.results.scores[0].scored_samples == 8
    assert metrics["accuracy"].value == pytest.approx(5 / 8)
    assert metrics["full"].value == 1.0
    assert metrics["age"].value == 0.0
    assert metrics["sex"].value == 1.0
    assert metrics["age delta"].value == 1.0
    assert metrics["age ci_low"].value == 1.0
    assert metrics["age pairs"].value == 3.0
    assert metrics["sex delta"].value == 0.0
    assert metrics["sex pairs"].value == 2.0
    # the model did not see the age in the drop-age variant; the critic did (full persona)
    sample = next(s for s in log.samples or [] if str(s.id) == "pretired-q0001-drop-age")
    target_calls, critic_calls = model_events(sample)
    assert "age: 68" not in target_calls[0].input[0].text
    critic_profile = read_blocks(critic_calls[0].input[-1].text)["PROFILE"]
    assert critic_profile.splitlines()[0] == "age: 68"
