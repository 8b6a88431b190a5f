"""Inspect tasks of the PERSONA benchmark, one module each."""

from persona_bench.tasks.intersectionality import intersectionality
from persona_bench.tasks.loo import loo
from persona_bench.tasks.main import main

__all__ = ["intersectionality", "loo", "main"]
