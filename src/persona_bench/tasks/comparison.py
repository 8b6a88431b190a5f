"""The `comparison` task: can the model tell which answer fits which of two similar people?"""

from __future__ import annotations

from pathlib import Path

from inspect_ai import Task, task
from inspect_ai.dataset import MemoryDataset
from inspect_ai.scorer import Scorer
from inspect_ai.solver import Solver

from persona_bench.comparison_items import (
    check_item_count,
    comparison_samples,
    load_comparison_items,
    select_items,
)
from persona_bench.errors import PersonaBenchError
from persona_bench.personas.schema import check_persona_format
from persona_bench.samples import check_seed
from persona_bench.scorers.choice import choice_match
from persona_bench.scorers.debate_critic import check_critic_retries
from persona_bench.scorers.gold_match import gold_match
from persona_bench.solvers.choice import comparison_choice
from persona_bench.solvers.modes import resolve_mode
from persona_bench.solvers.persona_generate import persona_generate

COMPARISON_FORMATS: tuple[str, ...] = ("choice", "generate")


def _pipeline(
    format: str,
    *,
    mode: str,
    persona_format: str,
    critic_temperature: float,
    critic_max_tokens: int | None,
    critic_retries: int,
) -> tuple[Solver, Scorer]:
    if format == "choice":
        return comparison_choice(persona_format=persona_format), choice_match()
    if format == "generate":
        solver = persona_generate(mode=resolve_mode(mode).name, persona_format=persona_format)
        scorer = gold_match(
            temperature=critic_temperature,
            max_tokens=critic_max_tokens,
            retries=critic_retries,
            persona_format=persona_format,
        )
        return solver, scorer
    raise PersonaBenchError(
        f"Unknown comparison format {format!r}. Valid formats: {', '.join(COMPARISON_FORMATS)}."
    )


@task
def comparison(
    source: str = "builtin",
    format: str = "choice",
    n: int | None = None,
    seed: int = 0,
    mode: str = "output_only",
    persona_format: str = "lines",
    critic_temperature: float = 0.0,
    critic_max_tokens: int | None = None,
    critic_retries: int = 2,
    revision: str | None = None,
) -> Task:
    """PERSONA comparison: gold answers for two personas who differ in a few attributes.

    Each item is a question, two personas A and B, the answer that fits each, and the
    attributes that set them apart. Every item gives two samples, one per persona X
    (ids ``c{item_id}-for-a`` / ``c{item_id}-for-b``). Results are reported overall and per
    distinguishing attribute.

    Args:
        source: ``builtin`` (offline items written for persona-bench, default), ``persona``
            (gated Hugging Face ``SynthLabsAI/PERSONA``: two personas' tailored answers to the
            same instruction) or a path to a .jsonl/.json file in the built-in format.
        format: ``choice`` (default): the model sees persona X and both gold answers as A/B in
            a seeded order and picks the one that fits X; exact match, no critic.
            ``generate``: the model writes its own answer for X and the ``critic`` model role
            (``--model-role critic=<model>``) says which gold answer it matches.
        n: Number of items (each gives two samples); default all.
        seed: Seed of the item selection and of the A/B order of the answers.
        mode: Generate mode for ``format=generate``: ``output_only`` (default), ``baseline``,
            ``chain_of_thought`` or ``demographic_summary`` (aliases ``direct``, ``cot``,
            ``demographic``).
        persona_format: ``lines`` (readable, default) or ``dict`` (the original's dict style).
        critic_temperature: Critic sampling temperature for ``format=generate`` (default 0).
        critic_max_tokens: Critic token limit (default: provider's).
        critic_retries: Re-asks after an unreadable verdict before a sample is left unscored
            (default 2).
        revision: Hub revision (commit, tag or branch) to pin ``source=persona``.

    Returns:
        The task.
    """
    # Check every setting before loading data, so a typo fails at once.
    check_persona_format(persona_format)
    check_critic_retries(critic_retries)
    check_item_count(n)
    check_seed(seed)
    solver, scorer = _pipeline(
        format,
        mode=mode,
        persona_format=persona_format,
        critic_temperature=critic_temperature,
        critic_max_tokens=critic_max_tokens,
        critic_retries=critic_retries,
    )
    items = select_items(load_comparison_items(source, revision=revision), n, seed)
    metadata = {"source": source, "format": format}
    if format == "generate":
        metadata["mode"] = resolve_mode(mode).name
    return Task(
        dataset=MemoryDataset(
            comparison_samples(items, seed=seed), name=f"comparison-{Path(source).name}"
        ),
        solver=solver,
        scorer=scorer,
        metadata=metadata,
    )
