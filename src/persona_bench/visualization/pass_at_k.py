"""Pass@k plot: the unbiased pass@k against k, and how many attempts the first success took.

The pass@k curve comes from the ``persona_bench/pass_at_k`` log header (metrics
``pass@1``, ``pass@2``, ...). The attempts-to-success histogram needs per-sample data, so it is
drawn only when the log reports attempts to success and holds sample summaries.

Run: ``python -m persona_bench.visualization.pass_at_k --log PATH [--out DIR]``.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator, NullLocator

from persona_bench.errors import PersonaBenchError
from persona_bench.visualization import DEFAULT_OUT_DIR
from persona_bench.visualization.arguments import plot_main
from persona_bench.visualization.attempts import FirstSuccesses, read_first_successes
from persona_bench.visualization.figure import (
    colours,
    new_figure,
    percent_axis,
    plot_style,
    run_title,
)
from persona_bench.visualization.logs import PlotLog, default_log_location, find_log
from persona_bench.visualization.output import PlotFiles, output_stem, save_plot

KIND = "pass-at-k"
TASK = "persona_bench/pass_at_k"
PASS_AT = "pass@"
ATTEMPTS_TO_SUCCESS = "attempts_to_success"
CURVE = "pass@k"
HISTOGRAM = "first success"
NEVER = "never"
MEAN = "mean"
COLUMNS = ("panel", "x", "value", "n")

# Above this many attempts the histogram labels every few attempts, so labels never overlap.
_MAX_ATTEMPT_LABELS = 16


def pass_at_k_curve(log: PlotLog) -> list[tuple[int, float]]:
    """The log's pass@k estimates, by k.

    Args:
        log: A pass@k log.

    Returns:
        ``(k, pass@k)`` pairs in increasing k; empty when the log reports none (a run with
        ``stop_on_success``).
    """
    points = [
        (int(key.removeprefix(PASS_AT)), value)
        for key, value in log.metrics.items()
        if key.startswith(PASS_AT) and key.removeprefix(PASS_AT).isdigit()
    ]
    return sorted(point for point in points if not math.isnan(point[1]))


def pass_at_k_table(
    curve: Sequence[tuple[int, float]], successes: FirstSuccesses | None, samples: int
) -> pd.DataFrame:
    """The numbers drawn: the curve, then the histogram and its mean.

    Args:
        curve: From `pass_at_k_curve`.
        successes: From `read_first_successes`, or None when not drawn.
        samples: Scored samples behind the curve.

    Returns:
        Columns `COLUMNS`. ``panel`` ``pass@k``: ``x`` = k, ``value`` = pass@k, ``n`` =
        samples. ``panel`` ``first success``: ``x`` = attempt number or ``never``,
        ``value`` = samples that first passed there, ``n`` = samples with a scored attempt;
        and ``x`` = ``mean``: mean attempts to success, ``n`` = samples that passed.
    """
    rows: list[dict[str, Any]] = [
        {"panel": CURVE, "x": str(k), "value": value, "n": samples} for k, value in curve
    ]
    if successes is not None:
        rows.extend(
            {"panel": HISTOGRAM, "x": str(number), "value": count, "n": successes.samples}
            for number, count in enumerate(successes.counts, 1)
        )
        rows.append(
            {"panel": HISTOGRAM, "x": NEVER, "value": successes.never, "n": successes.samples}
        )
        rows.append({"panel": HISTOGRAM, "x": MEAN, "value": successes.mean, "n": successes.passed})
    return pd.DataFrame(rows, columns=list(COLUMNS))


def _draw_curve(axes: Axes, curve: Sequence[tuple[int, float]], samples: int) -> None:
    line_colour, mark_colour = colours(2)
    ks = [k for k, _ in curve]
    values = [value for _, value in curve]
    axes.plot(ks, values, marker="o", color=line_colour, lw=1.8, label="pass@k")
    if ks[0] == 1:
        axes.plot([1], [values[0]], marker="D", ms=9, ls="none", color=mark_colour, label="pass@1")
        axes.annotate(
            f"pass@1 = {values[0]:.1%}",
            xy=(1, values[0]),
            xytext=(12, -16 if values[0] > 0.85 else 12),
            textcoords="offset points",
            fontsize=9,
        )
    if ks[-1] > 1:
        axes.set_xscale("log", base=2)
        axes.set_xlim(ks[0] / 1.3, ks[-1] * 1.3)
    axes.set_xticks(ks, [str(k) for k in ks])
    axes.xaxis.set_minor_locator(NullLocator())  # no unlabelled log-scale ticks between k
    axes.set_ylim(0.0, 1.05)
    percent_axis(axes.yaxis)
    axes.set_xlabel("k: attempts allowed per sample")
    axes.set_ylabel("pass@k (unbiased estimate)")
    axes.set_title(f"Pass@k over {samples} samples", loc="left")
    axes.legend(loc="lower right", frameon=True)


def _draw_histogram(axes: Axes, successes: FirstSuccesses) -> None:
    palette = colours(8)
    numbers = list(range(1, successes.attempts + 1))
    never_at = successes.attempts + 1
    axes.bar(numbers, successes.counts, color=palette[2], width=0.8, label="first pass")
    axes.bar([never_at], [successes.never], color=palette[7], width=0.8, label=NEVER)
    step = max(1, math.ceil(successes.attempts / _MAX_ATTEMPT_LABELS))
    labelled = [n for n in numbers if (n - 1) % step == 0]
    axes.set_xticks([*labelled, never_at], [*map(str, labelled), NEVER])
    if not math.isnan(successes.mean):
        axes.axvline(
            successes.mean,
            color="black",
            ls="--",
            lw=1,
            label=f"mean {successes.mean:.2f} attempts (over {successes.passed} that passed)",
        )
    axes.set_xlabel("Attempt of the first pass")
    axes.set_ylabel("Samples")
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_ylim(0, max([*successes.counts, successes.never, 1]) * 1.25)
    axes.set_title(f"Attempts to the first success ({successes.samples} samples)", loc="left")
    axes.legend(loc="upper right", frameon=True, fontsize=8)


def draw_pass_at_k(
    curve: Sequence[tuple[int, float]], successes: FirstSuccesses | None, log: PlotLog
) -> Figure:
    """Draw the pass@k curve and, when given, the attempts-to-success histogram.

    Args:
        curve: From `pass_at_k_curve` (may be empty when `successes` is given).
        successes: From `read_first_successes`, or None.
        log: The log, for the title.

    Returns:
        The figure.
    """
    panels = int(bool(curve)) + int(successes is not None)
    figure = new_figure(6.0 * panels + 0.5, 4.8)
    grid = iter(figure.subplots(1, panels, squeeze=False)[0])
    if curve:
        _draw_curve(next(grid), curve, log.scored)
    if successes is not None:
        _draw_histogram(next(grid), successes)
    attempts = log.header.eval.config.epochs or 1
    figure.suptitle(
        run_title(
            "Pass@k: independent attempts per sample",
            [log],
            f"n={log.scored} scored samples × {attempts} attempts",
        )
    )
    return figure


def plot(
    location: str | None = None,
    out_dir: Path = Path(DEFAULT_OUT_DIR),
    image_format: str = "png",
) -> PlotFiles:
    """Plot a pass@k log and write the image and its CSV.

    Args:
        location: A ``persona_bench/pass_at_k`` log, or a directory (its newest finished
            one); default ``$INSPECT_LOG_DIR``, else ``./logs``.
        out_dir: Output directory.
        image_format: ``png`` or ``svg``.

    Returns:
        The written files.

    Raises:
        PersonaBenchError: If no plottable log is found, it has nothing to draw, or the
            files cannot be written.
    """
    log = find_log(location or default_log_location(), TASK)
    curve = pass_at_k_curve(log)
    notes: list[str] = []
    successes = None
    if ATTEMPTS_TO_SUCCESS in log.metrics:
        successes = read_first_successes(log)
        if successes is None:
            notes.append(
                f"{log.path} holds no per-sample data, so the attempts-to-success "
                "histogram is left out."
            )
    if not curve and successes is None:
        raise PersonaBenchError(
            f"{log.path} has no pass@k metrics and no per-sample attempts to plot."
        )
    table = pass_at_k_table(curve, successes, log.scored)
    with plot_style():
        figure = draw_pass_at_k(curve, successes, log)
        files = save_plot(figure, table, out_dir, output_stem(KIND, [log]), image_format)
    return PlotFiles(image=files.image, csv=files.csv, notes=tuple(notes))


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``python -m persona_bench.visualization.pass_at_k --log PATH``.

    Args:
        argv: Arguments without the program name; None reads ``sys.argv``.

    Returns:
        The exit status: 0 on success, 2 on bad input.
    """
    return plot_main(KIND, argv)


if __name__ == "__main__":
    sys.exit(main())
