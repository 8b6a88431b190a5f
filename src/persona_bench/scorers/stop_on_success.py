"""Scoring attempts until a sample's first pass (pass@k stop_on_success).

Pairs with `persona_bench.solvers.stop_on_success.skip_after_success`: this scorer records each
passing attempt in the shared `SuccessRecord`, and answers a skipped attempt with an unscored,
clearly marked score instead of calling the critic.
"""

from __future__ import annotations

from inspect_ai.scorer import Score, Scorer, Target, scorer
from inspect_ai.solver import Solver, TaskState

from persona_bench.scorers.pass_at_k import attempt_passed, attempts_to_success, ever_succeeded
from persona_bench.solvers.stop_on_success import (
    SkippedAttempt,
    SuccessRecord,
    skip_after_success,
)

SKIPPED_REASON = "skipped_after_success"
"""`Score.reason` of an attempt skipped because an earlier attempt already passed."""


def skipped_score(state: TaskState, after_success: int) -> Score:
    """The unscored score of an attempt skipped after attempt `after_success` passed."""
    return Score.unscored(
        reason=SKIPPED_REASON,
        explanation=(
            f"Skipped: attempt {after_success} had already passed (stop_on_success). "
            "No target or critic call was made."
        ),
        metadata={"attempt": state.epoch, "skipped": True, "after_success": after_success},
    )


@scorer(metrics=[ever_succeeded(), attempts_to_success()])
def score_until_success(critic: Scorer, successes: SuccessRecord) -> Scorer:
    """Grade attempts with `critic`, recording passes; skipped attempts stay unscored.

    Args:
        critic: The scorer of one attempt (e.g. `debate_critic`).
        successes: The record shared with `skip_after_success`.

    Returns:
        The scorer. Its scores carry metadata ``attempt`` (the epoch) and ``skipped``.
    """

    async def score(state: TaskState, target: Target) -> Score | None:
        after_success = state.store_as(SkippedAttempt).after_success
        if after_success is not None:
            return skipped_score(state, after_success)
        result = await critic(state, target)
        if result is None:
            return None
        if attempt_passed(result):
            successes.add_success(state)
        metadata = {**(result.metadata or {}), "attempt": state.epoch, "skipped": False}
        return result.model_copy(update={"metadata": metadata})

    return score


def stop_on_first_success(attempt: Solver, critic: Scorer) -> tuple[Solver, Scorer]:
    """Wrap an attempt's solver and scorer so a sample's attempts stop after its first pass.

    Both wrappers share one fresh `SuccessRecord`, so the record belongs to the task built
    from them.

    Args:
        attempt: The solver of one attempt.
        critic: The scorer of one attempt.

    Returns:
        The gated solver and the recording scorer.
    """
    successes = SuccessRecord()
    return skip_after_success(attempt, successes), score_until_success(critic, successes)
