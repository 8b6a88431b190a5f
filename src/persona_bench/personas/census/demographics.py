"""Draw the ACS demographic attributes of one persona, jointly consistent.

Attributes are drawn in dependency order: age and sex, then race, ancestry and birthplace, then
language, education, work and income, then marriage and household, then veteran status and
health. Each step conditions on what came before, so that (for example) a 9-year-old is never
married, employed, a veteran or a householder, and a physician always holds an advanced degree.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from persona_bench.personas.census.acs_tables import (
    ARMED_FORCES,
    NOT_IN_LABOR_FORCE,
    UNEMPLOYED,
    AcsTables,
    HouseholdTables,
    Occupation,
    Origin,
    PopulationTables,
    WorkTables,
)

# Grade labels for children, indexed by the last grade completed (0 = kindergarten).
GRADE_LABELS = ("Kindergarten", *(f"Grade {grade}" for grade in range(1, 12)))

# Living arrangements in which the person is the parent of the householder's children.
_PARENT_ARRANGEMENTS = frozenset({"single_parent", "cohabiting_with_children"})
# Households that are not families in ACS terms (no relative of the householder present).
_NONFAMILY_MARKERS = (
    "living alone",
    "only nonrelatives present",
    "Cohabiting couple household, no",
)
_WITH_OWN_CHILDREN = "with children of the householder less than 18"
MARRIED = "Married"
ENGLISH_ONLY = "English only"


# Not frozen: one is built per persona and frozen dataclasses initialise slowly.
@dataclass(slots=True)
class Birth:
    """Where a person was born and what that means for citizenship.

    Attributes:
        place: The PUMS place-of-birth label (``"Texas/TX"``, ``"Puerto Rico"``, ``"India"``).
        citizenship: The PUMS citizenship label.
        native: Born in the US or a US territory.
        region: Census region of a US birth state (``"south"``), else None.
    """

    place: str
    citizenship: str
    native: bool
    region: str | None


# Not frozen: one is built per persona and frozen dataclasses initialise slowly.
@dataclass(slots=True)
class Work:
    """Employment, job and income.

    Attributes:
        status: The employment status label.
        class_of_worker: The class-of-worker label.
        industry: The industry label.
        occupation: The current or last occupation, or None (children, out of the labor force,
            long-term unemployed).
        occupation_label: The occupation label shown in the persona.
        nilf_reason: Why a person is out of the labor force (``"retired"``), else None.
        has_job: Currently employed (civilian or armed forces).
        income: The income string (``"62000.0"``, ``"Not applicable"``).
    """

    status: str
    class_of_worker: str
    industry: str
    occupation: Occupation | None
    occupation_label: str
    nilf_reason: str | None
    has_job: bool
    income: str


# Not frozen: one is built per persona and frozen dataclasses initialise slowly.
@dataclass(slots=True)
class Demographics:
    """The ACS attributes of one persona plus the hidden facts later steps condition on.

    Attributes:
        values: Demographic attribute name to value, in canonical order, optional
            attributes included only where shown.
        age: Age in years.
        sex: ``"Male"`` or ``"Female"``.
        group: Broad ethnic group (``"hispanic"``, ``"black"``...), for ideology lean.
        religion_profile: The religion profile that fits ancestry and birthplace.
        education_tier: 0 (below high school) to 6 (professional or doctorate).
        work: Employment details.
    """

    values: dict[str, str]
    age: int
    sex: str
    group: str
    religion_profile: str
    education_tier: int
    work: Work


def draw_demographics(rng: random.Random, tables: AcsTables) -> Demographics:
    """Draw the demographic attributes of one persona.

    Args:
        rng: The generator's random source (the only source of randomness).
        tables: The ACS tables.

    Returns:
        The demographic attributes and the facts later steps condition on.
    """
    population = tables.population
    age, sex = population.age_sex.draw(rng)
    race = population.race.draw(rng)
    ancestry = population.ancestry_by_race[race].draw(rng)
    origin = population.origins[(race, ancestry)]
    birth = _draw_birth(rng, population, origin, age)
    language = (origin.language_us_born if birth.native else origin.language_foreign_born).draw(rng)
    education = _draw_education(rng, tables, age)
    tier = tables.education.tiers.get(education, tables.education.default_tier)
    disability = _draw_disability(rng, tables, age)
    work = _draw_work(rng, tables.work, age, sex, tier, disability.disabled)
    marital = _draw_marital(rng, tables.households, age, sex)
    household, family = _draw_household(rng, tables.households, age, sex, marital)
    values = {
        "age": str(age),
        "sex": sex,
        "race": race,
        "ancestry": ancestry,
        "household language": language,
        "education": education,
        "employment status": work.status,
        "class of worker": work.class_of_worker,
        "industry category": work.industry,
        "occupation category": work.occupation_label,
        # Filled in by the psychographic step, which owns the phrase banks.
        "detailed job description": "",
        "income": work.income,
        "marital status": marital,
        "household type": household,
        "family presence and age": family,
        "place of birth": birth.place,
        "citizenship": birth.citizenship,
        "veteran status": _draw_veteran(rng, tables, age, sex, work),
    }
    values.update(_draw_health(rng, tables, age, sex, birth, language, disability))
    return Demographics(
        values=values,
        age=age,
        sex=sex,
        group=origin.group,
        religion_profile=_religion_profile(origin, birth),
        education_tier=tier,
        work=work,
    )


# ----------------------------------------------------------------------------- origins


def _draw_birth(
    rng: random.Random, population: PopulationTables, origin: Origin, age: int
) -> Birth:
    """Draw the birthplace and the citizenship that follows from it."""
    factor = population.foreign_age_factor.at(age)
    foreign = min(origin.foreign_born * factor, population.foreign_max)
    territory = min(origin.territory_born * factor, population.foreign_max - foreign)
    labels = population.citizenship_labels
    point = rng.random()
    if point < foreign and origin.countries is not None:
        country = origin.countries.draw(rng)
        citizenship = population.citizenship_for(country, origin.abroad_parent_pct).draw(rng)
        return Birth(country, citizenship, native=False, region=None)
    if point < foreign + territory and origin.territory is not None:
        return Birth(origin.territory, labels["territory_born"], native=True, region=None)
    state = origin.states.draw(rng)
    return Birth(state, labels["us_born"], native=True, region=population.region_by_state[state])


def _religion_profile(origin: Origin, birth: Birth) -> str:
    """Pick the religion profile: the ancestry's own, or the birth region's for US-born people."""
    if origin.religion != "us_region":
        return origin.religion
    return birth.region if birth.region is not None else "national"


# ----------------------------------------------------------------------------- education


def _draw_education(rng: random.Random, tables: AcsTables, age: int) -> str:
    """Draw educational attainment that fits the age (grade levels for children)."""
    education = tables.education
    if age < 3:
        return education.under_3
    if age < 5:
        return education.ages_3_4.draw(rng)
    if age == 5:
        return education.age_5.draw(rng)
    if age == 6:
        return education.age_6.draw(rng)
    if age < 17:
        # PUMS records the last grade completed: about age minus six, some a grade behind.
        grade = age - 6
        if rng.random() < education.grade_behind:
            grade -= 1
        return GRADE_LABELS[grade]
    if age == 17:
        return education.age_17.draw(rng)
    label = education.adults.at(age).draw(rng)
    if education.degree_min_age.get(label, 0) > age:
        # Nobody finishes a degree that young: count the schooling as credit without a degree.
        return education.degree_fallback
    return label


# ----------------------------------------------------------------------------- work and income


def _draw_work(
    rng: random.Random, work: WorkTables, age: int, sex: str, tier: int, disabled: bool
) -> Work:
    """Draw employment, job and income; only people with a disability leave work because of it."""
    labels = work.status_labels
    if age < 16:
        income = work.income_not_applicable
        if age >= work.income_from_age:
            income = _income_text(work, work.other_income["age_15"].draw(rng))
        return _no_job(work, labels["under_16"], None, income)
    kind = work.status_by_age_sex.at(age)[sex].draw(rng)
    if kind == NOT_IN_LABOR_FORCE:
        reason = work.nilf_reasons.at(age)[disabled].draw(rng)
        income = _income_text(work, work.other_income[reason].draw(rng))
        return _no_job(work, labels["not_in_labor_force"], reason, income)
    if kind == UNEMPLOYED:
        return _draw_unemployed(rng, work, age, sex, tier)
    occupations = None
    if kind == ARMED_FORCES:
        occupations = work.occupations_for(True, tier, sex, age)
    military = occupations is not None
    # Enlistment needs a diploma and age 17+; others drawn as armed forces work as civilians.
    if occupations is None:
        occupations = work.occupations_for(False, tier, sex, age)
    if occupations is None:
        return _draw_unemployed(rng, work, age, sex, tier)
    occupation = occupations.draw(rng)
    status = _employed_status(rng, work, military)
    return _job(rng, work, status, occupation, age, sex, employed=True)


def _employed_status(rng: random.Random, work: WorkTables, military: bool) -> str:
    """Pick the 'at work' or 'with a job but not at work' label."""
    away = rng.random() < work.not_at_work
    labels = work.status_labels
    if military:
        return labels["armed_forces_not_at_work" if away else "armed_forces"]
    return labels["not_at_work" if away else "at_work"]


def _draw_unemployed(rng: random.Random, work: WorkTables, age: int, sex: str, tier: int) -> Work:
    """Draw an unemployed person: most carry their last job, as ACS records it."""
    status = work.status_labels["unemployed"]
    occupations = work.occupations_for(False, tier, sex, age)
    if occupations is not None and rng.random() < work.unemployed_recent_job:
        return _job(rng, work, status, occupations.draw(rng), age, sex, employed=False)
    return Work(
        status=status,
        class_of_worker=work.class_long_term_unemployed,
        industry=work.industry_long_term_unemployed,
        occupation=None,
        occupation_label=work.occupation_long_term_unemployed,
        nilf_reason=None,
        has_job=False,
        income=_income_text(work, work.other_income["unemployed"].draw(rng)),
    )


def _job(
    rng: random.Random,
    work: WorkTables,
    status: str,
    occupation: Occupation,
    age: int,
    sex: str,
    employed: bool,
) -> Work:
    """Attach industry, class of worker and income to a current (or, if unemployed, last) job."""
    industry = occupation.industries.draw(rng)
    if industry.self_employment and rng.random() < occupation.self_employed:
        class_of_worker = work.self_employed_split.draw(rng)
    else:
        class_of_worker = industry.employee_classes.draw(rng)
    if employed:
        amount = _earnings(rng, work, occupation, class_of_worker, age, sex)
    else:
        amount = work.other_income["unemployed"].draw(rng)
    return Work(
        status=status,
        class_of_worker=class_of_worker,
        industry=industry.label,
        occupation=occupation,
        occupation_label=occupation.label,
        nilf_reason=None,
        has_job=employed,
        income=_income_text(work, amount),
    )


def _no_job(work: WorkTables, status: str, reason: str | None, income: str) -> Work:
    """A person without a current or recent job: children and people out of the labor force."""
    return Work(
        status=status,
        class_of_worker=work.job_not_applicable,
        industry=work.job_not_applicable,
        occupation=None,
        occupation_label=work.job_not_applicable,
        nilf_reason=reason,
        has_job=False,
        income=income,
    )


def _earnings(
    rng: random.Random,
    work: WorkTables,
    occupation: Occupation,
    class_of_worker: str,
    age: int,
    sex: str,
) -> float:
    """Draw yearly income around the occupation's median (losses for some self-employed)."""
    if class_of_worker == work.unpaid_label:
        return work.other_income["unpaid_family_worker"].draw(rng)
    if class_of_worker == work.unincorporated_label and rng.random() < work.loss:
        low, high = work.loss_range
        return rng.uniform(low, high)
    median = occupation.median_earnings * work.earnings_age_factor.at(age)
    if sex == "Female":
        median *= work.female_factor
    return min(median * math.exp(rng.gauss(0.0, work.earnings_sigma)), work.income_cap)


def _income_text(work: WorkTables, amount: float) -> str:
    """Format income like PUMS: rounded to two significant figures, as a float string."""
    rounded = _two_significant_figures(min(amount, work.income_cap))
    return f"{rounded:.1f}"


def _two_significant_figures(amount: float) -> float:
    """Round to two significant figures (PUMS rounds income amounts for disclosure control)."""
    if abs(amount) < 1:
        return 0.0
    step = 10.0 ** max(math.floor(math.log10(abs(amount))) - 1, 0)
    return float(round(amount / step) * step)


# ----------------------------------------------------------------------------- households


def _draw_marital(rng: random.Random, households: HouseholdTables, age: int, sex: str) -> str:
    """Draw marital status; everyone under 18 is never married."""
    if age < 18:
        return households.never_married
    return households.marital.at(age)[sex].draw(rng)


def _draw_household(
    rng: random.Random, households: HouseholdTables, age: int, sex: str, marital: str
) -> tuple[str, str]:
    """Draw the household type and the family presence label that goes with it."""
    if age < 18:
        # Children live in family households, never as the householder.
        household = households.children.draw(rng)
        under_5 = age < 5
        table = households.child_under_5 if under_5 else households.child_5_to_17
        return household, table.draw(rng)
    if marital == MARRIED:
        with_children = rng.random() < households.married_with_children.at(age)
        household = households.married_labels[0 if with_children else 1]
        table = households.parent.at(age) if with_children else households.adult_no_own_children
        return household, table.draw(rng)
    group = "never_married" if marital == households.never_married else "previously_married"
    household, arrangement = households.unmarried.at(age)[(group, sex)].draw(rng)
    return household, _family_presence(rng, households, age, household, arrangement)


def _family_presence(
    rng: random.Random, households: HouseholdTables, age: int, household: str, arrangement: str
) -> str:
    """Family presence for an unmarried adult, from the household type and arrangement."""
    if any(marker in household for marker in _NONFAMILY_MARKERS):
        return households.family_labels["not_a_family"]
    if _WITH_OWN_CHILDREN not in household:
        return households.adult_no_own_children.draw(rng)
    if arrangement in _PARENT_ARRANGEMENTS:
        return households.parent.at(age).draw(rng)
    return households.relative_with_children.draw(rng)


# ----------------------------------------------------------------------------- veterans, health


def _draw_veteran(rng: random.Random, tables: AcsTables, age: int, sex: str, work: Work) -> str:
    """Draw veteran status: N/A under 17, active duty in the armed forces, else by age and sex."""
    health = tables.health
    labels = health.veteran_labels
    if age < 17:
        return labels["under_17"]
    if work.has_job and work.occupation is not None and work.occupation.military:
        return labels["active_duty"]
    if age < 18:
        return labels["non_veteran"]
    veteran = rng.random() < health.veteran_rate.at(age)[sex]
    return labels["veteran" if veteran else "non_veteran"]


# Not frozen: one is built per persona and frozen dataclasses initialise slowly.
@dataclass(slots=True)
class Disability:
    """Disability status and the difficulties ACS asks about (cognitive is None under 5)."""

    disabled: bool
    hearing: bool
    vision: bool
    cognitive: bool | None


def _draw_disability(rng: random.Random, tables: AcsTables, age: int) -> Disability:
    """Draw disability first: difficulties are kinds of disability, and work depends on it."""
    band = tables.health.health.at(age)
    disabled = rng.random() < band.disability
    return Disability(
        disabled=disabled,
        hearing=disabled and rng.random() < band.hearing,
        vision=disabled and rng.random() < band.vision,
        cognitive=None if band.cognitive is None else disabled and rng.random() < band.cognitive,
    )


def _draw_health(
    rng: random.Random,
    tables: AcsTables,
    age: int,
    sex: str,
    birth: Birth,
    language: str,
    disability: Disability,
) -> dict[str, str]:
    """Lay out disability, draw health insurance and the optional ACS attributes, in order."""
    health = tables.health
    difficulty = health.difficulty_labels
    uninsured_rate = health.uninsured.at(age) * health.uninsured_factor.get(birth.citizenship, 1.0)
    insured = rng.random() >= uninsured_rate
    values = {
        "disability": health.disability_labels["with" if disability.disabled else "without"],
        "health insurance": health.insurance_labels["insured" if insured else "uninsured"],
    }
    include = health.include
    first_fertile, last_fertile = health.fertility_ages
    if (
        sex == "Female"
        and first_fertile <= age <= last_fertile
        and rng.random() < include["fertility"]
    ):
        gave_birth = rng.random() < health.birth_rate.at(age)
        values["fertility"] = health.fertility_labels[0 if gave_birth else 1]
    if rng.random() < include["hearing difficulty"]:
        values["hearing difficulty"] = difficulty["hearing"][0 if disability.hearing else 1]
    if rng.random() < include["vision difficulty"]:
        values["vision difficulty"] = difficulty["vision"][0 if disability.vision else 1]
    # ACS does not ask about cognitive difficulty under age 5.
    if disability.cognitive is not None and rng.random() < include["cognitive difficulty"]:
        values["cognitive difficulty"] = difficulty["cognitive"][0 if disability.cognitive else 1]
    # ACS asks about spoken English only of people 5+ who speak another language at home.
    if age >= 5 and language != ENGLISH_ONLY and rng.random() < include["ability to speak english"]:
        ability = tables.population.english_ability[birth.native]
        values["ability to speak english"] = ability.draw(rng)
    return values
