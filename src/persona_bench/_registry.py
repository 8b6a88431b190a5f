"""Inspect entry point: importing this module registers every task and model provider."""

from persona_bench.providers.gguf import GGUFModelAPI
from persona_bench.providers.mock import PersonaMockAPI
from persona_bench.tasks.comparison import comparison
from persona_bench.tasks.intersectionality import intersectionality
from persona_bench.tasks.loo import loo
from persona_bench.tasks.main import main
from persona_bench.tasks.pass_at_k import pass_at_k

__all__ = [
    "GGUFModelAPI",
    "PersonaMockAPI",
    "comparison",
    "intersectionality",
    "loo",
    "main",
    "pass_at_k",
]
