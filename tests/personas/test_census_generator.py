"""Tests for the census-grounded persona generator: determinism, format, and joint consistency.

Every consistency rule is checked over the same 10,000 generated personas.
"""

from __future__ import annotations

import random
import re
import statistics
from collections import Counter
from collections.abc import Callable, Iterable

import pytest

from persona_bench.errors import PersonaBenchError
from persona_bench.personas.census import generate_personas, iter_personas
from persona_bench.personas.census.acs_tables import Occupation, acs_tables
from persona_bench.personas.census.data import ACS_FILE, PHRASES_FILE, load_data_file
from persona_bench.personas.census.psychographics import life_stage, psychographic_tables
from persona_bench.personas.census.sampling import AgeTable, WeightedChoice
from persona_bench.personas.schema import ATTRIBUTES, OPTIONAL_ATTRIBUTES, Persona

Persona_ = dict[str, str]

N = 10_000
SEED = 2024

NA_JOB = "N/A (less than 16 years old/NILF who last worked more than 5 years ago or never worked)"
NEVER_MARRIED = "Never married or under 15 years old"
NOT_A_FAMILY = "N/A (GQ/vacant/not a family)"
LEVELS = ("Extremely Low", "Low", "Average", "High", "Extremely High")
BIG_FIVE = re.compile(
    r"^Openness: (?P<o>[A-Za-z ]+), Conscientiousness: (?P<c>[A-Za-z ]+), "
    r"Extraversion: (?P<e>[A-Za-z ]+), Agreeableness: (?P<a>[A-Za-z ]+), "
    r"Neuroticism: (?P<n>[A-Za-z ]+)$"
)
US_STATE = re.compile(r"^[A-Z][A-Za-z .]+/[A-Z]{2}$")
INCOME = re.compile(r"^-?\d+\.0$")
DEGREES = {
    "Associate's degree": 19,
    "Bachelor's degree": 21,
    "Master's degree": 23,
    "Professional degree beyond a bachelor's degree": 25,
    "Doctorate degree": 26,
}
CHILD_EDUCATION = {
    "N/A (less than 3 years old)",
    "No schooling completed",
    "Nursery school, preschool",
    "Kindergarten",
    "12th grade - no diploma",
    *(f"Grade {grade}" for grade in range(1, 12)),
}
EMPLOYEE_CLASSES = {
    "Employee of a private for-profit company or business, or of an individual, for wages, "
    "salary, or commissions",
    "Employee of a private not-for-profit, tax-exempt, or charitable organization",
    "Local government employee (city, county, etc.)",
    "State government employee",
    "Federal government employee",
}
UNINCORPORATED = "Self-employed in own not incorporated business, professional practice, or farm"


@pytest.fixture(scope="module")
def personas() -> list[Persona_]:
    return generate_personas(N, seed=SEED)


def age(persona: Persona_) -> int:
    return int(persona["age"])


def share(items: list[Persona_], predicate: Callable[[Persona_], bool]) -> float:
    return sum(1 for item in items if predicate(item)) / len(items)


def has_job(persona: Persona_) -> bool:
    return persona["employment status"].startswith(("Civilian employed", "Armed forces"))


def tier(education: str) -> int:
    tables = acs_tables().education
    return tables.tiers.get(education, tables.default_tier)


def occupations_by_label() -> dict[str, Occupation]:
    work = acs_tables().work
    return {occupation.label: occupation for occupation in (*work.civilian, *work.military)}


# ----------------------------------------------------------------------------- API and determinism


@pytest.mark.parametrize("n", [0, -1, -100])
def test_non_positive_n_raises_a_clear_error(n: int) -> None:
    with pytest.raises(PersonaBenchError, match="positive integer"):
        generate_personas(n)


@pytest.mark.parametrize("n", [2.5, "10", True])
def test_non_integer_n_raises(n: object) -> None:
    with pytest.raises(PersonaBenchError, match="positive integer"):
        generate_personas(n)  # type: ignore[arg-type]


def test_non_integer_seed_raises() -> None:
    with pytest.raises(PersonaBenchError, match="seed"):
        generate_personas(3, seed="abc")  # type: ignore[arg-type]


def test_same_n_and_seed_give_identical_output() -> None:
    assert generate_personas(300, seed=5) == generate_personas(300, seed=5)


def test_different_seeds_differ() -> None:
    assert generate_personas(50, seed=1) != generate_personas(50, seed=2)


def test_output_is_prefix_stable() -> None:
    long = generate_personas(400, seed=9)
    for k in (1, 7, 120, 400):
        assert generate_personas(k, seed=9) == long[:k]


def test_iter_personas_matches_generate_personas() -> None:
    stream = iter_personas(seed=3)
    assert [next(stream) for _ in range(25)] == generate_personas(25, seed=3)


def test_global_random_state_is_neither_used_nor_changed() -> None:
    random.seed(123)
    state = random.getstate()
    first = generate_personas(40, seed=4)
    assert random.getstate() == state
    random.seed(999)
    assert generate_personas(40, seed=4) == first


def test_personas_parse_with_the_schema() -> None:
    persona = generate_personas(1, seed=8)[0]
    parsed = Persona.from_dict(persona, "census-0")
    assert parsed.attributes == persona
    assert Persona.from_text(parsed.render(), "census-0").attributes == persona


# ----------------------------------------------------------------------------- format


def test_keys_are_canonical_and_core_attributes_always_present(personas: list[Persona_]) -> None:
    core = [name for name in ATTRIBUTES if name not in OPTIONAL_ATTRIBUTES]
    assert len(core) == 28
    for persona in personas:
        assert list(persona) == [name for name in ATTRIBUTES if name in persona]
        assert all(name in persona for name in core)
        assert all(isinstance(value, str) and value for value in persona.values())


def test_big_five_format(personas: list[Persona_]) -> None:
    seen: set[str] = set()
    for persona in personas:
        match = BIG_FIVE.match(persona["big five scores"])
        assert match, persona["big five scores"]
        assert all(level in LEVELS for level in match.groups())
        seen.update(match.groups())
    assert seen == set(LEVELS)


def test_age_and_income_are_numeric_strings(personas: list[Persona_]) -> None:
    for persona in personas:
        assert persona["age"].isdigit() and 0 <= age(persona) <= 99
        if age(persona) < 15:
            assert persona["income"] == "Not applicable"
        else:
            assert INCOME.match(persona["income"]), persona["income"]


@pytest.mark.parametrize("name", sorted(OPTIONAL_ATTRIBUTES))
def test_optional_attribute_frequency_is_low(personas: list[Persona_], name: str) -> None:
    assert 0.03 <= share(personas, lambda p: name in p) <= 0.07


def test_optional_attributes_appear_only_where_they_apply(personas: list[Persona_]) -> None:
    for persona in personas:
        if "fertility" in persona:
            assert persona["sex"] == "Female" and 15 <= age(persona) <= 50
        if "ability to speak english" in persona:
            assert persona["household language"] != "English only"
            assert age(persona) >= 5
        if "cognitive difficulty" in persona:
            assert age(persona) >= 5


def test_difficulties_imply_a_disability(personas: list[Persona_]) -> None:
    for persona in personas:
        for name in ("hearing difficulty", "vision difficulty", "cognitive difficulty"):
            if persona.get(name, "").startswith("With a"):
                assert persona["disability"] == "With a disability"


# ----------------------------------------------------------------------------- children


def test_children_under_15(personas: list[Persona_]) -> None:
    children = [p for p in personas if age(p) < 15]
    assert len(children) > 1000
    for child in children:
        assert child["marital status"] == NEVER_MARRIED
        assert child["employment status"] == "N/A (less than 16 years old)"
        assert child["class of worker"] == NA_JOB
        assert child["industry category"] == NA_JOB
        assert child["occupation category"] == NA_JOB
        assert child["veteran status"] == "N/A (less than 17 years old)"
        assert child["income"] == "Not applicable"
        assert child["detailed job description"].startswith("Not applicable")
        # A child is never the householder.
        assert "living alone" not in child["household type"]
        assert "only nonrelatives" not in child["household type"]


def test_nine_year_olds_are_not_married_employed_veterans_or_householders(
    personas: list[Persona_],
) -> None:
    nine = [p for p in personas if age(p) == 9]
    assert nine
    for child in nine:
        assert child["marital status"] == NEVER_MARRIED
        assert not has_job(child)
        assert child["veteran status"] != "Veteran"
        assert "living alone" not in child["household type"]


def test_minors(personas: list[Persona_]) -> None:
    for persona in personas:
        if age(persona) < 16:
            assert persona["employment status"] == "N/A (less than 16 years old)"
        else:
            assert persona["employment status"] != "N/A (less than 16 years old)"
        if age(persona) < 18:
            assert persona["marital status"] == NEVER_MARRIED
            assert persona["veteran status"] != "Veteran"


# ----------------------------------------------------------------------------- education and work


def test_education_fits_age(personas: list[Persona_]) -> None:
    for persona in personas:
        years, education = age(persona), persona["education"]
        if years < 3:
            assert education == "N/A (less than 3 years old)"
        elif years < 18:
            assert education in CHILD_EDUCATION, (years, education)
        if education.startswith("Grade "):
            # The last grade completed is at most about age minus six.
            assert int(education.split()[1]) <= years - 6
        assert years >= DEGREES.get(education, 0), (years, education)


def test_occupation_fits_education(personas: list[Persona_]) -> None:
    catalogue = occupations_by_label()
    advanced = {"Professional degree beyond a bachelor's degree", "Doctorate degree"}
    graduate = {"Master's degree", *advanced}
    bachelor_or_more = {"Bachelor's degree", *graduate}
    checked = Counter[str]()
    for persona in personas:
        occupation, education = persona["occupation category"], persona["education"]
        if occupation not in catalogue:
            continue
        assert tier(education) >= catalogue[occupation].min_tier
        assert age(persona) >= catalogue[occupation].min_age
        if occupation in ("MED-Physicians", "MED-Dentists") or occupation.startswith("LGL-Lawyers"):
            assert education in advanced, (occupation, education)
            checked["advanced"] += 1
        if occupation == "EDU-Postsecondary Teachers":
            assert education in graduate
            checked["graduate"] += 1
        if occupation.startswith(("CMM-Software", "ENG-", "EDU-Elementary", "FIN-Accountants")):
            assert education in bachelor_or_more, (occupation, education)
            checked["bachelor"] += 1
    assert min(checked.values()) > 10


def test_job_fields_present_only_with_a_job(personas: list[Persona_]) -> None:
    long_term = {
        "Unemployed and last worked 5 years ago or earlier or never worked",
        "Unemployed, With No Work Experience In The Last 5 Years Or Earlier Or Never Worked",
    }
    job_fields = ("class of worker", "industry category", "occupation category")
    for persona in personas:
        values = [persona[field] for field in job_fields]
        if has_job(persona):
            assert all(value != NA_JOB and value not in long_term for value in values)
        elif persona["employment status"] == "Unemployed":
            # Most unemployed people carry their last job, as ACS records it; the rest carry
            # the long-term-unemployed labels in all three fields.
            real = [value != NA_JOB and value not in long_term for value in values]
            assert all(real) or all(value in long_term for value in values)
        else:
            assert values == [NA_JOB] * 3


def test_industry_and_class_of_worker_fit_occupation(personas: list[Persona_]) -> None:
    catalogue = occupations_by_label()
    for persona in personas:
        occupation = catalogue.get(persona["occupation category"])
        if occupation is None:
            continue
        industries = {industry.label for industry in occupation.industries.values}
        assert persona["industry category"] in industries
        military = persona["occupation category"].startswith("MIL-")
        assert military == persona["employment status"].startswith("Armed forces") or (
            persona["employment status"] == "Unemployed" and not military
        )
        if military:
            assert persona["class of worker"] == "Federal government employee"
        if persona["industry category"] == "ADM-Justice, Public Order, And Safety Activities":
            assert "government" in persona["class of worker"]


def test_detailed_job_description_fits_occupation(personas: list[Persona_]) -> None:
    tables = psychographic_tables()
    not_working = {phrase for bank in tables.not_working.values() for phrase in bank}
    for persona in personas:
        description, occupation = (
            persona["detailed job description"],
            persona["occupation category"],
        )
        if occupation in tables.jobs:
            bank = tables.jobs[occupation]
            if persona["employment status"] == "Unemployed":
                assert description.startswith(tables.unemployed_prefix)
                rest = description.removeprefix(tables.unemployed_prefix)
                assert any(rest == phrase[0].lower() + phrase[1:] for phrase in bank)
            else:
                assert description in bank
        else:
            assert description in not_working


def test_income_fits_employment(personas: list[Persona_]) -> None:
    employed = [float(p["income"]) for p in personas if has_job(p)]
    outside = [
        float(p["income"]) for p in personas if p["employment status"] == "Not in labor force"
    ]
    assert statistics.median(employed) > 2 * max(statistics.median(outside), 1.0)
    assert 25_000 <= statistics.median(employed) <= 60_000
    for persona in personas:
        if persona["income"] == "Not applicable":
            continue
        income = float(persona["income"])
        if income < 0:
            # Only the unincorporated self-employed can report a loss.
            assert persona["class of worker"] == UNINCORPORATED
        if has_job(persona) and persona["class of worker"] in EMPLOYEE_CLASSES:
            assert income > 0
    physicians = [
        float(p["income"]) for p in personas if p["occupation category"] == "MED-Physicians"
    ]
    cashiers = [float(p["income"]) for p in personas if p["occupation category"] == "SAL-Cashiers"]
    assert statistics.median(physicians) > 3 * statistics.median(cashiers)


def test_not_working_descriptions_fit_education(personas: list[Persona_]) -> None:
    banks = psychographic_tables().not_working
    bachelor = tier("Bachelor's degree")
    for persona in personas:
        description = persona["detailed job description"]
        if description in (*banks["retired_degree"], *banks["student_graduate"]):
            assert tier(persona["education"]) >= bachelor
        if description in banks["retired_no_degree"]:
            assert tier(persona["education"]) < bachelor
        if description in banks["student_high_school"]:
            assert age(persona) < 18


def test_retired_people_are_mostly_older(personas: list[Persona_]) -> None:
    retired = [p for p in personas if p["detailed job description"].startswith("Retired")]
    assert retired and share(retired, lambda p: age(p) >= 55) == 1.0


# ----------------------------------------------------------------------------- households


def test_household_type_fits_marital_status(personas: list[Persona_]) -> None:
    for persona in personas:
        household, marital, years = (
            persona["household type"],
            persona["marital status"],
            age(persona),
        )
        if marital == "Married":
            assert household.startswith("Married couple household")
        elif household.startswith("Married couple household") and years >= 18:
            # Unmarried adults in a married couple's home are adult children or older relatives.
            assert (marital == NEVER_MARRIED and years < 35) or years >= 65, (years, marital)
        if "living alone" in household or "only nonrelatives" in household:
            assert household.startswith(persona["sex"])
            assert years >= 18


def test_family_presence_fits_household(personas: list[Persona_]) -> None:
    for persona in personas:
        household, family = persona["household type"], persona["family presence and age"]
        nonfamily = (
            "living alone" in household
            or "only nonrelatives" in household
            or household.startswith("Cohabiting couple household, no children")
        )
        assert (family == NOT_A_FAMILY) == nonfamily, (household, family)
        if "with children of the householder less than 18" in household:
            assert family.startswith("With related children")
        if age(persona) < 5:
            assert "under 5 years" in family
        elif age(persona) < 18:
            assert "5 to 17 years" in family


# ----------------------------------------------------------------------------- origins


def test_place_of_birth_and_citizenship_agree(personas: list[Persona_]) -> None:
    abroad = {
        "Born abroad of American parent(s)",
        "U.S. citizen by naturalization",
        "Not a citizen of the U.S.",
    }
    for persona in personas:
        place, citizenship = persona["place of birth"], persona["citizenship"]
        if US_STATE.match(place):
            assert citizenship == "Born in the U.S."
        elif place in ("Puerto Rico", "Guam"):
            assert citizenship.startswith("Born in Puerto Rico, Guam")
        else:
            assert citizenship in abroad, (place, citizenship)
    foreign_born = share(personas, lambda p: p["citizenship"] in abroad)
    assert 0.09 <= foreign_born <= 0.19


def test_household_language_follows_ancestry_and_birthplace(personas: list[Persona_]) -> None:
    native = [p for p in personas if p["citizenship"] == "Born in the U.S."]
    foreign = [p for p in personas if p["citizenship"] != "Born in the U.S."]
    other_language = lambda p: p["household language"] != "English only"  # noqa: E731
    assert share(foreign, other_language) > 0.6
    assert share(native, other_language) < 0.25
    mexican = [p for p in personas if p["ancestry"] == "Mexican"]
    assert share(mexican, lambda p: p["household language"] == "Spanish") > 0.5
    german = [p for p in native if p["ancestry"] == "German"]
    assert share(german, lambda p: p["household language"] == "English only") > 0.85


# ----------------------------------------------------------------------------- veterans


def test_veterans_are_adults_mostly_older_men(personas: list[Persona_]) -> None:
    adults = [p for p in personas if age(p) >= 18]
    veterans = [p for p in personas if p["veteran status"] == "Veteran"]
    assert all(age(v) >= 18 for v in veterans)
    assert 0.04 <= len(veterans) / len(adults) <= 0.09
    assert share(veterans, lambda p: p["sex"] == "Male") >= 0.8
    assert statistics.mean(age(v) for v in veterans) > statistics.mean(age(a) for a in adults) + 8


def test_active_duty_means_armed_forces(personas: list[Persona_]) -> None:
    for persona in personas:
        on_duty = persona["veteran status"] == "Now on active duty"
        assert on_duty == persona["employment status"].startswith("Armed forces")


# ----------------------------------------------------------------------------- psychographics


def stage_banks(field: str, persona: Persona_) -> set[str]:
    banks = psychographic_tables().banks[field]
    allowed = set(banks[life_stage(age(persona))])
    if has_job(persona):
        allowed |= set(banks["working"])
    return allowed


def test_personal_time_and_lifestyle_fit_age_and_work(personas: list[Persona_]) -> None:
    for persona in personas:
        for field in ("personal time", "lifestyle"):
            assert persona[field] in stage_banks(field, persona), (age(persona), persona[field])


def test_no_nightlife_for_the_old_and_no_commute_for_children(personas: list[Persona_]) -> None:
    nightlife = re.compile(r"nightclub|nightlife|bars\b|pub\b", re.IGNORECASE)
    work_words = re.compile(r"\bcommut|\boffice\b|\bshifts?\b|\bwork(s|ing)?\b", re.IGNORECASE)
    for persona in personas:
        text = f"{persona['personal time']} | {persona['lifestyle']}"
        if age(persona) >= 65:
            assert not nightlife.search(text), text
        if age(persona) < 16:
            assert not work_words.search(text), text
            assert not nightlife.search(text), text


def test_quirks_and_mannerisms_fit_age(personas: list[Persona_]) -> None:
    banks = psychographic_tables().banks
    for persona in personas:
        stage = life_stage(age(persona))
        if stage in ("young_child", "child", "teen"):
            assert persona["defining quirks"] in banks["defining quirks"][stage]
            assert persona["mannerisms"] in banks["mannerisms"][stage]
        else:
            adult = {*banks["defining quirks"]["adult"], *banks["defining quirks"]["older_adult"]}
            assert persona["defining quirks"] in adult
            assert persona["mannerisms"] in banks["mannerisms"]["adult"]
            if stage in ("young_adult", "adult"):
                assert persona["defining quirks"] in banks["defining quirks"]["adult"]


def test_political_views_follow_ideology(personas: list[Persona_]) -> None:
    banks = psychographic_tables().banks
    level_of = {
        phrase: level
        for level in ("very_liberal", "liberal", "moderate", "conservative", "very_conservative")
        for phrase in banks["ideology"][level]
    }
    side_of = {
        phrase: "R" if "Republican" in party else "D" if "Democrat" in party else "other"
        for party, bank in banks["political views"].items()
        for phrase in bank
    }
    adults = [p for p in personas if age(p) >= 18]
    assert all(p["ideology"] in level_of and p["political views"] in side_of for p in adults)
    right = [p for p in adults if level_of[p["ideology"]] in ("conservative", "very_conservative")]
    left = [p for p in adults if level_of[p["ideology"]] in ("liberal", "very_liberal")]
    assert share(right, lambda p: side_of[p["political views"]] == "R") > 0.6
    assert share(left, lambda p: side_of[p["political views"]] == "D") > 0.6
    for persona in personas:
        if age(persona) < 13:
            assert persona["ideology"] in banks["ideology"]["child"]
        elif age(persona) < 18:
            teen = {*banks["ideology"]["teen_left"], *banks["ideology"]["teen_center"]}
            assert persona["ideology"] in teen | set(banks["ideology"]["teen_right"])
        if age(persona) < 18:
            minors = {
                *banks["political views"]["minor_child"],
                *banks["political views"]["minor_teen"],
            }
            assert persona["political views"] in minors


def test_religion_follows_ancestry_and_birthplace(personas: list[Persona_]) -> None:
    cases: list[tuple[Callable[[Persona_], bool], str, float]] = [
        (lambda p: p["ancestry"] == "Asian Indian", "Hindu", 0.3),
        (lambda p: p["ancestry"] == "Mexican", "Catholic", 0.3),
        (lambda p: p["ancestry"] == "African American", "Historically Black Protestant", 0.3),
        (
            lambda p: p["place of birth"] == "Utah/UT" and p["race"] == "White alone",
            "Latter-day Saint",
            0.25,
        ),
    ]
    for select, religion, minimum in cases:
        group = [p for p in personas if select(p)]
        assert len(group) >= 20, religion
        matches = sum(1 for p in group if p["religion"] == religion)
        assert matches / len(group) > minimum, religion
    # Atheist and agnostic are self-descriptions; young children get the family's label.
    assert all(p["religion"] not in ("Atheist", "Agnostic") for p in personas if age(p) < 13)
    young = [p for p in personas if 18 <= age(p) < 30]
    old = [p for p in personas if age(p) >= 65]
    unaffiliated = {"Atheist", "Agnostic", "Nothing in particular"}
    assert share(young, lambda p: p["religion"] in unaffiliated) > share(
        old, lambda p: p["religion"] in unaffiliated
    )


# ----------------------------------------------------------------------------- data files


def tables_of(data: dict[str, object], skip: Iterable[str]) -> dict[str, object]:
    return {key: value for key, value in data.items() if key not in skip}


def test_every_acs_distribution_cites_its_source() -> None:
    acs = load_data_file(ACS_FILE)
    for name, table in tables_of(acs, {"meta"}).items():
        assert isinstance(table, dict), name
        assert isinstance(table.get("source"), str) and table["source"], name
        assert isinstance(table.get("note"), str) and table["note"], name
        if name not in (
            "optional_attributes",
            "not_in_labor_force_reasons",
            "census_regions",
            "industries",
        ):
            assert "ACS" in table["source"], name


def test_every_psychographic_distribution_cites_its_source() -> None:
    distributions = load_data_file(PHRASES_FILE)["distributions"]
    for name, table in distributions.items():
        assert table.get("source") and table.get("note"), name


def test_phrase_banks_are_varied_and_unique() -> None:
    tables = psychographic_tables()
    banks = tables.banks
    assert len(banks["defining quirks"]["adult"]) >= 40
    assert len(banks["mannerisms"]["adult"]) >= 36
    for field in ("personal time", "lifestyle"):
        assert sum(len(bank) for bank in banks[field].values()) >= 80
    for field, by_key in banks.items():
        phrases = [phrase for bank in by_key.values() for phrase in bank]
        assert len(phrases) == len(set(phrases)), field
    assert all(len(bank) >= 2 for bank in tables.jobs.values())
    catalogue = occupations_by_label()
    assert set(tables.jobs) == set(catalogue)


# ----------------------------------------------------------------------------- sampling helpers


@pytest.mark.parametrize("pairs", [[("a", -1.0), ("b", 2.0)], [("a", 0.0)], [("a", float("nan"))]])
def test_weighted_choice_rejects_bad_weights(pairs: list[tuple[str, float]]) -> None:
    with pytest.raises(PersonaBenchError, match="toy"):
        WeightedChoice(pairs, "toy")


def test_weighted_choice_draws_in_proportion() -> None:
    choice = WeightedChoice([("a", 1.0), ("b", 3.0), ("never", 0.0)], "toy")
    rng = random.Random(0)
    counts = Counter(choice.draw(rng) for _ in range(20_000))
    assert set(counts) == {"a", "b"}
    assert 0.72 < counts["b"] / 20_000 < 0.78
    assert choice.probability("b") == pytest.approx(0.75)


def test_age_table_must_cover_every_age() -> None:
    with pytest.raises(PersonaBenchError, match="no band for age 50"):
        AgeTable([(0, 49, "young"), (51, 99, "old")], "toy")
    table = AgeTable([(0, 49, "young"), (50, 99, "old")], "toy")
    assert (table.at(0), table.at(49), table.at(50), table.at(99)) == (
        "young",
        "young",
        "old",
        "old",
    )
