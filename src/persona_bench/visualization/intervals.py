"""Normal-approximation confidence intervals of pass rates, as the plots draw them."""

from __future__ import annotations

import math

Z_95 = 1.96
"""Two-sided 95% normal quantile: a pass rate's CI is ``rate ± 1.96 * stderr``."""


def pass_rate_interval(rate: float, stderr: float) -> tuple[float, float]:
    """The 95% interval ``rate ± 1.96 * stderr``, clipped to [0, 1] (a rate cannot leave it).

    Args:
        rate: The pass rate (NaN when nothing was scored).
        stderr: Its standard error.

    Returns:
        ``(low, high)``; NaNs when the rate or its standard error is unknown.
    """
    if math.isnan(rate) or math.isnan(stderr):
        return math.nan, math.nan
    return max(rate - Z_95 * stderr, 0.0), min(rate + Z_95 * stderr, 1.0)
