"""Scoring the comparison's choice format: exact match, per-attribute accuracy, position bias."""

from __future__ import annotations

import math
import re
import statistics

from inspect_ai.scorer import (
    Metric,
    SampleScore,
    Score,
    Scorer,
    Target,
    Value,
    accuracy,
    metric,
    scorer,
    stderr,
    value_to_float,
)
from inspect_ai.solver import TaskState

from persona_bench.errors import PersonaBenchError

ATTRIBUTES_KEY = "attributes"
PICKED_SLOT_KEY = "picked_slot"
LETTERS: tuple[str, ...] = ("A", "B")

_OPEN_TAG = re.compile(r"<choice>", re.IGNORECASE)
_CLOSE_TAG = re.compile(r"</choice>", re.IGNORECASE)
# What may surround the letter inside the tag: "B", "b.", "Answer B", "(A)", "Option A".
# No two unbounded runs of \W touch, so a long run of punctuation is read in linear time.
_LETTER = re.compile(r"^\W*(?:(?:answer|option|candidate)\W*)?([ab])\W*$", re.IGNORECASE)


def _tagged_contents(text: str) -> list[str]:
    """The texts between ``<choice>`` and the next ``</choice>``, in one pass over `text`.

    A regex with a lazy body would rescan the rest of the reply from every unclosed tag.
    """
    contents: list[str] = []
    position = 0
    while (opening := _OPEN_TAG.search(text, position)) is not None:
        closing = _CLOSE_TAG.search(text, opening.end())
        if closing is None:
            break
        contents.append(text[opening.end() : closing.start()])
        position = closing.end()
    return contents


def parse_choice(text: str) -> str | None:
    """Read the picked letter from a reply.

    The letter goes between ``<choice>`` and ``</choice>``; case, spaces, punctuation and a
    leading "Answer"/"Option" are forgiven. Without tags, a reply that is only a letter counts.
    Several tags count only if they agree.

    Args:
        text: The model's reply.

    Returns:
        ``"A"`` or ``"B"``, or None when no unambiguous letter was given.
    """
    tagged = _tagged_contents(text)
    contents = tagged if tagged else [text]
    letters = set()
    for content in contents:
        match = _LETTER.match(content.strip())
        if match is None:
            return None
        letters.add(match.group(1).upper())
    return letters.pop() if len(letters) == 1 else None


def _attributes_of(score: SampleScore) -> list[str]:
    attributes = (score.sample_metadata or {}).get(ATTRIBUTES_KEY)
    if not isinstance(attributes, list):
        # Silently skipping the sample would hide it from every attribute's figure.
        raise PersonaBenchError(
            f"Sample {score.sample_id} has no {ATTRIBUTES_KEY!r} list in its metadata; "
            "attribute_accuracy needs the distinguishing attributes of each sample."
        )
    return [str(name) for name in attributes]


@metric
def attribute_accuracy() -> Metric:
    """Accuracy per distinguishing attribute (sample metadata ``attributes``).

    A sample with several attributes counts towards each of them. Keys are the attribute names
    in order of first appearance.

    Returns:
        A metric whose value maps attribute name to accuracy.
    """
    to_float = value_to_float()

    def compute(scores: list[SampleScore]) -> Value:
        by_attribute: dict[str, list[float]] = {}
        for score in scores:
            for name in _attributes_of(score):
                by_attribute.setdefault(name, []).append(to_float(score.score.value))
        return {name: statistics.fmean(values) for name, values in by_attribute.items()}

    return compute


@metric
def first_slot_share() -> Metric:
    """Position bias: the share of answered samples whose pick was the first slot (A).

    Gold answers sit in either slot with equal chance, so an unbiased model is near 0.5.
    Samples without a readable pick are left out; NaN when none was answered.

    Returns:
        The metric.
    """

    def compute(scores: list[SampleScore]) -> Value:
        slots = [
            slot
            for score in scores
            if (slot := (score.score.metadata or {}).get(PICKED_SLOT_KEY)) is not None
        ]
        return sum(1 for slot in slots if slot == 0) / len(slots) if slots else math.nan

    return compute


@metric
def answered_share() -> Metric:
    """The share of samples with a readable pick; the rest scored 0.

    Returns:
        The metric.
    """

    def compute(scores: list[SampleScore]) -> Value:
        if not scores:
            return math.nan
        answered = [(s.score.metadata or {}).get(PICKED_SLOT_KEY) is not None for s in scores]
        return sum(answered) / len(answered)

    return compute


@scorer(metrics=[accuracy(), stderr(), attribute_accuracy(), first_slot_share(), answered_share()])
def choice_match() -> Scorer:
    """Score 1 when the picked letter is the target (the slot of the persona's gold answer).

    A reply without a readable letter scores 0, with ``picked`` None and reason ``no_choice``
    in the metadata. ``picked_slot`` (0 = first, 1 = second) feeds the position-bias metric.

    Returns:
        The scorer.
    """

    async def score(state: TaskState, target: Target) -> Score:
        picked = parse_choice(state.output.completion)
        gold = target.text
        metadata = {"picked": picked, "gold": gold, "for": state.metadata.get("for")}
        if picked is None:
            return Score(
                value=0.0,
                answer=state.output.completion[:200],
                explanation="No readable choice: expected <choice>A</choice> or "
                "<choice>B</choice>.",
                reason="no_choice",
                metadata={**metadata, PICKED_SLOT_KEY: None},
            )
        return Score(
            value=1.0 if picked == gold else 0.0,
            answer=picked,
            explanation=f"Picked {picked}; the answer that fits this persona is {gold}.",
            metadata={**metadata, PICKED_SLOT_KEY: LETTERS.index(picked)},
        )

    return score
