"""Skipping a sample's later attempts once an earlier one has passed (pass@k stop_on_success).

Inspect may run a sample's epochs (attempts) concurrently, so "stop" means: an attempt is
skipped when an attempt of the same sample with a lower number has already passed by the time
it starts. Every attempt before the first pass therefore always runs, which keeps
attempts-to-first-success and ever-succeeded exact.
"""

from __future__ import annotations

from inspect_ai.solver import Generate, Solver, TaskState, solver
from inspect_ai.util import StoreModel
from pydantic import Field


class SuccessRecord:
    """The lowest passing attempt of each sample, shared by one task's solver and scorer.

    Keyed by the model under test as well as the sample, so one task evaluated against several
    models keeps their records apart. A record lives as long as its task object: ``inspect
    eval`` builds a fresh task per run, so nothing leaks from one evaluation into the next.
    """

    def __init__(self) -> None:
        self._first_success: dict[tuple[str, str], int] = {}

    @staticmethod
    def _key(state: TaskState) -> tuple[str, str]:
        return str(state.model), str(state.sample_id)

    def first_success(self, state: TaskState) -> int | None:
        """The lowest attempt of this state's sample that has passed so far, or None."""
        return self._first_success.get(self._key(state))

    def add_success(self, state: TaskState) -> None:
        """Record that this state's attempt (its epoch) passed."""
        key = self._key(state)
        earlier = self._first_success.get(key)
        self._first_success[key] = state.epoch if earlier is None else min(earlier, state.epoch)


class SkippedAttempt(StoreModel):
    """Marks an attempt that was skipped, for the scorer and the log.

    Attributes:
        after_success: The earlier attempt that had already passed, or None if not skipped.
    """

    after_success: int | None = Field(default=None)


@solver
def skip_after_success(attempt: Solver, successes: SuccessRecord) -> Solver:
    """Run `attempt` unless a lower-numbered attempt of the same sample already passed.

    A skipped attempt calls no model: the state is marked in the `SkippedAttempt` store and
    completed, and the matching scorer (`persona_bench.scorers.stop_on_success`) leaves it
    unscored without calling the critic.

    Args:
        attempt: The solver of one attempt (e.g. `persona_generate`).
        successes: The record the scorer fills in as attempts pass.

    Returns:
        The solver.
    """

    async def solve(state: TaskState, generate: Generate) -> TaskState:
        first = successes.first_success(state)
        if first is not None and first < state.epoch:
            state.store_as(SkippedAttempt).after_success = first
            state.completed = True
            return state
        return await attempt(state, generate)

    return solve
