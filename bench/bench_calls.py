"""Model calls and tokens per sample for every task, beside the original design's call counts.

Each task runs at its default settings, except a small size, on the offline test double
(`persona-mock/default`) as target and critic. The figures come from the task's own log:
calls per sample are counted from the model events of each sample, split by role (the model
under test has no role in the event, the critic has role ``critic``); tokens per sample come
from the same events' usage and are checked against the log's `stats.model_usage` (per model)
and `stats.role_usage` (per role). A "sample" is a sample id: for `pass_at_k` that is one
persona-question pair with all its attempts (Inspect epochs), so its calls per sample cover all
`k` = 16 attempts, as the original's "about 64" does.

The mock's token counts are characters / 4 of the real prompts and replies: a fair guide to
prompt size, not a real tokenizer's count. Call counts are exact for the mock; a real critic
that returns unreadable verdicts adds re-asks (at most `critic_retries` = 2 per sample).

Run: python bench/bench_calls.py [--n 20] [--json bench/results/calls.json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from inspect_ai import Task, eval
from inspect_ai.event import ModelEvent
from inspect_ai.log import EvalLog, read_eval_log
from inspect_ai.model import ModelUsage

from persona_bench.tasks import comparison, intersectionality, loo, main, pass_at_k

MODEL = "persona-mock/default"
TARGET = "target"
CRITIC = "critic"
BRIEF = "product brief PRODUCT.md, 'What was wrong with the original'"


@dataclass(frozen=True)
class Original:
    """The original design's model calls per sample, and where the figure comes from."""

    calls: str
    source: str


# The product brief gives the original's counts for main and pass@k. LOO and
# intersectionality ran the same generate-rewrite-critique-rewrite pipeline per sample, so the
# brief's "every answer and every critique was rewritten" gives 4 for them too (inferred).
ORIGINAL: dict[str, Original] = {
    "main": Original(
        "4",
        f"{BRIEF}: 'Every answer and every critique was rewritten by a hard-coded extra GPT-4o "
        "call before grading (4 model calls per sample, 2 of them to OpenAI ...)'",
    ),
    "loo": Original(
        "4 (inferred)",
        f"{BRIEF}: the same pipeline per variant, every answer and critique rewritten (no "
        "separate count given)",
    ),
    "intersectionality": Original(
        "4 (inferred)",
        f"{BRIEF}: the same pipeline per sample, every answer and critique rewritten (no "
        "separate count given)",
    ),
    "pass_at_k": Original(
        "~64",
        f"{BRIEF}: 'Pass@k generated its 16 attempts in one growing conversation ... judged "
        "the last answer 16 times ... ~64 calls per sample.'",
    ),
    "comparison-choice": Original(
        "n/a",
        "product brief PRODUCT.md, 'How the original evaluation works': comparison was "
        "'only on the authors' hosted API'; no call count given",
    ),
    "comparison-generate": Original(
        "n/a",
        "product brief PRODUCT.md, 'How the original evaluation works': comparison was "
        "'only on the authors' hosted API'; no call count given",
    ),
}

# This project's design, as the README states it per task.
DESIGNED: dict[str, int] = {
    "main": 2,
    "loo": 2,
    "intersectionality": 2,
    "pass_at_k": 32,
    "comparison-choice": 1,
    "comparison-generate": 2,
}


def task_builders(n: int) -> dict[str, Callable[[], Task]]:
    """Every task at its defaults except the size (`comparison`: n / 2 items, 2 samples each)."""
    items = max(1, n // 2)
    return {
        "main": lambda: main(n=n),
        "loo": lambda: loo(n=n),
        "intersectionality": lambda: intersectionality(n=n),
        "pass_at_k": lambda: pass_at_k(n=n),
        "comparison-choice": lambda: comparison(n=items),
        "comparison-generate": lambda: comparison(n=items, format="generate"),
    }


def add_usage(total: ModelUsage, usage: ModelUsage | None) -> ModelUsage:
    """The sum of two usages (input, output and total tokens)."""
    if usage is None:
        return total
    return ModelUsage(
        input_tokens=total.input_tokens + usage.input_tokens,
        output_tokens=total.output_tokens + usage.output_tokens,
        total_tokens=total.total_tokens + usage.total_tokens,
    )


def count_calls(log: EvalLog) -> dict[str, Any]:
    """Calls and tokens per sample id, by role, from the samples' model events."""
    calls: dict[str, Counter[str]] = defaultdict(Counter)
    usage: dict[str, dict[str, ModelUsage]] = defaultdict(lambda: defaultdict(ModelUsage))
    for sample in log.samples or []:
        sample_id = str(sample.id)
        for event in sample.events:
            if isinstance(event, ModelEvent):
                role = event.role or TARGET
                calls[sample_id][role] += 1
                usage[sample_id][role] = add_usage(usage[sample_id][role], event.output.usage)
    ids = sorted(calls)
    per_role: dict[str, Any] = {}
    for role in (TARGET, CRITIC):
        role_calls = [calls[i][role] for i in ids]
        role_usage = [usage[i][role] for i in ids]
        per_role[role] = {
            "calls_mean": statistics.fmean(role_calls) if ids else 0.0,
            "calls_min": min(role_calls, default=0),
            "calls_max": max(role_calls, default=0),
            "input_tokens_mean": statistics.fmean(u.input_tokens for u in role_usage)
            if ids
            else 0.0,
            "output_tokens_mean": statistics.fmean(u.output_tokens for u in role_usage)
            if ids
            else 0.0,
            "total_tokens": sum(u.total_tokens for u in role_usage),
        }
    other_roles = sorted({r for c in calls.values() for r in c} - {TARGET, CRITIC})
    return {"sample_ids": len(ids), "roles": per_role, "other_roles": other_roles}


def check_against_stats(log: EvalLog, counted: dict[str, Any]) -> dict[str, Any]:
    """Compare the event totals with the log's `stats.model_usage` and `stats.role_usage`."""
    model_total = sum(u.total_tokens for u in log.stats.model_usage.values())
    critic_stats = log.stats.role_usage.get(CRITIC)
    roles = counted["roles"]
    events_total = roles[TARGET]["total_tokens"] + roles[CRITIC]["total_tokens"]
    critic_total = critic_stats.total_tokens if critic_stats else 0
    return {
        "model_usage": {
            k: v.model_dump(exclude_none=True) for k, v in log.stats.model_usage.items()
        },
        "role_usage": {k: v.model_dump(exclude_none=True) for k, v in log.stats.role_usage.items()},
        "model_usage_matches_events": model_total == events_total,
        "critic_role_usage_matches_events": critic_total == roles[CRITIC]["total_tokens"],
    }


def measure(name: str, build: Callable[[], Task], log_dir: str) -> dict[str, Any]:
    """Run one task and count its calls and tokens per sample."""
    task_obj = build()
    (header,) = eval(
        task_obj,
        model=MODEL,
        model_roles={"critic": MODEL},
        log_dir=log_dir,
        display="none",
    )
    if header.status != "success":
        raise SystemExit(f"{name} failed: {header.error}")
    log = read_eval_log(header.location)
    counted = count_calls(log)
    roles = counted["roles"]
    return {
        "task": name,
        "samples": counted["sample_ids"],
        "sample_runs": len(log.samples or []),
        "calls_per_sample": roles[TARGET]["calls_mean"] + roles[CRITIC]["calls_mean"],
        "tokens_per_sample": (roles[TARGET]["total_tokens"] + roles[CRITIC]["total_tokens"])
        / max(counted["sample_ids"], 1),
        **counted,
        "designed_calls_per_sample": DESIGNED[name],
        "original_calls_per_sample": ORIGINAL[name].calls,
        "original_source": ORIGINAL[name].source,
        "stats": check_against_stats(log, counted),
    }


def print_table(rows: list[dict[str, Any]]) -> None:
    """One line per task: calls by role, tokens, and the original's count."""
    header = (
        f"{'task':<21}{'samples':>8}{'target':>8}{'critic':>8}{'calls':>7}{'design':>8}"
        f"{'original':>14}{'tok in':>9}{'tok out':>9}{'stats ok':>10}"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        roles = row["roles"]
        tokens_in = roles[TARGET]["input_tokens_mean"] + roles[CRITIC]["input_tokens_mean"]
        tokens_out = roles[TARGET]["output_tokens_mean"] + roles[CRITIC]["output_tokens_mean"]
        stats = row["stats"]
        ok = stats["model_usage_matches_events"] and stats["critic_role_usage_matches_events"]
        print(
            f"{row['task']:<21}{row['samples']:>8}{roles[TARGET]['calls_mean']:>8.2f}"
            f"{roles[CRITIC]['calls_mean']:>8.2f}{row['calls_per_sample']:>7.2f}"
            f"{row['designed_calls_per_sample']:>8}{row['original_calls_per_sample']:>14}"
            f"{tokens_in:>9.0f}{tokens_out:>9.0f}{'yes' if ok else 'NO':>10}"
        )
    print("calls and tokens are means per sample id (pass_at_k: all 16 attempts of one sample);")
    print("tokens are the mock's characters/4. Sources of the original's counts:")
    for row in rows:
        print(f"  {row['task']}: {row['original_source']}")


def main_cli() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=20, help="each task's n (comparison: n/2 items)")
    parser.add_argument("--json", type=Path, default=Path("bench/results/calls.json"))
    args = parser.parse_args()

    rows = []
    with tempfile.TemporaryDirectory() as log_dir:
        for name, build in task_builders(args.n).items():
            rows.append(measure(name, build, log_dir))
    print_table(rows)
    results = {
        "model": MODEL,
        "n": args.n,
        "tasks": rows,
        "python": sys.version.split()[0],
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.json}")


if __name__ == "__main__":
    main_cli()
