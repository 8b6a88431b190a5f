"""Generate-mode comparison: pass rate per mode and model across several ``main`` logs.

The paper's comparison of ``baseline`` (persona hidden), ``output_only``,
``chain_of_thought`` and ``demographic_summary``: one bar per model and mode with its 95% CI
(``rate ± 1.96 * stderr``), labelled with the change against the same model's ``baseline``
where that was run. Every number comes from the logs' headers, so plotting stays fast for
logs of any size.

Run: ``python -m persona_bench.visualization.modes --log A --log B ...`` or ``--log DIR``.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

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
from persona_bench.visualization.logs import (
    SELF_GRADED,
    LogSelection,
    PlotLog,
    default_log_location,
    find_logs,
)
from persona_bench.visualization.output import PlotFiles, output_stem, save_plot

KIND = "modes"
TASK = "persona_bench/main"
BASELINE = "baseline"
MODE_ORDER = ("baseline", "output_only", "chain_of_thought", "demographic_summary")
"""The paper's order of the generate modes (no persona, then more persona work); others
follow alphabetically."""

COLUMNS = (
    "model",
    "critic",
    "mode",
    "pass_rate",
    "stderr",
    "ci_low",
    "ci_high",
    "n",
    "change_vs_baseline",
    "log",
)


def _series(model: str, critic: str, critics: int) -> str:
    """The bar series of a log: its model, and its critic too when logs' critics differ."""
    if critics == 1:
        return model
    if critic == SELF_GRADED or critic.endswith(f"({SELF_GRADED})"):
        return f"{model} ({SELF_GRADED})"
    return f"{model} (critic: {critic})"


def _mode_rank(mode: str) -> tuple[int, str]:
    return (MODE_ORDER.index(mode), "") if mode in MODE_ORDER else (len(MODE_ORDER), mode)


def modes_table(logs: Sequence[PlotLog]) -> tuple[pd.DataFrame, list[str]]:
    """One row per model (and critic) and mode: the numbers drawn.

    When two logs share a model, critic and mode, the newer one is kept: a re-run replaces
    the earlier result rather than drawing two bars for one setting.

    Args:
        logs: Plottable ``persona_bench/main`` logs.

    Returns:
        The table (columns `COLUMNS`, in mode order then model order; ``change_vs_baseline``
        is the pass rate minus the same model's ``baseline`` pass rate, empty for the
        baseline itself or when no baseline was run), and one note per log left out.
    """
    rows: list[dict[str, Any]] = []
    for log in sorted(logs, key=lambda item: item.created, reverse=True):
        rate, error = log.metric("accuracy"), log.metric("stderr")
        low, high = pass_rate_interval(rate, error)
        rows.append(
            {
                "model": log.model,
                "critic": log.critic,
                "mode": log.mode,
                "pass_rate": rate,
                "stderr": error,
                "ci_low": low,
                "ci_high": high,
                "n": log.scored,
                "change_vs_baseline": math.nan,
                "log": log.path,
            }
        )
    table = pd.DataFrame(rows, columns=list(COLUMNS))
    setting = ["model", "critic", "mode"]
    repeats = table[table.duplicated(setting, keep="first")]
    notes = [
        f"skipped {row['log']}: a newer log has the same model, critic and mode "
        f"({row['model']}, {row['critic']}, {row['mode']})."
        for _, row in repeats.iterrows()
    ]
    table = table.drop_duplicates(setting, keep="first")
    baselines = table[table["mode"] == BASELINE].set_index(["model", "critic"])["pass_rate"]
    for index, row in table.iterrows():
        key = (row["model"], row["critic"])
        if row["mode"] != BASELINE and key in baselines.index:
            table.loc[index, "change_vs_baseline"] = row["pass_rate"] - baselines[key]
    order = table["mode"].map(_mode_rank)
    table = table.assign(_order=order).sort_values(["_order", "model", "critic"], kind="stable")
    return table.drop(columns="_order").reset_index(drop=True), notes


def _bar_text(row: pd.Series) -> str:
    text = f"{row['pass_rate']:.0%} (n={row['n']})"
    change = float(row["change_vs_baseline"])
    if not math.isnan(change):
        text += f", {change * 100:+.0f} pts vs baseline"
    return text


def draw_modes(table: pd.DataFrame, logs: Sequence[PlotLog]) -> Figure:
    """Draw the pass rate of each mode, one bar per model, with CIs and baseline changes.

    Args:
        table: From `modes_table`.
        logs: The plotted logs, for the title.

    Returns:
        The figure.
    """
    critics = table["critic"].nunique()
    series = list(
        dict.fromkeys(
            _series(model, critic, critics)
            for model, critic in zip(table["model"], table["critic"], strict=True)
        )
    )
    modes = list(dict.fromkeys(table["mode"]))
    palette = colours(len(series))
    slot = len(series) + 1  # one blank bar's height between modes
    figure = new_figure(9.0, 2.4 + 0.34 * slot * len(modes))
    axes = figure.add_subplot()
    for _, row in table.iterrows():
        which = series.index(_series(row["model"], row["critic"], critics))
        position = modes.index(row["mode"]) * slot + which
        rate = float(row["pass_rate"])
        axes.barh(position, rate, color=palette[which], height=0.8)
        if not math.isnan(float(row["ci_low"])):
            axes.errorbar(
                rate,
                position,
                xerr=[[rate - row["ci_low"]], [row["ci_high"] - rate]],
                fmt="none",
                ecolor="black",
                capsize=3,
                lw=1,
            )
        end = float(row["ci_high"]) if not math.isnan(float(row["ci_high"])) else rate
        axes.text(end + 0.015, position, _bar_text(row), va="center", fontsize=8)
    centres = [index * slot + (len(series) - 1) / 2 for index in range(len(modes))]
    axes.set_yticks(centres, [wrap_label(mode, 20) for mode in modes])
    axes.set_ylim(len(modes) * slot - 1.3, -0.7)
    # Room right of 100% for the bar labels; the grid still stops at 100%.
    axes.set_xlim(0.0, 1.55)
    axes.grid(False, axis="y")  # horizontal bars: row lines would cut through them
    axes.set_xticks([0.0, 0.25, 0.5, 0.75, 1.0])
    percent_axis(axes.xaxis)
    axes.set_xlabel("Pass rate (95% CI: ±1.96 standard errors)")
    figure.legend(
        handles=[
            Patch(color=colour, label=name) for name, colour in zip(series, palette, strict=True)
        ],
        loc="outside lower center",
        ncols=min(len(series), 3),
        frameon=False,
    )
    counts = sorted(set(table["n"]))
    samples = f"n={counts[0]}" if len(counts) == 1 else f"n={counts[0]}–{counts[-1]}"
    figure.suptitle(
        run_title(
            "Generate modes: pass rate per mode and model",
            logs,
            f"{samples} scored samples per log",
        )
    )
    return figure


def plot(
    locations: str | Sequence[str] | None = None,
    out_dir: Path = Path(DEFAULT_OUT_DIR),
    image_format: str = "png",
) -> PlotFiles:
    """Compare the generate modes of several ``main`` logs and write the image and its CSV.

    Args:
        locations: ``persona_bench/main`` log files and directories (all main logs in them;
            unfinished or unscored ones are skipped); default ``$INSPECT_LOG_DIR``, else
            ``./logs``.
        out_dir: Output directory.
        image_format: ``png`` or ``svg``.

    Returns:
        The written files, with notes on the logs left out.

    Raises:
        PersonaBenchError: If a given file is not a plottable main log, no main log is
            found, or the files cannot be written.
    """
    if isinstance(locations, str):
        locations = [locations]
    selection: LogSelection = find_logs(locations or [default_log_location()], TASK)
    table, notes = modes_table(selection.logs)
    by_path = {log.path: log for log in selection.logs}
    drawn = [by_path[path] for path in table["log"]]  # in the table's order, for the title
    with plot_style():
        figure = draw_modes(table, drawn)
        files = save_plot(figure, table, out_dir, output_stem(KIND, drawn), image_format)
    return PlotFiles(
        image=files.image,
        csv=files.csv,
        notes=tuple([f"skipped {problem}" for problem in selection.skipped] + notes),
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``python -m persona_bench.visualization.modes --log PATH [--log ...]``.

    Args:
        argv: Arguments without the program name; None reads ``sys.argv``.

    Returns:
        The exit status: 0 on success, 2 on bad input.
    """
    return plot_main(KIND, argv)


if __name__ == "__main__":
    sys.exit(main())
