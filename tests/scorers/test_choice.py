"""The choice scorer's parsing and its per-attribute and position-bias metrics."""

from __future__ import annotations

import math
from typing import Any

import pytest
from inspect_ai.scorer import Metric, SampleScore, Score, Value

from persona_bench.errors import PersonaBenchError
from persona_bench.scorers.choice import (
    answered_share,
    attribute_accuracy,
    first_slot_share,
    parse_choice,
)


@pytest.mark.parametrize(
    ("text", "letter"),
    [
        ("<choice>A</choice>", "A"),
        ("I think so.\n<choice> b </choice>", "B"),
        ("<CHOICE>Answer B.</CHOICE>", "B"),
        ("<choice>(A)</choice> and again <choice>A</choice>", "A"),
        ("B", "B"),
        ("<choice>A</choice><choice>B</choice>", None),
        ("<choice>A or B</choice>", None),
        ("<choice>C</choice>", None),
        ("Both are fine.", None),
        ("", None),
    ],
)
def test_parse_choice(text: str, letter: str | None) -> None:
    assert parse_choice(text) == letter


def sample_score(value: float, slot: int | None, attributes: list[str]) -> SampleScore:
    metadata: dict[str, Any] = {"picked_slot": slot}
    return SampleScore(
        score=Score(value=value, metadata=metadata),
        sample_id=f"s{len(attributes)}-{slot}-{value}",
        sample_metadata={"attributes": attributes},
    )


def call(metric: Metric, scores: list[SampleScore]) -> Value:
    # Inspect types metrics as taking Scores (deprecated form); they receive SampleScores.
    return metric(scores)  # type: ignore[arg-type]


SCORES = [
    sample_score(1.0, 0, ["age"]),
    sample_score(0.0, 0, ["age", "religion"]),
    sample_score(1.0, 1, ["religion"]),
    sample_score(1.0, 0, ["income"]),
    sample_score(0.0, None, ["income", "age"]),
]


def test_attribute_accuracy_counts_each_attribute_of_a_sample() -> None:
    # age: 1, 0, 0 -> 1/3; religion: 0, 1 -> 1/2; income: 1, 0 -> 1/2.
    assert call(attribute_accuracy(), SCORES) == pytest.approx(
        {"age": 1 / 3, "religion": 0.5, "income": 0.5}
    )


def test_first_slot_share_counts_answered_samples_only() -> None:
    # Answered: slots 0, 0, 1, 0 -> 3/4.
    assert call(first_slot_share(), SCORES) == pytest.approx(0.75)
    assert math.isnan(float(call(first_slot_share(), [SCORES[-1]])))  # type: ignore[arg-type]


def test_answered_share() -> None:
    assert call(answered_share(), SCORES) == pytest.approx(0.8)


def test_attribute_accuracy_needs_attributes() -> None:
    bare = SampleScore(score=Score(value=1.0), sample_id="x", sample_metadata={})
    with pytest.raises(PersonaBenchError, match="'attributes'"):
        call(attribute_accuracy(), [bare])
