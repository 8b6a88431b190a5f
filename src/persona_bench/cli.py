"""The `persona-bench` command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from persona_bench.errors import PersonaBenchError


def _generate_personas(args: argparse.Namespace) -> None:
    from persona_bench.personas.census import generate_personas
    from persona_bench.personas.export import personas_to_jsonl

    text = personas_to_jsonl(generate_personas(args.n, seed=args.seed))
    if args.output is None:
        sys.stdout.write(text)
        return
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    print(f"Wrote {args.n} personas (seed {args.seed}) to {args.output}", file=sys.stderr)


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser of the `persona-bench` command.

    Returns:
        The parser, with one sub-command per job.
    """
    parser = argparse.ArgumentParser(
        prog="persona-bench", description="Tools for the PERSONA benchmark on Inspect AI."
    )
    commands = parser.add_subparsers(dest="command", required=True)

    personas = commands.add_parser("personas", help="Work with persona sets.")
    persona_commands = personas.add_subparsers(dest="personas_command", required=True)
    generate = persona_commands.add_parser(
        "generate", help="Generate census-grounded synthetic personas as JSONL."
    )
    generate.add_argument("-n", type=int, default=1000, help="How many personas (default 1000).")
    generate.add_argument("--seed", type=int, default=0, help="Random seed (default 0).")
    generate.add_argument(
        "-o", "--output", type=Path, default=None, help="Output .jsonl file (default: stdout)."
    )
    generate.set_defaults(handler=_generate_personas)

    from persona_bench.visualization.arguments import add_plot_command

    add_plot_command(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the `persona-bench` command.

    Args:
        argv: Arguments without the program name; None reads them from ``sys.argv``.

    Returns:
        The exit status: 0 on success, 2 on bad input.
    """
    args = build_parser().parse_args(argv)
    try:
        args.handler(args)
    except PersonaBenchError as error:
        print(f"persona-bench: error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
