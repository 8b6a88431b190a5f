"""Intersection groups: sub-populations of personas defined by attribute values and ranges.

The config keeps the original PERSONA format, a JSON list of
``{"attributes": [{"attribute": "sex", "values": ["Male"]}, ...]}`` (AND across attributes, OR
within values), and extends it: a constraint may give an inclusive ``min``/``max`` range for the
numeric attributes (age, income) instead of ``values``, and an intersection may have a ``name``.
Values match ignoring case and runs of whitespace; numeric values also match by number, so
``"values": [68]`` matches an age written ``"68"`` or ``"68.0"``.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from persona_bench.errors import PersonaBenchError
from persona_bench.local_files import resolve_file
from persona_bench.personas.schema import (
    NUMERIC_ATTRIBUTES,
    Persona,
    canonical_attribute,
    normalize_text,
    parse_number,
)

DEFAULT_INTERSECTIONS = "default"
IntersectionsSource = str | Path | Sequence[Mapping[str, Any]] | Mapping[str, Any] | None

_INTERSECTION_KEYS: tuple[str, ...] = ("name", "attributes")
_CONSTRAINT_KEYS: tuple[str, ...] = ("attribute", "values", "min", "max")
_SHOWN_VALUES = 10
_SHOWN_VALUE_LENGTH = 60
_FORMAT_HINT = (
    'Write a JSON list like [{"name": "men 18-34", "attributes": [{"attribute": "sex", '
    '"values": ["Male"]}, {"attribute": "age", "min": 18, "max": 34}]}].'
)


@dataclass(frozen=True)
class Constraint:
    """One condition on one attribute: a set of accepted values, or a numeric range.

    Attributes:
        attribute: The canonical attribute name.
        values: Accepted values (empty for a range constraint).
        minimum: Inclusive lower bound of a range, or None.
        maximum: Inclusive upper bound of a range, or None.
    """

    attribute: str
    values: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None

    @property
    def is_range(self) -> bool:
        """Whether this is a ``min``/``max`` constraint rather than a ``values`` one."""
        return not self.values

    def matches(self, persona: Persona) -> bool:
        """Check whether the persona satisfies this constraint.

        Args:
            persona: The persona.

        Returns:
            True if the attribute is present and is one of the values or inside the range.
            Missing and non-numeric values (``Not applicable``) never match a range.
        """
        raw = persona.get(self.attribute)
        if raw is None:
            return False
        if self.is_range:
            number = parse_number(raw)
            return number is not None and self._in_range(number)
        if normalize_text(raw) in {normalize_text(value) for value in self.values}:
            return True
        number = parse_number(raw) if self.attribute in NUMERIC_ATTRIBUTES else None
        return number is not None and number in {parse_number(value) for value in self.values}

    def is_non_numeric(self, persona: Persona) -> bool:
        """Whether the persona has a value here that a range cannot compare (``Not applicable``)."""
        raw = persona.get(self.attribute)
        return self.is_range and raw is not None and parse_number(raw) is None

    def _in_range(self, number: float) -> bool:
        above = self.minimum is None or number >= self.minimum
        below = self.maximum is None or number <= self.maximum
        return above and below

    @property
    def label(self) -> str:
        """A readable form, e.g. ``sex=Male``, ``age 18-34``, ``age 65+`` or ``income <= 25000``."""
        if not self.is_range:
            return f"{self.attribute}={'|'.join(self.values)}"
        low, high = self.minimum, self.maximum
        if low is not None and high is not None:
            return f"{self.attribute} {format_number(low)}-{format_number(high)}"
        if low is not None:
            return f"{self.attribute} {format_number(low)}+"
        return f"{self.attribute} <= {format_number(high)}"

    def to_dict(self) -> dict[str, Any]:
        """The constraint in config form (canonical attribute name), for logs."""
        if not self.is_range:
            return {"attribute": self.attribute, "values": list(self.values)}
        bounds = {"min": self.minimum, "max": self.maximum}
        return {
            "attribute": self.attribute,
            **{key: _plain(bound) for key, bound in bounds.items() if bound is not None},
        }


@dataclass(frozen=True)
class Intersection:
    """A named group: the personas that satisfy every constraint.

    Attributes:
        name: The group name (given, or built from the constraints).
        constraints: The constraints, all of which must hold.
    """

    name: str
    constraints: tuple[Constraint, ...]

    def matches(self, persona: Persona) -> bool:
        """Check whether the persona belongs to this group."""
        return all(constraint.matches(persona) for constraint in self.constraints)

    def is_non_numeric(self, persona: Persona) -> bool:
        """Whether a non-numeric value under one of the ranges keeps the persona out."""
        return any(constraint.is_non_numeric(persona) for constraint in self.constraints)

    def to_dict(self) -> dict[str, Any]:
        """The intersection in config form, for logs."""
        return {"name": self.name, "attributes": [c.to_dict() for c in self.constraints]}


@dataclass(frozen=True)
class GroupPool:
    """The personas of a pool that belong to one group.

    Attributes:
        intersection: The group.
        personas: Its members, in pool order.
        non_numeric: Personas kept out because a range met a non-numeric value.
    """

    intersection: Intersection
    personas: tuple[Persona, ...]
    non_numeric: int


def format_number(number: float | None) -> str:
    """Write a bound without a needless ``.0`` (``18``, ``24999.99``)."""
    if number is None:
        return ""
    return str(int(number)) if number.is_integer() else repr(number)


def _plain(number: float) -> int | float:
    """A bound as the user would write it: ``18`` rather than ``18.0``."""
    return int(number) if number.is_integer() else number


def load_intersections(source: IntersectionsSource = None) -> list[Intersection]:
    """Read and validate intersections from a file, a JSON string or parsed JSON.

    Args:
        source: None or ``"default"`` for the built-in groups; a path to a ``.json`` file; a
            JSON string; or the parsed structure: a list of intersections, or
            ``{"intersections": [...]}``.

    Returns:
        The intersections, in config order.

    Raises:
        PersonaBenchError: If the file is missing, the JSON is malformed or the config is
            invalid; the message names the intersection and the fix.
    """
    config, origin = _read_config(source)
    return parse_intersections(config, origin=origin)


def _read_config(source: IntersectionsSource) -> tuple[object, str]:
    """The raw config and a phrase naming where it came from, for error messages."""
    if source is None or source == DEFAULT_INTERSECTIONS:
        origin = "the default intersections"
        data = resources.files("persona_bench").joinpath("data/default_intersections.json")
        return _parse_json(data.read_text(encoding="utf-8"), origin), origin
    if isinstance(source, Path):
        return _read_file(str(source))
    if isinstance(source, str):
        stripped = source.strip()
        # -T values that are not valid YAML reach the task as strings: JSON text or a path.
        if stripped.startswith(("[", "{")):
            return _parse_json(stripped, "intersections"), "intersections"
        return _read_file(stripped)
    return source, "intersections"


def _read_file(path_text: str) -> tuple[object, str]:
    path = resolve_file(path_text, parameter="intersections", suffixes=(".json",))
    origin = f"intersections file {path}"
    return _parse_json(path.read_text(encoding="utf-8"), origin), origin


def _parse_json(text: str, origin: str) -> object:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise PersonaBenchError(
            f"{origin}: not valid JSON ({error.msg} at line {error.lineno}, column "
            f"{error.colno}). {_FORMAT_HINT}"
        ) from None


def parse_intersections(config: object, *, origin: str = "intersections") -> list[Intersection]:
    """Validate parsed config JSON and build the intersections.

    Args:
        config: A list of intersection objects, or ``{"intersections": [...]}``.
        origin: Where the config came from, for error messages.

    Returns:
        The intersections, in config order.

    Raises:
        PersonaBenchError: If the config is invalid; the message names the intersection and
            the fix.
    """
    if isinstance(config, Mapping) and "intersections" in config:
        config = config["intersections"]
    if not isinstance(config, Sequence) or isinstance(config, str | bytes):
        raise PersonaBenchError(
            f'{origin}: expected a list of intersections (or {{"intersections": [...]}}), '
            f"got {type(config).__name__}. {_FORMAT_HINT}"
        )
    if not config:
        raise PersonaBenchError(f"{origin}: the list of intersections is empty. {_FORMAT_HINT}")
    intersections = [_parse_intersection(item, index) for index, item in enumerate(config)]
    _check_unique_names(intersections, origin)
    return intersections


def _parse_intersection(item: object, index: int) -> Intersection:
    where = f"Intersection #{index + 1}"
    if not isinstance(item, Mapping):
        raise PersonaBenchError(f"{where} is {type(item).__name__}, not an object. {_FORMAT_HINT}")
    name = item.get("name")
    if name is not None:
        if not isinstance(name, str) or not name.strip():
            raise PersonaBenchError(f"{where}: 'name' must be a non-empty string, got {name!r}.")
        where = f"{where} ({name.strip()!r})"
    _check_keys(item, _INTERSECTION_KEYS, where)
    raw_constraints = item.get("attributes")
    if not isinstance(raw_constraints, Sequence) or isinstance(raw_constraints, str | bytes):
        raise PersonaBenchError(
            f"{where}: 'attributes' must be a list of constraints, got {raw_constraints!r}. "
            f"{_FORMAT_HINT}"
        )
    if not raw_constraints:
        raise PersonaBenchError(
            f"{where}: 'attributes' is empty. Give at least one constraint, e.g. "
            '{"attribute": "sex", "values": ["Male"]}.'
        )
    constraints = tuple(_parse_constraint(raw, where) for raw in raw_constraints)
    label = name.strip() if isinstance(name, str) else " & ".join(c.label for c in constraints)
    return Intersection(name=label, constraints=constraints)


def _check_keys(item: Mapping[Any, Any], valid: tuple[str, ...], where: str) -> None:
    unknown = [str(key) for key in item if key not in valid]
    if unknown:
        raise PersonaBenchError(
            f"{where}: unknown key(s) {', '.join(map(repr, unknown))}. Valid keys: "
            f"{', '.join(valid)}."
        )


def _parse_constraint(raw: object, where: str) -> Constraint:
    if not isinstance(raw, Mapping):
        raise PersonaBenchError(
            f"{where}: constraint {raw!r} is not an object. Write "
            '{"attribute": "sex", "values": ["Male"]} or {"attribute": "age", "min": 18}.'
        )
    _check_keys(raw, _CONSTRAINT_KEYS, where)
    name = raw.get("attribute")
    if not isinstance(name, str):
        raise PersonaBenchError(
            f"{where}: constraint {dict(raw)!r} has no 'attribute' name. Add "
            '"attribute": "<one of the 33 persona attributes>".'
        )
    try:
        attribute = canonical_attribute(name)
    except PersonaBenchError as error:
        raise PersonaBenchError(f"{where}: {error.message}") from None
    where = f"{where}, attribute {attribute!r}"
    has_values = "values" in raw
    has_range = "min" in raw or "max" in raw
    if has_values and has_range:
        raise PersonaBenchError(
            f"{where}: give either 'values' or 'min'/'max', not both. Use a separate "
            "constraint on the same attribute if you need both."
        )
    if has_values:
        return Constraint(attribute, values=_parse_values(raw["values"], where))
    if has_range:
        return _parse_range(attribute, raw, where)
    raise PersonaBenchError(
        f"{where}: the constraint has neither 'values' nor 'min'/'max'. Add "
        '"values": [...] (or "min"/"max" for age and income).'
    )


def _parse_values(raw: object, where: str) -> tuple[str, ...]:
    # A lone value is accepted as a one-item list.
    if isinstance(raw, str | int | float) and not isinstance(raw, bool):
        items: list[object] = [raw]
    elif isinstance(raw, Sequence) and not isinstance(raw, bytes):
        items = list(raw)
    else:
        raise PersonaBenchError(f"{where}: 'values' must be a list of strings, got {raw!r}.")
    values: list[str] = []
    for item in items:
        if isinstance(item, bool) or not isinstance(item, str | int | float):
            raise PersonaBenchError(
                f"{where}: value {item!r} is not a string or number. Write the values as "
                'strings, e.g. "values": ["Male"].'
            )
        text = str(item).strip()
        if text:
            values.append(text)
    if not values:
        raise PersonaBenchError(
            f"{where}: 'values' is empty. List at least one accepted value, or remove the "
            "constraint."
        )
    return tuple(values)


def _parse_range(attribute: str, raw: Mapping[str, Any], where: str) -> Constraint:
    if attribute not in NUMERIC_ATTRIBUTES:
        raise PersonaBenchError(
            f"{where}: 'min'/'max' only work for the numeric attributes "
            f'({", ".join(sorted(NUMERIC_ATTRIBUTES))}). Use "values": [...] for '
            f"{attribute!r}."
        )
    low = _parse_bound(raw.get("min"), "min", where)
    high = _parse_bound(raw.get("max"), "max", where)
    if low is None and high is None:
        raise PersonaBenchError(f"{where}: give a number for 'min', 'max' or both.")
    if low is not None and high is not None and low > high:
        raise PersonaBenchError(
            f"{where}: min {format_number(low)} is greater than max {format_number(high)}. "
            "Swap them."
        )
    return Constraint(attribute, minimum=low, maximum=high)


def _parse_bound(raw: object, key: str, where: str) -> float | None:
    if raw is None:
        return None
    number = None
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        number = float(raw)
    elif isinstance(raw, str):
        number = parse_number(raw)
    if number is None or not math.isfinite(number):  # NaN would never compare
        raise PersonaBenchError(f"{where}: '{key}' must be a number, got {raw!r}.")
    return number


def _check_unique_names(intersections: Sequence[Intersection], origin: str) -> None:
    seen: dict[str, int] = {}
    for index, intersection in enumerate(intersections):
        # Names become metric keys, so names differing only in case or spacing would be
        # confusing side by side; treat them as the same.
        key = normalize_text(intersection.name)
        if key in seen:
            raise PersonaBenchError(
                f"{origin}: intersections #{seen[key] + 1} and #{index + 1} have the same "
                f'name {intersection.name!r}. Give each a distinct "name".'
            )
        seen[key] = index


def groups_of(persona: Persona, intersections: Iterable[Intersection]) -> list[str]:
    """The names of the groups the persona belongs to, in config order.

    Args:
        persona: The persona.
        intersections: The groups.

    Returns:
        The names of the intersections that match the persona.
    """
    return [group.name for group in intersections if group.matches(persona)]


def match_groups(
    intersections: Sequence[Intersection], personas: Sequence[Persona]
) -> list[GroupPool]:
    """Find each group's members in a persona pool.

    Args:
        intersections: The groups.
        personas: The pool.

    Returns:
        One `GroupPool` per intersection, in config order.

    Raises:
        PersonaBenchError: If a group matches no persona; the message names it and shows
            the values its attributes take in the pool.
    """
    pools = []
    for intersection in intersections:
        members = tuple(p for p in personas if intersection.matches(p))
        if not members:
            raise PersonaBenchError(_no_match_message(intersection, personas))
        non_numeric = sum(1 for p in personas if intersection.is_non_numeric(p))
        pools.append(GroupPool(intersection, members, non_numeric))
    return pools


def _no_match_message(intersection: Intersection, personas: Sequence[Persona]) -> str:
    lines = [f"Intersection {intersection.name!r} matches none of the {len(personas)} personas."]
    for constraint in intersection.constraints:
        count = sum(1 for p in personas if constraint.matches(p))
        lines.append(
            f"  {constraint.label} matches {count}; {constraint.attribute!r} in the data: "
            f"{describe_values(constraint.attribute, personas)}."
        )
    lines.append(
        "Change the values or ranges to ones the data has (values ignore case and spacing), "
        "or remove the intersection."
    )
    return "\n".join(lines)


def describe_values(attribute: str, personas: Sequence[Persona]) -> str:
    """Summarise what an attribute holds in a pool, for error messages.

    Args:
        attribute: The canonical attribute name.
        personas: The pool.

    Returns:
        For numeric attributes the numeric range plus any non-numeric values; otherwise the
        most common values with their counts; and how many personas lack the attribute.
    """
    raw_values = [value for p in personas if (value := p.get(attribute)) is not None]
    parts: list[str] = []
    if attribute in NUMERIC_ATTRIBUTES:
        numbers = [n for value in raw_values if (n := parse_number(value)) is not None]
        if numbers:
            parts.append(
                f"numbers from {format_number(min(numbers))} to "
                f"{format_number(max(numbers))} ({len(numbers)} personas)"
            )
        raw_values = [value for value in raw_values if parse_number(value) is None]
    if raw_values:
        parts.append(_most_common(raw_values))
    missing = len(personas) - sum(1 for p in personas if p.get(attribute) is not None)
    if missing:
        parts.append(f"missing in {missing}")
    return "; ".join(parts) if parts else "no values"


def _most_common(values: Sequence[str]) -> str:
    counts = Counter(values)
    shown = [f"{_shorten(value)!r} ({count})" for value, count in counts.most_common(_SHOWN_VALUES)]
    more = len(counts) - len(shown)
    return ", ".join(shown) + (f", and {more} more distinct values" if more > 0 else "")


def _shorten(value: str) -> str:
    if len(value) <= _SHOWN_VALUE_LENGTH:
        return value
    return value[: _SHOWN_VALUE_LENGTH - 3] + "..."
