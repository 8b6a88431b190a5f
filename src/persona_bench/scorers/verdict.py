"""The critic's verdict: its JSON schema and a tolerant, never-raising parser."""

from __future__ import annotations

import bisect
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
_TRAILING_COMMA = re.compile(r",(\s*[}\]])")
# A longer reply is refused rather than read in part: a verdict past the cut could disagree.
MAX_REPLY_CHARS = 200_000
# What may end a JSON text that the reply cut off: a literal, number or \u-escape begun.
_LITERALS = ("true", "false", "null", "NaN", "Infinity", "-Infinity")
_NUMBER_START = re.compile(r"-?\d*\.?\d*(?:[eE][+-]?\d*)?")
_ESCAPE_START = re.compile(r"u[0-9a-fA-F]{0,3}")
# Where a JSON object or array may start. Checking the next character first skips stray
# brackets in prose cheaply: a failed decode costs time proportional to its position.
_VALUE_START = re.compile(r'\{\s*["}]|\[\s*[-\d"\[{\]tfnNI]')


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
    if isinstance(value, str):
        return value
    try:
        return json.dumps(value, ensure_ascii=False)
    except (ValueError, RecursionError):  # nested deeper than the encoder allows
        return "(a value too deeply nested to show)"


def _ran_out(source: str, content_end: int, message: str, position: int) -> bool:
    """Whether decoding failed because the text ended, not because the JSON was wrong.

    `message` and `position` are the decode error's; `content_end` is where the text's trailing
    whitespace begins. Only a short remainder (a literal, number or escape begun) is looked at,
    so the check costs the same on any text.
    """
    if message.startswith("Unterminated string"):
        return True
    if content_end - position > len("-Infinity"):
        return False
    rest = source[position:content_end]
    return (
        not rest
        or any(literal.startswith(rest) for literal in _LITERALS)
        or _NUMBER_START.fullmatch(rest) is not None
        or (message.startswith("Invalid \\uXXXX") and _ESCAPE_START.fullmatch(rest) is not None)
    )


# A failed decode costs time proportional to its position in the text it is given (the
# error's line and column are counted from the start), so each value is first decoded from a
# short window that starts where it does; only an outcome the window cannot settle (the window
# ended first) is decoded again from the whole text. That keeps a reply of many stray brackets
# linear instead of quadratic.
DECODE_WINDOW = 2048
# How far before its end a window's decode error must lie to be the whole text's error too:
# past the longest lookahead of a JSON token begun at the error (a literal such as -Infinity).
_WINDOW_MARGIN = 16


@dataclass(frozen=True)
class _DecodeError:
    message: str
    position: int


_CUT_OFF = "cut off"
_NOT_JSON = "not JSON"
_TOO_DEEP = UnreadableVerdict("the reply nested JSON too deeply to read")
_NUMBER_TOO_LONG = UnreadableVerdict("the reply held a number too long to read")


class _JsonScanner:
    """Decodes JSON values in a reply at given positions, forgiving trailing commas.

    The comma-free copy of the text is made once; positions map between the two, so a value
    read from the copy resumes the scan at the right place in the reply.
    """

    def __init__(self, text: str) -> None:
        self._decoder = json.JSONDecoder()
        self._window = DECODE_WINDOW
        self._removed = [match.start() for match in _TRAILING_COMMA.finditer(text)]
        # Where each removed comma falls in the copy, to map positions back.
        self._removed_in_copy = [at - index for index, at in enumerate(self._removed)]
        self._sources = [text]
        if self._removed:
            self._sources.append(_TRAILING_COMMA.sub(r"\1", text))
        self._content_ends = [len(source.rstrip()) for source in self._sources]

    def decode(self, position: int) -> tuple[Any, int] | str | UnreadableVerdict:
        """The value starting at `position` and the position after it, or why there is none.

        `_CUT_OFF`: the text ended inside the value; `_NOT_JSON`: no value starts there; an
        `UnreadableVerdict`: a value is there but cannot be read (too deep, too long a number),
        so nothing it may contain can be trusted either.
        """
        outcome = _NOT_JSON
        for copy, source in enumerate(self._sources):
            start = position - bisect.bisect_left(self._removed, position) if copy else position
            try:
                decoded = self._raw_decode(source, start)
            except RecursionError:
                return _TOO_DEEP
            except ValueError:  # an integer past Python's digit limit
                return _NUMBER_TOO_LONG
            if isinstance(decoded, _DecodeError):
                if _ran_out(source, self._content_ends[copy], decoded.message, decoded.position):
                    outcome = _CUT_OFF
                continue
            value, end = decoded
            return (
                (value, end + bisect.bisect_right(self._removed_in_copy, end))
                if copy
                else (
                    value,
                    end,
                )
            )
        return outcome

    def _raw_decode(self, source: str, start: int) -> tuple[Any, int] | _DecodeError:
        """`raw_decode` of `source` at `start`, settled from a window when the window can.

        A value that decodes inside the window ends with its closing bracket, so the whole
        text gives the same value; an error well inside the window is the whole text's error
        too, except an unterminated string (reported where the string starts).
        """
        if len(source) - start >= self._window:  # else the window would be the whole rest
            try:
                value, end = self._decoder.raw_decode(source[start : start + self._window])
            except json.JSONDecodeError as error:
                settled = error.pos < self._window - _WINDOW_MARGIN and not error.msg.startswith(
                    "Unterminated string"
                )
                if settled:
                    return _DecodeError(error.msg, start + error.pos)
            else:
                return value, start + end
        try:
            return self._decoder.raw_decode(source, start)
        except json.JSONDecodeError as error:
            return _DecodeError(error.msg, error.pos)


def _outermost_with(value: Any, key: str) -> list[dict[str, Any]]:
    """The objects carrying `key` in a decoded value, not looking inside those it finds."""
    found: list[dict[str, Any]] = []
    pending = [value]
    while pending:  # a loop, not recursion: decoded values may nest a thousand levels deep
        item = pending.pop()
        if isinstance(item, dict):
            if key in item:
                found.append(item)
            else:
                pending.extend(reversed(list(item.values())))
        elif isinstance(item, list):
            pending.extend(reversed(item))
    return found


def json_candidates(text: str, key: str) -> list[dict[str, Any]] | UnreadableVerdict:
    """The verdict objects of a model reply: the JSON objects that carry `key`, read tolerantly.

    The reply is scanned left to right for JSON objects and arrays, in prose or code fences
    alike, with trailing commas forgiven. Each one found is a top-level value: the scan resumes
    past its end, so text quoted inside its strings is never read as another object. Within a value
    the outermost objects carrying `key` count (``{"verdict": {...}}`` and ``[{...}]`` are
    read), never objects nested inside one that carries it. A reply that ends inside an
    unfinished object naming `key` was cut off mid-verdict and has none; an unfinished array
    (often just a bracket in prose) is read item by item. Shared by every
    parser of a grader's JSON reply.

    Args:
        text: The reply text.
        key: The field a verdict object must have.

    Returns:
        The verdict objects in reply order, or what was wrong when there are none.
    """
    if not text.strip():
        return UnreadableVerdict("the reply was empty")
    if len(text) > MAX_REPLY_CHARS:
        return UnreadableVerdict(f"the reply was longer than {MAX_REPLY_CHARS:,} characters")
    scanner = _JsonScanner(text)
    found: list[dict[str, Any]] = []
    start = _VALUE_START.search(text)
    while start is not None:
        decoded = scanner.decode(start.start())
        if isinstance(decoded, UnreadableVerdict):
            return decoded
        is_object = text[start.start()] == "{"
        if decoded == _CUT_OFF and is_object:  # all that follows is inside the unfinished object
            if f'"{key}"' in text[start.start() :]:
                return UnreadableVerdict("the reply ended before its JSON object was complete")
            break
        if decoded in (_NOT_JSON, _CUT_OFF):  # an unfinished array is read item by item
            start = _VALUE_START.search(text, start.start() + 1)
            continue
        assert isinstance(decoded, tuple)
        value, end = decoded
        found.extend(_outermost_with(value, key))
        start = _VALUE_START.search(text, end)
    if not found:
        return UnreadableVerdict(f'the reply contained no JSON object with a "{key}" field')
    return found


def parse_verdict(text: str) -> Verdict | UnreadableVerdict:
    """Read the critic's verdict from its raw output.

    Accepts the object alone, inside code fences, with prose around it, or wrapped in another
    object or a list; ``needs_revision`` may be a boolean, ``"true"``/``"false"``,
    ``"yes"``/``"no"`` or 0/1; trailing commas are forgiven. Several verdict objects count
    only if they all agree (see `json_candidates` for which objects count). Never raises.

    Args:
        text: The critic's output text.

    Returns:
        The verdict, or an `UnreadableVerdict` saying what was wrong.
    """
    candidates = json_candidates(text, "needs_revision")
    if isinstance(candidates, UnreadableVerdict):
        return candidates
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
