"""Inspect model providers shipped with persona-bench."""
