"""The four generate modes of PERSONA and how each builds the target model's prompt."""

from __future__ import annotations

from dataclasses import dataclass

from inspect_ai.model import ChatMessage, ChatMessageSystem, ChatMessageUser

from persona_bench.blocks import fenced_block
from persona_bench.errors import PersonaBenchError
from persona_bench.solvers.prompts import (
    ANSWER_FORMAT,
    BASELINE_SYSTEM,
    CHAIN_OF_THOUGHT_FORMAT,
    DEMOGRAPHIC_SUMMARY_FORMAT,
    PERSONALIZED_SYSTEM,
)


@dataclass(frozen=True)
class GenerateMode:
    """How the model under test is asked to answer.

    Attributes:
        name: The mode's canonical name.
        shows_persona: Whether the persona is in the prompt (False only for ``baseline``).
        answer_format: The instruction that says where the answer (and any preamble) goes.
        preamble_tag: The tag of the ungraded text before the answer (``reasoning`` or
            ``summary``), or None.
    """

    name: str
    shows_persona: bool
    answer_format: str
    preamble_tag: str | None = None

    def messages(self, question: str, persona_text: str) -> list[ChatMessage]:
        """Build the conversation the target model sees.

        Args:
            question: The person's message.
            persona_text: The rendered persona (ignored when the mode hides it).

        Returns:
            A system message (with the persona when shown) and the question as user message.
        """
        if self.shows_persona:
            system = PERSONALIZED_SYSTEM.format(persona_block=fenced_block("PROFILE", persona_text))
        else:
            system = BASELINE_SYSTEM
        return [
            ChatMessageSystem(content=f"{system}\n\n{self.answer_format}"),
            ChatMessageUser(content=question),
        ]


GENERATE_MODES: dict[str, GenerateMode] = {
    mode.name: mode
    for mode in (
        GenerateMode("baseline", shows_persona=False, answer_format=ANSWER_FORMAT),
        GenerateMode("output_only", shows_persona=True, answer_format=ANSWER_FORMAT),
        GenerateMode(
            "chain_of_thought",
            shows_persona=True,
            answer_format=CHAIN_OF_THOUGHT_FORMAT,
            preamble_tag="reasoning",
        ),
        GenerateMode(
            "demographic_summary",
            shows_persona=True,
            answer_format=DEMOGRAPHIC_SUMMARY_FORMAT,
            preamble_tag="summary",
        ),
    )
}

# The names the PERSONA paper and its package used for the same modes.
MODE_ALIASES: dict[str, str] = {
    "direct": "output_only",
    "cot": "chain_of_thought",
    "demographic": "demographic_summary",
}


def resolve_mode(name: str) -> GenerateMode:
    """Look up a generate mode by name or alias.

    Args:
        name: ``baseline``, ``output_only``, ``chain_of_thought``, ``demographic_summary``, or
            an alias (``direct``, ``cot``, ``demographic``).

    Returns:
        The mode.

    Raises:
        PersonaBenchError: If the name is unknown; the message lists the valid ones.
    """
    if not isinstance(name, str):
        raise PersonaBenchError(
            f"mode must be one mode name, got {name!r}. To compare modes, run one eval per "
            "mode (see the README's 'All four modes at once')."
        )
    canonical = MODE_ALIASES.get(name, name)
    if canonical not in GENERATE_MODES:
        valid = [
            *GENERATE_MODES,
            *(f"{alias} (= {target})" for alias, target in MODE_ALIASES.items()),
        ]
        raise PersonaBenchError(f"Unknown mode {name!r}. Valid modes: {', '.join(valid)}.")
    return GENERATE_MODES[canonical]
