"""Personas: the 33-attribute schema, persona sources and the census-grounded generator."""

from persona_bench.personas.schema import (
    ATTRIBUTES,
    NUMERIC_ATTRIBUTES,
    OPTIONAL_ATTRIBUTES,
    Persona,
    canonical_attribute,
    normalize_text,
    parse_number,
)
from persona_bench.personas.sources import PERSONA_SOURCES, load_personas

__all__ = [
    "ATTRIBUTES",
    "NUMERIC_ATTRIBUTES",
    "OPTIONAL_ATTRIBUTES",
    "PERSONA_SOURCES",
    "Persona",
    "canonical_attribute",
    "load_personas",
    "normalize_text",
    "parse_number",
]
