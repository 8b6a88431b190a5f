"""The solver that replays answers written outside Inspect, so that only the scorer runs."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from inspect_ai.model import (
    ChatMessageAssistant,
    ChatMessageSystem,
    ChatMessageUser,
    ModelOutput,
)
from inspect_ai.solver import Generate, Solver, TaskState, solver

from persona_bench.errors import PersonaBenchError
from persona_bench.solvers.response import RESPONSE_KEY, PersonaResponse, extract_response

REPLAY_MODE = "replay"

_ANSWER_TAG = re.compile(r"<answer>", re.IGNORECASE)


@dataclass(frozen=True)
class ReplayedAnswer:
    """One answer given outside Inspect, with the prompts it answered.

    Attributes:
        text: The full text the user's model wrote.
        system: The system prompt it was shown, or None.
        user: The user prompt it was shown, or None (then the sample input stands).
    """

    text: str
    system: str | None = None
    user: str | None = None


def replayed_response(text: str) -> PersonaResponse:
    """The response to grade from a logged answer.

    A plain answer is graded as written. An answer with ``<answer>...</answer>`` tags (e.g. from
    a chain-of-thought prompt) is graded on the tagged text only; its reasoning is kept apart.

    Args:
        text: The logged answer.

    Returns:
        The response, mode ``replay``.
    """
    if _ANSWER_TAG.search(text) is None:
        return PersonaResponse(mode=REPLAY_MODE, answer=text.strip(), answer_delimited=True)
    extracted = extract_response(text, preamble_tag="reasoning")
    return PersonaResponse(
        mode=REPLAY_MODE,
        answer=extracted.answer,
        answer_delimited=True,
        reasoning=extracted.preamble,
    )


@solver
def replay_answers(answers: Mapping[str, ReplayedAnswer], model: str = "replay") -> Solver:
    """Use answers given beforehand instead of calling the model under test.

    The conversation is set to the prompts the answer was given for plus the answer as the
    assistant's reply, and the answer goes to sample metadata ``response`` as the task's own
    solver would put it, so the task's scorer grades it unchanged.

    Args:
        answers: Answer per sample id.
        model: The model name to record on the replayed output.

    Returns:
        The solver. It makes no model call.

    Raises:
        PersonaBenchError: At solve time, for a sample with no answer.
    """

    async def solve(state: TaskState, generate: Generate) -> TaskState:
        answer = answers.get(str(state.sample_id))
        if answer is None:
            raise PersonaBenchError(f"No replayed answer for sample {state.sample_id!r}.")
        if answer.user is not None:
            system = [ChatMessageSystem(content=answer.system)] if answer.system else []
            state.messages = [*system, ChatMessageUser(content=answer.user)]
        state.messages.append(ChatMessageAssistant(content=answer.text, model=model))
        state.output = ModelOutput.from_content(model=model, content=answer.text)
        state.metadata[RESPONSE_KEY] = replayed_response(answer.text).to_metadata()
        return state

    return solve
