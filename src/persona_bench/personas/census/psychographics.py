"""Draw the psychographic attributes of one persona from the project's phrase banks.

Phrases are keyed by life stage, so children get age-appropriate entries and nobody over 80 is
sent to a nightclub. Religion follows ancestry and birthplace (Pew survey figures), ideology is
tilted by religion, group, age, education and sex, and political views follow ideology.
"""

from __future__ import annotations

import functools
import math
import random
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from persona_bench.errors import PersonaBenchError
from persona_bench.personas.census.acs_tables import WorkTables, acs_tables
from persona_bench.personas.census.data import (
    PHRASES_FILE,
    age_range,
    array,
    load_data_file,
    number,
    obj,
    text,
    texts,
    weights,
)
from persona_bench.personas.census.demographics import Demographics
from persona_bench.personas.census.sampling import MAX_AGE, AgeTable, WeightedChoice, pick

# The lean score is rounded to quarter steps and clamped, so ideology tables can be precomputed.
_LEAN_STEPS_PER_UNIT = 4
_LEAN_LIMIT = 3.0
_MODERATE = 2  # index of "moderate" among the five ideology levels
# Teen ideology banks for each of the five ideology levels.
_TEEN_SIDES = ("teen_left", "teen_left", "teen_center", "teen_right", "teen_right")
# Below this age people get the child ideology bank, and 'Atheist'/'Agnostic' (self-descriptions)
# become the unaffiliated child label.
_CHILD_AGE = 13
_BACHELOR_TIER = 4  # education tier of a bachelor's degree (see the ACS data file)


# Not frozen: one is built per persona and frozen dataclasses initialise slowly.
@dataclass(slots=True)
class Psychographics:
    """The phrase-bank attributes of one persona, in canonical order."""

    detailed_job_description: str
    big_five_scores: str
    defining_quirks: str
    mannerisms: str
    personal_time: str
    lifestyle: str
    ideology: str
    political_views: str
    religion: str


@dataclass(frozen=True, slots=True)
class Lean:
    """Shifts that tilt ideology (positive is more conservative)."""

    religion: dict[str, float]
    group: dict[str, float]
    age: AgeTable[float]
    education_tier: tuple[float, ...]
    sex: dict[str, float]


@dataclass(frozen=True, slots=True)
class PsychTables:
    """Everything the psychographic step draws from."""

    big_five: WeightedChoice[str]
    religion: dict[str, tuple[WeightedChoice[str], ...]]
    religion_age_band: AgeTable[int]
    unaffiliated: frozenset[str]
    child_unaffiliated: str
    ideology_levels: tuple[str, ...]
    ideology_by_lean: tuple[WeightedChoice[int], ...]
    lean: Lean
    party_by_ideology: tuple[WeightedChoice[str], ...]
    banks: dict[str, dict[str, tuple[str, ...]]]
    jobs: dict[str, tuple[str, ...]]
    not_working: dict[str, tuple[str, ...]]
    unemployed_prefix: str
    working_phrase: float
    older_quirk: float
    retired_specific: float


def life_stage(age: int) -> str:
    """Return the phrase-bank life stage for an age.

    Args:
        age: Age in years.

    Returns:
        One of young_child (0-4), child (5-12), teen (13-17), young_adult (18-29), adult (30-64),
        older_adult (65-79) and elderly (80+).
    """
    if age < 5:
        return "young_child"
    if age < 13:
        return "child"
    if age < 18:
        return "teen"
    if age < 30:
        return "young_adult"
    if age < 65:
        return "adult"
    if age < 80:
        return "older_adult"
    return "elderly"


def draw_psychographics(
    rng: random.Random, tables: PsychTables, person: Demographics
) -> Psychographics:
    """Draw the psychographic attributes of one persona.

    Args:
        rng: The generator's random source.
        tables: The psychographic tables.
        person: The persona's demographics, which the phrases must fit.

    Returns:
        The psychographic attributes.
    """
    stage = life_stage(person.age)
    big_five = tables.big_five.draw(rng)
    job = describe_job(rng, tables, person)
    quirks = pick(rng, tables.banks["defining quirks"][_quirk_key(rng, tables, stage)])
    mannerisms = pick(rng, tables.banks["mannerisms"][_mannerism_key(stage)])
    personal_time = _stage_phrase(rng, tables, "personal time", stage, person.work.has_job)
    lifestyle = _stage_phrase(rng, tables, "lifestyle", stage, person.work.has_job)
    religion = tables.religion[person.religion_profile][tables.religion_age_band.at(person.age)]
    religion_label = religion.draw(rng)
    if person.age < _CHILD_AGE and religion_label in tables.unaffiliated:
        religion_label = tables.child_unaffiliated
    ideology, political_views = _draw_politics(rng, tables, person, religion_label)
    return Psychographics(
        detailed_job_description=job,
        big_five_scores=big_five,
        defining_quirks=quirks,
        mannerisms=mannerisms,
        personal_time=personal_time,
        lifestyle=lifestyle,
        ideology=ideology,
        political_views=political_views,
        religion=religion_label,
    )


def describe_job(rng: random.Random, tables: PsychTables, person: Demographics) -> str:
    """Write the detailed job description that fits the persona's work situation.

    Args:
        rng: The generator's random source.
        tables: The psychographic tables.
        person: The persona's demographics.

    Returns:
        A phrase for the occupation (prefixed for the unemployed), the reason for not working,
        or a child's 'not applicable' phrase.
    """
    age, work, phrases = person.age, person.work, tables.not_working
    if age < 16:
        key = "young_child" if age < 5 else "child" if age < 14 else "young_teen"
        return pick(rng, phrases[key])
    if work.occupation is not None:
        description = pick(rng, tables.jobs[work.occupation.label])
        if work.has_job:
            return description
        # Unemployed people keep their last job, as ACS records it.
        return tables.unemployed_prefix + description[0].lower() + description[1:]
    if work.nilf_reason is None:
        return pick(rng, phrases["long_term_unemployed"])
    key = _not_working_key(
        rng, work.nilf_reason, age, person.education_tier, tables.retired_specific
    )
    return pick(rng, phrases[key])


def _not_working_key(
    rng: random.Random, reason: str, age: int, tier: int, retired_specific: float
) -> str:
    """Pick the not-working phrase bank; job-specific phrases must fit the education."""
    if reason == "student":
        if age < 18:
            return "student_high_school"
        # Students who already hold a bachelor's degree are graduate students.
        return "student_graduate" if tier >= _BACHELOR_TIER else "student_college"
    if reason == "retired" and rng.random() < retired_specific:
        return "retired_degree" if tier >= _BACHELOR_TIER else "retired_no_degree"
    return reason


def _quirk_key(rng: random.Random, tables: PsychTables, stage: str) -> str:
    """Pick the quirk bank: children and teens have their own; older people mix in theirs."""
    if stage in ("young_child", "child", "teen"):
        return stage
    if stage in ("older_adult", "elderly") and rng.random() < tables.older_quirk:
        return "older_adult"
    return "adult"


def _mannerism_key(stage: str) -> str:
    """Pick the mannerism bank for a life stage."""
    return stage if stage in ("young_child", "child", "teen") else "adult"


def _stage_phrase(
    rng: random.Random, tables: PsychTables, field: str, stage: str, has_job: bool
) -> str:
    """Pick a personal-time or lifestyle phrase; people with a job sometimes get a work one."""
    bank = tables.banks[field]
    if has_job and rng.random() < tables.working_phrase:
        return pick(rng, bank["working"])
    return pick(rng, bank[stage])


def _draw_politics(
    rng: random.Random, tables: PsychTables, person: Demographics, religion: str
) -> tuple[str, str]:
    """Draw ideology and political views; children get age-appropriate entries."""
    ideology_bank = tables.banks["ideology"]
    political_bank = tables.banks["political views"]
    if person.age < _CHILD_AGE:
        return pick(rng, ideology_bank["child"]), pick(rng, political_bank["minor_child"])
    level = tables.ideology_by_lean[_lean_index(tables.lean, person, religion)].draw(rng)
    if person.age < 18:
        side = _TEEN_SIDES[level]
        return pick(rng, ideology_bank[side]), pick(rng, political_bank["minor_teen"])
    ideology = pick(rng, ideology_bank[tables.ideology_levels[level]])
    party = tables.party_by_ideology[level].draw(rng)
    return ideology, pick(rng, political_bank[party])


def _lean_index(lean: Lean, person: Demographics, religion: str) -> int:
    """Sum the ideology shifts and turn them into an index into the precomputed tables."""
    score = (
        lean.religion.get(religion, 0.0)
        + lean.group.get(person.group, 0.0)
        + lean.age.at(max(person.age, 18))
        + lean.education_tier[min(person.education_tier, len(lean.education_tier) - 1)]
        + lean.sex.get(person.sex, 0.0)
    )
    clamped = max(-_LEAN_LIMIT, min(_LEAN_LIMIT, score))
    return round((clamped + _LEAN_LIMIT) * _LEAN_STEPS_PER_UNIT)


# ----------------------------------------------------------------------------- loading


def _religion_tables(
    raw: Mapping[str, Any],
) -> tuple[dict[str, tuple[WeightedChoice[str], ...]], AgeTable[int]]:
    """One religion table per profile and unaffiliated-age band (young adults less religious)."""
    unaffiliated = set(texts(raw.get("unaffiliated"), "religion.unaffiliated"))
    bands = array(raw, "unaffiliated_age_factor", "religion")
    factors = [number(band.get("factor"), "religion.unaffiliated_age_factor") for band in bands]
    band_index = AgeTable(
        [(*age_range(band, "religion.unaffiliated_age_factor"), i) for i, band in enumerate(bands)],
        "religion.unaffiliated_age_factor",
    )
    tables = {}
    for name, profile in obj(raw, "profiles", "religion").items():
        where = f"religion.profiles.{name}"
        base = weights(profile, where)
        tables[name] = tuple(
            WeightedChoice(
                [
                    (label, w * (factor if label in unaffiliated else 1.0))
                    for label, w in base.items()
                ],
                where,
            )
            for factor in factors
        )
    return tables, band_index


def _lean(raw: Mapping[str, Any]) -> Lean:
    """Read the ideology shifts."""
    lean = obj(raw, "lean", "ideology")
    age_bands = array(lean, "age_bands", "ideology.lean")
    return Lean(
        religion=weights(lean.get("religion"), "ideology.lean.religion"),
        group=weights(lean.get("group"), "ideology.lean.group"),
        age=AgeTable(
            [
                (*age_range(band, "ideology.lean.age_bands"), number(band.get("shift"), "lean"))
                for band in age_bands
            ],
            "ideology.lean.age_bands",
            first_age=18,
        ),
        education_tier=tuple(
            number(shift, "ideology.lean.education_tier")
            for shift in array(lean, "education_tier", "ideology.lean")
        ),
        sex=weights(lean.get("sex"), "ideology.lean.sex"),
    )


def _ideology_tables(
    raw: Mapping[str, Any],
) -> tuple[tuple[str, ...], tuple[WeightedChoice[int], ...]]:
    """Precompute the ideology-level distribution for every quarter step of lean."""
    levels = texts(raw.get("levels"), "ideology.levels")
    base = [number(pct, "ideology.base_pct") for pct in array(raw, "base_pct", "ideology")]
    if len(base) != len(levels):
        raise PersonaBenchError("Census data ideology: base_pct needs one value per level.")
    strength = number(raw.get("shift_strength"), "ideology.shift_strength")
    steps = round(2 * _LEAN_LIMIT * _LEAN_STEPS_PER_UNIT)
    tables = []
    for step in range(steps + 1):
        lean = step / _LEAN_STEPS_PER_UNIT - _LEAN_LIMIT
        tables.append(
            WeightedChoice(
                [
                    (level, pct * math.exp(strength * lean * (level - _MODERATE)))
                    for level, pct in enumerate(base)
                ],
                "ideology",
            )
        )
    return levels, tuple(tables)


def _big_five_table(raw: Mapping[str, Any]) -> WeightedChoice[str]:
    """Precompute every big-five string with its probability (traits drawn independently).

    One draw among the 3,125 combinations replaces five draws and a string join per persona.
    """
    traits = texts(raw.get("traits"), "big_five.traits")
    levels = weights(raw.get("levels"), "big_five.levels")
    combos: list[tuple[str, float]] = [("", 1.0)]
    for trait in traits:
        combos = [
            (f"{prefix}, {trait}: {level}" if prefix else f"{trait}: {level}", p * weight)
            for prefix, p in combos
            for level, weight in levels.items()
        ]
    return WeightedChoice(combos, "big_five")


def _banks(phrases: Mapping[str, Any]) -> dict[str, dict[str, tuple[str, ...]]]:
    """Read the life-stage phrase banks of the psychographic attributes."""
    fields = (
        "defining quirks",
        "mannerisms",
        "personal time",
        "lifestyle",
        "ideology",
        "political views",
    )
    return {
        name: {
            key: texts(bank, f"phrases.{name}.{key}")
            for key, bank in obj(phrases, name, "phrases").items()
        }
        for name in fields
    }


def _ages_16_up(work: WorkTables) -> list[tuple[str, ...]]:
    """The reasons for being out of the labor force that the ACS tables can produce."""
    return [
        table.values
        for age in range(16, MAX_AGE + 1)
        for table in work.nilf_reasons.at(age).values()
    ]


def _check_coverage(tables: PsychTables) -> None:
    """Fail early if a bank the generator can reach is missing."""
    stages = ("young_child", "child", "teen", "young_adult", "adult", "older_adult", "elderly")
    for name in ("personal time", "lifestyle"):
        missing = [key for key in (*stages, "working") if key not in tables.banks[name]]
        if missing:
            raise PersonaBenchError(f"Phrase bank {name!r} lacks life stages {missing}.")
    parties = {party for table in tables.party_by_ideology for party in table.values}
    missing = sorted(
        (parties | {"minor_child", "minor_teen"}) - set(tables.banks["political views"])
    )
    missing += [lvl for lvl in tables.ideology_levels if lvl not in tables.banks["ideology"]]
    required = {
        "defining quirks": ("young_child", "child", "teen", "adult", "older_adult"),
        "mannerisms": ("young_child", "child", "teen", "adult"),
        "ideology": ("child", *_TEEN_SIDES, *tables.ideology_levels),
    }
    for name, keys in required.items():
        missing += [f"{name}.{key}" for key in keys if key not in tables.banks[name]]
    acs = acs_tables()
    work = acs.work
    reasons = {reason for band in _ages_16_up(work) for reason in band}
    # Students draw from the student_* banks instead of one named after the reason.
    not_working = {
        *(reasons - {"student"}),
        *("young_child", "child", "young_teen", "long_term_unemployed"),
        *("student_high_school", "student_college", "student_graduate"),
        *("retired_degree", "retired_no_degree"),
    }
    missing += sorted(f"not_working.{key}" for key in not_working - set(tables.not_working))
    missing += [o.label for o in (*work.civilian, *work.military) if o.label not in tables.jobs]
    population = acs.population
    profiles = {origin.religion for origin in population.origins.values()} - {"us_region"}
    profiles |= {*population.region_by_state.values(), "national"}
    missing += sorted(profiles - set(tables.religion))
    if missing:
        raise PersonaBenchError(f"Phrase banks lack entries for: {', '.join(missing)}.")


@functools.cache
def psychographic_tables() -> PsychTables:
    """Read ``psychographic_phrases.json`` and build the psychographic tables, once per process.

    Returns:
        The tables.

    Raises:
        PersonaBenchError: If the file is missing or malformed, or a reachable bank is missing.
    """
    data = load_data_file(PHRASES_FILE)
    distributions = obj(data, "distributions", "phrases file")
    phrases = obj(data, "phrases", "phrases file")
    settings = obj(data, "settings", "phrases file")
    big_five = obj(distributions, "big_five", "distributions")
    ideology = obj(distributions, "ideology", "distributions")
    religion_raw = obj(distributions, "religion", "distributions")
    religion, religion_band = _religion_tables(religion_raw)
    levels, ideology_by_lean = _ideology_tables(ideology)
    political = obj(
        obj(distributions, "political_views", "distributions"), "by_ideology", "political"
    )
    jobs = obj(phrases, "detailed job description", "phrases")
    not_working = obj(jobs, "not_working", "detailed job description")
    prefix = text(not_working.get("unemployed_prefix"), "not_working.unemployed_prefix")
    tables = PsychTables(
        big_five=_big_five_table(big_five),
        religion=religion,
        religion_age_band=religion_band,
        unaffiliated=frozenset(texts(religion_raw.get("unaffiliated"), "religion.unaffiliated")),
        child_unaffiliated=text(
            religion_raw.get("child_unaffiliated_label"), "religion.child_unaffiliated_label"
        ),
        ideology_levels=levels,
        ideology_by_lean=ideology_by_lean,
        lean=_lean(ideology),
        party_by_ideology=tuple(
            WeightedChoice.from_mapping(weights(political.get(level), f"political.{level}"), level)
            for level in levels
        ),
        banks=_banks(phrases),
        jobs={
            label: texts(bank, f"occupations.{label}")
            for label, bank in obj(jobs, "occupations", "detailed job description").items()
        },
        not_working={
            key: texts(bank, f"not_working.{key}")
            for key, bank in not_working.items()
            if key != "unemployed_prefix"
        },
        unemployed_prefix=prefix,
        working_phrase=number(settings.get("working_phrase_pct"), "settings") / 100,
        older_quirk=number(settings.get("older_quirk_pct"), "settings") / 100,
        retired_specific=number(settings.get("retired_specific_pct"), "settings") / 100,
    )
    _check_coverage(tables)
    return tables
