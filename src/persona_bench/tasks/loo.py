"""The `loo` task: which persona attributes does the model's personalization rely on?"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from inspect_ai import Task, task
from inspect_ai.scorer import accuracy, grouped, stderr

from persona_bench.leave_one_out import check_judge_persona, loo_samples, parse_loo_attributes
from persona_bench.samples import pair_up
from persona_bench.scorers.debate_critic import self_graded
from persona_bench.scorers.loo_metrics import loo_deltas
from persona_bench.tasks.common import DataSources, PipelineSettings, persona_task

logger = logging.getLogger(__name__)


@task
def loo(
    attributes: str | Sequence[str] | None = None,
    n: int = 30,
    judge_persona: str = "full",
    mode: str = "output_only",
    seed: int = 0,
    personas: str = "builtin",
    questions: str = "builtin",
    pairing: str = "shuffle",
    persona_format: str = "lines",
    critic_temperature: float = 0.0,
    critic_max_tokens: int | None = None,
    critic_retries: int = 2,
    persona_split: str = "train",
    persona_revision: str | None = None,
    question_revision: str | None = None,
    conversation_type: str | None = None,
    bootstrap_resamples: int = 2000,
) -> Task:
    """PERSONA leave-one-out: drop one persona attribute at a time and measure the change.

    For each of `n` persona-question pairs the model answers with the full persona (variant
    ``full``) and once per dropped attribute (variant = the attribute). The log reports the
    pass rate per variant and, per attribute, the paired delta ``pass(full) - pass(drop)``
    over the same pairs with a seeded paired-bootstrap 95% CI.

    Args:
        attributes: Attributes to drop: a list, a comma-separated string
            (``-T attributes="age,religion"``) or a path to a JSON file in the original format
            ``{"attributes": [...]}``. Default: every attribute present in the sampled personas.
        n: Number of persona-question pairs (default 30, as the original).
        judge_persona: ``full`` (default): the critic always sees the full persona, so the
            score measures how well the answer fits the real person; ``reduced``: the critic
            sees the same reduced persona as the model.
        mode: Generate mode: ``baseline``, ``output_only`` (default), ``chain_of_thought`` or
            ``demographic_summary``; aliases ``direct``, ``cot``, ``demographic``.
        seed: Seed of the pairing and of the bootstrap.
        personas: ``builtin``, ``synthlabs`` or a path to a .jsonl/.json/.csv/.parquet file.
        questions: ``builtin``, ``prism-filter``, ``prism`` or a path to a
            .jsonl/.json/.csv/.parquet/.txt file.
        pairing: ``shuffle`` (seeded, default) or ``zip`` (row i with row i).
        persona_format: ``lines`` (readable, default) or ``dict`` (the original's dict style).
        critic_temperature: Critic sampling temperature (default 0).
        critic_max_tokens: Critic token limit (default: provider's).
        critic_retries: Re-asks after an unreadable verdict (default 2).
        persona_split: ``train`` or ``test`` split for ``personas=synthlabs``.
        persona_revision: Hub revision to pin ``synthlabs`` personas.
        question_revision: Hub revision to pin ``prism-filter`` / ``prism`` questions.
        conversation_type: Keep only questions of this PRISM type.
        bootstrap_resamples: Paired-bootstrap resamples for the delta CIs (default 2000).

    Returns:
        The task.
    """
    settings = PipelineSettings(
        mode=mode,
        persona_format=persona_format,
        critic_temperature=critic_temperature,
        critic_max_tokens=critic_max_tokens,
        critic_retries=critic_retries,
    )
    requested = parse_loo_attributes(attributes)
    check_judge_persona(judge_persona)
    data = DataSources(
        personas=personas,
        questions=questions,
        persona_split=persona_split,
        persona_revision=persona_revision,
        question_revision=question_revision,
        conversation_type=conversation_type,
    )
    persona_pool, question_pool = data.load()
    pairs = pair_up(persona_pool, question_pool, n=n, seed=seed, pairing=pairing)
    design = loo_samples(pairs, requested, judge_persona)
    for attribute, count in design.skipped.items():
        logger.warning(
            "loo: %d of %d sampled personas lack %r; those pairs have no variant for it.",
            count,
            len(pairs),
            attribute,
        )
    return persona_task(
        design.samples,
        data,
        settings,
        metrics=[
            accuracy(),
            stderr(),
            grouped(accuracy(), "variant", all=False),
            loo_deltas(resamples=bootstrap_resamples, seed=seed),
            self_graded(),
        ],
        metadata={
            "attributes": design.attributes,
            "judge_persona": judge_persona,
            "pairs": len(pairs),
            "skipped_variants": design.skipped,
        },
    )
