"""``plot pass-at-k``: the pass@k curve and the attempts-to-success histogram."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from persona_bench.visualization.pass_at_k import COLUMNS

Logs = dict[str, Path]
Rows = Callable[[Path | None], list[dict[str, str]]]


@pytest.mark.parametrize("entry", ["cli", "module"])
def test_curve_and_histogram_equal_the_log_metrics(
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
    path = plot_logs["pass_at_k"]
    run = run_plot("pass-at-k", "--log", path, "--out", tmp_path, entry=entry)
    assert run.status == 0, run.err
    assert_image(run.image)
    rows = read_rows(run.csv)
    assert tuple(rows[0]) == COLUMNS
    metrics = log_metrics(path)
    curve = [row for row in rows if row["panel"] == "pass@k"]
    assert [row["x"] for row in curve] == ["1", "2", "4"]
    for row in curve:
        assert same_number(number(row["value"]), metrics[f"pass@{row['x']}"])
        assert int(row["n"]) == 5
    histogram = {row["x"]: row for row in rows if row["panel"] == "first success"}
    attempts = [str(attempt) for attempt in range(1, 5)]
    assert list(histogram) == [*attempts, "never", "mean"]
    counts = {int(x): number(histogram[x]["value"]) for x in attempts}
    passed = sum(counts.values())
    samples = number(histogram["never"]["n"])
    assert passed + number(histogram["never"]["value"]) == samples == 5
    assert passed > 0  # the scripted critic passes every third verdict
    assert same_number(passed / samples, metrics["ever_succeeded"])
    mean = sum(attempt * count for attempt, count in counts.items()) / passed
    assert same_number(mean, metrics["attempts_to_success"])
    assert same_number(number(histogram["mean"]["value"]), metrics["attempts_to_success"])
    assert number(histogram["mean"]["n"]) == passed


def test_stop_on_success_log_draws_the_histogram_only(
    plot_logs: Logs,
    tmp_path: Path,
    run_plot: Callable[..., Any],
    assert_image: Callable[..., None],
    log_metrics: Callable[[Path], dict[str, float]],
    read_rows: Rows,
    number: Callable[[str], float],
    same_number: Callable[[float, float], bool],
) -> None:
    run = run_plot(
        "pass-at-k", "--log", plot_logs["stop_on_success"], "--out", tmp_path, "--format", "svg"
    )
    assert run.status == 0, run.err
    assert_image(run.image, "svg")
    rows = read_rows(run.csv)
    assert {row["panel"] for row in rows} == {"first success"}
    (log,) = plot_logs["stop_on_success"].glob("*.eval")
    (mean,) = [row for row in rows if row["x"] == "mean"]
    assert same_number(number(mean["value"]), log_metrics(log)["attempts_to_success"])
