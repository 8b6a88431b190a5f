from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from persona_bench.errors import PersonaBenchError
from persona_bench.questions.sources import CONVERSATION_TYPES, load_questions


def test_builtin_questions() -> None:
    questions = load_questions()
    assert len(questions) >= 120
    assert len({q.id for q in questions}) == len(questions)
    assert len({q.text.casefold() for q in questions}) == len(questions)
    categories = Counter(q.category for q in questions)
    assert set(categories) == set(CONVERSATION_TYPES)
    assert all(q.topic for q in questions)


def test_conversation_type_filter() -> None:
    questions = load_questions(conversation_type="controversy guided")
    assert questions
    assert {q.category for q in questions} == {"controversy guided"}
    with pytest.raises(PersonaBenchError, match="unguided, values guided, controversy guided"):
        load_questions(conversation_type="spicy")


def test_txt_one_question_per_line(tmp_path: Path) -> None:
    path = tmp_path / "q.txt"
    path.write_text("What should I cook?\n\n  Where to travel?  \n", encoding="utf-8")
    questions = load_questions(str(path))
    assert [(q.id, q.text) for q in questions] == [
        ("0", "What should I cook?"),
        ("2", "Where to travel?"),
    ]


def test_jsonl_with_ids_and_categories(tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    rows = [
        {"question_id": "x1", "question": "A?", "category": "unguided", "topic": "food"},
        {"question_id": "x2", "question": "B?", "category": "values guided"},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    questions = load_questions(str(path))
    assert [q.id for q in questions] == ["x1", "x2"]
    assert questions[0].topic == "food"
    assert questions[1].category == "values guided"


def test_csv_with_instruction_column(tmp_path: Path) -> None:
    path = tmp_path / "q.csv"
    pd.DataFrame({"instruction": ["How do I save money?"]}).to_csv(path, index=False)
    assert load_questions(str(path))[0].text == "How do I save money?"


def test_parquet_prism_columns(tmp_path: Path) -> None:
    path = tmp_path / "q.parquet"
    pd.DataFrame(
        {
            "opening_prompt": ["Is god real?", "Pasta recipe?"],
            "conversation_type": ["values guided", "unguided"],
        }
    ).to_parquet(path)
    questions = load_questions(str(path), conversation_type="unguided")
    assert [q.text for q in questions] == ["Pasta recipe?"]


def test_missing_question_column(tmp_path: Path) -> None:
    path = tmp_path / "q.csv"
    pd.DataFrame({"text": ["hello"]}).to_csv(path, index=False)
    with pytest.raises(PersonaBenchError, match=r"no question column.*found text"):
        load_questions(str(path))


def test_unknown_source() -> None:
    with pytest.raises(PersonaBenchError, match="builtin, prism-filter, prism"):
        load_questions("reddit")
