"""Intersectionality plot: each group's pass rate beside its complement's, with 95% CIs.

The complement of a group is every scored sample whose persona is not in it. The numbers
(pass rate, n, standard error of each group and complement) come from the
``persona_bench/intersectionality`` log header; the CI drawn is ``rate ± 1.96 * stderr``,
clipped to [0, 1].

Run: ``python -m persona_bench.visualization.intersectionality --log PATH [--out DIR]``.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
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
from persona_bench.visualization.intervals import pass_rate_interval
from persona_bench.visualization.logs import PlotLog, default_log_location, find_log
from persona_bench.visualization.output import PlotFiles, output_stem, save_plot

KIND = "intersectionality"
TASK = "persona_bench/intersectionality"
COMPLEMENT = "complement"
ALL_SAMPLES = "all scored samples"
COLUMNS = ("group", "subset", "pass_rate", "stderr", "ci_low", "ci_high", "n")

# Every group reports "<group> complement n"; no other metric key ends that way.
_GROUP_MARKER = f" {COMPLEMENT} n"


def group_names(log: PlotLog) -> list[str]:
    """The groups a log reports, in the log's order.

    Args:
        log: An intersectionality log.

    Returns:
        The group names.
    """
    return [key.removesuffix(_GROUP_MARKER) for key in log.metrics if key.endswith(_GROUP_MARKER)]


def _row(group: str, subset: str, rate: float, stderr: float, n: float) -> dict[str, Any]:
    low, high = pass_rate_interval(rate, stderr)
    return {
        "group": group,
        "subset": subset,
        "pass_rate": rate,
        "stderr": stderr,
        "ci_low": low,
        "ci_high": high,
        "n": int(n),
    }


def intersectionality_table(log: PlotLog) -> pd.DataFrame:
    """The numbers of the plot: each group, then its complement, then all scored samples.

    Args:
        log: A ``persona_bench/intersectionality`` log.

    Returns:
        Columns `COLUMNS`; ``subset`` is ``group``, ``complement`` or ``all`` (the last row,
        drawn as the reference line).

    Raises:
        PersonaBenchError: If the log reports no groups.
    """
    groups = group_names(log)
    if not groups:
        raise PersonaBenchError(f"{log.path} reports no group metrics to plot.")
    metrics = log.metrics
    rows: list[dict[str, Any]] = []
    for group in groups:
        for subset, prefix in (("group", group), (COMPLEMENT, f"{group} {COMPLEMENT}")):
            rows.append(
                _row(
                    group,
                    subset,
                    metrics.get(prefix, math.nan),
                    metrics.get(f"{prefix} stderr", math.nan),
                    metrics.get(f"{prefix} n", 0.0),
                )
            )
    rows.append(_row(ALL_SAMPLES, "all", log.metric("accuracy"), log.metric("stderr"), log.scored))
    return pd.DataFrame(rows, columns=list(COLUMNS))


def _bar_label(row: pd.Series) -> str:
    n = f"n={row['n']}"
    if row["subset"] == COMPLEMENT:
        return f"{COMPLEMENT} ({n})"
    return f"{wrap_label(str(row['group']))} ({n})"


def draw_intersectionality(table: pd.DataFrame, log: PlotLog) -> Figure:
    """Draw each group's bar above its complement's, with CIs and the overall pass rate.

    Args:
        table: From `intersectionality_table`.
        log: The log, for the title.

    Returns:
        The figure.
    """
    bars = table[table["subset"] != "all"].reset_index(drop=True)
    overall = table[table["subset"] == "all"].iloc[0]
    # Each group and its complement side by side, a blank row between groups.
    positions = [index + index // 2 for index in range(len(bars))]
    figure = new_figure(8.5, 2.4 + 0.36 * (positions[-1] + 1))
    axes = figure.add_subplot()
    palette = colours(8)
    group_colour, complement_colour, reference_colour = palette[0], palette[7], palette[3]
    scored = bars["n"] > 0
    rates = bars["pass_rate"].where(scored, 0.0).to_list()
    bar_colours = [
        complement_colour if subset == COMPLEMENT else group_colour for subset in bars["subset"]
    ]
    axes.barh(positions, rates, color=bar_colours, height=0.8)
    for position, (_, row) in zip(positions, bars.iterrows(), strict=True):
        if row["n"] == 0:
            axes.text(0.01, position, "no scored samples", va="center", fontsize=8)
            continue
        rate = float(row["pass_rate"])
        axes.errorbar(
            rate,
            position,
            xerr=[[rate - row["ci_low"]], [row["ci_high"] - rate]],
            fmt="none",
            ecolor="black",
            capsize=3,
            lw=1,
        )
        axes.text(float(row["ci_high"]) + 0.015, position, f"{rate:.0%}", va="center", fontsize=8)
    overall_rate = float(overall["pass_rate"])
    if not math.isnan(float(overall["ci_low"])):
        # Behind the bars, so that it does not tint them.
        axes.axvspan(
            overall["ci_low"], overall["ci_high"], color=reference_colour, alpha=0.12, zorder=0
        )
    axes.axvline(overall_rate, color=reference_colour, ls="--", lw=1.2)
    axes.set_yticks(positions, [_bar_label(row) for _, row in bars.iterrows()])
    axes.set_ylim(positions[-1] + 0.7, -0.7)
    axes.set_xlim(0.0, 1.1)
    axes.grid(False, axis="y")  # horizontal bars: row lines would cut through them
    axes.set_xticks([0.0, 0.25, 0.5, 0.75, 1.0])
    percent_axis(axes.xaxis)
    axes.set_xlabel("Pass rate (95% CI: ±1.96 standard errors)")
    figure.legend(
        handles=[
            Patch(color=group_colour, label="group"),
            Patch(color=complement_colour, label="complement: scored samples not in the group"),
            Line2D(
                [],
                [],
                color=reference_colour,
                ls="--",
                label=f"{ALL_SAMPLES}: {overall_rate:.1%} (n={overall['n']}), band = 95% CI",
            ),
        ],
        loc="outside lower center",
        ncols=2,
        frameon=False,
    )
    figure.suptitle(
        run_title(
            "Intersectionality: pass rate of each group and its complement",
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
    """Plot an intersectionality log and write the image and its CSV.

    Args:
        location: A ``persona_bench/intersectionality`` log, or a directory (its newest
            finished one); default ``$INSPECT_LOG_DIR``, else ``./logs``.
        out_dir: Output directory.
        image_format: ``png`` or ``svg``.

    Returns:
        The written files.

    Raises:
        PersonaBenchError: If no plottable log is found or the files cannot be written.
    """
    log = find_log(location or default_log_location(), TASK)
    table = intersectionality_table(log)
    with plot_style():
        figure = draw_intersectionality(table, log)
        return save_plot(figure, table, out_dir, output_stem(KIND, [log]), image_format)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``python -m persona_bench.visualization.intersectionality --log PATH``.

    Args:
        argv: Arguments without the program name; None reads ``sys.argv``.

    Returns:
        The exit status: 0 on success, 2 on bad input.
    """
    return plot_main(KIND, argv)


if __name__ == "__main__":
    sys.exit(main())
