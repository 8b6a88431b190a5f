"""Inspect tasks of the PERSONA benchmark."""

from persona_bench.tasks.main import main

__all__ = ["main"]
