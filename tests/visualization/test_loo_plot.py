"""``plot loo``: per-attribute deltas with CIs, sorted by effect, numbers equal to the log's."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from persona_bench.visualization.loo import COLUMNS

Logs = dict[str, Path]
Rows = Callable[[Path | None], list[dict[str, str]]]


@pytest.mark.parametrize("entry", ["cli", "module"])
def test_writes_png_and_csv_equal_to_the_log_metrics(
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
    run = run_plot("loo", "--log", plot_logs["loo"], "--out", tmp_path, entry=entry)
    assert run.status == 0, run.err
    assert run.image.parent == tmp_path and run.csv.parent == tmp_path
    assert_image(run.image)
    rows = read_rows(run.csv)
    assert tuple(rows[0]) == COLUMNS
    metrics = log_metrics(plot_logs["loo"])
    deltas = {key.removesuffix(" delta") for key in metrics if key.endswith(" delta")}
    assert {row["attribute"] for row in rows} == deltas
    assert deltas == {"age", "sex", "religion", "political views"}
    assert len(rows) == len(deltas)
    for row in rows:
        name = row["attribute"]
        assert same_number(number(row["delta"]), metrics[f"{name} delta"])
        assert same_number(number(row["ci_low"]), metrics[f"{name} ci_low"])
        assert same_number(number(row["ci_high"]), metrics[f"{name} ci_high"])
        assert int(row["pairs"]) == metrics[f"{name} pairs"]
        assert same_number(number(row["full_pass_rate"]), metrics["full"])


def test_attributes_are_sorted_by_effect_largest_first(
    plot_logs: Logs,
    tmp_path: Path,
    run_plot: Callable[..., Any],
    read_rows: Rows,
    number: Callable[[str], float],
) -> None:
    run = run_plot("loo", "--log", plot_logs["loo"], "--out", tmp_path)
    deltas = [number(row["delta"]) for row in read_rows(run.csv)]
    assert deltas == sorted(deltas, reverse=True)
    assert not any(math.isnan(delta) for delta in deltas)


def test_svg_and_the_newest_loo_log_of_a_directory(
    plot_logs: Logs,
    tmp_path: Path,
    run_plot: Callable[..., Any],
    assert_image: Callable[..., None],
) -> None:
    run = run_plot("loo", "--log", plot_logs["good"], "--out", tmp_path, "--format", "svg")
    assert run.status == 0, run.err
    assert_image(run.image, "svg")
    assert run.image.name == f"loo-{plot_logs['loo'].stem}.svg"


def test_a_log_without_deltas_is_one_clear_error(plot_logs: Logs) -> None:
    from persona_bench.errors import PersonaBenchError
    from persona_bench.visualization.logs import read_header
    from persona_bench.visualization.loo import loo_table

    log = read_header(str(plot_logs["loo"]))
    header = log.header.model_copy(deep=True)
    assert header.results is not None
    metrics = header.results.scores[0].metrics
    for key in [key for key in metrics if key.endswith(" delta")]:
        del metrics[key]
    with pytest.raises(PersonaBenchError, match="no leave-one-out deltas"):
        loo_table(type(log)(path=log.path, header=header))
