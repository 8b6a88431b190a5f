"""Off-screen figures in one readable, colour-blind-safe style, with titles that name the run.

Figures are built with matplotlib's object API on an Agg canvas, so plotting works headless
and never touches pyplot's global backend or state; the style applies only inside
`plot_style`.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

import matplotlib as mpl
import seaborn as sns
from matplotlib.axis import Axis
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import PercentFormatter

from persona_bench.visualization.logs import PlotLog

PALETTE = "colorblind"
"""Seaborn's palette whose colours stay distinct under the common colour-vision deficiencies."""

LABEL_WIDTH = 30
"""Characters per line of an axis label (long attribute and group names wrap)."""

TITLE_WIDTH = 90

Colour = tuple[float, float, float]


@contextmanager
def plot_style() -> Iterator[None]:
    """Apply the plots' style (white grid, readable font sizes) for the duration only."""
    with (
        sns.axes_style("whitegrid"),
        mpl.rc_context(
            {
                "font.size": 10,
                "axes.titlesize": 10,
                "axes.labelsize": 10,
                "figure.titlesize": 12,
                # Keep SVG output the same from run to run.
                "svg.hashsalt": "persona-bench",
            }
        ),
    ):
        yield


def new_figure(width: float, height: float) -> Figure:
    """A figure with constrained layout, drawn by Agg.

    Args:
        width: Width in inches.
        height: Height in inches.

    Returns:
        The figure; add axes with ``figure.add_subplot()``.
    """
    figure = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(figure)  # Agg draws it: headless, whatever pyplot's backend is.
    return figure


def colours(count: int) -> list[Colour]:
    """The first `count` colours of the colour-blind-safe palette.

    Args:
        count: How many colours.

    Returns:
        RGB triples.
    """
    return [(r, g, b) for r, g, b in sns.color_palette(PALETTE, max(count, 1))]


def wrap_label(text: str, width: int = LABEL_WIDTH) -> str:
    """Wrap a long label over several lines so it is not cut off or overlapping.

    Args:
        text: The label.
        width: Characters per line.

    Returns:
        The label with line breaks.
    """
    return textwrap.fill(text, width=width, break_long_words=False) or text


def percent_axis(axis: Axis) -> None:
    """Show an axis of pass rates (fractions 0-1) as percentages; the data stay fractions.

    Args:
        axis: ``ax.xaxis`` or ``ax.yaxis``.
    """
    axis.set_major_formatter(PercentFormatter(xmax=1.0, decimals=0))


def run_title(subject: str, logs: Sequence[PlotLog], samples: str) -> str:
    """A figure title naming what is plotted, the task, model(s), critic(s) and sample count.

    Args:
        subject: What the plot shows, e.g. ``Leave-one-out``.
        logs: The plotted logs.
        samples: The sample count as text, e.g. ``n=300 scored samples``.

    Returns:
        Two or more wrapped lines.
    """
    tasks = _distinct(log.task for log in logs)
    models = _distinct(log.model for log in logs)
    critics = _distinct(log.critic for log in logs)
    model_word = "model" if len(models) == 1 else "models"
    critic_word = "critic" if len(critics) == 1 else "critics"
    facts = [
        ", ".join(tasks),
        f"{model_word}: {', '.join(models)}",
        f"{critic_word}: {', '.join(critics)}",
        samples,
    ]
    return "\n".join([subject, *_join_lines(facts, " · ", TITLE_WIDTH)])


def _distinct(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _join_lines(parts: Sequence[str], separator: str, width: int) -> list[str]:
    """Join parts into lines of at most `width` characters, breaking only between parts."""
    lines: list[str] = []
    for part in parts:
        if lines and len(lines[-1]) + len(separator) + len(part) <= width:
            lines[-1] = f"{lines[-1]}{separator}{part}"
        else:
            lines.extend(textwrap.wrap(part, width=width, break_long_words=False) or [part])
    return lines
