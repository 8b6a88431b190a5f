"""The `main` task: how often does the model's answer fit the person who asked?"""

from __future__ import annotations

from inspect_ai import Task, task

from persona_bench.samples import build_samples
from persona_bench.tasks.common import DataSources, PipelineSettings, persona_task


@task
def main(
    mode: str = "output_only",
    n: int = 300,
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
    """PERSONA main evaluation: personalized answers judged by a debate critic.

    Each sample is one persona asking one question. The model under test answers in the chosen
    generate mode; the ``critic`` model role (``--model-role critic=<model>``) judges whether the
    answer still needs revision for that persona. Score 1 = no revision needed.

    Args:
        mode: Generate mode: ``baseline`` (persona hidden), ``output_only`` (default),
            ``chain_of_thought`` or ``demographic_summary``; aliases ``direct``, ``cot``,
            ``demographic``.
        n: Number of persona-question samples (default 300, as in the paper).
        seed: Seed of the persona-question pairing.
        personas: ``builtin`` (offline census-grounded set), ``synthlabs`` (gated Hugging Face
            ``SynthLabsAI/Synthetic-Personas``) or a path to a .jsonl/.json/.csv/.parquet file.
        questions: ``builtin`` (offline), ``prism-filter`` (gated ``SynthLabsAI/PRISM-Filter``,
            the paper's questions), ``prism`` (``HannahRoseKirk/prism-alignment``) or a path to
            a .jsonl/.json/.csv/.parquet/.txt file.
        pairing: ``shuffle`` (seeded, default) or ``zip`` (row i with row i, as the original).
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
    data = DataSources(
        personas=personas,
        questions=questions,
        persona_split=persona_split,
        persona_revision=persona_revision,
        question_revision=question_revision,
        conversation_type=conversation_type,
    )
    persona_pool, question_pool = data.load()
    samples = build_samples(persona_pool, question_pool, n=n, seed=seed, pairing=pairing)
    return persona_task(samples, data, settings)
