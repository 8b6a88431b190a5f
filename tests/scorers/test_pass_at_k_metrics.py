"""The pass@k estimator, the attempt_outcomes reducer and the pass@k metrics, on known outcomes."""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import combinations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from inspect_ai.scorer import Metric, SampleScore, Score, mean_score
from inspect_ai.util import registry_info

from persona_bench.errors import PersonaBenchError
from persona_bench.scorers.pass_at_k import (
    OUTCOMES_KEY,
    Outcome,
    attempt_outcomes,
    attempt_pass_rate,
    attempts_to_success,
    estimate_pass_at_k,
    ever_succeeded,
    first_success,
    order_attempts,
    pass_at_k_ladder,
    pass_at_k_metrics,
    sample_pass_at_k,
    unbiased_pass_at_k,
)

# Three samples of four attempts (True passed, False failed, None unscored), and by hand:
#   A: n=4, c=2  pass@1 = 1/2  pass@2 = 1 - C(2,2)/C(4,2) = 5/6  pass@4 = 1
#   B: n=4, c=0  pass@1 = 0    pass@2 = 0                        pass@4 = 0
#   C: n=3, c=2  pass@1 = 2/3  pass@2 = 1 - C(1,2)/C(3,2) = 1    pass@4: n < 4, left out
TABLE: dict[str, list[Outcome]] = {
    "A": [False, True, False, True],
    "B": [False, False, False, False],
    "C": [True, None, True, False],
}
EXPECTED = {
    "pass@1": (1 / 2 + 0 + 2 / 3) / 3,  # 7/18
    "pass@2": (5 / 6 + 0 + 1) / 3,  # 11/18
    "pass@4": (1 + 0) / 2,  # C has only 3 scored attempts
    "ever_succeeded": 2 / 3,  # A and C
    "attempts_to_success": (2 + 1) / 2,  # A first passes on attempt 2, C on attempt 1
    "attempt 1": 1 / 3,  # A F, B F, C T
    "attempt 2": 1 / 2,  # A T, B F, C unscored
    "attempt 3": 1 / 3,
    "attempt 4": 1 / 3,
}


def attempt_score(outcome: Outcome, attempt: int | None) -> Score:
    metadata = {} if attempt is None else {"attempt": attempt}
    if outcome is None:
        return Score.unscored(reason="grader_failed", metadata=metadata)
    return Score(value=1.0 if outcome else 0.0, metadata=metadata)


def reduced(sample_id: str, outcomes: Sequence[Outcome], *, reverse: bool = False) -> SampleScore:
    """Reduce per-attempt scores as Inspect would, handing them over in a scrambled order."""
    scores = [attempt_score(o, attempt) for attempt, o in enumerate(outcomes, 1)]
    if reverse:
        scores.reverse()
    return SampleScore(score=attempt_outcomes()(scores), sample_id=sample_id)


def table_scores() -> list[SampleScore]:
    return [reduced(sample_id, outcomes, reverse=True) for sample_id, outcomes in TABLE.items()]


def call(metric: Metric, scores: list[SampleScore]) -> object:
    return metric(scores)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("n", "c", "k", "expected"),
    [
        (4, 1, 1, 1 / 4),
        (4, 1, 2, 1 - 3 / 6),  # 1 - C(3,2)/C(4,2)
        (4, 2, 2, 1 - 1 / 6),  # 1 - C(2,2)/C(4,2)
        (4, 0, 3, 0.0),
        (4, 4, 1, 1.0),
        (5, 4, 2, 1.0),  # n - c < k: every pair holds a pass
        (10, 3, 5, 1 - 21 / 252),  # 1 - C(7,5)/C(10,5)
        (16, 2, 4, 1 - 1001 / 1820),  # 1 - C(14,4)/C(16,4)
        (16, 1, 16, 1.0),
    ],
)
def test_estimator_matches_the_closed_form(n: int, c: int, k: int, expected: float) -> None:
    assert estimate_pass_at_k(n, c, k) == pytest.approx(expected)


@pytest.mark.parametrize(("n", "c", "k"), [(3, 1, 4), (4, 1, 0), (4, 5, 2), (4, -1, 2)])
def test_estimator_refuses_impossible_counts(n: int, c: int, k: int) -> None:
    with pytest.raises(ValueError, match="pass@k needs"):
        estimate_pass_at_k(n, c, k)


@given(
    outcomes=st.lists(st.booleans(), min_size=1, max_size=8),
    data=st.data(),
)
def test_estimator_is_the_share_of_k_subsets_with_a_pass(
    outcomes: list[bool], data: st.DataObject
) -> None:
    k = data.draw(st.integers(min_value=1, max_value=len(outcomes)))
    subsets = list(combinations(outcomes, k))
    share = sum(any(subset) for subset in subsets) / len(subsets)
    assert estimate_pass_at_k(len(outcomes), sum(outcomes), k) == pytest.approx(share)


@pytest.mark.parametrize(
    ("k", "ladder"),
    [(1, [1]), (2, [1, 2]), (3, [1, 2, 3]), (6, [1, 2, 4, 6]), (16, [1, 2, 4, 8, 16])],
)
def test_ladder_is_powers_of_two_then_k(k: int, ladder: list[int]) -> None:
    assert pass_at_k_ladder(k) == ladder


def test_sample_estimate_leaves_out_samples_with_fewer_than_k_scored_attempts() -> None:
    assert sample_pass_at_k(TABLE["C"], 3) == pytest.approx(1.0)  # n=3, c=2
    assert sample_pass_at_k(TABLE["C"], 4) is None
    assert sample_pass_at_k(TABLE["A"], 4) == 1.0


def test_first_success_is_one_based() -> None:
    assert first_success(TABLE["A"]) == 2
    assert first_success(TABLE["B"]) is None
    assert first_success([None, None, True]) == 3


def test_reducer_keeps_outcomes_in_attempt_order() -> None:
    score = reduced("A", TABLE["A"], reverse=True).score
    assert score.metadata is not None
    assert score.metadata[OUTCOMES_KEY] == TABLE["A"]
    assert score.metadata["first_success"] == 2
    assert score.value == 0.5


def test_reducer_rate_is_over_scored_attempts_only() -> None:
    score = reduced("C", TABLE["C"]).score
    assert score.metadata is not None
    assert score.metadata[OUTCOMES_KEY] == [True, None, True, False]
    assert score.value == pytest.approx(2 / 3)
    assert score.explanation == "Passed 2 of 3 scored attempts."


def test_reducer_leaves_a_sample_without_scored_attempts_unscored() -> None:
    score = reduced("X", [None, None]).score
    assert isinstance(score.value, float)
    assert math.isnan(score.value)
    assert score.reason == "grader_failed"
    assert score.metadata is not None
    assert score.metadata[OUTCOMES_KEY] == [None, None]


def test_reducer_counts_skipped_attempts() -> None:
    skipped = Score.unscored(reason="skipped", metadata={"attempt": 2, "skipped": True})
    score = attempt_outcomes()([skipped, attempt_score(True, 1)])
    assert score.metadata is not None
    assert score.metadata[OUTCOMES_KEY] == [True, None]
    assert score.metadata["skipped_attempts"] == 1
    assert score.value == 1.0


def test_scores_without_an_attempt_number_take_the_free_slots() -> None:
    scores = [attempt_score(True, None), attempt_score(False, 1), attempt_score(None, 3)]
    slots = order_attempts(scores)
    assert slots == [scores[1], scores[0], scores[2]]


@pytest.mark.parametrize(
    ("metric", "keys"),
    [
        (unbiased_pass_at_k(4), ["pass@1", "pass@2", "pass@4"]),
        (attempt_pass_rate(), ["attempt 1", "attempt 2", "attempt 3", "attempt 4"]),
    ],
)
def test_dict_metrics_equal_hand_computed_values(metric: Metric, keys: list[str]) -> None:
    value = call(metric, table_scores())
    assert isinstance(value, dict)
    assert list(value) == keys
    for key in keys:
        assert value[key] == pytest.approx(EXPECTED[key]), key


@pytest.mark.parametrize(
    ("metric", "name"),
    [(ever_succeeded(), "ever_succeeded"), (attempts_to_success(), "attempts_to_success")],
)
def test_scalar_metrics_equal_hand_computed_values(metric: Metric, name: str) -> None:
    assert call(metric, table_scores()) == pytest.approx(EXPECTED[name])


def test_pass_at_k_is_nan_when_no_sample_has_k_scored_attempts() -> None:
    value = call(unbiased_pass_at_k(4), [reduced("C", TABLE["C"])])
    assert isinstance(value, dict)
    assert value["pass@2"] == pytest.approx(1.0)
    assert math.isnan(value["pass@4"])


def test_attempts_to_success_is_nan_when_nothing_passed() -> None:
    value = call(attempts_to_success(), [reduced("B", TABLE["B"])])
    assert isinstance(value, float)
    assert math.isnan(value)


def test_metrics_refuse_scores_from_another_reducer() -> None:
    other = mean_score()([attempt_score(True, 1), attempt_score(False, 2)])
    with pytest.raises(PersonaBenchError, match="attempt_outcomes epoch reducer"):
        call(ever_succeeded(), [SampleScore(score=other, sample_id="A")])


def metric_names(metrics: list[Metric]) -> list[str]:
    return [registry_info(m).name.split("/")[-1] for m in metrics]


def test_stop_on_success_reports_no_pass_at_k_or_attempt_rates() -> None:
    assert metric_names(pass_at_k_metrics(16, stop_on_success=True)) == [
        "ever_succeeded",
        "attempts_to_success",
        "self_graded",
    ]
    assert "unbiased_pass_at_k" in metric_names(pass_at_k_metrics(16))
    assert "attempt_pass_rate" in metric_names(pass_at_k_metrics(16))
