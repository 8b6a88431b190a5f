"""``plot intersectionality``: each group beside its complement, numbers equal to the log's."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from persona_bench.visualization.intersectionality import COLUMNS

Logs = dict[str, Path]
Rows = Callable[[Path | None], list[dict[str, str]]]


@pytest.mark.parametrize("entry", ["cli", "module"])
def test_groups_and_complements_equal_the_log_metrics(
    entry: str,
    plot_logs: Logs,
    tmp_path: Path,
    run_plot: Callable[..., Any],
    assert_image: Callable[..., None],
    log_metrics: Callable[[Path], dict[str, float]],
    read_rows: Rows,
    number: Callable[[str], float],
    same_number: Callable[[float, float], bool],
) -> None:
    path = plot_logs["intersectionality"]
    run = run_plot("intersectionality", "--log", path, "--out", tmp_path, entry=entry)
    assert run.status == 0, run.err
    assert_image(run.image)
    rows = read_rows(run.csv)
    assert tuple(rows[0]) == COLUMNS
    metrics = log_metrics(path)
    groups = [key.removesuffix(" complement n") for key in metrics if key.endswith(" complement n")]
    assert len(groups) >= 2
    # Each group immediately followed by its complement, then the overall row.
    expected = [(group, subset) for group in groups for subset in ("group", "complement")]
    assert [(row["group"], row["subset"]) for row in rows] == [
        *expected,
        ("all scored samples", "all"),
    ]
    for row in rows:
        rate, stderr = number(row["pass_rate"]), number(row["stderr"])
        if row["subset"] == "all":
            assert same_number(rate, metrics["accuracy"])
            assert same_number(stderr, metrics["stderr"])
            continue
        prefix = row["group"] if row["subset"] == "group" else f"{row['group']} complement"
        assert same_number(rate, metrics[prefix])
        assert same_number(stderr, metrics[f"{prefix} stderr"])
        assert int(row["n"]) == metrics[f"{prefix} n"]
        if int(row["n"]) > 0:
            low = max(metrics[prefix] - 1.96 * metrics[f"{prefix} stderr"], 0.0)
            high = min(metrics[prefix] + 1.96 * metrics[f"{prefix} stderr"], 1.0)
            assert same_number(number(row["ci_low"]), low)
            assert same_number(number(row["ci_high"]), high)


def test_svg_from_a_directory(
    plot_logs: Logs,
    tmp_path: Path,
    run_plot: Callable[..., Any],
    assert_image: Callable[..., None],
) -> None:
    run = run_plot(
        "intersectionality", "--log", plot_logs["good"], "--out", tmp_path, "--format", "svg"
    )
    assert run.status == 0, run.err
    assert_image(run.image, "svg")
    assert plot_logs["intersectionality"].stem in run.image.name


def test_a_group_without_scored_samples_is_drawn_empty(
    plot_logs: Logs, tmp_path: Path, assert_image: Callable[..., None]
) -> None:
    from inspect_ai.log import EvalMetric

    from persona_bench.visualization.intersectionality import (
        draw_intersectionality,
        group_names,
        intersectionality_table,
    )
    from persona_bench.visualization.logs import read_header
    from persona_bench.visualization.output import save_plot

    log = read_header(str(plot_logs["intersectionality"]))
    header = log.header.model_copy(deep=True)
    assert header.results is not None
    metrics = header.results.scores[0].metrics
    group = group_names(log)[0]
    for key, value in ((group, float("nan")), (f"{group} n", 0.0), (f"{group} stderr", 0.0)):
        metrics[key] = EvalMetric(name=key, value=value)
    empty = type(log)(path=log.path, header=header)
    table = intersectionality_table(empty)
    first = table.iloc[0]
    assert first["n"] == 0 and math.isnan(first["ci_low"])
    files = save_plot(draw_intersectionality(table, empty), table, tmp_path, "empty", "png")
    assert_image(files.image)
