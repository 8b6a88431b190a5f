"""Attempts to the first success, read per sample from a pass@k log's sample summaries.

The header holds only the mean attempts to success; the distribution needs each sample's
attempts. Sample summaries (Inspect's light per-epoch records: ids, epochs and scores) hold
them, so no full sample (messages, events) is ever read.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from inspect_ai.log import read_eval_log_sample_summaries
from inspect_ai.scorer import value_to_float

from persona_bench.errors import PersonaBenchError
from persona_bench.visualization.logs import PlotLog

PASSING_SCORE = 1.0
"""The debate critic gives 1.0 (no revision needed) or 0.0; an attempt passes at 1.0."""

_to_float = value_to_float()


@dataclass(frozen=True)
class FirstSuccesses:
    """How many samples first passed at each attempt.

    Attributes:
        attempts: Attempts per sample (the log's epochs).
        counts: ``counts[i]`` samples first passed at attempt ``i + 1``.
        never: Samples with a scored attempt but no pass.
    """

    attempts: int
    counts: list[int]
    never: int

    @property
    def samples(self) -> int:
        """Samples with at least one scored attempt."""
        return sum(self.counts) + self.never

    @property
    def passed(self) -> int:
        """Samples that passed at some attempt."""
        return sum(self.counts)

    @property
    def mean(self) -> float:
        """Mean attempts up to and including the first pass, over samples that passed."""
        if not self.passed:
            return math.nan
        return sum(number * count for number, count in enumerate(self.counts, 1)) / self.passed


def read_first_successes(log: PlotLog) -> FirstSuccesses | None:
    """Count the attempt at which each sample first passed, from the sample summaries.

    An attempt is an epoch; unscored attempts (NaN, e.g. skipped after a success) count as
    neither pass nor fail.

    Args:
        log: A pass@k log.

    Returns:
        The counts, or None when the log holds no per-sample data (``--no-log-samples``).

    Raises:
        PersonaBenchError: If the summaries cannot be read.
    """
    try:
        summaries = read_eval_log_sample_summaries(log.path)
    except Exception as error:
        raise PersonaBenchError(f"Cannot read the samples of {log.path}: {error}") from error
    if not summaries:
        return None
    scorer = log.score.name
    outcomes: dict[str, dict[int, bool]] = defaultdict(dict)
    for summary in summaries:
        score = (summary.scores or {}).get(scorer)
        value = math.nan if score is None else _to_float(score.value)
        if not math.isnan(value):
            outcomes[str(summary.id)][summary.epoch] = value >= PASSING_SCORE
    attempts = max([log.header.eval.config.epochs or 1, *(summary.epoch for summary in summaries)])
    counts = [0] * attempts
    never = 0
    for by_epoch in outcomes.values():
        passes = [epoch for epoch, passed in by_epoch.items() if passed]
        if passes:
            counts[min(passes) - 1] += 1
        else:
            never += 1
    return FirstSuccesses(attempts=attempts, counts=counts, never=never)
