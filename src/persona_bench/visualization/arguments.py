"""The command line every plot shares: ``--log``, ``--out`` and ``--format``.

Used by ``persona-bench plot <kind>`` and by each plot module's ``main``. This module stays
light (argparse only), so building the ``persona-bench`` parser loads no plotting library.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from persona_bench.errors import PersonaBenchError
from persona_bench.visualization import DEFAULT_OUT_DIR, IMAGE_FORMATS, PLOT_MODULES

if TYPE_CHECKING:
    from persona_bench.visualization.output import PlotFiles

MANY_LOGS = frozenset({"modes"})
"""Kinds that compare several logs: ``--log`` repeats, and a directory gives all its logs."""

DESCRIPTIONS: dict[str, str] = {
    "loo": "Leave-one-out: each attribute's effect on the pass rate, with its 95% CI.",
    "intersectionality": "Pass rate of each group next to its complement, with 95% CIs.",
    "pass-at-k": "Pass@k against k, and attempts to the first success.",
    "modes": "Pass rate per generate mode and model, and the change against baseline.",
}

_DEFAULT_LOGS = "default: $INSPECT_LOG_DIR, else ./logs"


def add_plot_arguments(parser: argparse.ArgumentParser, kind: str) -> None:
    """Add ``--log``, ``--out`` and ``--format`` for one plot kind.

    Args:
        parser: The parser of the kind's command.
        kind: The plot kind; ``modes`` accepts ``--log`` several times.
    """
    if kind in MANY_LOGS:
        parser.add_argument(
            "--log",
            action="append",
            metavar="PATH",
            help="A persona_bench/main log, or a directory: all its main logs. Repeat to "
            f"compare several ({_DEFAULT_LOGS}).",
        )
    else:
        parser.add_argument(
            "--log",
            metavar="PATH",
            help="A log file, or a directory: its newest finished log of the task "
            f"({_DEFAULT_LOGS}).",
        )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path(DEFAULT_OUT_DIR),
        metavar="DIR",
        help=f"Directory for the image and CSV (default: ./{DEFAULT_OUT_DIR}).",
    )
    parser.add_argument(
        "--format",
        choices=IMAGE_FORMATS,
        default=IMAGE_FORMATS[0],
        help="Image format (default: png).",
    )


def add_plot_command(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
) -> None:
    """Add ``plot <kind>`` to the ``persona-bench`` command.

    Args:
        commands: The sub-command group of the ``persona-bench`` parser.
    """
    plot = commands.add_parser(
        "plot",
        help="Plot a persona-bench log (also writes a CSV of the numbers drawn).",
        description="Plot a persona-bench log; also writes a CSV of the numbers drawn.",
    )
    kinds = plot.add_subparsers(dest="plot_kind", required=True, metavar="KIND")
    for kind, description in DESCRIPTIONS.items():
        # argparse %-formats help strings; "95%" must reach it as "95%%".
        escaped = description.replace("%", "%%")
        parser = kinds.add_parser(kind, help=escaped, description=escaped)
        add_plot_arguments(parser, kind)
    plot.set_defaults(handler=run_plot)


def run_plot(args: argparse.Namespace) -> None:
    """Draw the plot the parsed arguments ask for and print the written paths.

    Args:
        args: Parsed arguments with ``plot_kind``, ``log``, ``out`` and ``format``.

    Raises:
        PersonaBenchError: If the logs cannot be plotted or the files cannot be written.
    """
    module = importlib.import_module(PLOT_MODULES[args.plot_kind])
    files: PlotFiles = module.plot(args.log, out_dir=args.out, image_format=args.format)
    for note in files.notes:
        print(f"note: {note}", file=sys.stderr)
    print(files.image)
    print(files.csv)


def plot_main(kind: str, argv: Sequence[str] | None) -> int:
    """The ``main`` of a plot module: parse `argv`, plot, report errors in one line.

    Args:
        kind: The plot kind.
        argv: Arguments without the program name; None reads ``sys.argv``.

    Returns:
        The exit status: 0 on success, 2 on bad input.
    """
    module = PLOT_MODULES[kind]
    parser = argparse.ArgumentParser(
        prog=f"python -m {module}", description=DESCRIPTIONS[kind].replace("%", "%%")
    )
    add_plot_arguments(parser, kind)
    args = parser.parse_args(argv)
    args.plot_kind = kind
    try:
        run_plot(args)
    except PersonaBenchError as error:
        print(f"{parser.prog}: error: {error}", file=sys.stderr)
        return 2
    return 0
