"""Pass@k from independent attempts: outcome-keeping reducer, unbiased estimator, metrics.

Each epoch of a sample is one independent attempt. The `attempt_outcomes` reducer lists the
attempts' outcomes in attempt order in the reduced score's metadata; the metrics read that list,
so pass@k, attempts-to-success and per-attempt rates all come from the same record.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from inspect_ai.scorer import (
    Metric,
    SampleScore,
    Score,
    ScoreReducer,
    accuracy,
    metric,
    score_reducer,
    stderr,
    value_to_float,
)

from persona_bench.errors import PersonaBenchError
from persona_bench.scorers.debate_critic import self_graded

OUTCOMES_KEY = "outcomes"
"""Reduced-score metadata key holding the per-attempt outcomes (True, False or None)."""

PASS_VALUE = 1.0
"""An attempt passes when its score value is at least this (the critic gives 1.0 or 0.0)."""

Outcome = bool | None
"""One attempt: True passed, False failed, None unscored or skipped."""

_to_float = value_to_float()


def estimate_pass_at_k(n: int, c: int, k: int) -> float:
    """The unbiased pass@k estimate from `n` attempts of which `c` passed.

    The chance that at least one of `k` attempts drawn without replacement from the `n` passes:
    ``1 - C(n - c, k) / C(n, k)`` (Chen et al. 2021, "Evaluating Large Language Models Trained
    on Code"). Exact integer binomials, so large `n` loses no precision.

    Args:
        n: Scored attempts.
        c: Passing attempts among them.
        k: Attempts allowed.

    Returns:
        The estimate, in [0, 1].

    Raises:
        ValueError: If not ``1 <= k <= n`` or not ``0 <= c <= n``.
    """
    if not 1 <= k <= n:
        raise ValueError(f"pass@k needs 1 <= k <= n, got k={k}, n={n}.")
    if not 0 <= c <= n:
        raise ValueError(f"pass@k needs 0 <= c <= n, got c={c}, n={n}.")
    return 1.0 - math.comb(n - c, k) / math.comb(n, k)


def pass_at_k_ladder(k: int) -> list[int]:
    """The k values reported up to `k`: powers of two, then `k` itself.

    Args:
        k: The largest k (K).

    Returns:
        For example ``[1, 2, 4, 8, 16]`` for 16 and ``[1, 2, 4, 6]`` for 6.
    """
    ladder = [2**power for power in range(k.bit_length()) if 2**power <= k]
    return ladder if ladder[-1] == k else [*ladder, k]


def sample_pass_at_k(outcomes: Sequence[Outcome], k: int) -> float | None:
    """One sample's pass@k estimate, or None when it has fewer than `k` scored attempts.

    Args:
        outcomes: The sample's attempts in order; None ones are left out.
        k: Attempts allowed.

    Returns:
        The estimate, or None if the sample cannot support it.
    """
    scored = [outcome for outcome in outcomes if outcome is not None]
    if len(scored) < k:
        return None
    return estimate_pass_at_k(len(scored), sum(scored), k)


def first_success(outcomes: Sequence[Outcome]) -> int | None:
    """The 1-based number of the first passing attempt, or None if none passed."""
    return next((index for index, outcome in enumerate(outcomes, 1) if outcome), None)


def attempt_passed(score: Score) -> Outcome:
    """An attempt's outcome: None if unscored (NaN), else whether it reached `PASS_VALUE`."""
    value = _to_float(score.value)
    return None if math.isnan(value) else value >= PASS_VALUE


def _attempt_number(score: Score) -> int | None:
    attempt = (score.metadata or {}).get("attempt")
    return attempt if isinstance(attempt, int) and attempt >= 1 else None


def order_attempts(scores: Sequence[Score]) -> list[Score | None]:
    """Put one sample's epoch scores in attempt order (metadata ``attempt``, 1-based).

    Inspect hands a reducer the epochs in no promised order. A score without an attempt number
    takes the first free slot, so it is kept even though its place is unknown.

    Args:
        scores: The sample's scores, one per epoch.

    Returns:
        Slot i holds attempt i + 1, or None where no score claims that attempt.
    """
    numbered = [number for number in map(_attempt_number, scores) if number is not None]
    slots: list[Score | None] = [None] * max([len(scores), *numbered])
    unplaced: list[Score] = []
    for score in scores:
        number = _attempt_number(score)
        if number is not None and slots[number - 1] is None:
            slots[number - 1] = score
        else:
            unplaced.append(score)
    free = (index for index, slot in enumerate(slots) if slot is None)
    for score, index in zip(unplaced, free, strict=False):
        slots[index] = score
    return slots


def _reduced_metadata(slots: Sequence[Score | None]) -> dict[str, Any]:
    outcomes = [None if score is None else attempt_passed(score) for score in slots]
    present = [score for score in slots if score is not None]
    metadata = [score.metadata or {} for score in present]
    return {
        OUTCOMES_KEY: outcomes,
        "first_success": first_success(outcomes),
        "skipped_attempts": sum(1 for item in metadata if item.get("skipped")),
        # Kept so the self_graded metric still works on reduced scores.
        "critic_is_target": any(item.get("critic_is_target") for item in metadata),
    }


@score_reducer
def attempt_outcomes() -> ScoreReducer:
    """Reduce a sample's attempts to its pass rate, keeping every outcome in attempt order.

    The reduced value is the pass rate over the sample's scored attempts (so ``accuracy`` is
    the pass rate per attempt); the metadata ``outcomes`` lists each attempt's outcome (True,
    False, or None when unscored or skipped) for the pass@k metrics. A sample with no scored
    attempt is unscored.

    Returns:
        The reducer.
    """

    def reduce(scores: list[Score]) -> Score:
        metadata = _reduced_metadata(order_attempts(scores))
        scored = [outcome for outcome in metadata[OUTCOMES_KEY] if outcome is not None]
        if not scored:
            reasons = {score.reason for score in scores}
            return Score.unscored(
                reason=reasons.pop() if len(reasons) == 1 else None,
                explanation="No attempt of this sample could be scored.",
                metadata=metadata,
            )
        return Score(
            value=sum(scored) / len(scored),
            explanation=f"Passed {sum(scored)} of {len(scored)} scored attempts.",
            metadata=metadata,
        )

    return reduce


def sample_outcomes(sample_score: SampleScore) -> list[Outcome]:
    """The per-attempt outcomes the `attempt_outcomes` reducer stored for one sample.

    Raises:
        PersonaBenchError: If the score was reduced by another reducer.
    """
    outcomes = (sample_score.score.metadata or {}).get(OUTCOMES_KEY)
    if not isinstance(outcomes, list):
        raise PersonaBenchError(
            f"Sample {sample_score.sample_id!r} has no per-attempt outcomes: the pass@k metrics "
            "need the attempt_outcomes epoch reducer. Do not override it with --epochs-reducer."
        )
    return outcomes


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else math.nan


@metric(scores="reduced")
def unbiased_pass_at_k(k: int) -> Metric:
    """Unbiased pass@k (Chen et al. 2021) for k = 1, 2, 4, ... up to `k`, and `k` itself.

    Each sample's estimate uses all its scored attempts; a sample with fewer than k scored
    attempts is left out of pass@k for that k (NaN when no sample qualifies).

    Args:
        k: The largest k reported (K).

    Returns:
        A metric giving ``{"pass@1": ..., "pass@2": ..., ...}``.
    """
    ladder = pass_at_k_ladder(k)

    def compute(scores: list[SampleScore]) -> dict[str, float]:
        outcomes = [sample_outcomes(score) for score in scores]
        result: dict[str, float] = {}
        for size in ladder:
            estimates = [sample_pass_at_k(sample, size) for sample in outcomes]
            result[f"pass@{size}"] = _mean([e for e in estimates if e is not None])
        return result

    return compute


@metric(scores="reduced")
def ever_succeeded() -> Metric:
    """Share of samples with at least one passing attempt."""

    def compute(scores: list[SampleScore]) -> float:
        successes = [first_success(sample_outcomes(score)) for score in scores]
        return _mean([float(first is not None) for first in successes])

    return compute


@metric(scores="reduced")
def attempts_to_success() -> Metric:
    """Mean number of attempts up to and including the first pass, over samples that passed.

    NaN when no sample ever passed.
    """

    def compute(scores: list[SampleScore]) -> float:
        successes = [first_success(sample_outcomes(score)) for score in scores]
        return _mean([float(first) for first in successes if first is not None])

    return compute


@metric(scores="reduced")
def attempt_pass_rate() -> Metric:
    """Pass rate of each attempt number over the samples that scored it.

    Attempts are independent, so the rates should agree up to noise; a trend would point at
    attempts that are not (e.g. caching or a shared conversation).

    Returns:
        A metric giving ``{"attempt 1": ..., "attempt 2": ..., ...}`` (NaN for an attempt no
        sample scored).
    """

    def compute(scores: list[SampleScore]) -> dict[str, float]:
        outcomes = [sample_outcomes(score) for score in scores]
        attempts = max((len(sample) for sample in outcomes), default=0)
        result: dict[str, float] = {}
        for index in range(attempts):
            column = [sample[index] for sample in outcomes if index < len(sample)]
            result[f"attempt {index + 1}"] = _mean([float(o) for o in column if o is not None])
        return result

    return compute


def pass_at_k_metrics(k: int, *, stop_on_success: bool = False) -> list[Metric]:
    """The metrics of the pass@k task.

    Args:
        k: The largest k reported.
        stop_on_success: True when attempts stop at a sample's first pass; the attempts that
            ran are then not a fair draw, so only ever-succeeded and attempts-to-success
            (which stay exact) are reported.

    Returns:
        The metrics, over scores reduced by `attempt_outcomes`.
    """
    if stop_on_success:
        return [ever_succeeded(), attempts_to_success(), self_graded()]
    return [
        accuracy(),
        stderr(),
        unbiased_pass_at_k(k),
        ever_succeeded(),
        attempts_to_success(),
        attempt_pass_rate(),
        self_graded(),
    ]
