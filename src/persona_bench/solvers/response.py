"""Reading the target model's completion: the answer to grade and the ungraded preamble."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

_ANSWER_OPEN = re.compile(r"<answer>", re.IGNORECASE)
_ANSWER_CLOSE = re.compile(r"</answer>", re.IGNORECASE)


@dataclass(frozen=True)
class ExtractedResponse:
    """What the project reads out of one completion.

    Attributes:
        answer: The text the critic grades.
        delimited: True when the answer sat between ``<answer>`` and ``</answer>``; False when
            the tags were missing (or unclosed) and the answer is the rest of the completion.
        preamble: The reasoning or persona summary before the answer, or None.
    """

    answer: str
    delimited: bool
    preamble: str | None


def _tagged(text: str, tag: str) -> str | None:
    match = re.search(rf"<{tag}>(.*?)</{tag}>", text, re.IGNORECASE | re.DOTALL)
    return match.group(1).strip() if match else None


def _without_tag(text: str, tag: str) -> str:
    return re.sub(rf"<{tag}>.*?</{tag}>", "", text, flags=re.IGNORECASE | re.DOTALL)


def extract_response(completion: str, preamble_tag: str | None = None) -> ExtractedResponse:
    """Split a completion into its answer and its preamble.

    The answer is the text inside the last ``<answer>...</answer>``. Without the tags, the
    answer is the whole completion less the preamble block (so reasoning is never graded);
    an opened but unclosed ``<answer>`` (a truncated completion) gives the text after it.

    Args:
        completion: The model's full output text.
        preamble_tag: ``"reasoning"`` or ``"summary"`` for modes that ask for one.

    Returns:
        The extracted response.
    """
    preamble = _tagged(completion, preamble_tag) if preamble_tag else None
    closes = list(_ANSWER_CLOSE.finditer(completion))
    if closes:
        close = closes[-1]
        opens = [m for m in _ANSWER_OPEN.finditer(completion, 0, close.start())]
        if opens:
            answer = completion[opens[-1].end() : close.start()].strip()
            return ExtractedResponse(answer=answer, delimited=True, preamble=preamble)
    opens = list(_ANSWER_OPEN.finditer(completion))
    if opens:
        rest = completion[opens[-1].end() :]
        return ExtractedResponse(answer=rest.strip(), delimited=False, preamble=preamble)
    remainder = _without_tag(completion, preamble_tag) if preamble_tag else completion
    return ExtractedResponse(answer=remainder.strip(), delimited=False, preamble=preamble)


RESPONSE_KEY = "response"


@dataclass(frozen=True)
class PersonaResponse:
    """The extracted response, kept in the sample's metadata (key ``response``).

    Attributes:
        mode: The generate mode that produced it.
        answer: The text the critic grades: the model's own words.
        answer_delimited: Whether the model used the answer tags; False means the whole
            completion (less any reasoning or summary) is the answer.
        reasoning: The chain-of-thought text, if the mode asked for it (not graded).
        persona_summary: The persona summary, if the mode asked for it (not graded).
    """

    mode: str
    answer: str
    answer_delimited: bool
    reasoning: str | None = None
    persona_summary: str | None = None

    def to_metadata(self) -> dict[str, Any]:
        """The response as a plain dict for sample metadata."""
        return asdict(self)

    @classmethod
    def from_metadata(cls, metadata: Mapping[str, Any]) -> PersonaResponse | None:
        """Read the response back from sample metadata, or None if no solver stored one."""
        data = metadata.get(RESPONSE_KEY)
        return cls(**data) if isinstance(data, Mapping) else None
