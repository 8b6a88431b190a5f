from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from persona_bench.errors import PersonaBenchError
from persona_bench.personas.sources import load_personas

ROWS = [
    {"persona_id": "a", "age": "68", "sex": "Female", "income": "62000.0"},
    {"persona_id": "b", "age": "9", "sex": "Male", "income": "Not applicable"},
]


def _expected_ids() -> list[str]:
    return ["a", "b"]


def test_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in ROWS) + "\n", encoding="utf-8")
    personas = load_personas(str(path))
    assert [p.id for p in personas] == _expected_ids()
    assert personas[0].attributes == {"age": "68", "sex": "Female", "income": "62000.0"}


def test_json_list(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text(json.dumps(ROWS), encoding="utf-8")
    assert [p.get("age") for p in load_personas(str(path))] == ["68", "9"]


def test_csv_keeps_strings(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    pd.DataFrame(ROWS).to_csv(path, index=False)
    personas = load_personas(str(path))
    assert personas[0].get("income") == "62000.0"
    assert personas[1].get("age") == "9"


def test_parquet_with_text_block_column_and_no_id(tmp_path: Path) -> None:
    path = tmp_path / "p.parquet"
    blocks = [
        "age: 30\nbig five scores: Openness: High, Neuroticism: Low",
        "age: 50\nreligion: Muslim",
    ]
    pd.DataFrame({"persona": blocks}).to_parquet(path)
    personas = load_personas(str(path))
    assert [p.id for p in personas] == ["0", "1"]
    assert personas[0].get("big five scores") == "Openness: High, Neuroticism: Low"


def test_missing_file_names_the_parameter(tmp_path: Path) -> None:
    with pytest.raises(PersonaBenchError, match=r"personas=.*file not found"):
        load_personas(str(tmp_path / "nope.jsonl"))


def test_unsupported_suffix(tmp_path: Path) -> None:
    path = tmp_path / "p.xlsx"
    path.write_text("x", encoding="utf-8")
    with pytest.raises(PersonaBenchError, match=r"unsupported file type '.xlsx'"):
        load_personas(str(path))


def test_unknown_source_lists_valid_ones() -> None:
    with pytest.raises(PersonaBenchError, match="builtin, synthlabs"):
        load_personas("census")


def test_bad_jsonl_line(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    path.write_text('{"age": "1"}\n{oops\n', encoding="utf-8")
    with pytest.raises(PersonaBenchError, match="line 2 is not valid JSON"):
        load_personas(str(path))


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    path.write_text("", encoding="utf-8")
    with pytest.raises(PersonaBenchError, match="gave no personas"):
        load_personas(str(path))


def test_duplicate_ids(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    path.write_text('{"id": "x", "age": "1"}\n{"id": "x", "age": "2"}\n', encoding="utf-8")
    with pytest.raises(PersonaBenchError, match="'x' occurs twice"):
        load_personas(str(path))


def test_synthlabs_unknown_split_fails_before_network() -> None:
    with pytest.raises(PersonaBenchError, match="train, test"):
        load_personas("synthlabs", split="validation")


def test_builtin_personas_are_complete() -> None:
    personas = load_personas()
    assert len(personas) >= 300
    assert len({p.id for p in personas}) == len(personas)
    assert all(len(p.attributes) >= 28 for p in personas)
