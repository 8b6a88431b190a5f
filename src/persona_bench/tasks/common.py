"""What every task shares: loading the persona and question pools from task parameters."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from persona_bench.personas.schema import Persona
from persona_bench.personas.sources import load_personas
from persona_bench.questions.sources import Question, load_questions


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
