"""The critic's verdict: its JSON schema and a tolerant, never-raising parser."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from inspect_ai.model import ResponseSchema
from inspect_ai.util import JSONSchema

VERDICT_FIELDS: tuple[str, ...] = (
    "personalization_critique",
    "helpfulness_critique",
    "conclusion",
    "needs_revision",
)

VERDICT_SCHEMA = ResponseSchema(
    name="persona_verdict",
    description="Whether the answer still needs revision to fit the persona.",
    json_schema=JSONSchema(
        type="object",
        properties={
            "personalization_critique": JSONSchema(type="string"),
            "helpfulness_critique": JSONSchema(type="string"),
            "conclusion": JSONSchema(type="string"),
            "needs_revision": JSONSchema(type="boolean"),
        },
        required=list(VERDICT_FIELDS),
        additionalProperties=False,
    ),
    strict=True,
)

_TRUE = {"true", "yes", "1"}
_FALSE = {"false", "no", "0"}
_FENCE = re.compile(r"```(?:json|JSON)?\s*\n?(.*?)```", re.DOTALL)
_TRAILING_COMMA = re.compile(r",(\s*[}\]])")
_MAX_SCAN_CHARS = 200_000


@dataclass(frozen=True)
class Verdict:
    """A critic's judgement of one answer.

    Attributes:
        personalization_critique: How the answer should change to fit this person.
        helpfulness_critique: Whether such changes keep it helpful and harmless.
        conclusion: The critic's conclusion.
        needs_revision: True when the answer still needs to be personalized for the persona.
    """

    personalization_critique: str
    helpfulness_critique: str
    conclusion: str
    needs_revision: bool

    @property
    def passed(self) -> bool:
        """The benchmark's success: no revision needed."""
        return not self.needs_revision


@dataclass(frozen=True)
class UnreadableVerdict:
    """A critic output with no unambiguous verdict in it.

    Attributes:
        problem: What is wrong, phrased so that it can be put to the critic in a re-ask.
    """

    problem: str


def _as_bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        word = value.strip().strip(".").casefold()
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
    return None


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _json_objects(text: str) -> list[dict[str, Any]]:
    """Every top-level JSON object in the text, scanning left to right.

    After an object is decoded the scan resumes past its end, so objects quoted inside a
    string field of an outer object are never read as separate verdicts.
    """
    decoder = json.JSONDecoder()
    found: list[dict[str, Any]] = []
    position = text.find("{")
    while position != -1:
        try:
            value, end = decoder.raw_decode(text, position)
        except (json.JSONDecodeError, RecursionError):
            position = text.find("{", position + 1)
            continue
        if isinstance(value, dict):
            found.append(value)
        position = text.find("{", end)
    return found


def json_candidates(text: str, key: str) -> list[dict[str, Any]]:
    """The JSON objects in a model reply that carry `key`, read tolerantly.

    Fenced code is tried first, then the bare text; trailing commas are forgiven. Shared by
    every parser of a grader's JSON reply.

    Args:
        text: The reply text.
        key: The field a verdict object must have.

    Returns:
        The objects with that key, from the first place that has any; empty if none.
    """
    for chunk in [*_FENCE.findall(text), text]:
        for source in (chunk, _TRAILING_COMMA.sub(r"\1", chunk)):
            objects = [obj for obj in _json_objects(source) if key in obj]
            if objects:
                return objects
    return []


def parse_verdict(text: str) -> Verdict | UnreadableVerdict:
    """Read the critic's verdict from its raw output.

    Accepts the object alone, inside code fences, or with prose around it; ``needs_revision``
    may be a boolean, ``"true"``/``"false"``, ``"yes"``/``"no"`` or 0/1; trailing commas are
    forgiven. Several objects count only if they agree. Never raises.

    Args:
        text: The critic's output text.

    Returns:
        The verdict, or an `UnreadableVerdict` saying what was wrong.
    """
    if not text.strip():
        return UnreadableVerdict("the reply was empty")
    if len(text) > _MAX_SCAN_CHARS:
        text = text[:_MAX_SCAN_CHARS]
    candidates = json_candidates(text, "needs_revision")
    if not candidates:
        return UnreadableVerdict('the reply contained no JSON object with a "needs_revision" field')
    decisions = {_as_bool(candidate["needs_revision"]) for candidate in candidates}
    if None in decisions:
        return UnreadableVerdict('"needs_revision" was not true or false')
    if len(decisions) > 1:
        return UnreadableVerdict("the reply contained conflicting verdicts")
    verdict = candidates[-1]
    return Verdict(
        personalization_critique=_as_text(verdict.get("personalization_critique")),
        helpfulness_critique=_as_text(verdict.get("helpfulness_critique")),
        conclusion=_as_text(verdict.get("conclusion")),
        needs_revision=bool(decisions.pop()),
    )
