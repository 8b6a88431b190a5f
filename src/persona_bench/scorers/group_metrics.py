"""Per-group pass rates with their complements, for samples that belong to several groups.

Inspect's ``grouped()`` puts each sample in exactly one group. Intersection groups overlap (a
man aged 70 can be in "men" and "people 65+"), so this metric reads the list of groups each
sample's persona belongs to and reports every group next to its complement: the scored samples
whose persona is not in the group.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence

from inspect_ai.scorer import Metric, SampleScore, Value, metric, value_to_float

from persona_bench.errors import PersonaBenchError

GROUPS_KEY = "groups"
COMPLEMENT = "complement"


def group_metric_keys(group: str) -> tuple[str, ...]:
    """The metric keys reported for one group.

    Args:
        group: The group name.

    Returns:
        Pass rate, n and stderr of the group, then the same three of its complement:
        ``"{group}"``, ``"{group} n"``, ``"{group} stderr"``, ``"{group} complement"``,
        ``"{group} complement n"``, ``"{group} complement stderr"``.
    """
    keys: list[str] = []
    for prefix in (group, f"{group} {COMPLEMENT}"):
        keys.extend((prefix, f"{prefix} n", f"{prefix} stderr"))
    return tuple(keys)


def check_group_names(groups: Sequence[str]) -> None:
    """Refuse group names whose metric keys would overwrite each other.

    A group named ``"men n"`` next to a group ``"men"`` would share the key ``"men n"``.

    Args:
        groups: The group names.

    Raises:
        PersonaBenchError: If two groups produce the same metric key.
    """
    owner: dict[str, str] = {}
    for group in groups:
        for key in group_metric_keys(group):
            if key in owner and owner[key] != group:
                raise PersonaBenchError(
                    f"Groups {owner[key]!r} and {group!r} would both report the metric "
                    f"{key!r}. Rename one of them (names ending in ' n', ' stderr' or "
                    f"' {COMPLEMENT}' clash with other groups' keys)."
                )
            owner[key] = group


def pass_rate(values: Sequence[float]) -> tuple[float, float, float]:
    """Mean, count and standard error of scores.

    The standard error is Inspect's ``stderr()`` formula: the sample standard deviation
    (``ddof=1``) over the square root of n, which for 0/1 scores equals
    ``sqrt(p * (1 - p) / (n - 1))``. As in Inspect it is 0 for a single score.

    Args:
        values: Scores as floats.

    Returns:
        ``(mean, n, stderr)``; mean and stderr are NaN when there are no scores.
    """
    n = len(values)
    if n == 0:
        return math.nan, 0.0, math.nan
    mean = statistics.fmean(values)
    error = statistics.stdev(values) / math.sqrt(n) if n > 1 else 0.0
    return mean, float(n), error


@metric
def group_pass_rates(groups: list[str], group_key: str = GROUPS_KEY) -> Metric:
    """Pass rate, n and stderr of each group and of its complement.

    Args:
        groups: The group names, in the order to report them. Every group is reported, with
            n = 0 and NaN rates when no scored sample belongs to it.
        group_key: Sample metadata key holding the list of groups the sample's persona
            belongs to.

    Returns:
        A metric whose value maps the keys of `group_metric_keys` to floats.
    """
    check_group_names(groups)
    to_float = value_to_float()

    def compute(scores: list[SampleScore]) -> Value:
        memberships = [_sample_groups(score, group_key) for score in scores]
        values = [to_float(score.score.value) for score in scores]
        result: dict[str, float] = {}
        for group in groups:
            inside = [v for v, member in zip(values, memberships, strict=True) if group in member]
            outside = [
                v for v, member in zip(values, memberships, strict=True) if group not in member
            ]
            for key, number in zip(
                group_metric_keys(group), (*pass_rate(inside), *pass_rate(outside)), strict=True
            ):
                result[key] = number
        return result

    return compute


def _sample_groups(score: SampleScore, group_key: str) -> set[str]:
    """The groups of a scored sample, from its metadata."""
    groups = (score.sample_metadata or {}).get(group_key)
    if not isinstance(groups, list):
        # Silently treating it as "no groups" would inflate every complement.
        raise PersonaBenchError(
            f"Sample {score.sample_id} has no {group_key!r} list in its metadata; "
            "group_pass_rates needs the groups of each sample's persona."
        )
    return {str(group) for group in groups}
