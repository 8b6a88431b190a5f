"""Pair personas with questions, reproducibly, and turn the pairs into Inspect samples."""

from __future__ import annotations

import random
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from inspect_ai.dataset import Sample

from persona_bench.errors import PersonaBenchError
from persona_bench.personas.schema import Persona
from persona_bench.questions.sources import Question

Pairing = Literal["shuffle", "zip"]
PAIRINGS: tuple[str, ...] = ("shuffle", "zip")


@dataclass(frozen=True)
class Pair:
    """One persona asking one question."""

    persona: Persona
    question: Question

    @property
    def id(self) -> str:
        """The stable sample id, ``p{persona_id}-q{question_id}``."""
        return f"p{self.persona.id}-q{self.question.id}"


def _endless_shuffles(count: int, rng: random.Random) -> Iterator[int]:
    """Yield indices 0..count-1 in a fresh seeded order, cycle after cycle."""
    while True:
        order = list(range(count))
        rng.shuffle(order)
        yield from order


def check_seed(seed: object) -> int:
    """Validate a seed parameter: an integer (a typo must not silently seed with a string).

    Raises:
        PersonaBenchError: If `seed` is not an integer.
    """
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise PersonaBenchError(f"seed must be an integer, got {seed!r}.")
    return seed


def pair_up(
    personas: Sequence[Persona],
    questions: Sequence[Question],
    *,
    n: int,
    seed: int = 0,
    pairing: str = "shuffle",
) -> list[Pair]:
    """Choose `n` distinct persona-question pairs.

    ``shuffle`` walks seeded permutations of personas and of questions side by side, so every
    persona (and question) is used once before any repeats, and skips a pair that already
    occurred. The walk depends only on `seed`, so the first `k` pairs are the same for every
    ``n >= k``: sample ids do not change when `n` changes. ``zip`` pairs row i with row i, as the
    original benchmark did.

    Args:
        personas: The persona pool.
        questions: The question pool.
        n: How many pairs.
        seed: Seed for ``shuffle``.
        pairing: ``"shuffle"`` or ``"zip"``.

    Returns:
        The pairs, in order.

    Raises:
        PersonaBenchError: If `n` is not positive, the pairing is unknown, or the pools cannot
            provide `n` distinct pairs.
    """
    if isinstance(n, bool) or not isinstance(n, int) or n <= 0:
        raise PersonaBenchError(f"n must be a positive integer, got {n!r}.")
    check_seed(seed)
    if pairing == "zip":
        limit = min(len(personas), len(questions))
        if n > limit:
            raise PersonaBenchError(
                f"n={n} is more than pairing='zip' can give ({limit}: {len(personas)} personas, "
                f"{len(questions)} questions). Lower n or use pairing='shuffle'."
            )
        return [Pair(personas[i], questions[i]) for i in range(n)]
    if pairing != "shuffle":
        raise PersonaBenchError(f"Unknown pairing {pairing!r}. Valid: {', '.join(PAIRINGS)}.")
    limit = len(personas) * len(questions)
    if n > limit:
        raise PersonaBenchError(
            f"n={n} is more than the {limit} distinct pairs of {len(personas)} personas and "
            f"{len(questions)} questions. Lower n or add personas or questions."
        )
    persona_rng, question_rng = (
        random.Random(f"{seed}:personas"),
        random.Random(f"{seed}:questions"),
    )
    seen: set[tuple[int, int]] = set()
    pairs: list[Pair] = []
    for p, q in zip(
        _endless_shuffles(len(personas), persona_rng),
        _endless_shuffles(len(questions), question_rng),
        strict=False,
    ):
        if (p, q) in seen:
            continue
        seen.add((p, q))
        pairs.append(Pair(personas[p], questions[q]))
        if len(pairs) == n:
            return pairs
    raise AssertionError("unreachable: the shuffles are endless")


def pair_metadata(pair: Pair) -> dict[str, Any]:
    """The sample metadata every task shares: persona, its id, and the question's fields."""
    return {
        "persona": dict(pair.persona.attributes),
        "persona_id": pair.persona.id,
        "question_id": pair.question.id,
        "question_category": pair.question.category or "uncategorized",
        "question_topic": pair.question.topic,
    }


WITHHELD_KEY = "withheld_attribute"
"""Sample metadata key of the attribute kept from the model but shown to the critic (LOO)."""


def persona_from_metadata(metadata: Mapping[str, Any]) -> Persona:
    """Rebuild the persona a sample shows the model, from its metadata.

    Args:
        metadata: Sample (or task state) metadata made by `pair_metadata`.

    Returns:
        The persona.
    """
    return Persona(id=str(metadata.get("persona_id", "")), attributes=dict(metadata["persona"]))


def withheld_metadata(persona: Persona, attribute: str) -> dict[str, Any]:
    """Metadata recording an attribute withheld from the model, to show the critic.

    Only the one attribute is stored, with its place in the persona, rather than the whole
    persona a second time: every sample's metadata travels through the log several times.

    Args:
        persona: The full persona.
        attribute: The attribute withheld from the model; the persona must have it.

    Returns:
        ``{WITHHELD_KEY: {"name": ..., "value": ..., "position": ...}}``.
    """
    names = list(persona.attributes)
    return {
        WITHHELD_KEY: {
            "name": attribute,
            "value": persona.attributes[attribute],
            "position": names.index(attribute),
        }
    }


def critic_persona_from_metadata(metadata: Mapping[str, Any]) -> Persona:
    """Rebuild the persona a sample shows the critic: the model's, plus any withheld attribute.

    Args:
        metadata: Sample (or task state) metadata made by `pair_metadata`, with
            `withheld_metadata` for a leave-one-out variant judged against the full persona.

    Returns:
        The persona, with the withheld attribute back in its original place.
    """
    persona = persona_from_metadata(metadata)
    withheld = metadata.get(WITHHELD_KEY)
    if not withheld:
        return persona
    items = list(persona.attributes.items())
    items.insert(int(withheld["position"]), (str(withheld["name"]), str(withheld["value"])))
    return Persona(id=persona.id, attributes=dict(items))


def pair_sample(pair: Pair, *, suffix: str = "", **extra_metadata: Any) -> Sample:
    """Turn a pair into an Inspect sample whose input is the question.

    Args:
        pair: The persona and question.
        suffix: Appended to the id for variants (e.g. ``"-full"``).
        **extra_metadata: More metadata (e.g. the variant).

    Returns:
        The sample, with id ``p{persona}-q{question}{suffix}``.
    """
    return Sample(
        id=pair.id + suffix,
        input=pair.question.text,
        metadata={**pair_metadata(pair), **extra_metadata},
    )


def build_samples(
    personas: Sequence[Persona],
    questions: Sequence[Question],
    *,
    n: int = 300,
    seed: int = 0,
    pairing: str = "shuffle",
) -> list[Sample]:
    """Build the samples of the main evaluation: `n` persona-question pairs.

    Args:
        personas: The persona pool.
        questions: The question pool.
        n: How many samples (default 300, as in the original benchmark).
        seed: Seed for the pairing.
        pairing: ``"shuffle"`` (default) or ``"zip"``.

    Returns:
        The samples; ids ``p{persona_id}-q{question_id}``, metadata from `pair_metadata`.
    """
    return [
        pair_sample(pair) for pair in pair_up(personas, questions, n=n, seed=seed, pairing=pairing)
    ]
