"""The ACS distributions of ``acs_distributions.json``, turned into ready-to-draw tables.

`acs_tables` reads the file once and precomputes every cumulative-weight table, grouped by topic
(population and origins, education, work, households, health). Tables that depend on a
combination of traits (occupations for an education level, sex and age; citizenship for a birth
country) are built on first use and cached.
"""

from __future__ import annotations

import functools
import math
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from persona_bench.errors import PersonaBenchError
from persona_bench.personas.census.data import (
    ACS_FILE,
    age_range,
    array,
    load_data_file,
    number,
    obj,
    text,
    texts,
    weights,
)
from persona_bench.personas.census.sampling import MAX_AGE, AgeTable, WeightedChoice

T = TypeVar("T")

SEXES = ("Male", "Female")

# Employment outcomes drawn before labels are attached.
EMPLOYED = "employed"
UNEMPLOYED = "unemployed"
ARMED_FORCES = "armed_forces"
NOT_IN_LABOR_FORCE = "not_in_labor_force"


def _band_table(
    raw: list[Any], where: str, build: Callable[[Any, str], T], first_age: int = 0
) -> AgeTable[T]:
    """Build an AgeTable from JSON bands, turning each band object into a value with ``build``."""
    bands = []
    for index, band in enumerate(raw):
        low, high = age_range(band, f"{where}[{index}]")
        bands.append((low, high, build(band, f"{where}[{index}]")))
    return AgeTable(bands, where, first_age)


def _pct(value: Any, where: str) -> float:
    """Read a percentage and return it as a probability in [0, 1]."""
    pct = number(value, where)
    if not 0 <= pct <= 100:
        raise PersonaBenchError(f"Census data {where}: a percentage must be 0-100, got {pct}.")
    return pct / 100


# ----------------------------------------------------------------------------- population


@dataclass(frozen=True, slots=True)
class Origin:
    """Where people of one race and ancestry are born, what they speak and believe.

    Attributes:
        group: Broad ethnic group used for ideology lean (e.g. ``"hispanic"``).
        foreign_born: Probability of a foreign birthplace before the age factor.
        territory_born: Probability of a birthplace in a US territory before the age factor.
        territory: That territory's label (``"Puerto Rico"``), if any.
        countries: Countries of birth for the foreign-born.
        states: States of birth for the US-born.
        language_us_born: Household language when born in the US or a territory.
        language_foreign_born: Household language when born abroad.
        religion: A religion profile name, or ``"us_region"`` for the birth region's profile.
        abroad_parent_pct: Overrides the birth country's share born abroad of US parents.
    """

    group: str
    foreign_born: float
    territory_born: float
    territory: str | None
    countries: WeightedChoice[str] | None
    states: WeightedChoice[str]
    language_us_born: WeightedChoice[str]
    language_foreign_born: WeightedChoice[str]
    religion: str
    abroad_parent_pct: float | None


@dataclass(frozen=True, slots=True)
class PopulationTables:
    """Age, sex, race, ancestry, birthplace, citizenship and language tables."""

    age_sex: WeightedChoice[tuple[int, str]]
    race: WeightedChoice[str]
    ancestry_by_race: dict[str, WeightedChoice[str]]
    origins: dict[tuple[str, str], Origin]
    foreign_age_factor: AgeTable[float]
    foreign_max: float
    region_by_state: dict[str, str]
    citizenship_labels: dict[str, str]
    citizenship_rates: dict[str, tuple[float, float]]
    citizenship_default: tuple[float, float]
    english_ability: dict[bool, WeightedChoice[str]]
    _citizenship_cache: dict[tuple[str, float | None], WeightedChoice[str]] = field(
        default_factory=dict
    )

    def citizenship_for(self, country: str, abroad_parent_pct: float | None) -> WeightedChoice[str]:
        """Return the citizenship distribution for someone born in a foreign country.

        Args:
            country: The birth country label.
            abroad_parent_pct: An ancestry-specific share born abroad of American parents,
                overriding the country's own share.

        Returns:
            Distribution over the three citizenship labels for people born abroad.
        """
        key = (country, abroad_parent_pct)
        cached = self._citizenship_cache.get(key)
        if cached is None:
            naturalized, abroad = self.citizenship_rates.get(country, self.citizenship_default)
            if abroad_parent_pct is not None:
                abroad = abroad_parent_pct / 100
            labels = self.citizenship_labels
            cached = WeightedChoice(
                [
                    (labels["abroad_american_parent"], abroad),
                    (labels["naturalized"], (1 - abroad) * naturalized),
                    (labels["not_citizen"], (1 - abroad) * (1 - naturalized)),
                ],
                f"citizenship for {country}",
            )
            self._citizenship_cache[key] = cached
        return cached


def _age_sex_table(acs: Mapping[str, Any]) -> WeightedChoice[tuple[int, str]]:
    """Spread B01001 band counts over single years of age (the open band with a decay)."""
    table = obj(acs, "age_sex", "acs")
    decay = number(table.get("open_band_yearly_decay"), "age_sex.open_band_yearly_decay")
    pairs: list[tuple[tuple[int, str], float]] = []
    bands = array(table, "bands", "age_sex")
    for index, band in enumerate(bands):
        low, high = age_range(band, f"age_sex.bands[{index}]")
        is_open = index == len(bands) - 1
        # Older single years within the open band get geometrically fewer people.
        shape = [decay ** (age - low) if is_open else 1.0 for age in range(low, high + 1)]
        for sex in SEXES:
            count = number(band.get(sex.lower()), f"age_sex.bands[{index}].{sex.lower()}")
            for age, share in zip(range(low, high + 1), shape, strict=True):
                pairs.append(((age, sex), count * share / sum(shape)))
    if max(age for (age, _), _ in pairs) != MAX_AGE:
        raise PersonaBenchError(f"Census data age_sex: the last band must end at {MAX_AGE}.")
    return WeightedChoice(pairs, "age_sex")


def _state_profiles(acs: Mapping[str, Any]) -> dict[str, WeightedChoice[str]]:
    """Mix each group's main states with the population distribution for the rest."""
    population = weights(obj(acs, "state_population", "acs").get("weights"), "state_population")
    total_population = sum(population.values())
    profiles: dict[str, WeightedChoice[str]] = {}
    raw = obj(obj(acs, "state_of_birth_profiles", "acs"), "profiles", "state_of_birth_profiles")
    for name, profile in raw.items():
        where = f"state_of_birth_profiles.{name}"
        rest = _pct(profile.get("rest_pct"), f"{where}.rest_pct")
        listed = weights(profile.get("weights"), f"{where}.weights")
        unknown = set(listed) - set(population)
        if unknown:
            raise PersonaBenchError(f"Census data {where}: unknown states {sorted(unknown)}.")
        listed_total = sum(listed.values()) or 1.0
        mixed = {
            state: rest * share / total_population
            + (1 - rest) * listed.get(state, 0.0) / listed_total
            for state, share in population.items()
        }
        profiles[name] = WeightedChoice.from_mapping(mixed, where)
    return profiles


def _language_profiles(
    acs: Mapping[str, Any],
) -> dict[str, tuple[WeightedChoice[str], WeightedChoice[str]]]:
    """Household-language distributions per profile: (US-born, foreign-born)."""
    raw = obj(obj(acs, "household_language", "acs"), "profiles", "household_language")
    result = {}
    for name, profile in raw.items():
        where = f"household_language.{name}"
        result[name] = (
            WeightedChoice.from_mapping(weights(profile.get("us_born"), where), where),
            WeightedChoice.from_mapping(weights(profile.get("foreign_born"), where), where),
        )
    return result


def _origin(
    ancestry: str,
    entry: Mapping[str, Any],
    defaults: Mapping[str, Any],
    states: Mapping[str, WeightedChoice[str]],
    languages: Mapping[str, tuple[WeightedChoice[str], WeightedChoice[str]]],
) -> Origin:
    """Combine an ancestry's origin entry with its race's defaults into an Origin."""
    where = f"ancestry_origins.{ancestry}"

    def pick(key: str) -> str:
        return text(entry.get(key, defaults.get(key)), f"{where}.{key} (or race default)")

    state_profile, language_profile = pick("states"), pick("language")
    if state_profile not in states or language_profile not in languages:
        raise PersonaBenchError(
            f"Census data {where}: unknown state profile {state_profile!r} or language "
            f"profile {language_profile!r}."
        )
    foreign = _pct(entry.get("foreign_born_pct"), f"{where}.foreign_born_pct")
    countries = None
    if "countries" in entry:
        countries = WeightedChoice.from_mapping(weights(entry["countries"], where), where)
    if foreign > 0 and countries is None:
        raise PersonaBenchError(f"Census data {where}: foreign-born share but no countries.")
    territory = entry.get("territory")
    abroad = entry.get("abroad_american_parent_pct")
    return Origin(
        group=pick("group"),
        foreign_born=foreign,
        territory_born=_pct(entry.get("territory_pct", 0), f"{where}.territory_pct"),
        territory=None if territory is None else text(territory, f"{where}.territory"),
        countries=countries,
        states=states[state_profile],
        language_us_born=languages[language_profile][0],
        language_foreign_born=languages[language_profile][1],
        religion=pick("religion"),
        abroad_parent_pct=None if abroad is None else number(abroad, f"{where}.abroad"),
    )


def _origins(
    acs: Mapping[str, Any], ancestry_by_race: Mapping[str, WeightedChoice[str]]
) -> dict[tuple[str, str], Origin]:
    """Build the Origin of every (race, ancestry) pair the ancestry tables can produce."""
    table = obj(acs, "ancestry_origins", "acs")
    entries = obj(table, "entries", "ancestry_origins")
    race_defaults = obj(table, "race_defaults", "ancestry_origins")
    states = _state_profiles(acs)
    languages = _language_profiles(acs)
    origins = {}
    for race, ancestries in ancestry_by_race.items():
        defaults = obj(race_defaults, race, "ancestry_origins.race_defaults")
        for ancestry in ancestries.values:
            entry = obj(entries, ancestry, "ancestry_origins.entries")
            origins[(race, ancestry)] = _origin(ancestry, entry, defaults, states, languages)
    return origins


def _citizenship_rates(
    table: Mapping[str, Any],
) -> tuple[dict[str, tuple[float, float]], tuple[float, float]]:
    """Read (naturalized share, born-abroad-of-US-parents share) per birth country."""
    default_raw = obj(table, "default", "citizenship")
    default = (
        _pct(default_raw.get("naturalized_pct"), "citizenship.default"),
        _pct(default_raw.get("abroad_american_parent_pct"), "citizenship.default"),
    )
    rates = {}
    for country, raw in obj(table, "countries", "citizenship").items():
        where = f"citizenship.{country}"
        rates[country] = (
            _pct(raw.get("naturalized_pct", default[0] * 100), where),
            _pct(raw.get("abroad_american_parent_pct", default[1] * 100), where),
        )
    return rates, default


def _population_tables(acs: Mapping[str, Any]) -> PopulationTables:
    """Build the population and origin tables."""
    race = WeightedChoice.from_mapping(
        weights(obj(acs, "race", "acs").get("weights"), "race"), "race"
    )
    ancestry_raw = obj(obj(acs, "ancestry_by_race", "acs"), "weights_by_race", "ancestry_by_race")
    ancestry_by_race = {
        race_label: WeightedChoice.from_mapping(
            weights(ancestry_raw.get(race_label), f"ancestry_by_race.{race_label}"),
            f"ancestry_by_race.{race_label}",
        )
        for race_label in race.values
    }
    factor_table = obj(acs, "foreign_born_age_factor", "acs")
    regions = obj(obj(acs, "census_regions", "acs"), "regions", "census_regions")
    citizenship = obj(acs, "citizenship", "acs")
    rates, default = _citizenship_rates(citizenship)
    english = obj(obj(acs, "ability_to_speak_english", "acs"), "by_nativity", "ability")
    return PopulationTables(
        age_sex=_age_sex_table(acs),
        race=race,
        ancestry_by_race=ancestry_by_race,
        origins=_origins(acs, ancestry_by_race),
        foreign_age_factor=_band_table(
            array(factor_table, "bands", "foreign_born_age_factor"),
            "foreign_born_age_factor",
            lambda band, where: number(band.get("factor"), where),
        ),
        foreign_max=_pct(factor_table.get("max_pct"), "foreign_born_age_factor.max_pct"),
        region_by_state={
            text(state, f"census_regions.{region}"): region
            for region, states in regions.items()
            for state in states
        },
        citizenship_labels={
            key: text(label, f"citizenship.labels.{key}")
            for key, label in obj(citizenship, "labels", "citizenship").items()
        },
        citizenship_rates=rates,
        citizenship_default=default,
        english_ability={
            True: WeightedChoice.from_mapping(
                weights(english.get("us_born"), "ability"), "ability"
            ),
            False: WeightedChoice.from_mapping(
                weights(english.get("foreign_born"), "ability"), "ability"
            ),
        },
    )


# ----------------------------------------------------------------------------- education


@dataclass(frozen=True, slots=True)
class EducationTables:
    """Educational attainment by age, and the tier of each label."""

    under_3: str
    ages_3_4: WeightedChoice[str]
    age_5: WeightedChoice[str]
    age_6: WeightedChoice[str]
    age_17: WeightedChoice[str]
    grade_behind: float
    adults: AgeTable[WeightedChoice[str]]
    degree_min_age: dict[str, int]
    degree_fallback: str
    tiers: dict[str, int]
    default_tier: int


def _education_tables(acs: Mapping[str, Any]) -> EducationTables:
    """Build the education tables."""
    table = obj(acs, "education", "acs")
    children = obj(table, "children", "education")
    tiers = obj(table, "education_tiers", "education")

    def choice(key: str) -> WeightedChoice[str]:
        where = f"education.children.{key}"
        return WeightedChoice.from_mapping(weights(children.get(key), where), where)

    return EducationTables(
        under_3=text(children.get("under_3"), "education.children.under_3"),
        ages_3_4=choice("ages_3_4"),
        age_5=choice("age_5"),
        age_6=choice("age_6"),
        age_17=choice("age_17"),
        grade_behind=_pct(children.get("grade_behind_pct"), "education.grade_behind_pct"),
        adults=_band_table(
            array(table, "adult_bands", "education"),
            "education.adult_bands",
            lambda band, where: WeightedChoice.from_mapping(
                weights(band.get("weights"), where), where
            ),
            first_age=18,
        ),
        degree_min_age={
            label: int(number(age, f"education.degree_min_age.{label}"))
            for label, age in obj(table, "degree_min_age", "education").items()
        },
        degree_fallback=text(table.get("degree_fallback"), "education.degree_fallback"),
        tiers={
            label: int(number(tier, f"education_tiers.{label}"))
            for label, tier in obj(tiers, "tiers", "education.education_tiers").items()
        },
        default_tier=int(number(tiers.get("default_tier"), "education_tiers.default_tier")),
    )


# ----------------------------------------------------------------------------- work


@dataclass(frozen=True, slots=True)
class Industry:
    """An ACS industry and the classes of worker found in it.

    Attributes:
        label: The PUMS industry label.
        employee_classes: Employee classes of worker, weighted.
        self_employment: Whether people in it can be self-employed (not in government-run
            industries such as public administration or public schools).
    """

    label: str
    employee_classes: WeightedChoice[str]
    self_employment: bool


@dataclass(frozen=True, slots=True)
class Occupation:
    """One occupation of the catalogue (see ``occupations`` in the data file)."""

    label: str
    share: float
    female_share: float
    min_tier: int
    min_age: int
    median_earnings: float
    self_employed: float
    industries: WeightedChoice[Industry]
    military: bool


@dataclass(frozen=True, slots=True)
class IncomeModel:
    """Income of people without earnings from a current job: a zero share, then a lognormal."""

    zero: float
    median: float
    sigma: float

    def draw(self, rng: random.Random) -> float:
        """Draw an income in dollars (not yet rounded)."""
        if rng.random() < self.zero:
            return 0.0
        return self.median * math.exp(rng.gauss(0.0, self.sigma))


@dataclass(frozen=True, slots=True)
class WorkTables:
    """Employment, occupation, industry, class of worker and income tables."""

    status_by_age_sex: AgeTable[dict[str, WeightedChoice[str]]]
    status_labels: dict[str, str]
    not_at_work: float
    unemployed_recent_job: float
    nilf_reasons: AgeTable[dict[bool, WeightedChoice[str]]]
    civilian: tuple[Occupation, ...]
    military: tuple[Occupation, ...]
    overqualification_decay: float
    job_not_applicable: str
    occupation_long_term_unemployed: str
    industry_long_term_unemployed: str
    class_long_term_unemployed: str
    self_employed_split: WeightedChoice[str]
    unincorporated_label: str
    unpaid_label: str
    earnings_sigma: float
    female_factor: float
    earnings_age_factor: AgeTable[float]
    loss: float
    loss_range: tuple[float, float]
    income_cap: float
    income_not_applicable: str
    income_from_age: int
    other_income: dict[str, IncomeModel]
    _occupation_cache: dict[tuple[bool, int, str, int], WeightedChoice[Occupation] | None] = field(
        default_factory=dict
    )

    def occupations_for(
        self, military: bool, tier: int, sex: str, age: int
    ) -> WeightedChoice[Occupation] | None:
        """Return the occupation distribution for one education tier, sex and age.

        Occupations need at least their minimum education and age. Weights follow each
        occupation's share of employment for that sex, discounted for each tier by which the
        person is over-qualified, so that graduates mostly hold graduate jobs.

        Args:
            military: Whether to draw from the armed-forces occupations.
            tier: The person's education tier.
            sex: ``"Male"`` or ``"Female"``.
            age: The person's age.

        Returns:
            The distribution, or None when no occupation fits.
        """
        age_key = min(age, 30)  # no occupation requires more than 30 years of age
        key = (military, tier, sex, age_key)
        if key not in self._occupation_cache:
            catalogue = self.military if military else self.civilian
            pairs = [
                (
                    occupation,
                    occupation.share
                    * (occupation.female_share if sex == "Female" else 1 - occupation.female_share)
                    * self.overqualification_decay ** (tier - occupation.min_tier),
                )
                for occupation in catalogue
                if occupation.min_tier <= tier and occupation.min_age <= age_key
            ]
            eligible = [pair for pair in pairs if pair[1] > 0]
            self._occupation_cache[key] = (
                WeightedChoice(eligible, f"occupations for {key}") if eligible else None
            )
        return self._occupation_cache[key]


def _employment_band(band: Mapping[str, Any], where: str) -> dict[str, WeightedChoice[str]]:
    """Employment outcome distribution for each sex of one age band."""
    result = {}
    for sex in SEXES:
        raw = obj(band, sex.lower(), where)
        employed = _pct(raw.get("employed"), f"{where}.employed")
        unemployed = _pct(raw.get("unemployed"), f"{where}.unemployed")
        armed = _pct(raw.get("armed_forces", 0), f"{where}.armed_forces")
        outside = 1 - employed - unemployed - armed
        if outside < 0:
            raise PersonaBenchError(f"Census data {where}: shares add up to more than 100.")
        result[sex] = WeightedChoice(
            [
                (EMPLOYED, employed),
                (UNEMPLOYED, unemployed),
                (ARMED_FORCES, armed),
                (NOT_IN_LABOR_FORCE, outside),
            ],
            where,
        )
    return result


def _nilf_reasons(
    band: Mapping[str, Any], where: str, disabled_factor: float
) -> dict[bool, WeightedChoice[str]]:
    """Reasons for being out of the labor force, for people with (True) and without a disability."""
    reasons = weights(band.get("weights"), where)
    return {
        flag: WeightedChoice(
            [
                (
                    reason,
                    weight * (disabled_factor if flag else 0.0) if reason == "disabled" else weight,
                )
                for reason, weight in reasons.items()
            ],
            f"{where} (disability {flag})",
        )
        for flag in (True, False)
    }


def _occupations(
    raw: list[Any], where: str, industries: Mapping[str, Industry], military: bool
) -> tuple[Occupation, ...]:
    """Read an occupation catalogue."""
    result = []
    for index, entry in enumerate(raw):
        at = f"{where}[{index}]"
        industry_weights = weights(entry.get("industries"), f"{at}.industries")
        unknown = set(industry_weights) - set(industries)
        if unknown:
            raise PersonaBenchError(f"Census data {at}: unknown industries {sorted(unknown)}.")
        result.append(
            Occupation(
                label=text(entry.get("label"), f"{at}.label"),
                share=number(entry.get("share_pct"), f"{at}.share_pct"),
                female_share=_pct(entry.get("female_pct"), f"{at}.female_pct"),
                min_tier=int(number(entry.get("min_education_tier"), f"{at}.tier")),
                min_age=int(number(entry.get("min_age"), f"{at}.min_age")),
                median_earnings=number(entry.get("median_earnings"), f"{at}.median"),
                self_employed=_pct(entry.get("self_employed_pct"), f"{at}.self_employed_pct"),
                industries=WeightedChoice(
                    [(industries[label], weight) for label, weight in industry_weights.items()],
                    f"{at}.industries",
                ),
                military=military,
            )
        )
    return tuple(result)


def _industries(acs: Mapping[str, Any]) -> dict[str, Industry]:
    """Read the industries and attach their employee-class profile."""
    cow = obj(acs, "class_of_worker", "acs")
    profiles = {
        name: WeightedChoice.from_mapping(weights(profile, f"class_of_worker.{name}"), name)
        for name, profile in obj(cow, "employee_profiles", "class_of_worker").items()
    }
    public = set(texts(cow.get("no_self_employment_profiles"), "class_of_worker"))
    raw = obj(obj(acs, "industries", "acs"), "employee_profile", "industries")
    result = {}
    for label, profile in raw.items():
        name = text(profile, f"industries.{label}")
        if name not in profiles:
            raise PersonaBenchError(f"Census data industries.{label}: unknown profile {name!r}.")
        result[label] = Industry(label, profiles[name], self_employment=name not in public)
    return result


def _income_models(acs: Mapping[str, Any]) -> dict[str, IncomeModel]:
    """Read the income models of people without earnings from a current job."""
    table = obj(acs, "other_income", "acs")
    models = {}
    for key, raw in table.items():
        if key in ("source", "note"):
            continue
        where = f"other_income.{key}"
        models[key] = IncomeModel(
            zero=_pct(raw.get("zero_pct"), where),
            median=number(raw.get("median"), where),
            sigma=number(raw.get("sigma"), where),
        )
    return models


def _work_tables(acs: Mapping[str, Any]) -> WorkTables:
    """Build the work and income tables."""
    status = obj(acs, "employment_status", "acs")
    cow = obj(acs, "class_of_worker", "acs")
    occupations = obj(acs, "occupations", "acs")
    earnings = obj(acs, "earnings", "acs")
    industries = _industries(acs)
    split = weights(cow.get("self_employed_split"), "class_of_worker.self_employed_split")
    cow_labels = obj(cow, "labels", "class_of_worker")
    nilf = obj(acs, "not_in_labor_force_reasons", "acs")
    disabled_factor = number(nilf.get("disabled_reason_factor"), "nilf.disabled_reason_factor")
    loss_low, loss_high = (
        number(v, "earnings.loss_range") for v in array(earnings, "loss_range", "earnings")
    )
    return WorkTables(
        status_by_age_sex=_band_table(
            array(status, "bands", "employment_status"), "employment_status", _employment_band, 16
        ),
        status_labels={
            key: text(label, f"employment_status.labels.{key}")
            for key, label in obj(status, "labels", "employment_status").items()
        },
        not_at_work=_pct(status.get("not_at_work_pct"), "employment_status.not_at_work_pct"),
        unemployed_recent_job=_pct(
            status.get("unemployed_recent_job_pct"), "employment_status.unemployed_recent_job_pct"
        ),
        nilf_reasons=_band_table(
            array(nilf, "bands", "not_in_labor_force_reasons"),
            "not_in_labor_force_reasons",
            lambda band, where: _nilf_reasons(band, where, disabled_factor),
            16,
        ),
        civilian=_occupations(
            array(occupations, "civilian", "occupations"), "occupations.civilian", industries, False
        ),
        military=_occupations(
            array(occupations, "military", "occupations"), "occupations.military", industries, True
        ),
        overqualification_decay=number(
            occupations.get("overqualification_decay"), "occupations.decay"
        ),
        job_not_applicable=text(occupations.get("not_applicable"), "occupations.not_applicable"),
        occupation_long_term_unemployed=text(
            occupations.get("long_term_unemployed"), "occupations"
        ),
        industry_long_term_unemployed=text(
            obj(acs, "industries", "acs").get("long_term_unemployed"), "industries"
        ),
        class_long_term_unemployed=text(cow.get("long_term_unemployed"), "class_of_worker"),
        self_employed_split=WeightedChoice.from_mapping(
            split, "class_of_worker.self_employed_split"
        ),
        unincorporated_label=text(
            cow_labels.get("self_employed_unincorporated"), "class_of_worker.labels"
        ),
        unpaid_label=text(cow_labels.get("unpaid_family_worker"), "class_of_worker.labels"),
        earnings_sigma=number(earnings.get("lognormal_sigma"), "earnings.lognormal_sigma"),
        female_factor=number(earnings.get("female_factor"), "earnings.female_factor"),
        earnings_age_factor=_band_table(
            array(earnings, "age_factors", "earnings"),
            "earnings.age_factors",
            lambda band, where: number(band.get("factor"), where),
            16,
        ),
        loss=_pct(earnings.get("self_employed_loss_pct"), "earnings.self_employed_loss_pct"),
        loss_range=(loss_low, loss_high),
        income_cap=number(earnings.get("cap"), "earnings.cap"),
        income_not_applicable=text(earnings.get("not_applicable"), "earnings.not_applicable"),
        income_from_age=int(number(earnings.get("not_applicable_below_age"), "earnings")),
        other_income=_income_models(acs),
    )


# ----------------------------------------------------------------------------- households


@dataclass(frozen=True, slots=True)
class HouseholdTables:
    """Marital status, household type and family presence tables."""

    never_married: str
    marital: AgeTable[dict[str, WeightedChoice[str]]]
    children: WeightedChoice[str]
    married_with_children: AgeTable[float]
    married_labels: tuple[str, str]
    unmarried: AgeTable[dict[tuple[str, str], WeightedChoice[tuple[str, str]]]]
    family_labels: dict[str, str]
    child_under_5: WeightedChoice[str]
    child_5_to_17: WeightedChoice[str]
    parent: AgeTable[WeightedChoice[str]]
    relative_with_children: WeightedChoice[str]
    adult_no_own_children: WeightedChoice[str]


def _unmarried_band(
    band: Mapping[str, Any],
    where: str,
    arrangements: Mapping[str, dict[str, float]],
    sex_factors: Mapping[str, Any],
) -> dict[tuple[str, str], WeightedChoice[tuple[str, str]]]:
    """Flatten arrangement weights x household-type weights into one table per group and sex.

    Outcomes are ``(household type, arrangement)``; the arrangement later decides the family
    presence label. ``{sex}`` in a household type stands for the person's own sex.
    """
    result = {}
    for group in ("never_married", "previously_married"):
        group_weights = weights(band.get(group), f"{where}.{group}")
        for sex in SEXES:
            pairs = []
            for arrangement, weight in group_weights.items():
                if arrangement not in arrangements:
                    raise PersonaBenchError(f"Census data {where}: unknown {arrangement!r}.")
                factor = number(
                    sex_factors.get(arrangement, {}).get(sex, 1.0), f"sex_factors.{arrangement}"
                )
                outcomes = arrangements[arrangement]
                total = sum(outcomes.values())
                for label, share in outcomes.items():
                    pairs.append(
                        (
                            (label.replace("{sex}", sex), arrangement),
                            weight * factor * share / total,
                        )
                    )
            result[(group, sex)] = WeightedChoice(pairs, f"{where}.{group}.{sex}")
    return result


def _household_tables(acs: Mapping[str, Any]) -> HouseholdTables:
    """Build the marital status and household tables."""
    marital = obj(acs, "marital_status", "acs")
    household = obj(acs, "household_type", "acs")
    family = obj(acs, "family_presence", "acs")
    labels = {
        key: text(v, f"family_presence.labels.{key}")
        for key, v in obj(family, "labels", "family_presence").items()
    }

    def by_sex(band: Mapping[str, Any], where: str) -> dict[str, WeightedChoice[str]]:
        return {
            sex: WeightedChoice.from_mapping(weights(band.get(sex.lower()), where), where)
            for sex in SEXES
        }

    def family_choice(raw: Any, where: str) -> WeightedChoice[str]:
        # Family tables are keyed by short names; map them to the PUMS FPARC labels.
        return WeightedChoice([(labels[key], w) for key, w in weights(raw, where).items()], where)

    arrangements = {
        name: weights(outcomes, f"household_type.arrangements.{name}")
        for name, outcomes in obj(household, "arrangements", "household_type").items()
    }
    sex_factors = obj(household, "sex_factors", "household_type")
    married = obj(household, "married_labels", "household_type")
    return HouseholdTables(
        never_married=text(marital.get("never_married"), "marital_status.never_married"),
        marital=_band_table(
            array(marital, "bands", "marital_status"), "marital_status", by_sex, 18
        ),
        children=WeightedChoice.from_mapping(
            weights(household.get("children"), "household_type.children"), "household_type.children"
        ),
        married_with_children=_band_table(
            array(household, "married_with_children_pct", "household_type"),
            "household_type.married_with_children_pct",
            lambda band, where: _pct(band.get("pct"), where),
            18,
        ),
        married_labels=(
            text(married.get("with_children"), "household_type.married_labels"),
            text(married.get("without_children"), "household_type.married_labels"),
        ),
        unmarried=_band_table(
            array(household, "unmarried_bands", "household_type"),
            "household_type.unmarried_bands",
            lambda band, where: _unmarried_band(band, where, arrangements, sex_factors),
            18,
        ),
        family_labels=labels,
        child_under_5=family_choice(family.get("child_under_5"), "family_presence.child_under_5"),
        child_5_to_17=family_choice(family.get("child_5_to_17"), "family_presence.child_5_to_17"),
        parent=_band_table(
            array(family, "parent_bands", "family_presence"),
            "family_presence.parent_bands",
            lambda band, where: family_choice(band.get("weights"), where),
            18,
        ),
        relative_with_children=family_choice(
            family.get("relative_with_children"), "family_presence.relative_with_children"
        ),
        adult_no_own_children=family_choice(
            family.get("adult_no_own_children"), "family_presence.adult_no_own_children"
        ),
    )


# ----------------------------------------------------------------------------- health


@dataclass(frozen=True, slots=True)
class HealthBand:
    """Disability and difficulty probabilities for one age band.

    The difficulty probabilities are conditional on having a disability (each difficulty is a
    kind of disability); cognitive difficulty is None where ACS does not ask (under 5).
    """

    disability: float
    hearing: float
    vision: float
    cognitive: float | None


@dataclass(frozen=True, slots=True)
class HealthTables:
    """Veteran status, disability, health insurance and fertility tables."""

    veteran_labels: dict[str, str]
    veteran_rate: AgeTable[dict[str, float]]
    disability_labels: dict[str, str]
    difficulty_labels: dict[str, tuple[str, str]]
    health: AgeTable[HealthBand]
    insurance_labels: dict[str, str]
    uninsured: AgeTable[float]
    uninsured_factor: dict[str, float]
    fertility_labels: tuple[str, str]
    fertility_ages: tuple[int, int]
    birth_rate: AgeTable[float]
    include: dict[str, float]


def _label_pair(value: Any, where: str) -> tuple[str, str]:
    """Read a ``[yes label, no label]`` pair."""
    if not isinstance(value, list) or len(value) != 2:
        raise PersonaBenchError(f"Census data {where}: expected [yes label, no label].")
    return text(value[0], where), text(value[1], where)


def _health_band(band: Mapping[str, Any], where: str) -> HealthBand:
    """Read one disability band and make the difficulty rates conditional on disability."""
    disability = _pct(band.get("disability_pct"), f"{where}.disability_pct")
    cognitive = band.get("cognitive_pct")

    def given(rate: float) -> float:
        return min(rate / disability, 1.0)

    return HealthBand(
        disability=disability,
        hearing=given(_pct(band.get("hearing_pct"), f"{where}.hearing_pct")),
        vision=given(_pct(band.get("vision_pct"), f"{where}.vision_pct")),
        cognitive=None if cognitive is None else given(_pct(cognitive, f"{where}.cognitive")),
    )


def _health_tables(acs: Mapping[str, Any]) -> HealthTables:
    """Build the veteran, disability, insurance and fertility tables."""
    veteran = obj(acs, "veteran_status", "acs")
    disability = obj(acs, "disability", "acs")
    insurance = obj(acs, "health_insurance", "acs")
    fertility = obj(acs, "fertility", "acs")
    include = obj(obj(acs, "optional_attributes", "acs"), "include_pct", "optional_attributes")
    labels = obj(disability, "labels", "disability")
    first_fertile, last_fertile = age_range(fertility, "fertility")
    birth_bands = [
        (*age_range(band, f"fertility.bands[{i}]"), _pct(band.get("pct"), f"fertility.bands[{i}]"))
        for i, band in enumerate(array(fertility, "bands", "fertility"))
    ]
    # Ages outside the fertility window never look the rate up; give them zero.
    birth_bands += [(0, first_fertile - 1, 0.0), (last_fertile + 1, MAX_AGE, 0.0)]
    return HealthTables(
        veteran_labels={
            k: text(v, "veteran_status.labels")
            for k, v in obj(veteran, "labels", "veteran_status").items()
        },
        veteran_rate=_band_table(
            array(veteran, "bands", "veteran_status"),
            "veteran_status",
            lambda band, where: {
                "Male": _pct(band.get("male_pct"), where),
                "Female": _pct(band.get("female_pct"), where),
            },
            18,
        ),
        disability_labels={
            key: text(labels.get(key), f"disability.labels.{key}") for key in ("with", "without")
        },
        difficulty_labels={
            key: _label_pair(labels.get(key), f"disability.labels.{key}")
            for key in ("hearing", "vision", "cognitive")
        },
        health=_band_table(array(disability, "bands", "disability"), "disability", _health_band),
        insurance_labels={
            k: text(v, "health_insurance.labels")
            for k, v in obj(insurance, "labels", "health_insurance").items()
        },
        uninsured=_band_table(
            array(insurance, "uninsured_bands", "health_insurance"),
            "health_insurance.uninsured_bands",
            lambda band, where: _pct(band.get("pct"), where),
        ),
        uninsured_factor={
            label: number(factor, f"health_insurance.citizenship_factor.{label}")
            for label, factor in obj(insurance, "citizenship_factor", "health_insurance").items()
        },
        fertility_labels=_label_pair(fertility.get("labels"), "fertility.labels"),
        fertility_ages=(first_fertile, last_fertile),
        birth_rate=AgeTable(birth_bands, "fertility.bands"),
        include={name: _pct(pct, f"optional_attributes.{name}") for name, pct in include.items()},
    )


# ----------------------------------------------------------------------------- all tables


@dataclass(frozen=True, slots=True)
class AcsTables:
    """Every demographic table the generator draws from."""

    population: PopulationTables
    education: EducationTables
    work: WorkTables
    households: HouseholdTables
    health: HealthTables


@functools.cache
def acs_tables() -> AcsTables:
    """Read ``acs_distributions.json`` and build all demographic tables, once per process.

    Returns:
        The tables.

    Raises:
        PersonaBenchError: If the data file is missing or malformed.
    """
    acs = load_data_file(ACS_FILE)
    return AcsTables(
        population=_population_tables(acs),
        education=_education_tables(acs),
        work=_work_tables(acs),
        households=_household_tables(acs),
        health=_health_tables(acs),
    )
