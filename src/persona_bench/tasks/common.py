"""What every task shares: the data parameters and the generate-then-critique pipeline."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from inspect_ai import Epochs, Task
from inspect_ai.dataset import MemoryDataset, Sample
from inspect_ai.model import GenerateConfig
from inspect_ai.scorer import Metric, Scorer
from inspect_ai.solver import Solver

from persona_bench.personas.schema import Persona, check_persona_format
from persona_bench.personas.sources import load_personas
from persona_bench.questions.sources import Question, load_questions
from persona_bench.scorers.debate_critic import check_critic_retries, debate_critic
from persona_bench.solvers.modes import resolve_mode
from persona_bench.solvers.persona_generate import persona_generate


@dataclass(frozen=True)
class DataSources:
    """The task parameters that choose the data.

    Attributes:
        personas: ``builtin``, ``synthlabs`` or a local file path.
        questions: ``builtin``, ``prism-filter``, ``prism`` or a local file path.
        persona_split: ``train`` or ``test`` for ``synthlabs``.
        persona_revision: Hub revision to pin for ``synthlabs``.
        question_revision: Hub revision to pin for ``prism-filter`` / ``prism``.
        conversation_type: Keep only questions of this PRISM conversation type.
    """

    personas: str = "builtin"
    questions: str = "builtin"
    persona_split: str = "train"
    persona_revision: str | None = None
    question_revision: str | None = None
    conversation_type: str | None = None

    @property
    def name(self) -> str:
        """A short dataset name for the log, e.g. ``builtin-builtin`` or ``mine.jsonl-prism``."""
        return "-".join(Path(source).name for source in (self.personas, self.questions))

    def load(self) -> tuple[list[Persona], list[Question]]:
        """Load both pools.

        Returns:
            The personas and the questions.
        """
        personas = load_personas(
            self.personas, split=self.persona_split, revision=self.persona_revision
        )
        questions = load_questions(
            self.questions,
            revision=self.question_revision,
            conversation_type=self.conversation_type,
        )
        return personas, questions


@dataclass(frozen=True)
class PipelineSettings:
    """The task parameters of the generate-then-critique pipeline every task runs.

    Attributes:
        mode: Generate mode name or alias.
        persona_format: ``lines`` or ``dict``.
        critic_temperature: Critic sampling temperature.
        critic_max_tokens: Critic token limit, or None.
        critic_retries: Re-asks after an unreadable verdict.
    """

    mode: str = "output_only"
    persona_format: str = "lines"
    critic_temperature: float = 0.0
    critic_max_tokens: int | None = None
    critic_retries: int = 2

    def __post_init__(self) -> None:
        # Fail on bad settings before any data is loaded.
        resolve_mode(self.mode)
        check_persona_format(self.persona_format)
        check_critic_retries(self.critic_retries)


def persona_task(
    samples: Sequence[Sample],
    data: DataSources,
    settings: PipelineSettings,
    *,
    metrics: Sequence[Metric] | None = None,
    epochs: Epochs | None = None,
    config: GenerateConfig | None = None,
    metadata: dict[str, Any] | None = None,
    wrap: Callable[[Solver, Scorer], tuple[Solver, Scorer]] | None = None,
) -> Task:
    """Build a task that answers each sample in the chosen mode and grades it with the critic.

    Args:
        samples: The samples (from `persona_bench.samples`).
        data: The data parameters, for the dataset name and task metadata.
        settings: Mode, persona format and critic settings.
        metrics: Metrics replacing the critic's defaults (e.g. per-variant metrics).
        epochs: Repeated attempts per sample, with their reducers.
        config: Generation settings for the model under test.
        metadata: More task metadata.
        wrap: Wraps the solver and scorer together (e.g. pass@k's stop-on-success gate).

    Returns:
        The task.
    """
    generate_mode = resolve_mode(settings.mode)
    scorer = debate_critic(
        temperature=settings.critic_temperature,
        max_tokens=settings.critic_max_tokens,
        retries=settings.critic_retries,
        persona_format=settings.persona_format,
    )
    solver = persona_generate(mode=generate_mode.name, persona_format=settings.persona_format)
    if wrap is not None:
        solver, scorer = wrap(solver, scorer)
    return Task(
        dataset=MemoryDataset(list(samples), name=data.name),
        solver=solver,
        scorer=scorer,
        metrics=list(metrics) if metrics is not None else None,
        epochs=epochs,
        config=config or GenerateConfig(),
        metadata={
            "mode": generate_mode.name,
            "personas": data.personas,
            "questions": data.questions,
            **(metadata or {}),
        },
    )
