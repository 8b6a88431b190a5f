"""Leave-one-out plot: how much each persona attribute moves the pass rate.

One bar per dropped attribute: the paired delta ``pass(full) - pass(without it)`` with its
95% paired-bootstrap CI, sorted by effect, against the full-persona pass rate. All numbers
come from the ``persona_bench/loo`` log header.

Run: ``python -m persona_bench.visualization.loo --log PATH [--out DIR] [--format svg]``.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from persona_bench.errors import PersonaBenchError
from persona_bench.visualization import DEFAULT_OUT_DIR
from persona_bench.visualization.arguments import plot_main
from persona_bench.visualization.figure import (
    colours,
    new_figure,
    percent_axis,
    plot_style,
    run_title,
    wrap_label,
)
from persona_bench.visualization.logs import PlotLog, default_log_location, find_log
from persona_bench.visualization.output import PlotFiles, output_stem, save_plot

KIND = "loo"
TASK = "persona_bench/loo"
FULL_VARIANT = "full"
"""Key of the full-persona variant's pass rate among the loo log's per-variant metrics."""

DELTA_SUFFIX = " delta"
COLUMNS = ("attribute", "delta", "ci_low", "ci_high", "pairs", "full_pass_rate")


def loo_table(log: PlotLog) -> pd.DataFrame:
    """The numbers of the leave-one-out plot, one row per attribute, largest effect first.

    Args:
        log: A ``persona_bench/loo`` log.

    Returns:
        Columns `COLUMNS`: the attribute, its paired delta (full minus without), the delta's
        95% CI, the number of pairs behind it, and the full-persona pass rate (the reference).

    Raises:
        PersonaBenchError: If the log reports no attribute delta.
    """
    metrics = log.metrics
    attributes = [key.removesuffix(DELTA_SUFFIX) for key in metrics if key.endswith(DELTA_SUFFIX)]
    if not attributes:
        raise PersonaBenchError(
            f"{log.path} reports no leave-one-out deltas: no attribute had a pair scored both "
            "with and without it."
        )
    rows = [
        {
            "attribute": attribute,
            "delta": metrics[f"{attribute}{DELTA_SUFFIX}"],
            "ci_low": metrics.get(f"{attribute} ci_low", math.nan),
            "ci_high": metrics.get(f"{attribute} ci_high", math.nan),
            "pairs": int(metrics.get(f"{attribute} pairs", 0)),
            "full_pass_rate": metrics.get(FULL_VARIANT, math.nan),
        }
        for attribute in attributes
    ]
    table = pd.DataFrame(rows, columns=list(COLUMNS))
    return table.sort_values(
        ["delta", "attribute"], ascending=[False, True], kind="stable", ignore_index=True
    )


def draw_loo(table: pd.DataFrame, log: PlotLog) -> Figure:
    """Draw the per-attribute deltas with their CIs and the full-persona reference.

    Args:
        table: From `loo_table`.
        log: The log, for the title.

    Returns:
        The figure.
    """
    count = len(table)
    figure = new_figure(8.5, 2.2 + 0.42 * count)
    axes = figure.add_subplot()
    palette = colours(2)
    deltas = table["delta"].to_list()
    bar_colours = [palette[0] if delta > 0 else palette[1] for delta in deltas]
    # A percentile interval need not contain the mean; never hand matplotlib a negative length.
    below = [max(d - low, 0.0) for d, low in zip(deltas, table["ci_low"], strict=True)]
    above = [max(high - d, 0.0) for d, high in zip(deltas, table["ci_high"], strict=True)]
    positions = list(range(count))
    axes.barh(positions, deltas, color=bar_colours, height=0.65)
    # A dot marks the delta itself, so an attribute with no effect still shows a mark.
    axes.errorbar(
        deltas,
        positions,
        xerr=[below, above],
        fmt="o",
        color="black",
        markersize=3,
        capsize=3,
        lw=1,
    )
    axes.axvline(0.0, color="black", lw=0.8)
    axes.set_yticks(
        positions,
        [
            f"{wrap_label(attribute)} ({pairs} {'pair' if pairs == 1 else 'pairs'})"
            for attribute, pairs in zip(table["attribute"], table["pairs"], strict=True)
        ],
    )
    axes.set_ylim(count - 0.5, -0.5)  # largest effect on top, no empty rows around the bars
    reach = max(
        [0.05, *(abs(v) for v in (*table["ci_low"], *table["ci_high"]) if not math.isnan(v))]
    )
    axes.set_xlim(-reach * 1.1, reach * 1.1)
    axes.grid(False, axis="y")  # horizontal bars: row lines would cut through them
    percent_axis(axes.xaxis)
    axes.set_xlabel(
        "Pass-rate change from leaving the attribute out: full persona minus without it\n"
        "(percentage points, 95% paired-bootstrap CI)"
    )
    full = float(table["full_pass_rate"].iloc[0])
    reference = "n/a" if math.isnan(full) else f"{full:.1%}"
    axes.set_title(f"Reference: full-persona pass rate {reference}", loc="left")
    figure.legend(
        handles=[
            Patch(color=palette[0], label="leaving it out lowers the pass rate"),
            Patch(color=palette[1], label="leaving it out does not lower it"),
        ],
        loc="outside lower center",
        ncols=2,
        frameon=False,
    )
    figure.suptitle(
        run_title(
            "Leave-one-out: effect of each persona attribute",
            [log],
            f"n={log.scored} scored samples",
        )
    )
    return figure


def plot(
    location: str | None = None,
    out_dir: Path = Path(DEFAULT_OUT_DIR),
    image_format: str = "png",
) -> PlotFiles:
    """Plot a leave-one-out log and write the image and its CSV.

    Args:
        location: A ``persona_bench/loo`` log, or a directory (its newest finished loo log);
            default ``$INSPECT_LOG_DIR``, else ``./logs``.
        out_dir: Output directory.
        image_format: ``png`` or ``svg``.

    Returns:
        The written files.

    Raises:
        PersonaBenchError: If no plottable loo log is found or the files cannot be written.
    """
    log = find_log(location or default_log_location(), TASK)
    table = loo_table(log)
    with plot_style():
        figure = draw_loo(table, log)
        return save_plot(figure, table, out_dir, output_stem(KIND, [log]), image_format)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``python -m persona_bench.visualization.loo --log PATH``.

    Args:
        argv: Arguments without the program name; None reads ``sys.argv``.

    Returns:
        The exit status: 0 on success, 2 on bad input.
    """
    return plot_main(KIND, argv)


if __name__ == "__main__":
    sys.exit(main())
