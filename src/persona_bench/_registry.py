"""Inspect entry point: importing this module registers every task and model provider."""

from persona_bench.providers.mock import PersonaMockAPI
from persona_bench.tasks.intersectionality import intersectionality
from persona_bench.tasks.loo import loo
from persona_bench.tasks.main import main

__all__ = ["PersonaMockAPI", "intersectionality", "loo", "main"]
