"""Plotting speed and memory on a large log: `persona-bench plot modes` on 10,000 samples.

Goal: under 10 s and under 1.5 GB peak memory per plot command, interpreter start included.
The script builds a 10,000-sample `main` log once with the offline test double
(`persona-mock/default` as target and critic) and caches it under bench/results/; then it
runs the plot command several times, each in a fresh measuring subprocess that waits for the
command and reads its peak RSS with `resource.getrusage(RUSAGE_CHILDREN)`.

Run: python bench/bench_plots.py [--n 10000] [--repeats 3] [--json bench/results/plots.json]
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).parent / "results"
MODEL = "persona-mock/default"
TIME_LIMIT_S = 10.0
MEMORY_LIMIT_MB = 1536.0


def build_log(n: int, path: Path) -> float:
    """Run `main` with n samples offline and store its log at `path`; return the seconds."""
    from inspect_ai import eval

    from persona_bench.tasks.main import main

    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as log_dir:
        (log,) = eval(
            main(n=n),
            model=MODEL,
            model_roles={"critic": MODEL},
            display="none",
            log_dir=log_dir,
        )
        if log.status != "success":
            raise SystemExit(f"building the {n}-sample log failed: {log.status}")
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(log.location, path)
    return time.perf_counter() - start


def cached_log(n: int) -> tuple[Path, float | None]:
    """The cached n-sample log, built first if missing; with the build seconds if built."""
    from inspect_ai.log import read_eval_log

    path = RESULTS / "plot_logs" / f"main-n{n}.eval"
    if path.exists():
        header = read_eval_log(str(path), header_only=True)
        if header.status == "success" and header.results and header.results.total_samples == n:
            return path, None
    return path, build_log(n, path)


def measure(command: list[str]) -> None:
    """Run `command` as this process's only child; print its wall time and peak RSS as JSON."""
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    # ru_maxrss of the waited-for children: kilobytes on Linux, bytes on macOS.
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    peak_mb = peak / 2**20 if sys.platform == "darwin" else peak / 2**10
    print(
        json.dumps(
            {
                "wall_s": wall,
                "peak_rss_mb": peak_mb,
                "status": result.returncode,
                "stdout": result.stdout,
                "stderr": result.stderr[-2000:],
            }
        )
    )


def run_once(log: Path, out_dir: Path) -> dict[str, Any]:
    """One plot run, measured in a fresh subprocess."""
    script = Path(sys.executable).with_name("persona-bench")
    command = [str(script), "plot", "modes", "--log", str(log), "--out", str(out_dir)]
    helper = [sys.executable, __file__, "--measure", "--", *command]
    result = subprocess.run(helper, capture_output=True, text=True, check=True)
    outcome: dict[str, Any] = json.loads(result.stdout)
    if outcome["status"] != 0:
        raise SystemExit(f"plot failed: {outcome['stderr']}")
    return outcome


def main() -> None:
    parser = argparse.ArgumentParser(description="Time `persona-bench plot modes` on a large log.")
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", type=Path, default=RESULTS / "plots.json")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("command", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(args.command)
        return

    log, build_s = cached_log(args.n)
    note = f"built in {build_s:.0f} s" if build_s is not None else "cached"
    print(f"log: {log} ({log.stat().st_size / 2**20:.1f} MB, {args.n} samples, {note})")
    with tempfile.TemporaryDirectory() as out_dir:
        runs = [run_once(log, Path(out_dir)) for _ in range(args.repeats)]
    walls = [run["wall_s"] for run in runs]
    peaks = [run["peak_rss_mb"] for run in runs]
    print(f"{'run':>4} {'wall s':>8} {'peak RSS MB':>12}")
    for index, run in enumerate(runs, 1):
        print(f"{index:>4} {run['wall_s']:>8.2f} {run['peak_rss_mb']:>12.0f}")
    summary = {
        "n": args.n,
        "repeats": args.repeats,
        "command": "persona-bench plot modes --log <log>",
        "log_mb": log.stat().st_size / 2**20,
        "log_build_s": build_s,
        "wall_s": walls,
        "wall_median_s": statistics.median(walls),
        "wall_max_s": max(walls),
        "peak_rss_mb": peaks,
        "peak_rss_max_mb": max(peaks),
        "time_limit_s": TIME_LIMIT_S,
        "memory_limit_mb": MEMORY_LIMIT_MB,
        "within_limits": max(walls) < TIME_LIMIT_S and max(peaks) < MEMORY_LIMIT_MB,
        "python": sys.version.split()[0],
    }
    print(
        f"median {summary['wall_median_s']:.2f} s (max {summary['wall_max_s']:.2f} s, limit "
        f"{TIME_LIMIT_S:.0f} s); peak RSS {summary['peak_rss_max_mb']:.0f} MB (limit "
        f"{MEMORY_LIMIT_MB:.0f} MB): {'OK' if summary['within_limits'] else 'OVER'}"
    )
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
