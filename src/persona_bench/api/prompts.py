"""Prompt constructors: turn a persona and a question into the prompts a user's model sees."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from typing import Any

from inspect_ai.model import ChatMessage, ChatMessageSystem, ChatMessageUser

from persona_bench.personas.schema import Persona, PersonaFormat, check_persona_format
from persona_bench.solvers.choice import choice_messages
from persona_bench.solvers.modes import GenerateMode, resolve_mode


def _render(persona: Mapping[str, Any], persona_format: PersonaFormat) -> str:
    attributes = {str(key): str(value) for key, value in persona.items()}
    return Persona(id="", attributes=attributes).render(persona_format)


def _as_prompts(messages: list[ChatMessage]) -> dict[str, str]:
    system = next(m.text for m in messages if isinstance(m, ChatMessageSystem))
    user = next(m.text for m in messages if isinstance(m, ChatMessageUser))
    return {"system": system, "user": user}


class BasePromptConstructor(ABC):
    """Builds the prompts of one question for the model a user answers with.

    Subclass it and implement `construct_prompt` to ask your own way; the answers are graded
    by the same critic either way. The ``comparison`` task's choice format asks with
    `construct_choice_prompt` instead, which by default is the task's own choice prompt.
    """

    persona_format: PersonaFormat = "lines"

    @abstractmethod
    def construct_prompt(self, persona: Mapping[str, Any], question: str) -> dict[str, str]:
        """Build the prompts for one persona asking one question.

        Args:
            persona: The persona's attributes, ``{attribute: value}``.
            question: The person's message.

        Returns:
            ``{"system": ..., "user": ...}``.
        """

    def construct_choice_prompt(
        self, persona: Mapping[str, Any], question: str, candidates: Mapping[str, str]
    ) -> dict[str, str]:
        """Build the prompts of a choice question: which candidate answer fits the persona?

        The default is the ``comparison`` task's own prompt, asking for
        ``<choice>A</choice>`` or ``<choice>B</choice>``; override it to ask your own way.

        Args:
            persona: The persona's attributes.
            question: The person's message.
            candidates: Letter (``A``, ``B``) to candidate answer, in the order shown.

        Returns:
            ``{"system": ..., "user": ...}``.
        """
        shown = {str(letter): str(text) for letter, text in candidates.items()}
        return _as_prompts(choice_messages(question, shown, _render(persona, self.persona_format)))


class ModePromptConstructor(BasePromptConstructor):
    """The prompts the tasks themselves send in one generate mode.

    Args:
        mode: The generate mode (``output_only``, ``chain_of_thought``, ...).
        persona_format: ``lines`` or ``dict`` rendering of the persona.
    """

    def __init__(self, mode: str, persona_format: str = "lines") -> None:
        self.mode: GenerateMode = resolve_mode(mode)
        self.persona_format = check_persona_format(persona_format)

    def construct_prompt(self, persona: Mapping[str, Any], question: str) -> dict[str, str]:
        """Build the task's own system and user prompts for this mode.

        Args:
            persona: The persona's attributes.
            question: The person's message.

        Returns:
            ``{"system": ..., "user": ...}``, exactly as `GenerateMode.messages` builds them.
        """
        return _as_prompts(self.mode.messages(question, _render(persona, self.persona_format)))


class DefaultPromptConstructor(ModePromptConstructor):
    """The tasks' default ``output_only`` prompt: the persona in the system prompt.

    The answer goes between ``<answer>`` tags; a reply without them is graded whole.

    Args:
        persona_format: ``lines`` (default) or ``dict`` rendering of the persona.
    """

    def __init__(self, persona_format: str = "lines") -> None:
        super().__init__("output_only", persona_format)


class ChainOfThoughtPromptConstructor(ModePromptConstructor):
    """The tasks' ``chain_of_thought`` prompt: reasoning first, then the tagged answer.

    Only the text between ``<answer>`` tags is graded; the reasoning is kept but not judged.

    Args:
        persona_format: ``lines`` (default) or ``dict`` rendering of the persona.
    """

    def __init__(self, persona_format: str = "lines") -> None:
        super().__init__("chain_of_thought", persona_format)
