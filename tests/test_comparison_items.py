"""Comparison items: the built-in set, local files, the PERSONA Hub source and validation."""

from __future__ import annotations

import collections
import json
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from huggingface_hub import errors

from persona_bench.comparison_items import (
    PERSONA_REPO,
    candidate_order,
    comparison_samples,
    differing_attributes,
    items_from_persona_frame,
    load_comparison_items,
    select_items,
)
from persona_bench.errors import PersonaBenchError
from persona_bench.personas.schema import ATTRIBUTES, Persona

WriteJsonl = Callable[[str, Sequence[Mapping[str, Any]]], Path]


def item_row(item_id: str = "x1", **overrides: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "item_id": item_id,
        "question": "How should I spend a free Saturday?",
        "persona_a": {"age": "30", "sex": "Female", "religion": "Jewish"},
        "persona_b": {"age": "30", "sex": "Female", "religion": "Catholic"},
        "answer_a": "Rest on Shabbat and save errands for Sunday. A walk fits either day.",
        "answer_b": "Do errands in the morning and go to Saturday evening Mass. Rest Sunday.",
        "attributes": ["religion"],
    }
    row.update(overrides)
    return row


def test_builtin_items_are_many_and_spread_over_attributes() -> None:
    items = load_comparison_items("builtin")
    assert len(items) >= 80
    counts = collections.Counter(name for item in items for name in item.attributes)
    assert len(counts) >= 12
    assert max(counts.values()) <= 0.12 * len(items)
    assert all(name in ATTRIBUTES for name in counts)
    assert len({item.item_id for item in items}) == len(items)


def test_builtin_pairs_share_most_attributes_but_differ_where_it_matters() -> None:
    for item in load_comparison_items("builtin"):
        a, b = item.persona_a.attributes, item.persona_b.attributes
        assert len(a) >= 5 and len(b) >= 5
        shared = sum(1 for key in a if b.get(key) == a[key])
        assert shared >= 0.7 * len(a), item.item_id
        assert any(a.get(name) != b.get(name) for name in item.attributes), item.item_id
        assert item.answer_a != item.answer_b


def test_local_jsonl_and_json_files_load(write_jsonl: WriteJsonl, tmp_path: Path) -> None:
    path = write_jsonl("items.jsonl", [item_row("x1"), item_row("x2", attributes="Religion")])
    items = load_comparison_items(str(path))
    assert [item.item_id for item in items] == ["x1", "x2"]
    assert items[1].attributes == ("religion",)
    assert items[0].persona_a.get("religion") == "Jewish"
    json_path = tmp_path / "items.json"
    json_path.write_text(json.dumps([item_row("y")]), encoding="utf-8")
    assert load_comparison_items(str(json_path))[0].item_id == "y"


@pytest.mark.parametrize(
    ("row", "fragments"),
    [
        (item_row(question=""), ["'x1'", "'question'"]),
        (item_row(answer_b=None), ["'x1'", "'answer_b'"]),
        (item_row(persona_a="age: 30"), ["'x1'", "'persona_a'"]),
        (item_row(persona_b={}), ["'x1'", "'persona_b'"]),
        (item_row(attributes=[]), ["'x1'", "'attributes'"]),
        (item_row(attributes=["hair colour"]), ["'x1'", "'attributes'", "hair colour"]),
        (
            item_row(
                answer_b="Rest on shabbat and save errands for Sunday. A walk fits either day."
            ),
            ["'x1'", "same text"],
        ),
        (item_row(colour="red"), ["'x1'", "'colour'", "Valid fields"]),
        ({k: v for k, v in item_row().items() if k != "item_id"}, ["row 1", "'item_id'"]),
    ],
)
def test_invalid_items_name_the_item_and_field(
    row: dict[str, Any], fragments: list[str], write_jsonl: WriteJsonl
) -> None:
    path = write_jsonl("bad.jsonl", [row])
    with pytest.raises(PersonaBenchError) as caught:
        load_comparison_items(str(path))
    for fragment in fragments:
        assert fragment in str(caught.value)


def test_repeated_item_ids_are_refused(write_jsonl: WriteJsonl) -> None:
    path = write_jsonl("dup.jsonl", [item_row("x1"), item_row("x1")])
    with pytest.raises(PersonaBenchError, match=r"'x1'.*item_id.*unique"):
        load_comparison_items(str(path))


def test_source_errors(write_jsonl: WriteJsonl, tmp_path: Path) -> None:
    with pytest.raises(PersonaBenchError, match="builtin, persona"):
        load_comparison_items("prism")
    with pytest.raises(PersonaBenchError, match="unsupported file type"):
        load_comparison_items(str(tmp_path / "items.csv"))
    with pytest.raises(PersonaBenchError, match="file not found"):
        load_comparison_items(str(tmp_path / "missing.jsonl"))
    with pytest.raises(PersonaBenchError, match="gave no comparison items"):
        load_comparison_items(str(write_jsonl("empty.jsonl", [])))


def _gated_error() -> errors.GatedRepoError:
    # The constructor needs an HTTP response object whose type varies by hub version.
    error = errors.GatedRepoError.__new__(errors.GatedRepoError)
    Exception.__init__(error, "403 gated")
    return error


def test_persona_source_fails_fast_with_the_clear_hub_message(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise _gated_error()

    monkeypatch.setattr("huggingface_hub.auth_check", refuse)
    with pytest.raises(PersonaBenchError) as caught:
        load_comparison_items("persona")
    message = str(caught.value)
    assert PERSONA_REPO in message
    assert "HF_TOKEN" in message
    assert "source=builtin" in message


def persona_text(**attributes: str) -> str:
    return "\n".join(f"{key}: {value}" for key, value in attributes.items())


BASE = {"age": "40", "sex": "Male", "religion": "Catholic", "income": "50000.0"}


def persona_frame() -> pd.DataFrame:
    rows = [
        # Question 1: three personas; the first two differ in three attributes, the first and
        # third only in religion (plus a free-text field), so that pair is chosen.
        (persona_text(**BASE, mannerisms="Hums"), "Q1", "answer 1a"),
        (persona_text(**{**BASE, "age": "70", "sex": "Female", "income": "9000.0"}), "Q1", "1b"),
        (persona_text(**{**BASE, "religion": "Muslim"}, mannerisms="Taps"), "Q1", "answer 1c"),
        # Question 2: one persona only (its repeat is the same persona): skipped.
        (persona_text(**BASE), "Q2", "answer 2a"),
        (persona_text(**BASE), "Q2", "answer 2a again"),
        # Question 3: two personas, one lacks income.
        (persona_text(**BASE), "Q3", "answer 3a"),
        (persona_text(age="40", sex="Male", religion="Hindu"), "Q3", "answer 3b"),
    ]
    frame = pd.DataFrame(rows, columns=["persona", "instruction", "data"])
    frame["original"] = "generic"
    frame["critique"] = "critique"
    frame["question type"] = "train"
    return frame


def test_persona_rows_are_grouped_by_instruction(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, Any] = {}

    def fake_split(repo_id: str, **kwargs: Any) -> pd.DataFrame:
        seen.update(repo_id=repo_id, **kwargs)
        return persona_frame()

    monkeypatch.setattr("persona_bench.hub.load_hub_split", fake_split)
    items = load_comparison_items("persona", revision="abc123")
    assert seen["repo_id"] == PERSONA_REPO
    assert seen["split"] == "train"
    assert seen["revision"] == "abc123"
    assert [item.question for item in items] == ["Q1", "Q3"]
    first, third = items
    assert (first.answer_a, first.answer_b) == ("answer 1a", "answer 1c")
    assert first.attributes == ("religion",)
    assert first.persona_b.get("religion") == "Muslim"
    assert third.attributes == ("income", "religion")
    # Ids hash the instruction, so they survive a new dataset revision.
    assert items_from_persona_frame(persona_frame().iloc[::-1])[0].item_id in {
        item.item_id for item in items
    }


def test_persona_frame_without_needed_columns_is_refused() -> None:
    with pytest.raises(PersonaBenchError, match=r"missing column.*instruction"):
        items_from_persona_frame(pd.DataFrame({"persona": ["age: 3"], "data": ["x"]}))


def test_differing_attributes_are_capped_and_skip_free_text() -> None:
    first = Persona("a", {name: "one" for name in ATTRIBUTES})
    second = Persona("b", {name: "two" for name in ATTRIBUTES})
    names = differing_attributes(first, second)
    assert names == ("age", "sex", "race", "ancestry", "household language")
    assert "mannerisms" not in differing_attributes(first, second, limit=100)


def test_samples_per_item_with_seeded_order(write_jsonl: WriteJsonl) -> None:
    items = load_comparison_items(str(write_jsonl("i.jsonl", [item_row("x1"), item_row("x2")])))
    samples = comparison_samples(items, seed=3)
    assert [s.id for s in samples] == ["cx1-for-a", "cx1-for-b", "cx2-for-a", "cx2-for-b"]
    for sample in samples:
        assert sample.metadata is not None
        side = sample.metadata["for"]
        gold = items[0].answer(side)
        assert sample.metadata["candidates"][sample.target] == gold
        assert sample.metadata["order"] == list(candidate_order(3, str(sample.id)))
        assert sample.metadata["persona"] == items[0].persona(side).attributes
        assert sample.metadata["attributes"] == ["religion"]
    assert comparison_samples(items, seed=3) == samples
    orders = {tuple(candidate_order(seed, "cx1-for-a")) for seed in range(20)}
    assert orders == {("a", "b"), ("b", "a")}


def test_select_items_is_seeded() -> None:
    items = load_comparison_items("builtin")
    picked = select_items(items, 10, seed=1)
    assert len(picked) == 10
    assert picked == select_items(items, 10, seed=1)
    assert picked != select_items(items, 10, seed=2)
    assert select_items(items, None, seed=0) == items
    for bad in (0, -1, True):
        with pytest.raises(PersonaBenchError, match="n must be a positive integer"):
            select_items(items, bad, seed=0)
