"""The persona schema: the 33 PERSONA attributes, parsing, rendering and matching.

Values are kept exactly as the source wrote them (strings, unnormalised, in source order), because
the benchmark shows personas to models verbatim. Normalisation happens only when matching filters.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from persona_bench.errors import PersonaBenchError

# Canonical order of the 33 attributes of the PERSONA personas (Castricato et al. 2024, §3).
ATTRIBUTES: tuple[str, ...] = (
    "age",
    "sex",
    "race",
    "ancestry",
    "household language",
    "education",
    "employment status",
    "class of worker",
    "industry category",
    "occupation category",
    "detailed job description",
    "income",
    "marital status",
    "household type",
    "family presence and age",
    "place of birth",
    "citizenship",
    "veteran status",
    "disability",
    "health insurance",
    "fertility",
    "hearing difficulty",
    "vision difficulty",
    "cognitive difficulty",
    "ability to speak english",
    "big five scores",
    "defining quirks",
    "mannerisms",
    "personal time",
    "lifestyle",
    "ideology",
    "political views",
    "religion",
)

# ACS fields that appear in only a few percent of the released personas.
OPTIONAL_ATTRIBUTES: frozenset[str] = frozenset(
    {
        "fertility",
        "hearing difficulty",
        "vision difficulty",
        "cognitive difficulty",
        "ability to speak english",
    }
)

# Attributes whose values are numeric strings ("68", "62000.0", "-1200.0", "Not applicable").
NUMERIC_ATTRIBUTES: frozenset[str] = frozenset({"age", "income"})

PersonaFormat = Literal["lines", "dict"]
PERSONA_FORMATS: tuple[str, ...] = ("lines", "dict")

_NUMBER = re.compile(r"^[+-]?\$?\d+(\.\d*)?$")


def check_persona_format(persona_format: str) -> PersonaFormat:
    """Validate a persona rendering style.

    Args:
        persona_format: ``"lines"`` or ``"dict"``.

    Returns:
        The style, typed.

    Raises:
        PersonaBenchError: If the style is unknown; the message lists the valid ones.
    """
    if persona_format == "lines":
        return "lines"
    if persona_format == "dict":
        return "dict"
    raise PersonaBenchError(
        f"Unknown persona_format {persona_format!r}. Valid formats: {', '.join(PERSONA_FORMATS)}."
    )


def normalize_text(value: str) -> str:
    """Fold case and collapse whitespace, for matching unnormalised values.

    Spellings such as ``"Non-Veteran"`` and ``" non-veteran"`` compare equal.

    Args:
        value: Any attribute value or attribute name.

    Returns:
        The case-folded value with runs of whitespace collapsed to one space.
    """
    return " ".join(value.split()).casefold()


_CANONICAL_BY_KEY: dict[str, str] = {
    normalize_text(name.replace("_", " ")): name for name in ATTRIBUTES
}


def canonical_attribute(name: str) -> str:
    """Resolve a user-written attribute name to its canonical spelling.

    Matching ignores case, surrounding space and underscores (``household_language`` works).

    Args:
        name: The attribute name as the user wrote it.

    Returns:
        The canonical attribute name from `ATTRIBUTES`.

    Raises:
        PersonaBenchError: If the name is not one of the 33 attributes; the message lists them.
    """
    key = normalize_text(name.replace("_", " "))
    if key in _CANONICAL_BY_KEY:
        return _CANONICAL_BY_KEY[key]
    raise PersonaBenchError(
        f"Unknown persona attribute {name!r}. Valid attributes: {', '.join(ATTRIBUTES)}."
    )


def parse_number(value: str | None) -> float | None:
    """Read a numeric attribute value such as ``"68"``, ``"62000.0"`` or ``"-1200"``.

    Args:
        value: The raw value, or None when the attribute is missing.

    Returns:
        The number, or None for missing and non-numeric values such as ``"Not applicable"``.
    """
    if value is None:
        return None
    text = value.strip().replace(",", "")
    if not _NUMBER.match(text):
        return None
    return float(text.replace("$", ""))


def _clean_value(value: object) -> str | None:
    """Turn a raw cell into a string value, or None for an absent one (None, NaN, empty)."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    text = value if isinstance(value, str) else str(value)
    text = text.strip()
    return text or None


@dataclass(frozen=True)
class Persona:
    """One synthetic person: an id and attribute values in source order.

    Attributes:
        id: A stable identifier, unique within its source.
        attributes: Attribute name to raw string value, in the order the source gave them.
            Missing attributes are absent; unknown extra keys are kept.
    """

    id: str
    attributes: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, row: Mapping[str, object], persona_id: str) -> Persona:
        """Build a persona from a mapping of attribute name to value.

        None, NaN and empty values count as missing. Non-string values are converted with
        ``str`` so that numeric columns read from a file keep their value.

        Args:
            row: Attribute name to value.
            persona_id: The id to give the persona.

        Returns:
            The persona.
        """
        attributes: dict[str, str] = {}
        for key, raw in row.items():
            value = _clean_value(raw)
            if value is not None:
                attributes[str(key).strip()] = value
        return cls(id=persona_id, attributes=attributes)

    @classmethod
    def from_text(cls, text: str, persona_id: str) -> Persona:
        """Parse the text-block form: one ``key: value`` line per attribute.

        Each line is split on its first ``": "`` only, so values may contain colons (as
        ``big five scores`` does). A line without ``": "`` continues the previous value.

        Args:
            text: The text block.
            persona_id: The id to give the persona.

        Returns:
            The persona.

        Raises:
            PersonaBenchError: If the text has no ``key: value`` line before other text.
        """
        attributes: dict[str, str] = {}
        last_key: str | None = None
        for line in text.splitlines():
            if not line.strip():
                continue
            if ": " in line:
                key, _, value = line.partition(": ")
            elif line.rstrip().endswith(":"):
                key, value = line.rstrip()[:-1], ""
            else:
                key, value = "", line
            if key.strip():
                last_key = key.strip()
                attributes[last_key] = value.strip()
            elif last_key is not None:
                attributes[last_key] = f"{attributes[last_key]}\n{line.strip()}".strip()
            else:
                raise PersonaBenchError(
                    f"Persona {persona_id!r}: text block line {line.strip()[:60]!r} is not of the "
                    "form 'attribute: value'. Write one 'attribute: value' line per attribute."
                )
        return cls.from_dict(attributes, persona_id)

    @classmethod
    def from_json(cls, text: str, persona_id: str) -> Persona:
        """Parse a JSON object of attribute name to value.

        Args:
            text: The JSON text.
            persona_id: The id to give the persona.

        Returns:
            The persona.

        Raises:
            PersonaBenchError: If the text is not a JSON object.
        """
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise PersonaBenchError(
                f"Persona {persona_id!r} is not valid JSON ({error.msg} at line {error.lineno}). "
                "Give a JSON object of attribute name to value."
            ) from None
        if not isinstance(data, dict):
            raise PersonaBenchError(
                f"Persona {persona_id!r} is JSON {type(data).__name__}, not an object. "
                "Give a JSON object of attribute name to value."
            )
        return cls.from_dict(data, persona_id)

    def render(self, style: PersonaFormat = "lines") -> str:
        """Render the persona for a prompt.

        Args:
            style: ``"lines"`` for readable ``key: value`` lines (default), or ``"dict"`` for the
                Python-dict style that the original benchmark showed to models.

        Returns:
            The rendered persona.

        Raises:
            PersonaBenchError: If the style is unknown.
        """
        if check_persona_format(style) == "dict":
            return repr(self.attributes)
        return "\n".join(f"{key}: {value}" for key, value in self.attributes.items())

    def drop(self, *names: str) -> Persona:
        """Return a copy without the named attributes (for leave-one-out).

        Args:
            *names: Attribute names to remove; names the persona lacks are ignored.

        Returns:
            A new persona with the same id and the remaining attributes in order.
        """
        removed = set(names)
        kept = {key: value for key, value in self.attributes.items() if key not in removed}
        return Persona(id=self.id, attributes=kept)

    def get(self, name: str) -> str | None:
        """Return the raw value of an attribute, or None when it is missing."""
        return self.attributes.get(name)

    def number(self, name: str) -> float | None:
        """Return a numeric attribute (age, income) as a number.

        Args:
            name: The attribute name.

        Returns:
            The number, or None when missing or not numeric (``"Not applicable"``).
        """
        return parse_number(self.attributes.get(name))

    def has_value(self, name: str, values: Iterable[str]) -> bool:
        """Check whether an attribute equals any of the given values.

        Comparison ignores case and runs of whitespace.

        Args:
            name: The attribute name.
            values: Accepted values.

        Returns:
            True if the persona has the attribute and it matches one of the values.
        """
        value = self.attributes.get(name)
        if value is None:
            return False
        return normalize_text(value) in {normalize_text(v) for v in values}
