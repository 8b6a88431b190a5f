"""The ``intersectionality`` task: pass rates of sub-populations, each next to its complement."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from inspect_ai import Task, task
from inspect_ai.dataset import Sample
from inspect_ai.scorer import accuracy, stderr

from persona_bench.errors import PersonaBenchError
from persona_bench.intersections import (
    GroupPool,
    Intersection,
    groups_of,
    load_intersections,
    match_groups,
)
from persona_bench.personas.schema import Persona
from persona_bench.questions.sources import Question
from persona_bench.samples import PAIRINGS, Pair, pair_sample, pair_up
from persona_bench.scorers.debate_critic import self_graded
from persona_bench.scorers.group_metrics import GROUPS_KEY, check_group_names, group_pass_rates
from persona_bench.tasks.common import DataSources, PipelineSettings, persona_task

# The label, in ``sampled_for`` metadata, of the pairs drawn from the whole pool.
WHOLE_POOL = "(whole pool)"


@task
def intersectionality(
    intersections: str | list[Any] | dict[str, Any] | None = None,
    n: int = 50,
    reference_n: int | None = None,
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
) -> Task:
    """PERSONA intersectionality: how well the model personalizes for each sub-population.

    Each group is a set of attribute constraints (AND across attributes, OR within values,
    inclusive ``min``/``max`` ranges for age and income). Samples are drawn per group, plus a
    reference draw from the whole pool; the log reports every group's pass rate, n and
    standard error next to those of its complement (scored samples whose persona is not in
    the group), and each group's size in the persona pool.

    Args:
        intersections: The groups: a path to a JSON file, JSON text, or the parsed list
            (``-T intersections='[...]'``). The original format, a list of
            ``{"attributes": [{"attribute": "sex", "values": ["Male"]}, ...]}``, works as is;
            a constraint may instead give ``"min"``/``"max"`` for age or income, and a group
            may have a ``"name"``. Default: the built-in groups (men 18-34, women 18-34,
            people 65+, veterans, non-English households, adults with income under 25,000,
            people with a disability).
        n: Samples drawn per group (default 50); fewer when the group's personas and the
            questions cannot make that many distinct pairs.
        reference_n: Samples drawn from the whole persona pool, so that complements are not
            made only of other groups' members (default: ``n``; 0 for none).
        mode: Generate mode: ``baseline`` (persona hidden), ``output_only`` (default),
            ``chain_of_thought`` or ``demographic_summary``; aliases ``direct``, ``cot``,
            ``demographic``.
        seed: Seed of the persona-question pairing. Every draw uses the same seed, so the
            groups are asked the same questions in the same order as far as possible.
        personas: ``builtin`` (offline census-grounded set), ``synthlabs`` (gated Hugging Face
            ``SynthLabsAI/Synthetic-Personas``) or a path to a .jsonl/.json/.csv/.parquet file.
        questions: ``builtin`` (offline), ``prism-filter`` (gated ``SynthLabsAI/PRISM-Filter``,
            the paper's questions), ``prism`` (``HannahRoseKirk/prism-alignment``) or a path to
            a .jsonl/.json/.csv/.parquet/.txt file.
        pairing: ``shuffle`` (seeded, default) or ``zip`` (the i-th persona of each draw with
            question i).
        persona_format: ``lines`` (readable, default) or ``dict`` (the original's dict style).
        critic_temperature: Critic sampling temperature (default 0).
        critic_max_tokens: Critic token limit (default: provider's).
        critic_retries: Re-asks after an unreadable verdict before a sample is left unscored
            (default 2).
        persona_split: ``train`` or ``test`` split for ``personas=synthlabs``.
        persona_revision: Hub revision (commit, tag or branch) to pin ``synthlabs`` personas.
        question_revision: Hub revision to pin ``prism-filter`` / ``prism`` questions.
        conversation_type: Keep only questions of this PRISM type: ``unguided``,
            ``values guided`` or ``controversy guided``.

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
    # Check the cheap parameters before any data is loaded.
    groups = load_intersections(intersections)
    names = [group.name for group in groups]
    check_group_names(names)
    reference = _check_counts(n, reference_n)
    if pairing not in PAIRINGS:
        raise PersonaBenchError(f"Unknown pairing {pairing!r}. Valid: {', '.join(PAIRINGS)}.")
    data = DataSources(
        personas=personas,
        questions=questions,
        persona_split=persona_split,
        persona_revision=persona_revision,
        question_revision=question_revision,
        conversation_type=conversation_type,
    )
    persona_pool, question_pool = data.load()
    pools = match_groups(groups, persona_pool)
    draws = [(pool.intersection.name, pool.personas, n) for pool in pools]
    draws.append((WHOLE_POOL, tuple(persona_pool), reference))
    samples = group_samples(draws, question_pool, groups, seed=seed, pairing=pairing)
    return persona_task(
        samples,
        data,
        settings,
        metrics=[accuracy(), stderr(), group_pass_rates(names), self_graded()],
        metadata=_task_metadata(pools, samples, len(persona_pool), reference),
    )


def _check_counts(n: object, reference_n: object) -> int:
    """Validate the sample counts; return the reference count (default: `n`)."""
    if isinstance(n, bool) or not isinstance(n, int) or n <= 0:
        raise PersonaBenchError(f"n must be a positive integer (samples per group), got {n!r}.")
    if reference_n is None:
        return n
    if isinstance(reference_n, bool) or not isinstance(reference_n, int) or reference_n < 0:
        raise PersonaBenchError(
            f"reference_n must be an integer >= 0 (0 for no whole-pool samples), "
            f"got {reference_n!r}."
        )
    return reference_n


def group_samples(
    draws: Sequence[tuple[str, Sequence[Persona], int]],
    questions: Sequence[Question],
    intersections: Sequence[Intersection],
    *,
    seed: int,
    pairing: str,
) -> list[Sample]:
    """Draw pairs for each group, merge repeats, and tag every sample with all its groups.

    Args:
        draws: ``(label, personas, count)`` per draw: a group's members, or the whole pool.
        questions: The question pool.
        intersections: All groups, to list every group each sample's persona belongs to.
        seed: Seed of every draw.
        pairing: ``shuffle`` or ``zip``.

    Returns:
        One sample per distinct pair, id ``p{persona}-q{question}``, in draw order; metadata
        adds ``groups`` (all groups of the persona) and ``sampled_for`` (the draws that chose
        the pair) to the shared pair metadata.
    """
    chosen: dict[str, tuple[Pair, list[str]]] = {}
    for label, personas, count in draws:
        for pair in _draw(personas, questions, count, seed=seed, pairing=pairing):
            chosen.setdefault(pair.id, (pair, []))[1].append(label)
    return [
        # Every group of the persona, not only the draw's, so that a sample counts for each
        # group it belongs to and against each complement it belongs to.
        pair_sample(pair, groups=groups_of(pair.persona, intersections), sampled_for=labels)
        for pair, labels in chosen.values()
    ]


def _draw(
    personas: Sequence[Persona],
    questions: Sequence[Question],
    count: int,
    *,
    seed: int,
    pairing: str,
) -> list[Pair]:
    """Up to `count` distinct pairs; a small group gives all the pairs it can."""
    limit = len(personas) * len(questions)
    if pairing == "zip":
        limit = min(len(personas), len(questions))
    if count == 0 or limit == 0:
        return []
    return pair_up(personas, questions, n=min(count, limit), seed=seed, pairing=pairing)


def _task_metadata(
    pools: Sequence[GroupPool], samples: Sequence[Sample], pool_size: int, reference_n: int
) -> dict[str, Any]:
    """The groups as parsed, their sizes in the pool and in the samples, for the log."""
    sample_groups = [(sample.metadata or {}).get(GROUPS_KEY, []) for sample in samples]
    return {
        "intersections": [pool.intersection.to_dict() for pool in pools],
        "persona_pool_size": pool_size,
        "group_sizes": {pool.intersection.name: len(pool.personas) for pool in pools},
        "non_numeric": {pool.intersection.name: pool.non_numeric for pool in pools},
        "group_samples": {
            pool.intersection.name: sum(pool.intersection.name in g for g in sample_groups)
            for pool in pools
        },
        "reference_n": reference_n,
    }
