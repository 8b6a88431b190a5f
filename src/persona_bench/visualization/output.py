"""Where a plot is written: the image and a CSV of exactly the numbers drawn."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from persona_bench.errors import PersonaBenchError
from persona_bench.visualization import IMAGE_FORMATS
from persona_bench.visualization.logs import PlotLog

DPI = 150


@dataclass(frozen=True)
class PlotFiles:
    """The files a plot wrote.

    Attributes:
        image: The PNG or SVG image.
        csv: The CSV of the numbers drawn.
        notes: Things the user should know, e.g. logs left out of a comparison.
    """

    image: Path
    csv: Path
    notes: tuple[str, ...] = field(default=())


def output_stem(kind: str, logs: Sequence[PlotLog]) -> str:
    """The file name, without suffix, of a plot of `logs`.

    One log: ``<kind>-<log file stem>``, so plots of different logs never overwrite each
    other. Several: ``<kind>-<count>logs-<digest of their ids>``, the same for the same logs.

    Args:
        kind: The plot kind, e.g. ``loo``.
        logs: The plotted logs.

    Returns:
        The stem.
    """
    if len(logs) == 1:
        return f"{kind}-{Path(logs[0].path).stem}"
    ids = sorted(log.header.eval.eval_id or log.path for log in logs)
    digest = hashlib.sha256("\n".join(ids).encode("utf-8")).hexdigest()[:10]
    return f"{kind}-{len(logs)}logs-{digest}"


def save_plot(
    figure: Figure, table: pd.DataFrame, out_dir: Path, stem: str, image_format: str
) -> PlotFiles:
    """Write the figure and its table.

    Args:
        figure: The drawn figure.
        table: Exactly the numbers drawn, one row per drawn item.
        out_dir: The output directory (created if missing).
        stem: The file name without suffix.
        image_format: ``png`` or ``svg``.

    Returns:
        The written files.

    Raises:
        PersonaBenchError: If the format is unknown or the files cannot be written.
    """
    if image_format not in IMAGE_FORMATS:
        raise PersonaBenchError(
            f"Unknown image format {image_format!r}. Valid: {', '.join(IMAGE_FORMATS)}."
        )
    files = PlotFiles(
        image=out_dir / f"{stem}.{image_format}",
        csv=out_dir / f"{stem}.csv",
    )
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        figure.savefig(
            files.image,
            format=image_format,
            dpi=DPI,
            bbox_inches="tight",
            # No creation date, so the same log gives the same file.
            metadata={"Date": None} if image_format == "svg" else None,
        )
        table.to_csv(files.csv, index=False)
    except OSError as error:
        raise PersonaBenchError(f"Cannot write the plot to {out_dir}: {error}") from error
    return files
