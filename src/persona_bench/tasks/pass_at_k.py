"""The `pass_at_k` task: how many independent attempts does the model need to personalize?"""

from __future__ import annotations

from inspect_ai import Epochs, Task, task
from inspect_ai.model import GenerateConfig

from persona_bench.errors import PersonaBenchError
from persona_bench.samples import build_samples
from persona_bench.scorers.pass_at_k import attempt_outcomes, pass_at_k_metrics
from persona_bench.scorers.stop_on_success import stop_on_first_success
from persona_bench.tasks.common import DataSources, PipelineSettings, persona_task


def check_k(k: object) -> int:
    """Validate the k parameter.

    Raises:
        PersonaBenchError: If it is not an integer >= 1.
    """
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise PersonaBenchError(f"k must be an integer >= 1, got {k!r}.")
    return k


def check_attempts(attempts: object, k: int) -> int:
    """Validate the attempts parameter against k; None means k attempts.

    Raises:
        PersonaBenchError: If it is not an integer >= k.
    """
    if attempts is None:
        return k
    if isinstance(attempts, bool) or not isinstance(attempts, int) or attempts < k:
        raise PersonaBenchError(
            f"attempts must be an integer >= k ({k}), got {attempts!r}: pass@{k} needs at "
            f"least {k} attempts per sample. Raise attempts or lower k."
        )
    return attempts


def check_temperature(temperature: object) -> float:
    """Validate the target sampling temperature.

    Raises:
        PersonaBenchError: If it is not a number >= 0.
    """
    if isinstance(temperature, bool) or not isinstance(temperature, int | float):
        raise PersonaBenchError(f"temperature must be a number >= 0, got {temperature!r}.")
    if not temperature >= 0:
        raise PersonaBenchError(f"temperature must be a number >= 0, got {temperature!r}.")
    return float(temperature)


@task
def pass_at_k(
    k: int = 16,
    attempts: int | None = None,
    temperature: float = 1.0,
    stop_on_success: bool = False,
    mode: str = "output_only",
    n: int = 30,
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
    """PERSONA pass@k: unbiased pass@k and attempts-to-success from independent attempts.

    Each sample is one persona asking one question, answered ``attempts`` times. Every attempt
    is an Inspect epoch: a fresh conversation sampled at ``temperature``, judged on its own by
    the ``critic`` model role (``--model-role critic=<model>``) against the real question.
    Reported: pass@1, pass@2, pass@4, ... up to pass@k (the unbiased estimator of Chen et al.
    2021 over each sample's scored attempts), the share of samples that ever passed, the mean
    attempts to the first pass, and the pass rate of each attempt number. Set the number of
    attempts with ``-T attempts=...``, not ``--epochs``.

    Args:
        k: Largest k of pass@k (default 16, as in the paper). pass@k is reported for the powers
            of two up to k, and k itself.
        attempts: Independent attempts per sample (default k); more than k tightens the
            estimates. Must be >= k.
        temperature: Sampling temperature of the model under test, so attempts differ
            (default 1.0).
        stop_on_success: Stop a sample's attempts after its first pass to save calls
            (default false). An attempt is skipped, with no target or critic call, when a
            lower-numbered attempt of the same sample has already passed when it starts; only
            ever-succeeded and attempts-to-success are then reported (pass@k would be biased).
            Savings are largest when samples outnumber ``--max-samples``, as Inspect runs all
            samples' first attempts before their second ones.
        mode: Generate mode: ``baseline`` (persona hidden), ``output_only`` (default),
            ``chain_of_thought`` or ``demographic_summary``; aliases ``direct``, ``cot``,
            ``demographic``.
        n: Number of persona-question samples (default 30); the log holds n x attempts.
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
        critic_retries: Re-asks after an unreadable verdict before an attempt is left unscored
            (default 2).
        persona_split: ``train`` or ``test`` split for ``personas=synthlabs``.
        persona_revision: Hub revision (commit, tag or branch) to pin ``synthlabs`` personas.
        question_revision: Hub revision to pin ``prism-filter`` / ``prism`` questions.
        conversation_type: Keep only questions of this PRISM type: ``unguided``,
            ``values guided`` or ``controversy guided``.

    Returns:
        The task.
    """
    k = check_k(k)
    attempts = check_attempts(attempts, k)
    temperature = check_temperature(temperature)
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
    return persona_task(
        samples,
        data,
        settings,
        metrics=pass_at_k_metrics(k, stop_on_success=stop_on_success),
        epochs=Epochs(attempts, reducer=attempt_outcomes()),
        config=GenerateConfig(temperature=temperature),
        metadata={"k": k, "attempts": attempts, "stop_on_success": stop_on_success},
        wrap=stop_on_first_success if stop_on_success else None,
    )
