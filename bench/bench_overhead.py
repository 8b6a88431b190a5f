"""Harness overhead of every task against a bare Inspect task making the same model calls.

For each task (`main`, `loo`, `intersectionality`, `pass_at_k`, `comparison` in its `choice`
and `generate` formats) the script builds the real task and, from the real task's own samples,
a bare Inspect task. Both run on the same instant offline model (`persona-mock/default`, target
and critic) over the same samples, so the comparison isolates the harness, not prompt size:

- the bare solver puts the ready-made target prompt (the one the task's solver would build) in
  place and calls `generate()`, nothing else;
- the bare scorer makes the same critic call as the task's scorer (debate critic, or the
  comparison's gold-match critic), with the same system prompt, persona, question and schema,
  and returns a constant score. One difference: it passes the raw completion where the task
  passes the extracted answer, so its critic prompt is a few characters longer (the `<answer>`
  tags). For `comparison` in the `choice` format, which has no critic, the bare scorer is a
  trivial exact match of `<choice>X</choice>` against the target;
- `pass_at_k` runs its attempts as epochs in both (bare: Inspect's default reducer), at the
  task's target temperature.

What the task adds on top is therefore the harness: persona rendering, answer extraction and
the response metadata, verdict parsing with re-asks, score metadata, the tasks' metrics (LOO's
paired bootstrap, per-group and pass@k statistics, per-attribute accuracy), the larger sample
metadata and the larger log. Goal: task / bare <= 1.15 for every task.

Each task is sized to about `--n` sample runs (`loo`: the full persona and every variant
count; `pass_at_k`: samples x attempts; `comparison`: the 88 built-in items repeated under new
ids, two samples each). Timings exclude task construction; each repeat runs every task's bare
and real run back to back, in alternating order, after a `gc.collect()`, with
`display="none"` and logs in a temporary folder. Reported per task: the median wall time per
sample run of each, the ratio of the medians, and the median of the per-repeat paired ratios.

Inspect's running score display (on by default) recomputes every metric of the task about once
a second and renders them, which costs more for tasks with many metrics (`loo` reports about
five per attribute). `--no-score-display` runs as `inspect eval --no-score-display` does, to
separate that cost from the rest of the harness.

Run: python bench/bench_overhead.py [--tasks main,loo] [--n 2000] [--repeats 3]
    [--no-score-display] [--json bench/results/overhead.json]
"""

from __future__ import annotations

import argparse
import gc
import importlib.resources
import json
import math
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from inspect_ai import Task, eval
from inspect_ai.dataset import MemoryDataset, Sample
from inspect_ai.model import ChatMessage, GenerateConfig, get_model
from inspect_ai.scorer import Score, Scorer, Target, accuracy, scorer
from inspect_ai.solver import Generate, Solver, TaskState, solver

from persona_bench.samples import critic_persona_from_metadata, persona_from_metadata
from persona_bench.scorers.debate_critic import critic_messages
from persona_bench.scorers.gold_match import GOLD_MATCH_SCHEMA, gold_match_messages
from persona_bench.scorers.verdict import VERDICT_SCHEMA
from persona_bench.solvers.choice import choice_messages
from persona_bench.solvers.modes import resolve_mode
from persona_bench.tasks import comparison, intersectionality, loo, main, pass_at_k

MODEL = "persona-mock/default"
TASKS: tuple[str, ...] = (
    "main",
    "loo",
    "intersectionality",
    "pass_at_k",
    "comparison-choice",
    "comparison-generate",
)
GOAL = 1.15
# Size of the probe build used to find the task parameter that gives about n sample runs.
PROBE_SIZE = 10
WARM_UP_RUNS = 40


@dataclass(frozen=True)
class Prepared:
    """What the bare task needs for one sample, made before the timed run."""

    target_messages: list[ChatMessage]
    critic_persona: str
    candidates: dict[str, str]


# Module state, not solver or scorer arguments: Inspect records those in the log, which would
# add work the real tasks do not do. Filled for the bare task about to run, keyed by sample id.
PREPARED: dict[str, Prepared] = {}


@solver
def preset_messages() -> Solver:
    """Put the ready-made target prompt in place and generate: nothing else."""

    async def solve(state: TaskState, generate: Generate) -> TaskState:
        state.messages = list(PREPARED[str(state.sample_id)].target_messages)
        return await generate(state)

    return solve


@scorer(metrics=[accuracy()])
def one_critic_call() -> Scorer:
    """The debate critic's call, with its prompt and schema; a constant score."""
    config = GenerateConfig(temperature=0.0, response_schema=VERDICT_SCHEMA)

    async def score(state: TaskState, target: Target) -> Score:
        prepared = PREPARED[str(state.sample_id)]
        messages = critic_messages(
            state.input_text, state.output.completion, prepared.critic_persona
        )
        await get_model(role="critic").generate(messages, config=config)
        return Score(value=1.0)

    return score


@scorer(metrics=[accuracy()])
def one_gold_match_call() -> Scorer:
    """The comparison critic's call, with its prompt and schema; a constant score."""
    config = GenerateConfig(temperature=0.0, response_schema=GOLD_MATCH_SCHEMA)

    async def score(state: TaskState, target: Target) -> Score:
        prepared = PREPARED[str(state.sample_id)]
        messages = gold_match_messages(
            state.input_text,
            state.output.completion,
            prepared.candidates,
            prepared.critic_persona,
        )
        await get_model(role="critic").generate(messages, config=config)
        return Score(value=1.0)

    return score


@scorer(metrics=[accuracy()])
def exact_choice() -> Scorer:
    """A trivial exact match of the reply against ``<choice>{target}</choice>``."""

    async def score(state: TaskState, target: Target) -> Score:
        expected = f"<choice>{target.text}</choice>"
        return Score(value=1.0 if state.output.completion.strip() == expected else 0.0)

    return score


@dataclass(frozen=True)
class Case:
    """One task under test: how to build it at a given size, and its bare counterpart's kind."""

    name: str
    build: Callable[[int], Task]
    bare_kind: str  # "critic", "gold_match" or "choice"


def sample_runs(task_obj: Task) -> int:
    """Sample runs of a task: samples x epochs."""
    return len(task_obj.dataset) * (task_obj.epochs or 1)


def sized(case: Case, n: int) -> Task:
    """Build the case's task with the size parameter that gives about `n` sample runs."""
    probe = sample_runs(case.build(PROBE_SIZE))
    return case.build(max(1, round(n * PROBE_SIZE / probe)))


def prepare(real: Task, bare_kind: str) -> list[Sample]:
    """Fill `PREPARED` from the real task's samples; return the bare task's samples."""
    PREPARED.clear()
    mode = resolve_mode("output_only")
    samples = []
    for sample in real.dataset:
        assert isinstance(sample.input, str) and sample.metadata is not None
        persona_text = persona_from_metadata(sample.metadata).render("lines")
        candidates = {str(k): str(v) for k, v in sample.metadata.get("candidates", {}).items()}
        if bare_kind == "choice":
            messages = choice_messages(sample.input, candidates, persona_text)
        else:
            messages = mode.messages(sample.input, persona_text)
        # The debate critic sees the full persona (LOO variants put the withheld attribute back).
        PREPARED[str(sample.id)] = Prepared(
            target_messages=messages,
            critic_persona=critic_persona_from_metadata(sample.metadata).render("lines"),
            candidates=candidates,
        )
        samples.append(Sample(id=sample.id, input=sample.input, target=sample.target))
    return samples


def bare_task(real: Task, bare_kind: str) -> Task:
    """The bare Inspect task making the same calls as `real`, over the same samples."""
    scorers = {
        "critic": one_critic_call,
        "gold_match": one_gold_match_call,
        "choice": exact_choice,
    }
    return Task(
        dataset=MemoryDataset(prepare(real, bare_kind)),
        solver=preset_messages(),
        scorer=scorers[bare_kind](),
        epochs=real.epochs,
        config=real.config,
        name="bare",
    )


def comparison_items_file(folder: Path, items: int) -> Path:
    """The built-in comparison items, repeated under new ids until there are `items` of them."""
    source = importlib.resources.files("persona_bench") / "data/comparison_items.jsonl"
    rows = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines() if line]
    path = folder / "comparison_items.jsonl"
    with path.open("w", encoding="utf-8") as file:
        for copy in range(math.ceil(items / len(rows))):
            for row in rows:
                file.write(json.dumps({**row, "item_id": f"{row['item_id']}-{copy}"}) + "\n")
    return path


def cases(items_file: Path) -> dict[str, Case]:
    """Every task under test, by name."""
    source = str(items_file)
    return {
        "main": Case("main", lambda size: main(n=size), "critic"),
        "loo": Case("loo", lambda size: loo(n=size), "critic"),
        "intersectionality": Case(
            "intersectionality", lambda size: intersectionality(n=size), "critic"
        ),
        "pass_at_k": Case("pass_at_k", lambda size: pass_at_k(n=size), "critic"),
        "comparison-choice": Case(
            "comparison-choice",
            lambda size: comparison(source=source, format="choice", n=size),
            "choice",
        ),
        "comparison-generate": Case(
            "comparison-generate",
            lambda size: comparison(source=source, format="generate", n=size),
            "gold_match",
        ),
    }


def timed_run(task_obj: Task, log_dir: str, score_display: bool = True) -> float:
    """Run a task on the instant mock as target and critic; return the wall seconds."""
    start = time.perf_counter()
    (log,) = eval(
        task_obj,
        model=MODEL,
        model_roles={"critic": MODEL},
        log_dir=log_dir,
        display="none",
        max_connections=100,
        score_display=score_display,
    )
    elapsed = time.perf_counter() - start
    if log.status != "success":
        raise SystemExit(f"{task_obj.name} failed: {log.error}")
    return elapsed


def summarize(name: str, runs: int, bare_s: list[float], task_s: list[float]) -> dict[str, Any]:
    """Medians per sample run, the ratio of the medians and the median paired ratio."""
    bare_median, task_median = statistics.median(bare_s), statistics.median(task_s)
    return {
        "task": name,
        "sample_runs": runs,
        "bare_median_s": bare_median,
        "task_median_s": task_median,
        "bare_ms_per_sample": bare_median / runs * 1000,
        "task_ms_per_sample": task_median / runs * 1000,
        "ratio_of_medians": task_median / bare_median,
        "median_paired_ratio": statistics.median(
            t / b for t, b in zip(task_s, bare_s, strict=True)
        ),
        "bare_s": bare_s,
        "task_s": task_s,
    }


def print_table(rows: list[dict[str, Any]]) -> None:
    """Print one line per task."""
    header = (
        f"{'task':<21}{'runs':>6}{'bare ms/run':>13}{'task ms/run':>13}"
        f"{'ratio':>8}{'paired':>8}  goal <= {GOAL}"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        verdict = "ok" if row["ratio_of_medians"] <= GOAL else "OVER"
        print(
            f"{row['task']:<21}{row['sample_runs']:>6}{row['bare_ms_per_sample']:>13.2f}"
            f"{row['task_ms_per_sample']:>13.2f}{row['ratio_of_medians']:>8.3f}"
            f"{row['median_paired_ratio']:>8.3f}  {verdict}"
        )


def parse_tasks(value: str) -> list[str]:
    """The comma-separated task list; ``comparison`` means both formats."""
    names: list[str] = []
    for raw in value.split(","):
        name = raw.strip()
        expanded = ["comparison-choice", "comparison-generate"] if name == "comparison" else [name]
        for item in expanded:
            if item not in TASKS:
                raise argparse.ArgumentTypeError(
                    f"unknown task {item!r}; valid: {', '.join(TASKS)}, comparison"
                )
            if item not in names:
                names.append(item)
    return names


def main_cli() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--tasks", type=parse_tasks, default=list(TASKS))
    parser.add_argument("--n", type=int, default=2000, help="sample runs per task (about)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--no-score-display",
        dest="score_display",
        action="store_false",
        help="run as `inspect eval --no-score-display`: no running metrics during the eval",
    )
    parser.add_argument("--json", type=Path, default=Path("bench/results/overhead.json"))
    args = parser.parse_args()
    names: list[str] = args.tasks

    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as log_dir, tempfile.TemporaryDirectory() as data_dir:
        # Enough items for the requested size and for the probe builds.
        items_file = comparison_items_file(Path(data_dir), max(args.n, 2 * PROBE_SIZE))
        by_name = cases(items_file)
        times: dict[str, tuple[list[float], list[float]]] = {name: ([], []) for name in names}
        runs: dict[str, int] = {}
        for name in names:  # warm up imports, providers and each task's code paths
            real = sized(by_name[name], WARM_UP_RUNS)
            timed_run(bare_task(real, by_name[name].bare_kind), log_dir)
            timed_run(real, log_dir)
        for repeat in range(args.repeats):
            for index, name in enumerate(names):
                case = by_name[name]
                # Construction (data loading, prompt preparation) is outside the timing.
                real = sized(case, args.n)
                pair = [("bare", bare_task(real, case.bare_kind)), ("task", real)]
                runs[name] = sample_runs(real)
                # Alternate the order so that drift in machine load favours neither.
                for which, task_obj in pair if (repeat + index) % 2 == 0 else reversed(pair):
                    gc.collect()
                    seconds = timed_run(task_obj, log_dir, args.score_display)
                    times[name][0 if which == "bare" else 1].append(seconds)
            print(f"repeat {repeat + 1}/{args.repeats} done", file=sys.stderr)
    rows = [summarize(name, runs[name], *times[name]) for name in names]
    print_table(rows)
    results = {
        "model": MODEL,
        "n": args.n,
        "repeats": args.repeats,
        "score_display": args.score_display,
        "goal": GOAL,
        "tasks": rows,
        "total_wall_s": time.perf_counter() - started,
        "python": sys.version.split()[0],
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.json}")


if __name__ == "__main__":
    main_cli()
