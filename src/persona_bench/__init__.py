"""persona-bench: the PERSONA pluralistic-alignment benchmark as Inspect AI tasks.

Importing the package is cheap: no network, no model clients, no data loading. The
evaluation functions load Inspect's eval machinery on first use.
"""

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from persona_bench.evaluate import async_evaluate_model, evaluate_model

__all__ = ["__version__", "async_evaluate_model", "evaluate_model"]


def __getattr__(name: str) -> Any:
    if name in ("evaluate_model", "async_evaluate_model"):
        from persona_bench import evaluate

        return getattr(evaluate, name)
    raise AttributeError(f"module 'persona_bench' has no attribute {name!r}")
