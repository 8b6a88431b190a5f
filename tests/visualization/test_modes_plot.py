"""``plot modes``: pass rate per mode and model from several main logs, against baseline."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from inspect_ai.log import read_eval_log

from persona_bench.visualization.modes import COLUMNS

Logs = dict[str, Path]
Rows = Callable[[Path | None], list[dict[str, str]]]
MODES = ("baseline", "output_only", "demographic_summary")


def _check_rows(
    rows: list[dict[str, str]],
    log_metrics: Callable[[Path], dict[str, float]],
    number: Callable[[str], float],
    same_number: Callable[[float, float], bool],
) -> None:
    for row in rows:
        path = Path(row["log"])
        header = read_eval_log(str(path), header_only=True)
        assert header.results is not None
        metrics = log_metrics(path)
        assert row["model"] == header.eval.model
        assert row["mode"] == header.eval.task_args["mode"]
        assert same_number(number(row["pass_rate"]), metrics["accuracy"])
        assert same_number(number(row["stderr"]), metrics["stderr"])
        assert int(row["n"]) == header.results.scores[0].scored_samples
        low = max(metrics["accuracy"] - 1.96 * metrics["stderr"], 0.0)
        high = min(metrics["accuracy"] + 1.96 * metrics["stderr"], 1.0)
        assert same_number(number(row["ci_low"]), low)
        assert same_number(number(row["ci_high"]), high)


@pytest.mark.parametrize("entry", ["cli", "module"])
def test_repeated_logs_compare_modes_against_baseline(
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
    args = [part for mode in MODES for part in ("--log", plot_logs[mode])]
    run = run_plot("modes", *args, "--out", tmp_path, entry=entry)
    assert run.status == 0, run.err
    assert_image(run.image)
    rows = read_rows(run.csv)
    assert tuple(rows[0]) == COLUMNS
    assert [row["mode"] for row in rows] == list(MODES)  # the paper's order
    assert {row["critic"] for row in rows} == {"persona-mock/fenced-critic"}
    _check_rows(rows, log_metrics, number, same_number)
    rates = {row["mode"]: number(row["pass_rate"]) for row in rows}
    changes = {row["mode"]: number(row["change_vs_baseline"]) for row in rows}
    assert math.isnan(changes["baseline"])
    for mode in MODES[1:]:
        assert same_number(changes[mode], rates[mode] - rates["baseline"])


def test_a_directory_gives_all_its_main_logs_and_every_model(
    plot_logs: Logs,
    tmp_path: Path,
    run_plot: Callable[..., Any],
    assert_image: Callable[..., None],
    log_metrics: Callable[[Path], dict[str, float]],
    read_rows: Rows,
    number: Callable[[str], float],
    same_number: Callable[[float, float], bool],
) -> None:
    run = run_plot("modes", "--log", plot_logs["good"], "--out", tmp_path, "--format", "svg")
    assert run.status == 0, run.err
    assert_image(run.image, "svg")
    rows = read_rows(run.csv)
    expected = {*(plot_logs[mode] for mode in MODES), plot_logs["second_model"]}
    assert {Path(row["log"]) for row in rows} == expected
    assert len(rows) == len(expected)
    _check_rows(rows, log_metrics, number, same_number)
    (second,) = [row for row in rows if row["model"] == "persona-mock/fenced-critic"]
    assert second["critic"] == "self-graded"
    assert math.isnan(number(second["change_vs_baseline"]))  # that model ran no baseline


def test_unfinished_and_unscored_logs_in_a_directory_are_skipped_with_a_note(
    plot_logs: Logs, tmp_path: Path, run_plot: Callable[..., Any], read_rows: Rows
) -> None:
    run = run_plot("modes", "--log", plot_logs["mixed"], "--out", tmp_path)
    assert run.status == 0, run.err
    assert len(read_rows(run.csv)) == 1
    notes = run.err.strip().splitlines()
    assert len(notes) == 2
    assert all(note.startswith("note: ") for note in notes)
    assert any("'error'" in note for note in notes)
    assert any("no scored samples" in note for note in notes)


def test_a_log_named_twice_counts_once(
    plot_logs: Logs, tmp_path: Path, run_plot: Callable[..., Any], read_rows: Rows
) -> None:
    baseline = plot_logs["baseline"]
    run = run_plot("modes", "--log", baseline, "--log", baseline, "--out", tmp_path)
    assert run.status == 0, run.err
    assert len(read_rows(run.csv)) == 1


def test_the_newer_of_two_runs_of_one_setting_is_kept(plot_logs: Logs) -> None:
    from persona_bench.visualization.logs import read_header
    from persona_bench.visualization.modes import modes_table

    older = read_header(str(plot_logs["baseline"]))
    header = older.header.model_copy(deep=True)
    header.eval.eval_id = "rerun"
    header.eval.created = "2999-01-01T00:00:00+00:00"
    newer = type(older)(path="rerun.eval", header=header)
    table, notes = modes_table([older, newer])
    assert list(table["log"]) == ["rerun.eval"]
    assert len(notes) == 1 and str(plot_logs["baseline"]) in notes[0]
