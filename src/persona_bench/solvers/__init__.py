"""Solvers: the four PERSONA generate modes, the comparison's choice, and answer replay."""

from persona_bench.solvers.choice import comparison_choice
from persona_bench.solvers.modes import GENERATE_MODES, MODE_ALIASES, GenerateMode, resolve_mode
from persona_bench.solvers.persona_generate import persona_generate
from persona_bench.solvers.replay import replay_answers
from persona_bench.solvers.response import (
    RESPONSE_KEY,
    ExtractedResponse,
    PersonaResponse,
    extract_response,
)

__all__ = [
    "GENERATE_MODES",
    "MODE_ALIASES",
    "RESPONSE_KEY",
    "ExtractedResponse",
    "GenerateMode",
    "PersonaResponse",
    "comparison_choice",
    "extract_response",
    "persona_generate",
    "replay_answers",
    "resolve_mode",
]
