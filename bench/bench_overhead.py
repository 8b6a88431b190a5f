"""Harness overhead of `main` against a bare Inspect task making the same two model calls.

Both tasks run on the same instant offline model (`persona-mock/default`, target and critic)
over the same samples and send the same prompts, so the comparison isolates the harness, not
prompt size. The bare task's solver puts the ready-made target prompt in place and calls
`generate()`, and its scorer makes one critic call with the same critic prompt and
does nothing else. `main` adds persona rendering, answer extraction, the response store,
verdict parsing, score metadata and metrics. Goal: main / bare <= 1.15.

Run: python bench/bench_overhead.py [--n 1000] [--repeats 3] [--json bench/results/overhead.json]
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from inspect_ai import Task, eval, task
from inspect_ai.dataset import MemoryDataset, Sample
from inspect_ai.model import ChatMessage, GenerateConfig, get_model
from inspect_ai.scorer import Score, Scorer, Target, accuracy, scorer
from inspect_ai.solver import Generate, Solver, TaskState, solver

from persona_bench.personas import load_personas
from persona_bench.questions import load_questions
from persona_bench.samples import build_samples, persona_from_metadata
from persona_bench.scorers.debate_critic import critic_messages
from persona_bench.scorers.verdict import VERDICT_SCHEMA
from persona_bench.solvers.modes import resolve_mode
from persona_bench.tasks.main import main

MODEL = "persona-mock/default"
# Prompts prepared outside the timed run. Module state, not solver arguments: Inspect records
# solver and scorer arguments in the log, which would add work main does not do.
PERSONA_TEXTS: dict[str, str] = {}
TARGET_MESSAGES: dict[str, list[ChatMessage]] = {}


@scorer(metrics=[accuracy()])
def one_critic_call() -> Scorer:
    config = GenerateConfig(temperature=0.0, response_schema=VERDICT_SCHEMA)

    async def score(state: TaskState, target: Target) -> Score:
        question = state.metadata["question"]
        persona_text = PERSONA_TEXTS[str(state.sample_id)]
        messages = critic_messages(question, state.output.completion, persona_text)
        await get_model(role="critic").generate(messages, config=config)
        return Score(value=1.0)

    return score


@solver
def preset_messages() -> Solver:
    """Put the ready-made target prompt in place and generate: nothing else."""

    async def solve(state: TaskState, generate: Generate) -> TaskState:
        state.messages = list(TARGET_MESSAGES[str(state.sample_id)])
        return await generate(state)

    return solve


@task
def bare(n: int) -> Task:
    mode = resolve_mode("output_only")
    samples = []
    for sample in build_samples(load_personas(), load_questions(), n=n, seed=0):
        assert isinstance(sample.input, str) and sample.metadata is not None
        persona_text = persona_from_metadata(sample.metadata).render()
        PERSONA_TEXTS[str(sample.id)] = persona_text
        TARGET_MESSAGES[str(sample.id)] = mode.messages(sample.input, persona_text)
        samples.append(
            Sample(id=sample.id, input=sample.input, metadata={"question": sample.input})
        )
    return Task(
        dataset=MemoryDataset(samples),
        solver=preset_messages(),
        scorer=one_critic_call(),
    )


def _run(task_obj: Task, log_dir: str) -> float:
    start = time.perf_counter()
    logs = eval(
        task_obj,
        model=MODEL,
        model_roles={"critic": MODEL},
        log_dir=log_dir,
        display="none",
        max_connections=100,
    )
    elapsed = time.perf_counter() - start
    assert logs[0].status == "success", logs[0].error
    return elapsed


def main_cli() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--json", type=Path, default=Path("bench/results/overhead.json"))
    args = parser.parse_args()

    bare_times: list[float] = []
    main_times: list[float] = []
    with tempfile.TemporaryDirectory() as log_dir:
        _run(bare(n=20), log_dir)  # warm up imports and the provider
        for repeat in range(args.repeats):
            # Task construction (data loading) is outside the timing in both cases; the order
            # alternates so that drift in machine load does not favour either task.
            bare_task, main_task = bare(n=args.n), main(n=args.n)
            runs = [("bare", bare_task), ("main", main_task)]
            for name, task_obj in runs if repeat % 2 == 0 else reversed(runs):
                gc.collect()
                (bare_times if name == "bare" else main_times).append(_run(task_obj, log_dir))
    ratios = [m / b for m, b in zip(main_times, bare_times, strict=True)]
    results = {
        "n": args.n,
        "repeats": args.repeats,
        "bare_median_s": statistics.median(bare_times),
        "main_median_s": statistics.median(main_times),
        "ratio_of_medians": statistics.median(main_times) / statistics.median(bare_times),
        "median_paired_ratio": statistics.median(ratios),
        "bare_s": bare_times,
        "main_s": main_times,
        "python": sys.version.split()[0],
    }
    print(f"{'task':<8}{'median s':>10}{'per sample ms':>15}")
    for name in ("bare", "main"):
        median = results[f"{name}_median_s"]
        assert isinstance(median, float)
        print(f"{name:<8}{median:>10.2f}{median / args.n * 1000:>15.2f}")
    print(f"ratio of medians main/bare: {results['ratio_of_medians']:.3f} (goal <= 1.15)")
    print(f"median of paired ratios:    {results['median_paired_ratio']:.3f}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.json}")


if __name__ == "__main__":
    main_cli()
