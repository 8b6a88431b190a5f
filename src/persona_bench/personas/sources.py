"""Where personas come from: the built-in set, the SynthLabs Hub dataset, or a local file."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from typing import Any

from persona_bench.errors import PersonaBenchError
from persona_bench.hub import read_hub_parquet
from persona_bench.local_files import (
    TABLE_SUFFIXES,
    frame_rows,
    looks_like_path,
    read_rows,
    resolve_file,
)
from persona_bench.packaged_data import packaged_jsonl_rows
from persona_bench.personas.schema import Persona, canonical_attribute

SYNTHETIC_PERSONAS_REPO = "SynthLabsAI/Synthetic-Personas"
# Default branch; the repository publishes no tags. Checked 2026-12-03: pin a commit with
# -T persona_revision=<sha> for an exactly reproducible run.
SYNTHETIC_PERSONAS_REVISION: str | None = None
SYNTHETIC_PERSONAS_SPLITS: tuple[str, ...] = ("train", "test")

PERSONA_SOURCES: tuple[str, ...] = ("builtin", "synthlabs")
_ID_COLUMNS: tuple[str, ...] = ("persona_id", "id")
_TEXT_COLUMN = "persona"
_ALTERNATIVE = "personas=builtin or personas=<path to a local .jsonl/.json/.csv/.parquet file>"


def row_id(row: Mapping[str, Any], index: int, id_columns: Iterable[str]) -> str:
    """Return a row's id: its first non-empty id column, else its position in the source.

    Args:
        row: The row.
        index: Its position in the source (0-based).
        id_columns: Column names that may hold an id, in order of preference.

    Returns:
        The id as a string.
    """
    for column in id_columns:
        value = row.get(column)
        if value is not None and str(value).strip():
            return str(value).strip()
    return str(index)


def personas_from_rows(rows: Iterable[Mapping[str, Any]]) -> list[Persona]:
    """Turn data rows into personas.

    A row is either one column per attribute, or has a ``persona`` column holding the
    ``key: value`` text block (or a JSON object). ``persona_id`` or ``id`` columns give the id.

    Args:
        rows: The rows, in source order.

    Returns:
        The personas.

    Raises:
        PersonaBenchError: If ids repeat or a row has no attributes.
    """
    personas: list[Persona] = []
    seen: set[str] = set()
    for index, row in enumerate(rows):
        persona_id = row_id(row, index, _ID_COLUMNS)
        text = row.get(_TEXT_COLUMN)
        if isinstance(text, str):
            stripped = text.strip()
            if stripped.startswith("{"):
                persona = Persona.from_json(stripped, persona_id)
            else:
                persona = Persona.from_text(text, persona_id)
        elif isinstance(text, Mapping):
            persona = Persona.from_dict(text, persona_id)
        else:
            attributes = {k: v for k, v in row.items() if k not in _ID_COLUMNS}
            persona = Persona.from_dict(attributes, persona_id)
        if not persona.attributes:
            raise PersonaBenchError(f"Persona row {index} (id {persona_id!r}) has no attributes.")
        if persona_id in seen:
            raise PersonaBenchError(
                f"Persona id {persona_id!r} occurs twice; persona ids must be unique."
            )
        seen.add(persona_id)
        personas.append(persona)
    return personas


@functools.cache
def _builtin_personas() -> tuple[Persona, ...]:
    rows = packaged_jsonl_rows("persona_bench.personas", "data/builtin_personas.jsonl")
    return tuple(personas_from_rows(rows))


def load_personas(
    source: str = "builtin", *, split: str = "train", revision: str | None = None
) -> list[Persona]:
    """Load personas from a named source or a local file.

    Args:
        source: ``"builtin"`` (the offline census-grounded set), ``"synthlabs"`` (the gated
            Hugging Face dataset ``SynthLabsAI/Synthetic-Personas``), or a path to a
            ``.jsonl``, ``.json``, ``.csv`` or ``.parquet`` file.
        split: For ``synthlabs``: ``"train"`` or ``"test"``.
        revision: For ``synthlabs``: a branch, tag or commit to pin.

    Returns:
        The personas in source order.

    Raises:
        PersonaBenchError: For an unknown source or split, a missing or malformed file, an
            empty result, or a Hub dataset this machine cannot reach.
    """
    # Checked for every source, so a typo fails even where the split is not used.
    if split not in SYNTHETIC_PERSONAS_SPLITS:
        raise PersonaBenchError(
            f"Unknown persona_split {split!r}. Valid splits: "
            f"{', '.join(SYNTHETIC_PERSONAS_SPLITS)}."
        )
    if source == "builtin":
        personas = list(_builtin_personas())
    elif source == "synthlabs":
        frame = read_hub_parquet(
            SYNTHETIC_PERSONAS_REPO,
            f"data/{split}-00000-of-00001.parquet",
            revision=revision or SYNTHETIC_PERSONAS_REVISION,
            alternative=_ALTERNATIVE,
        )
        personas = personas_from_rows(frame_rows(frame))
    elif looks_like_path(source):
        path = resolve_file(source, parameter="personas", suffixes=TABLE_SUFFIXES)
        personas = personas_from_rows(read_rows(path, parameter="personas"))
    else:
        raise PersonaBenchError(
            f"Unknown personas source {source!r}. Valid: {', '.join(PERSONA_SOURCES)}, "
            "or a path to a .jsonl/.json/.csv/.parquet file."
        )
    if not personas:
        raise PersonaBenchError(f"personas={source!r} gave no personas.")
    _check_some_attribute_known(personas, source)
    return personas


def _is_attribute(name: str) -> bool:
    try:
        canonical_attribute(name)
    except PersonaBenchError:
        return False
    return True


def _check_some_attribute_known(personas: list[Persona], source: str) -> None:
    """Refuse a source whose columns are none of the 33 attributes.

    Its personas would be rendered from unrelated fields, and every filter would match nothing.
    """
    if any(_is_attribute(name) for persona in personas for name in persona.attributes):
        return
    columns = sorted({name for persona in personas for name in persona.attributes})
    raise PersonaBenchError(
        f"personas={source!r} has none of the 33 persona attributes (its fields: "
        f"{', '.join(map(repr, columns[:10]))}). Name the columns after the attributes "
        "(age, sex, religion, ...), or put the 'key: value' text block in a 'persona' column."
    )
