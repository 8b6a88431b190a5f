"""Benchmark the data layer: import cost and building samples from the built-in data.

Run: python bench/bench_data.py [--json bench/results/data.json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

IMPORT_BASE = "import inspect_ai"
IMPORT_FULL = "import inspect_ai, persona_bench, persona_bench._registry"
BUILD_300 = """
import time
t = time.perf_counter()
from persona_bench.personas import load_personas
from persona_bench.questions import load_questions
from persona_bench.samples import build_samples
personas, questions = load_personas(), load_questions()
samples = build_samples(personas, questions, n=300, seed=0)
assert len(samples) == 300
print(time.perf_counter() - t)
"""


def _import_seconds(statement: str) -> float:
    code = f"import time; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def _build_seconds() -> float:
    # The data modules are imported inside the timed block, cold, in a fresh process.
    code = "import inspect_ai.dataset\n" + BUILD_300
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", type=Path, default=Path("bench/results/data.json"))
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    base = [_import_seconds(IMPORT_BASE) for _ in range(args.repeats)]
    full = [_import_seconds(IMPORT_FULL) for _ in range(args.repeats)]
    build = [_build_seconds() for _ in range(args.repeats)]
    results = {
        "import_inspect_ai_s": statistics.median(base),
        "import_with_persona_bench_s": statistics.median(full),
        "import_added_s": statistics.median(full) - statistics.median(base),
        "build_300_samples_cold_s": statistics.median(build),
        "repeats": args.repeats,
        "python": sys.version.split()[0],
    }
    print(f"{'measure':<34}{'seconds':>10}  goal")
    print(f"{'import inspect_ai':<34}{results['import_inspect_ai_s']:>10.3f}")
    print(f"{'+ persona_bench and its registry':<34}{results['import_added_s']:>10.3f}  < 0.5")
    build_s = results["build_300_samples_cold_s"]
    print(f"{'build 300 samples (cold process)':<34}{build_s:>10.3f}  < 0.2")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.json}")


if __name__ == "__main__":
    main()
