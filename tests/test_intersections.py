"""Intersection configs: the original format, the extended one, matching and every error."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from persona_bench.errors import PersonaBenchError
from persona_bench.intersections import (
    Constraint,
    Intersection,
    describe_values,
    groups_of,
    load_intersections,
    match_groups,
    parse_intersections,
)
from persona_bench.personas import ATTRIBUTES, Persona, load_personas

RETIRED = Persona("retired", {"age": "68", "sex": "Female", "income": "Not applicable"})
STUDENT = Persona("student", {"age": "19", "sex": "Male", "income": "-1200.0"})
NURSE = Persona("nurse", {"age": "41.0", "income": "62000.0", "veteran status": "Non-veteran"})
VETERAN = Persona("veteran", {"age": "70", "sex": "male ", "veteran status": "Non-Veteran"})
POOL = [RETIRED, STUDENT, NURSE, VETERAN]

# The original PERSONA config, verbatim in form: a bare list, exact values, no names or ranges.
ORIGINAL_CONFIG: list[dict[str, Any]] = [
    {
        "attributes": [
            {"attribute": "sex", "values": ["Male"]},
            {"attribute": "age", "values": [str(age) for age in range(18, 35)]},
        ]
    },
    {
        "attributes": [
            {"attribute": "sex", "values": ["Female"]},
            {"attribute": "age", "values": [str(age) for age in range(18, 35)]},
        ]
    },
]

YOUNG_MEN: dict[str, Any] = {
    "name": "young men",
    "attributes": [
        {"attribute": "sex", "values": ["Male"]},
        {"attribute": "age", "min": 18, "max": 34},
    ],
}


def members(config: Any, pool: list[Persona] = POOL) -> dict[str, list[str]]:
    """Group name -> ids of the matching personas."""
    return {
        group.name: [p.id for p in pool if group.matches(p)] for group in load_intersections(config)
    }


def error_of(config: Any) -> str:
    with pytest.raises(PersonaBenchError) as raised:
        load_intersections(config)
    return str(raised.value)


# --- the original format -------------------------------------------------------------------


def test_original_format_file_loads_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "intersections.json"
    path.write_text(json.dumps(ORIGINAL_CONFIG), encoding="utf-8")
    groups = load_intersections(str(path))
    assert [len(g.constraints) for g in groups] == [2, 2]
    assert groups[0].constraints[0] == Constraint("sex", values=("Male",))
    assert groups[0].constraints[1].values == tuple(str(age) for age in range(18, 35))
    ages = "|".join(str(age) for age in range(18, 35))
    assert [g.name for g in groups] == [f"sex=Male & age={ages}", f"sex=Female & age={ages}"]
    # Exact age strings now match: the original compared them so that none ever did.
    assert members(str(path)) == {groups[0].name: ["student"], groups[1].name: []}


def test_numeric_values_match_by_number() -> None:
    config = [{"name": "41", "attributes": [{"attribute": "age", "values": [41, "68"]}]}]
    assert members(config) == {"41": ["retired", "nurse"]}


def test_path_object_and_intersections_key(tmp_path: Path) -> None:
    path = tmp_path / "wrapped.json"
    path.write_text(json.dumps({"intersections": [YOUNG_MEN]}), encoding="utf-8")
    assert members(path) == {"young men": ["student"]}


# --- inline forms --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "config",
    [
        [YOUNG_MEN],
        {"intersections": [YOUNG_MEN]},
        json.dumps([YOUNG_MEN]),
        "  " + json.dumps({"intersections": [YOUNG_MEN]}),
    ],
    ids=["list", "dict", "json-list", "json-dict"],
)
def test_inline_forms_are_equivalent(config: Any) -> None:
    groups = load_intersections(config)
    assert groups == [
        Intersection(
            "young men",
            (Constraint("sex", values=("Male",)), Constraint("age", minimum=18, maximum=34)),
        )
    ]
    assert groups[0].to_dict() == YOUNG_MEN


def test_default_config_and_its_sizes_on_the_builtin_personas() -> None:
    assert load_intersections(None) == load_intersections("default")
    groups = load_intersections()
    pools = match_groups(groups, load_personas("builtin"))
    sizes = {pool.intersection.name: len(pool.personas) for pool in pools}
    assert list(sizes)[:2] == ["men 18-34", "women 18-34"]
    assert all(size >= 10 for size in sizes.values()), sizes
    assert groups[0].constraints[1] == Constraint("age", minimum=18, maximum=34)


def test_attribute_names_are_canonicalised() -> None:
    config = [{"attributes": [{"attribute": "Veteran_Status", "values": ["Veteran"]}]}]
    assert load_intersections(config)[0].constraints[0].attribute == "veteran status"
    assert load_intersections(config)[0].name == "veteran status=Veteran"


def test_a_lone_value_counts_as_a_one_item_list() -> None:
    config = [{"attributes": [{"attribute": "sex", "values": "Female"}]}]
    assert members(config) == {"sex=Female": ["retired"]}


# --- matching ------------------------------------------------------------------------------


def test_ranges_are_inclusive_and_numeric() -> None:
    config = [
        {"name": "65+", "attributes": [{"attribute": "age", "min": 65, "max": 120}]},
        {"name": "exactly 19", "attributes": [{"attribute": "age", "min": "19", "max": 19}]},
        {"name": "41", "attributes": [{"attribute": "age", "min": 41, "max": 41}]},
        {"name": "no income", "attributes": [{"attribute": "income", "max": 0}]},
        {"name": "earners", "attributes": [{"attribute": "income", "min": 0}]},
    ]
    assert members(config) == {
        "65+": ["retired", "veteran"],
        "exactly 19": ["student"],
        "41": ["nurse"],
        "no income": ["student"],
        "earners": ["nurse"],
    }


def test_non_numeric_values_never_match_and_are_counted() -> None:
    config = [
        {"name": "any income", "attributes": [{"attribute": "income", "min": -1e12}]},
        {"name": "women", "attributes": [{"attribute": "sex", "values": ["Female"]}]},
    ]
    pools = match_groups(load_intersections(config), POOL)
    assert [p.id for p in pools[0].personas] == ["student", "nurse"]
    # Retired's "Not applicable" is counted; Veteran has no income at all, which is not.
    assert pools[0].non_numeric == 1
    assert pools[1].non_numeric == 0


def test_values_ignore_case_and_spacing() -> None:
    config = [
        {"name": "men", "attributes": [{"attribute": "sex", "values": ["  MALE "]}]},
        {"name": "non", "attributes": [{"attribute": "veteran status", "values": ["non-VETERAN"]}]},
    ]
    assert members(config) == {"men": ["student", "veteran"], "non": ["nurse", "veteran"]}


def test_groups_of_lists_every_matching_group_in_config_order() -> None:
    groups = load_intersections(
        [
            {"name": "old", "attributes": [{"attribute": "age", "min": 65}]},
            {"name": "men", "attributes": [{"attribute": "sex", "values": ["Male"]}]},
            {"name": "women", "attributes": [{"attribute": "sex", "values": ["Female"]}]},
        ]
    )
    assert groups_of(VETERAN, groups) == ["old", "men"]
    assert groups_of(RETIRED, groups) == ["old", "women"]
    assert groups_of(NURSE, groups) == []


@pytest.mark.parametrize("name", ["people's choice", 'the "other" group', "O'Brien & co's"])
def test_names_with_apostrophes_and_quotes(name: str, tmp_path: Path) -> None:
    config = [{"name": name, "attributes": [{"attribute": "sex", "values": ["Male"]}]}]
    path = tmp_path / "names.json"
    path.write_text(json.dumps(config), encoding="utf-8")
    assert load_intersections(str(path))[0].name == name
    assert load_intersections(json.dumps(config))[0].name == name


def test_default_names_keep_apostrophes_in_values() -> None:
    persona = Persona("p", {"religion": "Don't know", "age": "30"})
    config = [
        {
            "attributes": [
                {"attribute": "religion", "values": ["Don't know", "None"]},
                {"attribute": "income", "max": 24999.5},
                {"attribute": "age", "min": 18},
            ]
        }
    ]
    group = load_intersections(config)[0]
    assert group.name == "religion=Don't know|None & income <= 24999.5 & age 18+"
    assert group.constraints[0].matches(persona)


# --- errors --------------------------------------------------------------------------------


def constraint_config(constraint: dict[str, Any], name: str = "grp") -> list[dict[str, Any]]:
    return [{"name": name, "attributes": [constraint]}]


@pytest.mark.parametrize(
    ("constraint", "expected"),
    [
        ({"attribute": "sex"}, "neither 'values' nor 'min'/'max'"),
        ({"attribute": "age", "values": ["30"], "min": 18}, "either 'values' or 'min'/'max'"),
        ({"attribute": "sex", "min": 1}, "only work for the numeric attributes (age, income)"),
        ({"attribute": "age", "min": 40, "max": 30}, "min 40 is greater than max 30"),
        ({"attribute": "sex", "values": []}, "'values' is empty"),
        ({"attribute": "sex", "values": ["  "]}, "'values' is empty"),
        ({"attribute": "age", "min": "old"}, "'min' must be a number"),
        ({"attribute": "age", "min": None, "max": None}, "give a number for 'min', 'max'"),
        ({"attribute": "sex", "values": [True]}, "is not a string or number"),
        ({"attribute": "sex", "value": ["Male"]}, "unknown key(s) 'value'"),
        ({"values": ["Male"]}, "has no 'attribute' name"),
    ],
)
def test_constraint_errors_name_the_intersection(constraint: dict[str, Any], expected: str) -> None:
    message = error_of(constraint_config(constraint))
    assert "Intersection #1 ('grp')" in message
    assert expected in message


def test_unknown_attribute_lists_the_33() -> None:
    message = error_of(constraint_config({"attribute": "gender", "values": ["Male"]}))
    assert "Intersection #1 ('grp')" in message
    assert "'gender'" in message
    assert ", ".join(ATTRIBUTES) in message


def test_unnamed_intersection_is_named_by_position() -> None:
    config = [YOUNG_MEN, {"attributes": [{"attribute": "age", "min": 9, "max": 1}]}]
    assert "Intersection #2, attribute 'age'" in error_of(config)


def test_duplicate_names_are_refused() -> None:
    config = [YOUNG_MEN, {**YOUNG_MEN, "name": "Young  MEN"}]
    message = error_of(config)
    assert "#1 and #2" in message
    assert "distinct" in message
    # Two unnamed groups with the same constraints get the same built name.
    assert "the same name 'sex=Male'" in error_of(
        [{"attributes": [{"attribute": "sex", "values": ["Male"]}]}] * 2
    )


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        (5, 'expected a list of intersections (or {"intersections": [...]}), got int'),
        ({"groups": []}, "expected a list of intersections"),
        ({"intersections": {"sex": "Male"}}, "got dict"),
        ([], "the list of intersections is empty"),
        ([["sex"]], "Intersection #1 is list, not an object"),
        ([{"name": "", "attributes": []}], "'name' must be a non-empty string"),
        ([{"name": "x", "attributes": []}], "'attributes' is empty"),
        ([{"name": "x", "attributes": "sex"}], "'attributes' must be a list"),
        ([{"name": "x"}], "'attributes' must be a list"),
        ([{"name": "x", "attributes": ["sex"]}], "constraint 'sex' is not an object"),
        ([{"name": "x", "filters": [], "attributes": []}], "unknown key(s) 'filters'"),
        ('[{"attributes": [}]', "intersections: not valid JSON"),
        ('{"intersections": 3}', "expected a list of intersections"),
    ],
)
def test_config_shape_errors(config: Any, expected: str) -> None:
    assert expected in error_of(config)


def test_wrong_top_level_type_in_a_file(tmp_path: Path) -> None:
    path = tmp_path / "text.json"
    path.write_text('"men 18-34"', encoding="utf-8")
    message = error_of(str(path))
    assert f"intersections file {path}: expected a list of intersections" in message
    assert "got str" in message
    assert "Write a JSON list like" in message


def test_malformed_json_file_names_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('[\n  {"attributes": [\n    {"attribute": "sex",}\n  ]}\n]', encoding="utf-8")
    message = error_of(str(path))
    assert str(path) in message
    assert "not valid JSON" in message
    assert "line 3" in message


def test_missing_file_and_wrong_suffix(tmp_path: Path) -> None:
    assert "file not found" in error_of(str(tmp_path / "nope.json"))
    assert "unsupported file type" in error_of(str(tmp_path / "groups.yaml"))


# --- groups that match nobody --------------------------------------------------------------


def test_no_match_error_shows_the_values_the_data_has() -> None:
    config = [
        {
            "name": "people's elders",
            "attributes": [
                {"attribute": "sex", "values": ["Female"]},
                {"attribute": "age", "min": 90},
                {"attribute": "income", "min": 0},
            ],
        }
    ]
    with pytest.raises(PersonaBenchError) as raised:
        match_groups(load_intersections(config), POOL)
    message = str(raised.value)
    assert 'Intersection "people\'s elders" matches none of the 4 personas.' in message
    assert "sex=Female matches 1; 'sex' in the data: 'Female' (1), 'Male' (1), 'male ' (1); " in (
        message
    )
    assert "missing in 1" in message
    assert "age 90+ matches 0; 'age' in the data: numbers from 19 to 70 (4 personas)." in message
    assert "'income' in the data: numbers from -1200 to 62000 (2 personas); " in message
    assert "'Not applicable' (1); missing in 1." in message
    assert "Change the values or ranges" in message


def test_no_match_error_on_the_builtin_personas() -> None:
    config = [{"attributes": [{"attribute": "sex", "values": ["Mal"]}]}]
    with pytest.raises(PersonaBenchError) as raised:
        match_groups(load_intersections(config), load_personas("builtin"))
    message = str(raised.value)
    assert "'sex=Mal' matches none of the 500 personas" in message
    assert "'Male' (266), 'Female' (234)" in message


def test_describe_values_shows_the_ten_most_common() -> None:
    pool = [Persona(str(i), {"religion": f"faith {i % 12}"}) for i in range(24)]
    pool += [Persona("x", {"religion": "faith 0"}), Persona("y", {})]
    text = describe_values("religion", pool)
    assert text.startswith("'faith 0' (3), ")
    assert text.count("(2)") == 9
    assert "and 2 more distinct values; missing in 1" in text


def test_parse_intersections_names_the_origin_in_errors() -> None:
    with pytest.raises(PersonaBenchError, match=r"^my config: the list of intersections is empty"):
        parse_intersections([], origin="my config")
    assert parse_intersections({"intersections": [YOUNG_MEN]}) == load_intersections([YOUNG_MEN])
