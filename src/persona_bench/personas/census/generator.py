"""Seeded generation of census-grounded personas.

One ``random.Random(seed)`` drives everything, persona by persona, so the same seed gives the
same personas and the first k personas do not depend on how many are asked for.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from itertools import islice

from persona_bench.errors import PersonaBenchError
from persona_bench.personas.census.acs_tables import AcsTables, acs_tables
from persona_bench.personas.census.demographics import draw_demographics
from persona_bench.personas.census.psychographics import (
    PsychTables,
    draw_psychographics,
    psychographic_tables,
)


def iter_personas(seed: int = 0) -> Iterator[dict[str, str]]:
    """Return an endless stream of census-grounded personas, in a fixed order for each seed.

    Args:
        seed: Seed of the generator's private random source; the global ``random`` state is
            neither used nor changed.

    Returns:
        An iterator of personas as attribute name to string value, keys in canonical
        `ATTRIBUTES` order. The 28 core attributes are always present; the five optional ACS
        attributes appear in a few percent of personas, only where they apply.

    Raises:
        PersonaBenchError: If the seed is not an integer, or a data file is malformed.
    """
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise PersonaBenchError(f"seed must be an integer, got {seed!r}.")
    # Load the tables now, so that a broken data file fails here rather than mid-stream.
    return _persona_stream(random.Random(seed), acs_tables(), psychographic_tables())


def generate_personas(n: int, seed: int = 0) -> list[dict[str, str]]:
    """Generate ``n`` synthetic personas grounded in US Census (ACS) distributions.

    Demographic attributes are drawn jointly from approximate ACS national distributions
    (cited in ``acs_distributions.json``) so that they are consistent with one another;
    psychographic attributes come from the project's own phrase banks, chosen to fit age, work,
    ancestry and birthplace.

    Args:
        n: How many personas to generate; must be at least 1.
        seed: Seed of the generator's private random source. The same ``(n, seed)`` always
            gives the same personas, and the first k personas of a seed are the same for
            every ``n >= k``.

    Returns:
        The personas, each a dict of attribute name to string value in canonical order.

    Raises:
        PersonaBenchError: If ``n`` is not a positive integer or ``seed`` is not an integer.

    Example:
        >>> from persona_bench.personas.census import generate_personas
        >>> personas = generate_personas(2, seed=7)
        >>> len(personas), list(personas[0])[:3]
        (2, ['age', 'sex', 'race'])
    """
    if isinstance(n, bool) or not isinstance(n, int):
        raise PersonaBenchError(f"n must be a positive integer, got {n!r}.")
    if n <= 0:
        raise PersonaBenchError(
            f"n must be a positive integer (how many personas to generate), got {n}."
        )
    return list(islice(iter_personas(seed), n))


def _persona_stream(
    rng: random.Random, acs: AcsTables, psych: PsychTables
) -> Iterator[dict[str, str]]:
    """Draw personas one after another from a single random source (hence prefix-stable)."""
    while True:
        yield _persona(rng, acs, psych)


def _persona(rng: random.Random, acs: AcsTables, psych: PsychTables) -> dict[str, str]:
    """Draw one persona and lay its attributes out in canonical order."""
    person = draw_demographics(rng, acs)
    mind = draw_psychographics(rng, psych, person)
    persona = person.values  # owned by this persona alone, so filled in place
    persona["detailed job description"] = mind.detailed_job_description
    # The demographic values already run in canonical order up to the optional attributes.
    persona["big five scores"] = mind.big_five_scores
    persona["defining quirks"] = mind.defining_quirks
    persona["mannerisms"] = mind.mannerisms
    persona["personal time"] = mind.personal_time
    persona["lifestyle"] = mind.lifestyle
    persona["ideology"] = mind.ideology
    persona["political views"] = mind.political_views
    persona["religion"] = mind.religion
    return persona
