"""The project's error type: one clear message that names the problem and the fix."""

from __future__ import annotations

# Inspect's CLI prints a PrerequisiteError as its bare message instead of a traceback through
# its own task group. Inspect exports no public type for that, so this one import reaches into
# a private module; if a later Inspect moves it, errors still work, with a traceback.
try:
    from inspect_ai._util.error import PrerequisiteError as _CleanCliError
except ImportError:  # pragma: no cover - depends on the installed Inspect
    _CleanCliError = Exception  # type: ignore[misc,assignment]


class PersonaBenchError(_CleanCliError, ValueError):
    """Bad input to persona-bench: a parameter, a data file, a config or a log.

    The message names what is wrong and how to fix it. It is a ``ValueError`` for callers,
    and ``inspect eval`` shows it as one line rather than a traceback.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
