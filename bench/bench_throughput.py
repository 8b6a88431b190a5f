"""Throughput of `main` under model latency, at several `max_connections` settings.

The script starts the local OpenAI-compatible stub server (`bench/stub_server.py`) with a fixed
latency per call (default 200 ms), runs `main` with target and critic on the stub at
`max_connections` 1, 10 and 50, and reports samples per second, calls per second, the
speed-up against `max_connections=1` and the ideal (linear) speed-up; then it stops the server.

How Inspect applies the setting (inspect_ai 0.3.285, `Model._connection_concurrency` and
`create_sample_semaphore`):

- `max_connections=N` is a per-pool semaphore on model calls. The pool key is the provider
  class plus the provider's `connection_key()`, which for `openai-api/...` is
  ``{api key}:{model name}``. With `--critic same` (default) target and critic are the same
  model name with the same key, so they share ONE pool: at most N calls in flight in total.
  With `--critic separate` the critic is `openai-api/stub/stub-critic`, a second pool of N.
  Role models inherit `max_connections` from the eval's config.
- `max_samples` (samples in flight) defaults to `max_connections`, and `main` makes its two
  calls one after the other, so a sample holds at most one connection at a time: either way at
  most N calls are in flight, and the ideal is N / (2 x latency) samples per second (2.5 at
  N=1 with 200 ms), i.e. a linear speed-up. Below the ideal is harness time: Inspect's and the
  task's per-sample CPU work, the HTTP client and the stub itself, all on the same machine.

Each level runs about `--seconds` of ideal work: n = ceil(seconds x N / (2 x latency))
samples (25, 250 and 1,250 at the defaults). Samples per second is n over the sample phase
(first sample start to last sample end, from the log's sample summaries), which leaves out the
eval's start-up and log finishing; the wall time of the whole `eval()` call is reported too.
Calls per second counts the stub's completed chat completions over the same phase.

The ceiling: a last run on the same stub with its latency off, at the highest level, measures
how many samples per second this machine can push through the whole path (Inspect, the task,
the HTTP client and the stub) when no call waits at all. No latency level can beat it, so the
table's "bound/s" is the smaller of the ideal and the ceiling, and "of bound" says how close
each level came to what was possible here.

Run: python bench/bench_throughput.py [--levels 1,10,50] [--latency 0.2] [--seconds 10]
    [--critic same] [--json bench/results/throughput.json]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from inspect_ai import eval
from inspect_ai.log import read_eval_log_sample_summaries

from persona_bench.tasks.main import main
from stub_server import StubServer

CALLS_PER_SAMPLE = 2  # main: one target call, then one critic call


@contextmanager
def environment(values: dict[str, str]) -> Iterator[None]:
    """Set environment variables for the block, restoring the old values afterwards."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, old in saved.items():
            if old is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = old


def samples_for(level: int, latency: float, seconds: float) -> int:
    """Samples that keep `level` connections busy for about `seconds` at the ideal rate."""
    return max(level, math.ceil(seconds * level / (CALLS_PER_SAMPLE * latency)))


def sample_phase(location: str) -> float:
    """Seconds from the first sample's start to the last sample's end."""
    summaries = read_eval_log_sample_summaries(location)
    starts = [datetime.fromisoformat(s.started_at) for s in summaries if s.started_at]
    ends = [datetime.fromisoformat(s.completed_at) for s in summaries if s.completed_at]
    if not starts or not ends:
        raise SystemExit(f"{location}: samples carry no start and end times.")
    return (max(ends) - min(starts)).total_seconds()


def run_level(stub: StubServer, critic: str, level: int, n: int, log_dir: str) -> dict[str, Any]:
    """Run `main` with n samples at `max_connections=level`; return its throughput."""
    task_obj = main(n=n)  # built outside the timing
    calls_before = stub.calls
    start = time.perf_counter()
    (log,) = eval(
        task_obj,
        model=stub.model,
        model_roles={"critic": critic},
        max_connections=level,
        log_dir=log_dir,
        display="none",
    )
    wall = time.perf_counter() - start
    calls = stub.calls - calls_before
    if log.status != "success":
        raise SystemExit(f"max_connections={level} failed: {log.error}")
    phase = sample_phase(log.location)
    return {
        "max_connections": level,
        "samples": n,
        "calls": calls,
        "wall_s": wall,
        "sample_phase_s": phase,
        "samples_per_s": n / phase,
        "calls_per_s": calls / phase,
        "samples_per_s_wall": n / wall,
    }


def print_table(rows: list[dict[str, Any]], ceiling: dict[str, Any]) -> None:
    """One line per level, with the speed-up, the ideal and the bound; then the ceiling."""
    header = (
        f"{'max_conn':>9}{'samples':>9}{'calls':>7}{'phase s':>9}{'wall s':>8}"
        f"{'samples/s':>11}{'calls/s':>9}{'speed-up':>10}{'ideal':>7}{'ideal/s':>9}"
        f"{'bound/s':>9}{'of bound':>10}"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        print(
            f"{row['max_connections']:>9}{row['samples']:>9}{row['calls']:>7}"
            f"{row['sample_phase_s']:>9.2f}{row['wall_s']:>8.2f}{row['samples_per_s']:>11.2f}"
            f"{row['calls_per_s']:>9.2f}{row['speed_up']:>10.2f}{row['ideal_speed_up']:>7.0f}"
            f"{row['ideal_samples_per_s']:>9.1f}{row['bound_samples_per_s']:>9.1f}"
            f"{row['share_of_bound']:>10.0%}"
        )
    print(
        f"ceiling (no latency, max_connections={ceiling['max_connections']}, "
        f"{ceiling['samples']} samples): {ceiling['samples_per_s']:.1f} samples/s"
    )


def parse_levels(value: str) -> list[int]:
    """Comma-separated positive integers."""
    levels = [int(item) for item in value.split(",") if item.strip()]
    if not levels or min(levels) < 1:
        raise argparse.ArgumentTypeError("levels must be positive integers, e.g. 1,10,50")
    return levels


def main_cli() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--levels", type=parse_levels, default=[1, 10, 50])
    parser.add_argument("--latency", type=float, default=0.2, help="stub seconds per call")
    parser.add_argument(
        "--seconds", type=float, default=10.0, help="ideal run time per level, sets n"
    )
    parser.add_argument(
        "--critic",
        choices=("same", "separate"),
        default="same",
        help="critic on the target's model name (one pool) or a second name (two pools)",
    )
    parser.add_argument("--json", type=Path, default=Path("bench/results/throughput.json"))
    args = parser.parse_args()
    levels: list[int] = args.levels

    rows: list[dict[str, Any]] = []
    with (
        StubServer(latency=args.latency, fail_rate=0.0, seed=0) as stub,
        environment(stub.env()),
        tempfile.TemporaryDirectory() as log_dir,
    ):
        critic = stub.model if args.critic == "same" else stub.critic_model
        run_level(stub, critic, 4, 4, log_dir)  # warm up imports, the client and the server
        for level in levels:
            n = samples_for(level, args.latency, args.seconds)
            rows.append(run_level(stub, critic, level, n, log_dir))
            print(f"max_connections={level}: {n} samples done", file=sys.stderr)
        # The same server with its latency off: Inspect keeps one client per model name, so a
        # second server on another port would not be reached.
        stub.latency = 0.0
        top = max(levels)
        ceiling = run_level(
            stub, critic, top, samples_for(top, args.latency, args.seconds), log_dir
        )
        print(f"ceiling: {ceiling['samples']} samples done", file=sys.stderr)
    base = rows[0]
    for row in rows:
        row["speed_up"] = row["samples_per_s"] / base["samples_per_s"]
        row["ideal_speed_up"] = row["max_connections"] / base["max_connections"]
        row["ideal_samples_per_s"] = row["max_connections"] / (CALLS_PER_SAMPLE * args.latency)
        row["bound_samples_per_s"] = min(row["ideal_samples_per_s"], ceiling["samples_per_s"])
        row["share_of_bound"] = row["samples_per_s"] / row["bound_samples_per_s"]
    print_table(rows, ceiling)
    results = {
        "latency_s": args.latency,
        "seconds_per_level": args.seconds,
        "critic": args.critic,
        "levels": rows,
        "ceiling": ceiling,
        "python": sys.version.split()[0],
        "cpu_count": os.cpu_count(),
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.json}")


if __name__ == "__main__":
    main_cli()
