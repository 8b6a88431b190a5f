"""The Python entry point: run a PERSONA evaluation and get the Inspect log back."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Any

from inspect_ai import Task, eval, eval_async
from inspect_ai.log import EvalLog

from persona_bench.errors import PersonaBenchError


def task_functions() -> dict[str, Callable[..., Task]]:
    """Every PERSONA task function by its evaluation type (imported on first use)."""
    from persona_bench.tasks import comparison, intersectionality, loo, main, pass_at_k

    return {
        "main": main,
        "loo": loo,
        "intersectionality": intersectionality,
        "pass_at_k": pass_at_k,
        "comparison": comparison,
    }


def _prepare(
    evaluation_type: str, critic: str | None, task_args: dict[str, Any]
) -> tuple[str, dict[str, str] | None]:
    """Validate the evaluation type and task arguments; return the task name and roles."""
    functions = task_functions()
    if evaluation_type not in functions:
        raise PersonaBenchError(
            f"Unknown evaluation_type {evaluation_type!r}. Valid: {', '.join(functions)}."
        )
    parameters = inspect.signature(functions[evaluation_type]).parameters
    unknown = sorted(set(task_args) - set(parameters))
    if unknown:
        raise PersonaBenchError(
            f"Unknown argument(s) {', '.join(unknown)} for evaluation_type "
            f"{evaluation_type!r}. Valid: {', '.join(parameters)}."
        )
    roles = {"critic": critic} if critic else None
    return f"persona_bench/{evaluation_type}", roles


def evaluate_model(
    model: str,
    evaluation_type: str = "main",
    *,
    critic: str | None = None,
    log_dir: str | Path | None = None,
    eval_options: dict[str, Any] | None = None,
    **task_args: Any,
) -> EvalLog:
    """Run one PERSONA evaluation with Inspect and return its log.

    Args:
        model: The model under test, e.g. ``"openai/gpt-4o"``.
        evaluation_type: The task: ``"main"``, ``"loo"``, ``"intersectionality"``,
            ``"pass_at_k"``, ``"comparison"``.
        critic: The critic model (bound to the ``critic`` role); None lets the model under
            test grade itself, which the log records as self-graded.
        log_dir: Where to write the log (default: Inspect's, ``INSPECT_LOG_DIR`` or ``./logs``).
        eval_options: More keyword arguments for `inspect_ai.eval` (e.g. ``max_connections``).
        **task_args: The task's parameters (e.g. ``mode="demographic_summary"``, ``n=50``).

    Returns:
        The evaluation log.

    Raises:
        PersonaBenchError: For an unknown evaluation type or task argument.
    """
    task_name, roles = _prepare(evaluation_type, critic, task_args)
    logs = eval(
        task_name,
        task_args=task_args,
        model=model,
        model_roles=roles,
        log_dir=str(log_dir) if log_dir is not None else None,
        **(eval_options or {}),
    )
    return logs[0]


async def async_evaluate_model(
    model: str,
    evaluation_type: str = "main",
    *,
    critic: str | None = None,
    log_dir: str | Path | None = None,
    eval_options: dict[str, Any] | None = None,
    **task_args: Any,
) -> EvalLog:
    """Asynchronous `evaluate_model`, for use inside a running event loop.

    Args:
        model: The model under test.
        evaluation_type: The task, as for `evaluate_model`.
        critic: The critic model; None lets the model under test grade itself.
        log_dir: Where to write the log.
        eval_options: More keyword arguments for `inspect_ai.eval_async`.
        **task_args: The task's parameters.

    Returns:
        The evaluation log.

    Raises:
        PersonaBenchError: For an unknown evaluation type or task argument.
    """
    task_name, roles = _prepare(evaluation_type, critic, task_args)
    logs = await eval_async(
        task_name,
        task_args=task_args,
        model=model,
        model_roles=roles,
        log_dir=str(log_dir) if log_dir is not None else None,
        **(eval_options or {}),
    )
    return logs[0]
