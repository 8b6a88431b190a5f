"""Every plot error is one clear line on stderr and exit status 2, from both entry points."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

Logs = dict[str, Path]
ENTRIES = ["cli", "module"]


def _one_line_error(run: Any, entry: str) -> str:
    assert run.status == 2
    assert run.out == ""
    lines = run.err.strip().splitlines()
    assert len(lines) == 1, run.err
    prefix = "persona-bench: error: " if entry == "cli" else "python -m persona_bench."
    assert lines[0].startswith(prefix)
    assert "Traceback" not in run.err
    return str(lines[0])


@pytest.mark.parametrize("entry", ENTRIES)
@pytest.mark.parametrize("kind", ["loo", "intersectionality", "pass-at-k", "modes"])
def test_a_directory_without_logs(
    kind: str, entry: str, plot_logs: Logs, tmp_path: Path, run_plot: Callable[..., Any]
) -> None:
    run = run_plot(kind, "--log", plot_logs["empty"], "--out", tmp_path, entry=entry)
    assert "No Inspect logs in" in _one_line_error(run, entry)
    assert not any(tmp_path.iterdir())


@pytest.mark.parametrize("entry", ENTRIES)
def test_a_path_that_does_not_exist(
    entry: str, tmp_path: Path, run_plot: Callable[..., Any]
) -> None:
    run = run_plot("loo", "--log", tmp_path / "missing", "--out", tmp_path, entry=entry)
    assert "no such file or directory" in _one_line_error(run, entry)


@pytest.mark.parametrize("entry", ENTRIES)
def test_a_log_of_another_task(
    entry: str, plot_logs: Logs, tmp_path: Path, run_plot: Callable[..., Any]
) -> None:
    run = run_plot("loo", "--log", plot_logs["baseline"], "--out", tmp_path, entry=entry)
    line = _one_line_error(run, entry)
    assert "'persona_bench/main'" in line and "'persona_bench/loo'" in line


def test_a_directory_with_only_other_tasks_logs(
    plot_logs: Logs, tmp_path: Path, run_plot: Callable[..., Any]
) -> None:
    run = run_plot("loo", "--log", plot_logs["mixed"], "--out", tmp_path)
    line = _one_line_error(run, "cli")
    assert "No 'persona_bench/loo' log" in line and "persona_bench/main" in line


@pytest.mark.parametrize("entry", ENTRIES)
@pytest.mark.parametrize("name, status", [("failed", "'error'"), ("cancelled", "'cancelled'")])
def test_a_log_without_results(
    name: str,
    status: str,
    entry: str,
    plot_logs: Logs,
    tmp_path: Path,
    run_plot: Callable[..., Any],
) -> None:
    run = run_plot("modes", "--log", plot_logs[name], "--out", tmp_path, entry=entry)
    line = _one_line_error(run, entry)
    assert "has no results" in line and status in line


@pytest.mark.parametrize("entry", ENTRIES)
def test_a_log_whose_samples_were_all_unscored(
    entry: str, plot_logs: Logs, tmp_path: Path, run_plot: Callable[..., Any]
) -> None:
    run = run_plot("modes", "--log", plot_logs["unscored"], "--out", tmp_path, entry=entry)
    assert "has no scored samples" in _one_line_error(run, entry)


def test_a_directory_of_only_unplottable_logs(
    plot_logs: Logs, tmp_path: Path, run_plot: Callable[..., Any]
) -> None:
    run = run_plot("modes", "--log", plot_logs["failed"].parent, "--out", tmp_path)
    assert "No plottable 'persona_bench/main' log" in _one_line_error(run, "cli")


def test_a_file_that_is_not_a_log(tmp_path: Path, run_plot: Callable[..., Any]) -> None:
    bogus = tmp_path / "2026-01-01T00-00-00_main_x.eval"
    bogus.write_text("not a zip", encoding="utf-8")
    run = run_plot("modes", "--log", bogus, "--out", tmp_path / "out")
    assert "Cannot read" in _one_line_error(run, "cli")


def test_an_output_directory_that_cannot_be_created(
    plot_logs: Logs, tmp_path: Path, run_plot: Callable[..., Any]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    run = run_plot("modes", "--log", plot_logs["baseline"], "--out", blocker / "plots")
    assert "Cannot write the plot" in _one_line_error(run, "cli")
