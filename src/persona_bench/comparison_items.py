"""Comparison items: two personas, one question, and the gold answer that fits each of them.

An item says which attribute(s) set the two personas apart, so that results can be read per
attribute. Items come from the built-in set (written for persona-bench), from the gated
``SynthLabsAI/PERSONA`` dataset (two personas' tailored answers to the same instruction), or
from a local file in the built-in format.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from inspect_ai.dataset import Sample

from persona_bench import hub
from persona_bench.errors import PersonaBenchError
from persona_bench.local_files import looks_like_path, read_rows, resolve_file
from persona_bench.packaged_data import packaged_jsonl_rows
from persona_bench.personas.schema import (
    ATTRIBUTES,
    Persona,
    canonical_attribute,
    normalize_text,
)

if TYPE_CHECKING:
    import pandas as pd

PERSONA_REPO = "SynthLabsAI/PERSONA"
# Default branch; the repository publishes no tags. Checked 2026-12-03: pin a commit with
# -T revision=<sha> for an exactly reproducible run.
PERSONA_REVISION: str | None = None

COMPARISON_SOURCES: tuple[str, ...] = ("builtin", "persona")
ITEM_SUFFIXES: tuple[str, ...] = (".jsonl", ".json")
ITEM_FIELDS: tuple[str, ...] = (
    "item_id",
    "question",
    "persona_a",
    "persona_b",
    "answer_a",
    "answer_b",
    "attributes",
)
SIDES: tuple[str, ...] = ("a", "b")
LETTERS: tuple[str, ...] = ("A", "B")

# Free-text fields differ between almost any two PERSONA personas, so they say nothing about
# why two tailored answers differ; the distinguishing attributes are the categorical ones.
_FREE_TEXT_ATTRIBUTES = frozenset(
    {
        "big five scores",
        "defining quirks",
        "mannerisms",
        "personal time",
        "detailed job description",
    }
)
# Two random PERSONA personas differ in most attributes; reporting all of them would credit
# every item to every attribute. Keep the first few, in canonical order.
MAX_DIFFERING_ATTRIBUTES = 5
# Within one instruction, look at this many personas for the most similar pair (bounded work).
_PAIR_SEARCH_ROWS = 8
_PERSONA_COLUMNS: tuple[str, ...] = ("persona", "instruction", "data")
_ALTERNATIVE = "source=builtin or source=<path to a local .jsonl/.json file>"


@dataclass(frozen=True)
class ComparisonItem:
    """A question whose right answer differs between two personas.

    Attributes:
        item_id: Stable id, unique within the source.
        question: The question both personas ask.
        persona_a: The first persona.
        persona_b: The second persona.
        answer_a: The gold answer that fits persona A.
        answer_b: The gold answer that fits persona B.
        attributes: The attribute names whose values make the answers differ.
    """

    item_id: str
    question: str
    persona_a: Persona
    persona_b: Persona
    answer_a: str
    answer_b: str
    attributes: tuple[str, ...]

    def persona(self, side: str) -> Persona:
        """The persona of side ``"a"`` or ``"b"``."""
        return self.persona_a if side == "a" else self.persona_b

    def answer(self, side: str) -> str:
        """The gold answer of side ``"a"`` or ``"b"``."""
        return self.answer_a if side == "a" else self.answer_b


def _text_field(row: Mapping[str, Any], name: str, where: str) -> str:
    value = row.get(name)
    if not isinstance(value, str) or not value.strip():
        raise PersonaBenchError(f"{where}: field {name!r} must be a non-empty string.")
    return value.strip()


def _persona_field(row: Mapping[str, Any], name: str, item_id: str, where: str) -> Persona:
    value = row.get(name)
    if not isinstance(value, Mapping):
        raise PersonaBenchError(
            f"{where}: field {name!r} must be an object of attribute name to value."
        )
    persona = Persona.from_dict(value, f"{item_id}-{name[-1]}")
    if not persona.attributes:
        raise PersonaBenchError(f"{where}: field {name!r} has no attributes.")
    return persona


def _attributes_field(row: Mapping[str, Any], where: str) -> tuple[str, ...]:
    value = row.get("attributes")
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value:
        raise PersonaBenchError(f"{where}: field 'attributes' must be a non-empty list of names.")
    names: list[str] = []
    for name in value:
        try:
            canonical = canonical_attribute(str(name))
        except PersonaBenchError as error:
            raise PersonaBenchError(f"{where}: field 'attributes': {error.message}") from None
        if canonical not in names:
            names.append(canonical)
    return tuple(names)


def item_from_row(row: Mapping[str, Any], position: int) -> ComparisonItem:
    """Validate one row in the built-in format and build its item.

    Args:
        row: A mapping with the fields of `ITEM_FIELDS`.
        position: The row's position in its source (1-based), for error messages.

    Returns:
        The item.

    Raises:
        PersonaBenchError: If a field is missing or malformed; the message names the item
            and the field.
    """
    raw_id = row.get("item_id")
    if raw_id is None or not str(raw_id).strip():
        raise PersonaBenchError(f"Comparison item at row {position}: field 'item_id' is missing.")
    item_id = str(raw_id).strip()
    where = f"Comparison item {item_id!r} (row {position})"
    unknown = sorted(set(row) - set(ITEM_FIELDS))
    if unknown:
        raise PersonaBenchError(
            f"{where}: unknown field(s) {', '.join(map(repr, unknown))}. "
            f"Valid fields: {', '.join(ITEM_FIELDS)}."
        )
    item = ComparisonItem(
        item_id=item_id,
        question=_text_field(row, "question", where),
        persona_a=_persona_field(row, "persona_a", item_id, where),
        persona_b=_persona_field(row, "persona_b", item_id, where),
        answer_a=_text_field(row, "answer_a", where),
        answer_b=_text_field(row, "answer_b", where),
        attributes=_attributes_field(row, where),
    )
    if normalize_text(item.answer_a) == normalize_text(item.answer_b):
        raise PersonaBenchError(f"{where}: fields 'answer_a' and 'answer_b' are the same text.")
    return item


def items_from_rows(rows: Iterable[Mapping[str, Any]]) -> list[ComparisonItem]:
    """Validate rows in the built-in format.

    Args:
        rows: The rows, in source order.

    Returns:
        The items.

    Raises:
        PersonaBenchError: If a row is malformed or an item id repeats.
    """
    items: list[ComparisonItem] = []
    seen: set[str] = set()
    for position, row in enumerate(rows, start=1):
        item = item_from_row(row, position)
        if item.item_id in seen:
            raise PersonaBenchError(
                f"Comparison item {item.item_id!r} (row {position}): field 'item_id' repeats "
                "an earlier item; item ids must be unique."
            )
        seen.add(item.item_id)
        items.append(item)
    return items


def differing_attributes(
    first: Persona, second: Persona, limit: int = MAX_DIFFERING_ATTRIBUTES
) -> tuple[str, ...]:
    """The categorical attributes whose values differ between two personas.

    Values are compared ignoring case and spacing; an attribute one persona lacks counts as
    differing. Free-text fields (quirks, mannerisms, ...) are left out.

    Args:
        first: One persona.
        second: The other.
        limit: The most attribute names to return.

    Returns:
        Up to `limit` names, canonical attributes first in canonical order, then others.
    """
    names = [
        *ATTRIBUTES,
        *sorted((set(first.attributes) | set(second.attributes)) - set(ATTRIBUTES)),
    ]
    differing = []
    for name in names:
        if name in _FREE_TEXT_ATTRIBUTES:
            continue
        mine, theirs = first.get(name), second.get(name)
        if mine is None and theirs is None:
            continue
        if mine is None or theirs is None or normalize_text(mine) != normalize_text(theirs):
            differing.append(name)
    return tuple(differing[:limit])


def _all_differences(first: Persona, second: Persona) -> int:
    return len(differing_attributes(first, second, limit=len(ATTRIBUTES) * 4))


def items_from_persona_frame(frame: pd.DataFrame) -> list[ComparisonItem]:
    """Turn ``SynthLabsAI/PERSONA`` rows into comparison items.

    Rows are grouped by ``instruction``. Among the first few distinct personas of a group, the
    pair whose profiles differ least becomes A and B (so the distinction is the point), with
    their ``data`` answers as gold. Groups with fewer than two distinct personas are skipped.

    Args:
        frame: The dataset's rows (columns ``persona``, ``instruction``, ``data``).

    Returns:
        One item per usable instruction, in order of first appearance; the id is a hash of the
        instruction, so it stays stable across dataset revisions.

    Raises:
        PersonaBenchError: If a needed column is missing.
    """
    missing = [column for column in _PERSONA_COLUMNS if column not in frame.columns]
    if missing:
        raise PersonaBenchError(
            f"{PERSONA_REPO}: missing column(s) {', '.join(missing)}; expected "
            f"{', '.join(_PERSONA_COLUMNS)}."
        )
    groups: dict[str, list[tuple[Persona, str]]] = {}
    for index, row in enumerate(frame[list(_PERSONA_COLUMNS)].itertuples(index=False)):
        text, instruction, answer = (str(value) for value in row)
        if not instruction.strip() or not answer.strip() or not text.strip():
            continue
        rows = groups.setdefault(instruction.strip(), [])
        if len(rows) >= _PAIR_SEARCH_ROWS:
            continue
        persona = Persona.from_text(text, f"row{index}")
        if any(persona.attributes == seen.attributes for seen, _ in rows):
            continue
        rows.append((persona, answer.strip()))
    items = []
    for instruction, rows in groups.items():
        pairs = [
            (first, second)
            for first, second in itertools.combinations(rows, 2)
            if differing_attributes(first[0], second[0]) and first[1] != second[1]
        ]
        if not pairs:
            continue
        (persona_a, answer_a), (persona_b, answer_b) = min(
            pairs, key=lambda pair: _all_differences(pair[0][0], pair[1][0])
        )
        items.append(
            ComparisonItem(
                item_id=hashlib.sha256(instruction.encode("utf-8")).hexdigest()[:12],
                question=instruction,
                persona_a=persona_a,
                persona_b=persona_b,
                answer_a=answer_a,
                answer_b=answer_b,
                attributes=differing_attributes(persona_a, persona_b),
            )
        )
    return items


@functools.cache
def _builtin_items() -> tuple[ComparisonItem, ...]:
    rows = packaged_jsonl_rows("persona_bench", "data/comparison_items.jsonl")
    return tuple(items_from_rows(rows))


def load_comparison_items(
    source: str = "builtin", *, revision: str | None = None
) -> list[ComparisonItem]:
    """Load comparison items from a named source or a local file.

    Args:
        source: ``"builtin"`` (offline, written for persona-bench), ``"persona"`` (the gated
            Hugging Face dataset ``SynthLabsAI/PERSONA``), or a path to a ``.jsonl``/``.json``
            file in the built-in format.
        revision: For ``persona``: a branch, tag or commit to pin.

    Returns:
        The items in source order.

    Raises:
        PersonaBenchError: For an unknown source, a missing or malformed file, an empty
            result, or a Hub dataset this machine cannot reach.
    """
    if source == "builtin":
        items = list(_builtin_items())
    elif source == "persona":
        frame = hub.load_hub_split(
            PERSONA_REPO,
            split="train",
            revision=revision or PERSONA_REVISION,
            alternative=_ALTERNATIVE,
        )
        items = items_from_persona_frame(frame)
    elif looks_like_path(source):
        path = resolve_file(source, parameter="source", suffixes=ITEM_SUFFIXES)
        items = items_from_rows(read_rows(path, parameter="source"))
    else:
        raise PersonaBenchError(
            f"Unknown comparison source {source!r}. Valid: {', '.join(COMPARISON_SOURCES)}, "
            "or a path to a .jsonl/.json file."
        )
    if not items:
        raise PersonaBenchError(f"source={source!r} gave no comparison items.")
    return items


def check_item_count(n: object) -> int | None:
    """Validate the n parameter: a positive integer, or None for all items.

    Raises:
        PersonaBenchError: If `n` is anything else.
    """
    if n is None:
        return None
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise PersonaBenchError(f"n must be a positive integer or None (all items), got {n!r}.")
    return n


def select_items(items: Sequence[ComparisonItem], n: int | None, seed: int) -> list[ComparisonItem]:
    """Pick `n` items, seeded, kept in source order; all of them when `n` is None.

    Raises:
        PersonaBenchError: If `n` is not a positive integer or None.
    """
    n = check_item_count(n)
    if n is None:
        return list(items)
    picked = random.Random(seed).sample(range(len(items)), min(n, len(items)))
    return [items[index] for index in sorted(picked)]


def candidate_order(seed: int, sample_id: str) -> tuple[str, str]:
    """The sides shown as candidates A and B: seeded per sample, the same on every run.

    Args:
        seed: The task seed.
        sample_id: The sample's id.

    Returns:
        ``("a", "b")`` or ``("b", "a")``.
    """
    digest = hashlib.sha256(f"{seed}\x1f{sample_id}".encode()).digest()
    return ("a", "b") if digest[0] % 2 == 0 else ("b", "a")


def comparison_samples(items: Sequence[ComparisonItem], *, seed: int) -> list[Sample]:
    """Two samples per item, one for each persona (X), with the gold answers in seeded order.

    The sample's target is the letter of X's gold answer. Metadata holds X (``persona``), the
    shown ``candidates`` (letter to text), ``order`` (sides in slot order), ``for`` (X's
    side) and the distinguishing ``attributes``.

    Args:
        items: The items.
        seed: Seed of the candidate order.

    Returns:
        The samples, ids ``c{item_id}-for-a`` and ``c{item_id}-for-b``.
    """
    samples = []
    for item in items:
        for side in SIDES:
            sample_id = f"c{item.item_id}-for-{side}"
            order = candidate_order(seed, sample_id)
            persona = item.persona(side)
            samples.append(
                Sample(
                    id=sample_id,
                    input=item.question,
                    target=LETTERS[order.index(side)],
                    metadata={
                        "persona": dict(persona.attributes),
                        "persona_id": persona.id,
                        "item_id": item.item_id,
                        "for": side,
                        "order": list(order),
                        "candidates": {
                            letter: item.answer(shown)
                            for letter, shown in zip(LETTERS, order, strict=True)
                        },
                        "attributes": list(item.attributes),
                    },
                )
            )
    return samples
