"""Find persona-bench logs and read what the plots need from their headers.

Only Inspect's public readers are used. A log's header holds its task, models, results and
metrics, so choosing logs and reading their numbers never touches the samples; plots that need
per-sample data read it separately (see `pass_at_k`).
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

from inspect_ai.log import EvalLog, EvalScore, list_eval_logs, read_eval_log

from persona_bench.errors import PersonaBenchError

LOG_DIR_VARIABLE = "INSPECT_LOG_DIR"
"""Inspect's own variable for its log directory; the default place to look for logs."""

FALLBACK_LOG_DIR = "./logs"
"""Where Inspect writes logs when `LOG_DIR_VARIABLE` is unset."""

SELF_GRADED = "self-graded"

_LOG_SUFFIXES = (".eval", ".json")


def default_log_location() -> str:
    """The log directory Inspect itself would use: ``$INSPECT_LOG_DIR``, else ``./logs``.

    Returns:
        The directory, as given.
    """
    return os.environ.get(LOG_DIR_VARIABLE) or FALLBACK_LOG_DIR


@dataclass(frozen=True)
class PlotLog:
    """A log's header and its location: everything a plot reads from a log.

    Attributes:
        path: The log's location, as a local path where it is local.
        header: The log read with ``header_only=True`` (no samples).
    """

    path: str
    header: EvalLog

    @property
    def task(self) -> str:
        """The task's registry name, e.g. ``persona_bench/main``."""
        return self.header.eval.task

    @property
    def model(self) -> str:
        """The model under test."""
        return self.header.eval.model

    @property
    def critic(self) -> str:
        """The model bound to the ``critic`` role, or ``self-graded`` when none was bound."""
        return critic_label(self.header)

    @property
    def score(self) -> EvalScore:
        """The headline scorer's results (the debate critic's).

        Raises:
            PersonaBenchError: If the log has no results.
        """
        results = self.header.results
        if results is None or not results.scores:
            raise PersonaBenchError(f"{self.path} has no results.")
        return results.scores[0]

    @property
    def scored(self) -> int:
        """Scored samples of the headline scorer (reduced samples where there were epochs)."""
        score = self.score
        if score.scored_samples is not None:
            return score.scored_samples
        # Logs of older Inspect versions lack the count; a NaN pass rate means none scored.
        completed = self.header.results.completed_samples if self.header.results else 0
        return 0 if math.isnan(self.metric("accuracy")) else completed

    @property
    def metrics(self) -> dict[str, float]:
        """The headline scorer's metrics by key, as floats."""
        return {key: float(value.value) for key, value in self.score.metrics.items()}

    def metric(self, key: str) -> float:
        """One metric of the headline scorer; NaN when the log does not report it.

        Args:
            key: The metric key, e.g. ``accuracy`` or ``"age delta"``.

        Returns:
            Its value.
        """
        found = self.score.metrics.get(key)
        return math.nan if found is None else float(found.value)

    @property
    def mode(self) -> str:
        """The generate mode: the task's resolved mode, else the ``mode`` task argument."""
        metadata = self.header.eval.metadata or {}
        mode = metadata.get("mode") or self.header.eval.task_args.get("mode")
        return str(mode) if mode else "unknown"

    @property
    def created(self) -> str:
        """When the eval was created (ISO 8601), to order logs."""
        return str(self.header.eval.created)


def critic_label(header: EvalLog) -> str:
    """Name the critic of a log for titles: the bound ``critic`` role, else ``self-graded``.

    Args:
        header: The log header.

    Returns:
        The critic model name(s), with ``(self-graded)`` added when the bound critic is the
        model under test; ``self-graded`` when no critic role was bound.
    """
    bound = (header.eval.model_roles or {}).get("critic")
    if bound is None:
        return SELF_GRADED
    configs = bound if isinstance(bound, list) else [bound]
    names = [config.model for config in configs]
    label = ", ".join(names)
    return f"{label} ({SELF_GRADED})" if names == [header.eval.model] else label


def problem_with(log: PlotLog) -> str | None:
    """Why a log cannot be plotted, or None if it can.

    Args:
        log: The log.

    Returns:
        A sentence naming the problem: the run did not finish, has no results, or scored no
        sample.
    """
    header = log.header
    if header.status != "success":
        return (
            f"{log.path} has no results: its status is {header.status!r} (the run failed or "
            "was cancelled)."
        )
    if header.results is None or not header.results.scores:
        return f"{log.path} has no results (no scores were recorded)."
    if log.scored == 0:
        total = log.header.results.total_samples if log.header.results else 0
        return (
            f"{log.path} has no scored samples: all {total} were left unscored (see "
            "`inspect view` for the critic's replies), so there is nothing to plot."
        )
    return None


def read_header(path: str) -> PlotLog:
    """Read a log's header.

    Args:
        path: A log file (``.eval`` or ``.json``), local or remote.

    Returns:
        The header and its location.

    Raises:
        PersonaBenchError: If the file does not exist or is not an Inspect log.
    """
    try:
        header = read_eval_log(path, header_only=True)
    except FileNotFoundError as error:
        raise PersonaBenchError(f"No log at {path}: the file does not exist.") from error
    except Exception as error:
        # The reader's own words ("EOCD not found") do not say what to do; keep them last.
        raise PersonaBenchError(
            f"Cannot read {path} as an Inspect log: it is truncated, corrupt or not a log "
            f"({type(error).__name__}: {error}). Pass --log with a complete .eval or .json "
            "log written by inspect eval."
        ) from error
    return PlotLog(path=path, header=header)


def _local_path(name: str) -> str:
    """A listed log's location as a plain path when it is a local file, else unchanged."""
    parsed = urlparse(name)
    return unquote(parsed.path) if parsed.scheme == "file" else name


def _is_file_location(location: str) -> bool:
    if "://" in location and not location.startswith("file://"):
        return location.endswith(_LOG_SUFFIXES)
    path = Path(_local_path(location))
    if not path.exists():
        raise PersonaBenchError(
            f"No log at {location}: no such file or directory. Pass --log with a log file or "
            f"a directory of logs (default: ${LOG_DIR_VARIABLE}, else {FALLBACK_LOG_DIR})."
        )
    return path.is_file()


def _headers_in(directory: str) -> Iterator[PlotLog]:
    """Headers of the readable logs in a directory (recursively), newest file first.

    Headers are read one at a time as the caller asks, so finding the newest log of a task
    stops at the first match.
    """
    listed = list_eval_logs(directory)
    if not listed:
        raise PersonaBenchError(
            f"No Inspect logs in {directory}. Run an eval first (inspect eval "
            "persona_bench/<task>) or pass --log with a log file or another directory."
        )
    for info in listed:
        try:
            yield read_header(_local_path(info.name))
        except PersonaBenchError:
            continue  # a stray .json that is not a log must not hide the real logs


def _wrong_task(log: PlotLog, task: str) -> PersonaBenchError:
    return PersonaBenchError(
        f"{log.path} is a log of task {log.task!r}; this plot needs a {task!r} log."
    )


def find_log(location: str, task: str) -> PlotLog:
    """The log to plot: the given file, or the newest finished log of `task` in a directory.

    Args:
        location: A log file or a directory of logs.
        task: The task the plot reads, e.g. ``persona_bench/loo``.

    Returns:
        The log, checked to be of `task`, finished and with scored samples.

    Raises:
        PersonaBenchError: If there is no such log or it cannot be plotted.
    """
    if _is_file_location(location):
        log = read_header(location)
        if log.task != task:
            raise _wrong_task(log, task)
        problem = problem_with(log)
        if problem is not None:
            raise PersonaBenchError(problem)
        return log
    seen: list[PlotLog] = []
    for log in _headers_in(location):
        seen.append(log)
        if log.task == task and problem_with(log) is None:
            return log
    matching = [log for log in seen if log.task == task]
    if not matching:
        raise _no_task_logs(location, task, seen)
    raise PersonaBenchError(f"No plottable {task!r} log in {location}: {problem_with(matching[0])}")


def _no_task_logs(location: str, task: str, logs: Sequence[PlotLog]) -> PersonaBenchError:
    others = sorted({log.task for log in logs})
    found = f" (found logs of {', '.join(others)})" if others else ""
    short = task.rsplit("/", 1)[-1]
    return PersonaBenchError(
        f"No {task!r} log in {location}{found}. Run `inspect eval persona_bench/{short}` "
        "or pass --log with the log to plot."
    )


def _identity(log: PlotLog) -> str:
    """The same run named twice (as a file and inside a directory) counts once."""
    return log.header.eval.eval_id or log.path


@dataclass(frozen=True)
class LogSelection:
    """Logs chosen for a plot of several logs, and those passed over with the reason.

    Attributes:
        logs: The plottable logs, in the order found.
        skipped: One line per log found in a directory but left out.
    """

    logs: list[PlotLog]
    skipped: list[str] = field(default_factory=list)


def find_logs(locations: Sequence[str], task: str) -> LogSelection:
    """All logs of `task` at the given locations: each file as given, each directory's logs.

    A file must be a plottable log of `task`. In a directory, logs of other tasks are ignored
    and unfinished or unscored ones are skipped (and listed), so that one cancelled run does
    not block a comparison.

    Args:
        locations: Log files and directories.
        task: The task the plot reads, e.g. ``persona_bench/main``.

    Returns:
        The logs (each once) and the skipped ones.

    Raises:
        PersonaBenchError: If a file is not a plottable log of `task` or no log is found.
    """
    chosen: dict[str, PlotLog] = {}
    skipped: list[str] = []
    for location in locations:
        if _is_file_location(location):
            log = find_log(location, task)
            chosen.setdefault(_identity(log), log)
            continue
        logs = list(_headers_in(location))
        matching = [log for log in logs if log.task == task]
        if not matching:
            raise _no_task_logs(location, task, logs)
        for log in matching:
            problem = problem_with(log)
            if problem is None:
                chosen.setdefault(_identity(log), log)
            else:
                skipped.append(problem)
    if not chosen:
        raise PersonaBenchError(
            f"No plottable {task!r} log in {', '.join(locations)}: " + " ".join(skipped)
        )
    return LogSelection(logs=list(chosen.values()), skipped=skipped)
