"""Choosing logs: defaults, the newest log of a task, critic labels, cheap imports."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from inspect_ai.log import list_eval_logs, read_eval_log

from persona_bench.visualization.logs import (
    critic_label,
    default_log_location,
    find_log,
    read_header,
)

Logs = dict[str, Path]


def test_default_location_is_inspects_log_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INSPECT_LOG_DIR", "/somewhere/logs")
    assert default_log_location() == "/somewhere/logs"
    monkeypatch.delenv("INSPECT_LOG_DIR")
    assert default_log_location() == "./logs"


def test_without_log_the_plot_reads_inspect_log_dir(
    plot_logs: Logs,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    run_plot: Callable[..., Any],
    assert_image: Callable[..., None],
) -> None:
    monkeypatch.setenv("INSPECT_LOG_DIR", str(plot_logs["good"]))
    run = run_plot("intersectionality", "--out", tmp_path)
    assert run.status == 0, run.err
    assert_image(run.image)


def test_without_log_or_variable_the_plot_reads_dot_logs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_plot: Callable[..., Any]
) -> None:
    monkeypatch.delenv("INSPECT_LOG_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    run = run_plot("loo")
    assert run.status == 2
    assert "No log at ./logs" in run.err


def test_a_directory_gives_the_newest_log_of_the_task(plot_logs: Logs) -> None:
    mains = [
        info
        for info in list_eval_logs(str(plot_logs["good"]))
        if read_eval_log(info, header_only=True).eval.task == "persona_bench/main"
    ]
    newest = max(mains, key=lambda info: info.mtime or 0.0)
    chosen = find_log(str(plot_logs["good"]), "persona_bench/main")
    assert Path(chosen.path) == Path(newest.name.removeprefix("file://"))


def test_critic_label_names_the_bound_critic_or_self_grading(plot_logs: Logs) -> None:
    bound = read_header(str(plot_logs["baseline"]))
    assert bound.critic == "persona-mock/fenced-critic"
    unbound = read_header(str(plot_logs["second_model"]))
    assert unbound.critic == "self-graded"
    header = bound.header.model_copy(deep=True)
    header.eval.model = "persona-mock/fenced-critic"
    assert critic_label(header) == "persona-mock/fenced-critic (self-graded)"


def test_building_the_cli_parser_loads_no_plotting_library() -> None:
    code = (
        "import sys; from persona_bench.cli import build_parser; build_parser(); "
        "import persona_bench.visualization.arguments; "
        "print(sorted(m for m in ('matplotlib', 'seaborn', 'pandas') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
