"""Inspect tasks of the PERSONA benchmark, one module each."""

from persona_bench.tasks.comparison import comparison
from persona_bench.tasks.intersectionality import intersectionality
from persona_bench.tasks.loo import loo
from persona_bench.tasks.main import main
from persona_bench.tasks.pass_at_k import pass_at_k

__all__ = ["comparison", "intersectionality", "loo", "main", "pass_at_k"]
