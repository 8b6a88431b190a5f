"""The comparison's generate format: does the model's own answer match the persona's gold?"""

from __future__ import annotations

import re
from dataclasses import dataclass

from inspect_ai.model import (
    ChatMessage,
    ChatMessageSystem,
    ChatMessageUser,
    GenerateConfig,
    ResponseSchema,
)
from inspect_ai.scorer import Score, Scorer, Target, accuracy, scorer, stderr
from inspect_ai.solver import TaskState
from inspect_ai.util import JSONSchema

from persona_bench.blocks import fenced_block
from persona_bench.personas.schema import check_persona_format
from persona_bench.samples import persona_from_metadata
from persona_bench.scorers.choice import attribute_accuracy
from persona_bench.scorers.debate_critic import (
    SelfGradingWarning,
    ask_until_readable,
    check_critic_retries,
    empty_answer_score,
    exchange_metadata,
    judged_answer,
    resolve_critic,
    self_graded,
    unreadable_verdict_score,
)
from persona_bench.scorers.gold_match_prompts import (
    GOLD_MATCH_REASK,
    GOLD_MATCH_SYSTEM,
    GOLD_MATCH_USER,
)
from persona_bench.scorers.verdict import UnreadableVerdict, json_candidates

GOLD_MATCH_SCHEMA_NAME = "gold_match_verdict"
GOLD_MATCH_SCHEMA = ResponseSchema(
    name=GOLD_MATCH_SCHEMA_NAME,
    description="Which reference answer the response matches in the way that matters.",
    json_schema=JSONSchema(
        type="object",
        properties={
            "reasoning": JSONSchema(type="string"),
            "match": JSONSchema(type="string", enum=["A", "B"]),
        },
        required=["reasoning", "match"],
        additionalProperties=False,
    ),
    strict=True,
)

# "B", "b.", "Candidate B", "(A)": what a critic may write instead of the bare letter.
# No two unbounded runs of \W touch, so a long run of punctuation is read in linear time.
_MATCH = re.compile(r"^\W*(?:(?:candidate|answer|option)\W*)?([ab])\W*$", re.IGNORECASE)


@dataclass(frozen=True)
class GoldMatch:
    """The comparison critic's verdict.

    Attributes:
        match: ``"A"`` or ``"B"``: the candidate the response matches.
        reasoning: The critic's reasoning.
    """

    match: str
    reasoning: str


def parse_gold_match(text: str) -> GoldMatch | UnreadableVerdict:
    """Read the comparison critic's verdict; tolerant like `parse_verdict`, never raises.

    Args:
        text: The critic's reply.

    Returns:
        The verdict, or what was wrong with the reply (for the re-ask).
    """
    candidates = json_candidates(text, "match")
    if isinstance(candidates, UnreadableVerdict):
        return candidates
    letters = set()
    for candidate in candidates:
        found = _MATCH.match(str(candidate["match"]))
        if found is None:
            return UnreadableVerdict('"match" was not "A" or "B"')
        letters.add(found.group(1).upper())
    if len(letters) > 1:
        return UnreadableVerdict("the reply contained conflicting verdicts")
    reasoning = candidates[-1].get("reasoning")
    return GoldMatch(match=letters.pop(), reasoning=str(reasoning) if reasoning else "")


def gold_match_messages(
    question: str, response: str, candidates: dict[str, str], persona_text: str
) -> list[ChatMessage]:
    """The comparison critic's conversation: instructions, then five fenced blocks.

    Args:
        question: The persona's question.
        response: The model's own extracted answer.
        candidates: Letter to gold answer, in the sample's seeded order.
        persona_text: The rendered persona X.

    Returns:
        A system and a user message.
    """
    return [
        ChatMessageSystem(content=GOLD_MATCH_SYSTEM),
        ChatMessageUser(
            content=GOLD_MATCH_USER.format(
                profile_block=fenced_block("PROFILE", persona_text),
                question_block=fenced_block("QUESTION", question),
                response_block=fenced_block("RESPONSE", response),
                candidate_a_block=fenced_block("CANDIDATE A", candidates["A"]),
                candidate_b_block=fenced_block("CANDIDATE B", candidates["B"]),
            )
        ),
    ]


@scorer(metrics=[accuracy(), stderr(), attribute_accuracy(), self_graded()])
def gold_match(
    temperature: float = 0.0,
    max_tokens: int | None = None,
    retries: int = 2,
    persona_format: str = "lines",
) -> Scorer:
    """Score 1 when the critic says the model's answer matches the persona's own gold answer.

    One call to the ``critic`` model role per sample (more only to re-ask after an unreadable
    verdict); without a bound critic the model under test grades itself, as in `main`.

    Args:
        temperature: Critic sampling temperature.
        max_tokens: Critic token limit; None uses the provider default.
        retries: Re-asks after an unreadable verdict before the sample is left unscored.
        persona_format: ``lines`` or ``dict`` rendering of the persona for the critic.

    Returns:
        A scorer giving 1.0 (matches X's gold), 0.0 (matches the other persona's gold, or no
        answer), or `Score.unscored` when no verdict could be read.
    """
    style = check_persona_format(persona_format)
    check_critic_retries(retries)
    config = GenerateConfig(
        temperature=temperature, max_tokens=max_tokens, response_schema=GOLD_MATCH_SCHEMA
    )

    warn_if_self_graded = SelfGradingWarning()

    async def score(state: TaskState, target: Target) -> Score:
        answer = judged_answer(state)
        if not answer:
            return empty_answer_score()
        critic = resolve_critic()
        warn_if_self_graded(critic)
        candidates = {str(k): str(v) for k, v in state.metadata["candidates"].items()}
        persona = persona_from_metadata(state.metadata)
        messages = gold_match_messages(state.input_text, answer, candidates, persona.render(style))
        exchange = await ask_until_readable(
            critic.model, messages, config, retries, parse_gold_match, GOLD_MATCH_REASK
        )
        metadata = {"gold": target.text, **exchange_metadata(critic, exchange)}
        if exchange.verdict is None:
            return unreadable_verdict_score(answer, exchange, metadata)
        verdict = exchange.verdict
        return Score(
            value=1.0 if verdict.match == target.text else 0.0,
            answer=answer,
            explanation=(
                f"Matches candidate {verdict.match}; this persona's answer is {target.text}.\n\n"
                f"{verdict.reasoning}"
            ),
            metadata={**metadata, "match": verdict.match, "reasoning": verdict.reasoning},
        )

    return score
