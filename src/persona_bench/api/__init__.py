"""Answer PERSONA questions with your own model, then grade them with Inspect.

`PERSONAClient` builds an evaluation's questions locally; prompt constructors decide how each
persona and question become the prompts your model sees.
"""

from persona_bench.api.client import EVALUATION_TYPES, LOG_PATH_KEY, PERSONAClient
from persona_bench.api.prompts import (
    BasePromptConstructor,
    ChainOfThoughtPromptConstructor,
    DefaultPromptConstructor,
    ModePromptConstructor,
)

__all__ = [
    "EVALUATION_TYPES",
    "LOG_PATH_KEY",
    "BasePromptConstructor",
    "ChainOfThoughtPromptConstructor",
    "DefaultPromptConstructor",
    "ModePromptConstructor",
    "PERSONAClient",
]
