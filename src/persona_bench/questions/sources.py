"""Where questions come from: the built-in set, PRISM-Filter, raw PRISM, or a local file."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from persona_bench.errors import PersonaBenchError
from persona_bench.hub import load_hub_split
from persona_bench.local_files import (
    TABLE_SUFFIXES,
    frame_rows,
    looks_like_path,
    read_rows,
    resolve_file,
)
from persona_bench.packaged_data import packaged_jsonl_rows
from persona_bench.personas.sources import row_id

PRISM_FILTER_REPO = "SynthLabsAI/PRISM-Filter"
PRISM_REPO = "HannahRoseKirk/prism-alignment"
PRISM_CONFIG = "conversations"
# Default branches; neither repository publishes tags. Checked 2026-12-03: pin a commit with
# -T question_revision=<sha> for an exactly reproducible run.
PRISM_FILTER_REVISION: str | None = None
PRISM_REVISION: str | None = None

QUESTION_SOURCES: tuple[str, ...] = ("builtin", "prism-filter", "prism")
CONVERSATION_TYPES: tuple[str, ...] = ("unguided", "values guided", "controversy guided")

_ID_COLUMNS: tuple[str, ...] = ("question_id", "id")
_TEXT_COLUMNS: tuple[str, ...] = ("question", "instruction", "opening_prompt", "prompt")
_CATEGORY_COLUMNS: tuple[str, ...] = ("category", "conversation_type", "question type")
_ALTERNATIVE = "questions=builtin or questions=<path to a local .jsonl/.csv/.parquet/.txt file>"


@dataclass(frozen=True)
class Question:
    """One question a persona might ask.

    Attributes:
        id: A stable identifier, unique within its source.
        text: The question.
        category: PRISM conversation type (``unguided``, ``values guided``,
            ``controversy guided``) or None when the source has none.
        topic: A short topic label, or None.
    """

    id: str
    text: str
    category: str | None = None
    topic: str | None = None


def _first_text(row: Mapping[str, Any], columns: Iterable[str]) -> str | None:
    for column in columns:
        value = row.get(column)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def questions_from_rows(rows: list[dict[str, Any]], *, origin: str) -> list[Question]:
    """Turn data rows into questions.

    Args:
        rows: Rows with a ``question`` column (or ``instruction``, ``opening_prompt``,
            ``prompt``), and optionally ``question_id``/``id``, ``category`` and ``topic``.
        origin: Where the rows came from, for error messages.

    Returns:
        The questions, skipping rows whose question text is empty.

    Raises:
        PersonaBenchError: If no row has a question column.
    """
    if rows and not any(column in rows[0] for column in _TEXT_COLUMNS):
        raise PersonaBenchError(
            f"{origin}: no question column. Expected one of {', '.join(_TEXT_COLUMNS)}; "
            f"found {', '.join(map(str, rows[0])) or 'no columns'}."
        )
    questions = []
    for index, row in enumerate(rows):
        text = _first_text(row, _TEXT_COLUMNS)
        if text is None:
            continue
        questions.append(
            Question(
                id=row_id(row, index, _ID_COLUMNS),
                text=text,
                category=_first_text(row, _CATEGORY_COLUMNS),
                topic=_first_text(row, ("topic",)),
            )
        )
    return questions


def _text_file_questions(path: Path) -> list[Question]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [Question(id=str(i), text=line.strip()) for i, line in enumerate(lines) if line.strip()]


@functools.cache
def _builtin_questions() -> tuple[Question, ...]:
    rows = packaged_jsonl_rows("persona_bench.questions", "data/builtin_questions.jsonl")
    return tuple(questions_from_rows(rows, origin="builtin questions"))


def load_questions(
    source: str = "builtin",
    *,
    revision: str | None = None,
    conversation_type: str | None = None,
) -> list[Question]:
    """Load questions from a named source or a local file.

    Args:
        source: ``"builtin"`` (offline, written by this project), ``"prism-filter"`` (gated
            Hugging Face dataset ``SynthLabsAI/PRISM-Filter``, the questions PERSONA used),
            ``"prism"`` (``HannahRoseKirk/prism-alignment`` opening prompts), or a path to a
            ``.jsonl``, ``.json``, ``.csv``, ``.parquet`` or ``.txt`` (one question per line) file.
        revision: For Hub sources: a branch, tag or commit to pin.
        conversation_type: Keep only questions of this PRISM conversation type
            (``unguided``, ``values guided`` or ``controversy guided``); None keeps all.

    Returns:
        The questions in source order.

    Raises:
        PersonaBenchError: For an unknown source or conversation type, a missing or malformed
            file, an empty result, or a Hub dataset this machine cannot reach.
    """
    if conversation_type is not None and conversation_type not in CONVERSATION_TYPES:
        raise PersonaBenchError(
            f"Unknown conversation_type {conversation_type!r}. Valid: "
            f"{', '.join(CONVERSATION_TYPES)}."
        )
    if source == "builtin":
        questions = list(_builtin_questions())
    elif source == "prism-filter":
        frame = load_hub_split(
            PRISM_FILTER_REPO,
            split="train",
            revision=revision or PRISM_FILTER_REVISION,
            alternative=_ALTERNATIVE,
        )
        questions = questions_from_rows(frame_rows(frame), origin=PRISM_FILTER_REPO)
    elif source == "prism":
        frame = load_hub_split(
            PRISM_REPO,
            config=PRISM_CONFIG,
            split="train",
            revision=revision or PRISM_REVISION,
            alternative=_ALTERNATIVE,
        )
        columns = [
            c for c in ("conversation_id", "opening_prompt", "conversation_type") if c in frame
        ]
        rows = frame[columns].rename(columns={"conversation_id": "question_id"})
        questions = questions_from_rows(frame_rows(rows), origin=PRISM_REPO)
    elif looks_like_path(source):
        path = resolve_file(source, parameter="questions", suffixes=(*TABLE_SUFFIXES, ".txt"))
        if path.suffix.lower() == ".txt":
            questions = _text_file_questions(path)
        else:
            questions = questions_from_rows(
                read_rows(path, parameter="questions"), origin=f"questions={source!r}"
            )
    else:
        raise PersonaBenchError(
            f"Unknown questions source {source!r}. Valid: {', '.join(QUESTION_SOURCES)}, "
            "or a path to a .jsonl/.json/.csv/.parquet/.txt file."
        )
    if conversation_type is not None:
        questions = [q for q in questions if q.category == conversation_type]
    if not questions:
        detail = f" with conversation_type={conversation_type!r}" if conversation_type else ""
        raise PersonaBenchError(f"questions={source!r}{detail} gave no questions.")
    ids = [q.id for q in questions]
    if len(set(ids)) != len(ids):
        duplicate = next(i for i in ids if ids.count(i) > 1)
        raise PersonaBenchError(
            f"questions={source!r}: question id {duplicate!r} occurs twice; ids must be unique."
        )
    return questions
