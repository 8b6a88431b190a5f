"""Benchmark the census persona generator: personas per second for 10,000 personas.

The first call (which reads the JSON data files and builds the tables) is timed separately as
the cold start; the throughput is the best of several warm runs.

Run: python bench/bench_generator.py [--json bench/results/generator.json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from persona_bench.personas.census import generate_personas

GOAL_PER_SECOND = 10_000


def _seconds(n: int, seed: int) -> float:
    start = time.perf_counter()
    personas = generate_personas(n, seed=seed)
    elapsed = time.perf_counter() - start
    assert len(personas) == n
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", type=Path, default=Path("bench/results/generator.json"))
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    cold = _seconds(1, seed=0)
    runs = [_seconds(args.n, seed=repeat) for repeat in range(args.repeats)]
    best = min(runs)
    results = {
        "n": args.n,
        "repeats": args.repeats,
        "cold_start_s": cold,
        "best_s": best,
        "personas_per_second": args.n / best,
        "all_runs_s": runs,
        "goal_personas_per_second": GOAL_PER_SECOND,
        "python": sys.version.split()[0],
    }
    print(f"{'measure':<36}{'value':>12}  goal")
    print(f"{'cold start (load data, 1 persona) s':<36}{cold:>12.3f}")
    print(f"{f'generate {args.n} personas, best s':<36}{best:>12.3f}")
    per_second = results["personas_per_second"]
    print(f"{'personas per second':<36}{per_second:>12,.0f}  >= {GOAL_PER_SECOND:,}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.json}")


if __name__ == "__main__":
    main()
