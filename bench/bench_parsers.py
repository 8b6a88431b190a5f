"""Parse time of the graders' reply parsers on hostile replies (the fuzz tests assert outcomes).

Each reply is parsed a few times in a warm process; the table shows the best time. Replies are
the pathological shapes the fuzz tests found slow before the parsers became single-pass: runs
of brackets, fences and punctuation, unclosed tags, and verdicts at the size limit.

Run: python bench/bench_parsers.py [--json bench/results/parsers.json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

from persona_bench.scorers.choice import parse_choice
from persona_bench.scorers.gold_match import parse_gold_match
from persona_bench.scorers.verdict import MAX_REPLY_CHARS, parse_verdict

BIG_VERDICT = json.dumps(
    {
        "personalization_critique": "x" * (MAX_REPLY_CHARS - 200),
        "helpfulness_critique": "fine",
        "conclusion": "ok",
        "needs_revision": False,
    }
)

CASES: list[tuple[str, Callable[[str], object], str]] = [
    ("verdict: '{' x 200k", parse_verdict, "{" * 200_000),
    ("verdict: 'x{' x 100k", parse_verdict, "x{" * 100_000),
    ("verdict: fences x 60k", parse_verdict, "```" * 60_000),
    ("verdict: trailing-comma objects x 18k", parse_verdict, '{"a": "b",}' * 18_000),
    ("verdict: '[1' x 100k", parse_verdict, "[1" * 100_000),
    ("verdict: one verdict near the size limit", parse_verdict, BIG_VERDICT),
    ("gold match: 100k dots in the letter", parse_gold_match, '{"match": "' + "." * 100_000 + '"}'),
    ("choice: '!' x 100k", parse_choice, "!" * 100_000 + "x"),
    ("choice: 100k unclosed tags", parse_choice, "<choice>" * 100_000),
    ("choice: 100k dashes inside a tag", parse_choice, f"<choice>{'-' * 100_000}B</choice>"),
]


def _best_seconds(parse: Callable[[str], object], text: str, repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        parse(text)
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", type=Path, default=Path("bench/results/parsers.json"))
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    rows = [
        {"reply": name, "chars": len(text), "best_s": _best_seconds(parse, text, args.repeats)}
        for name, parse, text in CASES
    ]
    print(f"{'reply':<44}{'chars':>10}{'best s':>10}")
    for row in rows:
        print(f"{row['reply']:<44}{row['chars']:>10,}{row['best_s']:>10.3f}")
    results = {"repeats": args.repeats, "python": sys.version.split()[0], "cases": rows}
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.json}")


if __name__ == "__main__":
    main()
