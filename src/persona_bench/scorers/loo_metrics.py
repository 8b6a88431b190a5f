"""Leave-one-out statistics: per-attribute paired deltas with a paired-bootstrap CI."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from inspect_ai.scorer import Metric, SampleScore, Value, metric

from persona_bench.leave_one_out import FULL_VARIANT


@dataclass(frozen=True)
class PairedDelta:
    """``pass(full) - pass(drop a)`` over the pairs where both variants were scored.

    Attributes:
        delta: The mean paired difference.
        ci_low: Lower end of the 95% paired-bootstrap interval.
        ci_high: Upper end of the 95% paired-bootstrap interval.
        pairs: How many pairs went into it.
    """

    delta: float
    ci_low: float
    ci_high: float
    pairs: int


def paired_delta(
    full: Sequence[float], dropped: Sequence[float], *, resamples: int, seed: int
) -> PairedDelta:
    """Mean of ``full[i] - dropped[i]`` with a seeded paired-bootstrap 95% interval.

    The bootstrap resamples pairs (not the two arms separately), so the interval reflects the
    pairing: the same persona and question with and without the attribute.

    Args:
        full: Scores of the full-persona variant, one per pair.
        dropped: Scores of the reduced variant, aligned with `full`.
        resamples: Bootstrap resamples.
        seed: Seed of the bootstrap.

    Returns:
        The delta and its interval.
    """
    differences = np.asarray(full, dtype=float) - np.asarray(dropped, dtype=float)
    count = len(differences)
    if count == 0:
        return PairedDelta(math.nan, math.nan, math.nan, 0)
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, count, size=(resamples, count))
    means = differences[picks].mean(axis=1)
    low, high = np.percentile(means, [2.5, 97.5])
    return PairedDelta(float(differences.mean()), float(low), float(high), count)


def _outcomes_by_pair(scores: list[SampleScore]) -> dict[str, dict[str, float]]:
    """Pair id -> variant -> score value."""
    table: dict[str, dict[str, float]] = defaultdict(dict)
    for sample_score in scores:
        metadata = sample_score.sample_metadata or {}
        pair_id, variant = metadata.get("pair_id"), metadata.get("variant")
        if pair_id is None or variant is None:
            continue
        table[str(pair_id)][str(variant)] = sample_score.score.as_float()
    return table


@metric
def loo_deltas(resamples: int = 2000, seed: int = 0) -> Metric:
    """Per dropped attribute: the paired delta against the full persona, its CI and pair count.

    Keys: ``"{attribute} delta"``, ``"{attribute} ci_low"``, ``"{attribute} ci_high"`` and
    ``"{attribute} pairs"`` for each attribute with at least one complete pair.

    Args:
        resamples: Paired-bootstrap resamples.
        seed: Seed of the bootstrap, so the interval is reproducible.

    Returns:
        The metric.
    """

    def compute(scores: list[SampleScore]) -> Value:
        table = _outcomes_by_pair(scores)
        attributes = sorted({v for variants in table.values() for v in variants} - {FULL_VARIANT})
        result: dict[str, float] = {}
        for attribute in attributes:
            complete = [
                variants
                for variants in table.values()
                if FULL_VARIANT in variants and attribute in variants
            ]
            if not complete:
                continue
            stats = paired_delta(
                [v[FULL_VARIANT] for v in complete],
                [v[attribute] for v in complete],
                resamples=resamples,
                seed=seed,
            )
            result[f"{attribute} delta"] = stats.delta
            result[f"{attribute} ci_low"] = stats.ci_low
            result[f"{attribute} ci_high"] = stats.ci_high
            result[f"{attribute} pairs"] = float(stats.pairs)
        return result

    return compute
