"""The debate critic: one critic-model call decides whether the answer fits the persona."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from inspect_ai.model import (
    ChatMessage,
    ChatMessageAssistant,
    ChatMessageSystem,
    ChatMessageUser,
    GenerateConfig,
    Model,
    get_model,
    model_roles,
)
from inspect_ai.scorer import (
    Metric,
    SampleScore,
    Score,
    Scorer,
    Target,
    accuracy,
    grouped,
    metric,
    scorer,
    stderr,
)
from inspect_ai.solver import TaskState

from persona_bench.blocks import fenced_block
from persona_bench.errors import PersonaBenchError
from persona_bench.personas.schema import check_persona_format
from persona_bench.samples import critic_persona_from_metadata
from persona_bench.scorers.prompts import CRITIC_REASK, CRITIC_SYSTEM
from persona_bench.scorers.verdict import (
    VERDICT_SCHEMA,
    UnreadableVerdict,
    Verdict,
    parse_verdict,
)
from persona_bench.solvers.response import PersonaResponse

logger = logging.getLogger(__name__)

CRITIC_ROLE = "critic"


@dataclass(frozen=True)
class CriticChoice:
    """The model that grades, and whether it is the model under test grading itself."""

    model: Model
    is_target: bool


def resolve_critic() -> CriticChoice:
    """Find the critic: the model bound to the ``critic`` role, else the model under test.

    Returns:
        The critic model; ``is_target`` is True when no critic role is bound or the bound
        critic is the model under test (a self-graded run).
    """
    if model_roles().get(CRITIC_ROLE) is None:
        return CriticChoice(model=get_model(), is_target=True)
    critic = get_model(role=CRITIC_ROLE)
    return CriticChoice(model=critic, is_target=str(critic) == str(get_model()))


def critic_messages(question: str, answer: str, persona_text: str) -> list[ChatMessage]:
    """The critic's conversation: instructions, then the fenced profile, question and answer.

    Args:
        question: The persona's question.
        answer: The model's own extracted answer.
        persona_text: The full rendered persona.

    Returns:
        A system and a user message.
    """
    blocks = "\n\n".join(
        (
            fenced_block("PROFILE", persona_text),
            fenced_block("QUESTION", question),
            fenced_block("ANSWER", answer),
        )
    )
    return [
        ChatMessageSystem(content=CRITIC_SYSTEM),
        ChatMessageUser(content=f"{blocks}\n\nJudge the ANSWER for the person in the PROFILE."),
    ]


VerdictT = TypeVar("VerdictT")


@dataclass(frozen=True)
class CriticExchange(Generic[VerdictT]):
    """The outcome of asking the critic, with every raw reply kept for the log."""

    verdict: VerdictT | None
    problem: str | None
    raw_replies: list[str]


async def ask_until_readable(
    critic: Model,
    messages: list[ChatMessage],
    config: GenerateConfig,
    retries: int,
    parse: Callable[[str], VerdictT | UnreadableVerdict],
    reask: str,
) -> CriticExchange[VerdictT]:
    """Ask a grading model, re-asking up to `retries` times while its reply is unreadable.

    Shared by every critic-style scorer (the debate critic, the comparison's gold matcher), so
    that all of them have the same bounded re-asks and never raise. A failing call ends the
    exchange without a verdict, so one bad sample never stops the run.

    Args:
        critic: The grading model.
        messages: The grading conversation.
        config: Generation settings, including the response schema.
        retries: How many re-asks after an unreadable reply.
        parse: Reads a verdict from the reply text, or says what was wrong; never raises.
        reask: The re-ask message, with a ``{problem}`` placeholder.

    Returns:
        The verdict (or None) with the last problem and all raw replies.
    """
    replies: list[str] = []
    conversation = list(messages)
    problem = "no reply"
    for _ in range(retries + 1):
        try:
            output = await critic.generate(conversation, config=config)
        except Exception as error:
            return CriticExchange(None, f"the critic call failed: {error}", replies)
        text = output.completion
        replies.append(text)
        parsed = parse(text)
        if not isinstance(parsed, UnreadableVerdict):
            return CriticExchange(parsed, None, replies)
        problem = parsed.problem
        conversation = [
            *conversation,
            ChatMessageAssistant(content=text),
            ChatMessageUser(content=reask.format(problem=problem)),
        ]
    return CriticExchange(None, problem, replies)


async def ask_critic(
    critic: Model, messages: list[ChatMessage], config: GenerateConfig, retries: int
) -> CriticExchange[Verdict]:
    """Ask the critic for a debate verdict, re-asking up to `retries` times when unreadable.

    Args:
        critic: The critic model.
        messages: The critic conversation from `critic_messages`.
        config: Generation settings, including the verdict response schema.
        retries: How many re-asks after an unreadable verdict.

    Returns:
        The verdict (or None) with the last problem and all raw replies.
    """
    return await ask_until_readable(critic, messages, config, retries, parse_verdict, CRITIC_REASK)


def verdict_explanation(verdict: Verdict) -> str:
    """The text `inspect view` shows for a score: conclusion first, then both critiques."""
    return (
        f"Conclusion: {verdict.conclusion}\n\n"
        f"Personalization critique: {verdict.personalization_critique}\n\n"
        f"Helpfulness critique: {verdict.helpfulness_critique}"
    )


def judged_answer(state: TaskState) -> str:
    """The answer to grade: the extracted answer, or the raw completion if none was stored."""
    response = PersonaResponse.from_metadata(state.metadata)
    return response.answer if response else state.output.completion.strip()


def empty_answer_score(metadata: dict[str, Any] | None = None) -> Score:
    """The score of an empty answer: a failure, with no critic call."""
    return Score(
        value=0.0,
        answer="",
        explanation="The model gave an empty answer.",
        reason="no_response",
        metadata=metadata,
    )


def exchange_metadata(critic: CriticChoice, exchange: CriticExchange[Any]) -> dict[str, Any]:
    """Score metadata every critic-style scorer records: who graded, and with how many calls."""
    return {
        "critic_model": str(critic.model),
        "critic_is_target": critic.is_target,
        "critic_calls": len(exchange.raw_replies),
    }


def unreadable_verdict_score(
    answer: str, exchange: CriticExchange[Any], metadata: dict[str, Any]
) -> Score:
    """`Score.unscored` for a sample whose critic verdict stayed unreadable, raw replies kept."""
    return Score.unscored(
        reason="grader_failed",
        answer=answer,
        explanation=f"No readable critic verdict: {exchange.problem}.",
        metadata={**metadata, "critic_raw": exchange.raw_replies},
    )


class SelfGradingWarning:
    """Warns once per scorer when the model under test grades its own answers."""

    def __init__(self) -> None:
        self._warned = False

    def __call__(self, critic: CriticChoice) -> None:
        """Log the warning the first time `critic` is the model under test."""
        if critic.is_target and not self._warned:
            self._warned = True
            logger.warning(
                "No separate critic is bound: %s grades its own answers. Bind one with "
                "--model-role critic=<model> for a real evaluation.",
                critic.model,
            )


def check_critic_retries(retries: object) -> int:
    """Validate the critic_retries parameter.

    Raises:
        PersonaBenchError: If it is not an integer >= 0.
    """
    if isinstance(retries, bool) or not isinstance(retries, int) or retries < 0:
        raise PersonaBenchError(f"critic_retries must be an integer >= 0, got {retries!r}.")
    return retries


@metric
def self_graded() -> Metric:
    """Share of scored samples that the model under test graded itself (no separate critic).

    Anything above 0 means the pass rate is not a real, independent evaluation.
    """

    def share(scores: list[SampleScore]) -> float:
        flags = [bool((s.score.metadata or {}).get("critic_is_target")) for s in scores]
        return sum(flags) / len(flags) if flags else 0.0

    return share


@scorer(
    metrics=[
        accuracy(),
        stderr(),
        grouped(accuracy(), "question_category", all=False),
        self_graded(),
    ]
)
def debate_critic(
    temperature: float = 0.0,
    max_tokens: int | None = None,
    retries: int = 2,
    persona_format: str = "lines",
) -> Scorer:
    """Grade whether the model's own answer still needs revision for the persona.

    One call to the ``critic`` model role per sample (more only to re-ask after an unreadable
    verdict). The critic always sees the full persona (sample metadata ``persona`` with any
    ``withheld_attribute`` put back), the question and the model's extracted answer.

    Args:
        temperature: Critic sampling temperature (Inspect's eval-level flags do not reach
            role models).
        max_tokens: Critic token limit; None uses the provider default.
        retries: Re-asks after an unreadable verdict before the sample is left unscored.
        persona_format: ``lines`` or ``dict`` rendering of the persona for the critic.

    Returns:
        A scorer giving 1.0 when no revision is needed, 0.0 when it is, and
        `Score.unscored` when no verdict could be read.
    """
    style = check_persona_format(persona_format)
    check_critic_retries(retries)
    config = GenerateConfig(
        temperature=temperature, max_tokens=max_tokens, response_schema=VERDICT_SCHEMA
    )
    warn_if_self_graded = SelfGradingWarning()

    async def score(state: TaskState, target: Target) -> Score:
        answer = judged_answer(state)
        if not answer:
            return empty_answer_score({"attempt": state.epoch})
        critic = resolve_critic()
        warn_if_self_graded(critic)
        persona = critic_persona_from_metadata(state.metadata)
        messages = critic_messages(state.input_text, answer, persona.render(style))
        exchange = await ask_critic(critic.model, messages, config, retries)
        metadata = {"attempt": state.epoch, **exchange_metadata(critic, exchange)}
        if exchange.verdict is None:
            return unreadable_verdict_score(answer, exchange, metadata)
        verdict = exchange.verdict
        return Score(
            value=1.0 if verdict.passed else 0.0,
            answer=answer,
            explanation=verdict_explanation(verdict),
            metadata={
                **metadata,
                "needs_revision": verdict.needs_revision,
                "conclusion": verdict.conclusion,
                "personalization_critique": verdict.personalization_critique,
                "helpfulness_critique": verdict.helpfulness_critique,
            },
        )

    return score
