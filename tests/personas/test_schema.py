from __future__ import annotations

import pytest

from persona_bench.errors import PersonaBenchError
from persona_bench.personas.schema import (
    ATTRIBUTES,
    OPTIONAL_ATTRIBUTES,
    Persona,
    canonical_attribute,
    normalize_text,
    parse_number,
)

BIG_FIVE = (
    "Openness: High, Conscientiousness: Low, Extraversion: Average, "
    "Agreeableness: Extremely Low, Neuroticism: Extremely High"
)

TEXT_BLOCK = f"""age: 68
sex: Female
big five scores: {BIG_FIVE}
income: Not applicable
veteran status: Non-veteran
favourite colour: teal
"""


def test_there_are_33_attributes_in_canonical_order() -> None:
    assert len(ATTRIBUTES) == 33
    assert len(set(ATTRIBUTES)) == 33
    assert ATTRIBUTES[0] == "age"
    assert ATTRIBUTES[-1] == "religion"
    assert ATTRIBUTES.index("big five scores") == 25
    assert set(ATTRIBUTES) >= OPTIONAL_ATTRIBUTES
    assert len(OPTIONAL_ATTRIBUTES) == 5


def test_text_block_splits_on_first_colon_space_only() -> None:
    persona = Persona.from_text(TEXT_BLOCK, "p1")
    assert persona.attributes["big five scores"] == BIG_FIVE
    assert persona.attributes["age"] == "68"
    # unknown extra keys are kept, order is the source order
    assert list(persona.attributes) == [
        "age",
        "sex",
        "big five scores",
        "income",
        "veteran status",
        "favourite colour",
    ]


def test_text_block_round_trip_through_lines_rendering() -> None:
    persona = Persona.from_text(TEXT_BLOCK, "p1")
    again = Persona.from_text(persona.render("lines"), "p1")
    assert again == persona
    assert persona.render() == TEXT_BLOCK.strip()


def test_dict_rendering_matches_original_style() -> None:
    persona = Persona.from_dict({"age": "68", "sex": "Female"}, "p1")
    assert persona.render("dict") == "{'age': '68', 'sex': 'Female'}"


def test_unknown_render_style_is_a_clear_error() -> None:
    with pytest.raises(PersonaBenchError, match="lines, dict"):
        Persona.from_dict({"age": "1"}, "p").render("yaml")  # type: ignore[arg-type]


def test_missing_and_empty_values_are_dropped_and_values_stringified() -> None:
    persona = Persona.from_dict(
        {"age": 41, "sex": None, "race": float("nan"), "religion": "  ", "income": "-1200.0"}, "x"
    )
    assert persona.attributes == {"age": "41", "income": "-1200.0"}


def test_json_round_trip_and_errors() -> None:
    persona = Persona.from_json('{"age": "68", "ideology": "Moderate: leans left"}', "j")
    assert persona.get("ideology") == "Moderate: leans left"
    with pytest.raises(PersonaBenchError, match="not valid JSON"):
        Persona.from_json("{age: 68", "j")
    with pytest.raises(PersonaBenchError, match="not an object"):
        Persona.from_json("[1, 2]", "j")


def test_continuation_lines_join_the_previous_value() -> None:
    persona = Persona.from_text("defining quirks: hums\nwhile cooking\nage: 30", "c")
    assert persona.attributes["defining quirks"] == "hums\nwhile cooking"
    assert persona.attributes["age"] == "30"


def test_text_block_without_key_is_a_clear_error() -> None:
    with pytest.raises(PersonaBenchError, match="attribute: value"):
        Persona.from_text("just some prose", "bad")


def test_drop_removes_attributes_and_keeps_order() -> None:
    persona = Persona.from_text(TEXT_BLOCK, "p1")
    dropped = persona.drop("sex", "religion")
    assert "sex" not in dropped.attributes
    assert list(dropped.attributes)[:2] == ["age", "big five scores"]
    assert persona.attributes["sex"] == "Female"  # the original is unchanged


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("68", 68.0),
        ("62000.0", 62000.0),
        ("-1200.0", -1200.0),
        ("$1,500", 1500.0),
        ("Not applicable", None),
        ("", None),
        (None, None),
        ("12 years", None),
    ],
)
def test_parse_number(raw: str | None, expected: float | None) -> None:
    assert parse_number(raw) == expected


def test_numeric_accessors() -> None:
    persona = Persona.from_dict({"age": "68", "income": "Not applicable"}, "n")
    assert persona.number("age") == 68.0
    assert persona.number("income") is None
    assert persona.number("religion") is None


def test_matching_ignores_case_and_spacing() -> None:
    persona = Persona.from_dict({"veteran status": "Non-Veteran", "sex": "Male"}, "m")
    assert persona.has_value("veteran status", ["non-veteran"])
    assert persona.has_value("veteran status", ["  NON-VETERAN "])
    assert not persona.has_value("veteran status", ["Veteran"])
    assert not persona.has_value("religion", ["Catholic"])
    assert normalize_text("  Regular   high School diploma") == "regular high school diploma"


def test_canonical_attribute_resolution() -> None:
    assert canonical_attribute("Household_Language") == "household language"
    assert canonical_attribute(" big five scores ") == "big five scores"
    with pytest.raises(PersonaBenchError, match="Unknown persona attribute 'hair colour'"):
        canonical_attribute("hair colour")
