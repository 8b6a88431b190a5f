"""Plots of persona-bench logs: one module per plot, each also writing a CSV of its numbers.

Importing this package is cheap (no matplotlib, no Inspect): each plot module loads its
plotting and log-reading libraries when it runs. Run a plot with
``persona-bench plot <kind> --log PATH`` or ``python -m persona_bench.visualization.<module>``.
"""

from __future__ import annotations

# Plot kind (as typed on the command line) -> the module that draws it.
PLOT_MODULES: dict[str, str] = {
    "loo": "persona_bench.visualization.loo",
    "intersectionality": "persona_bench.visualization.intersectionality",
    "pass-at-k": "persona_bench.visualization.pass_at_k",
    "modes": "persona_bench.visualization.modes",
}

IMAGE_FORMATS: tuple[str, ...] = ("png", "svg")
DEFAULT_OUT_DIR = "plots"

__all__ = ["DEFAULT_OUT_DIR", "IMAGE_FORMATS", "PLOT_MODULES"]
