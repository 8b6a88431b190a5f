"""Reading the generator's JSON data files (package data) with clear errors.

The files are read once, on first use, through ``importlib.resources`` so that they work from a
wheel, a zip or a source checkout alike. The small typed accessors below turn JSON values into
Python types and name the offending table when a file is malformed.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from importlib import resources
from typing import Any

from persona_bench.errors import PersonaBenchError

PACKAGE = "persona_bench.personas.census"
ACS_FILE = "acs_distributions.json"
PHRASES_FILE = "psychographic_phrases.json"


@functools.cache
def load_data_file(name: str) -> dict[str, Any]:
    """Read one of the generator's JSON files from the package, once per process.

    Args:
        name: The file name inside ``persona_bench.personas.census``.

    Returns:
        The parsed top-level JSON object. Callers must not modify it (it is cached).

    Raises:
        PersonaBenchError: If the file is missing or is not a JSON object.
    """
    try:
        text = resources.files(PACKAGE).joinpath(name).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PersonaBenchError(
            f"Census data file {name!r} is missing from {PACKAGE}; reinstall persona-bench."
        ) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise PersonaBenchError(
            f"Census data file {name!r} is not valid JSON ({error.msg} at line {error.lineno})."
        ) from None
    if not isinstance(data, dict):
        raise PersonaBenchError(f"Census data file {name!r} must hold a JSON object.")
    return data


def obj(data: Mapping[str, Any], key: str, where: str) -> dict[str, Any]:
    """Return ``data[key]`` as a JSON object.

    Args:
        data: The enclosing object.
        key: The key to read.
        where: Where ``data`` sits, for the error message (e.g. ``"acs: race"``).

    Returns:
        The object.

    Raises:
        PersonaBenchError: If the key is missing or not an object.
    """
    value = data.get(key)
    if not isinstance(value, dict):
        raise PersonaBenchError(f"Census data {where}: {key!r} must be a JSON object.")
    return value


def array(data: Mapping[str, Any], key: str, where: str) -> list[Any]:
    """Return ``data[key]`` as a JSON array (see `obj` for the arguments)."""
    value = data.get(key)
    if not isinstance(value, list):
        raise PersonaBenchError(f"Census data {where}: {key!r} must be a JSON array.")
    return value


def number(value: Any, where: str) -> float:
    """Return a JSON number as a float.

    Args:
        value: The JSON value.
        where: Where the value sits, for the error message.

    Returns:
        The number.

    Raises:
        PersonaBenchError: If the value is not a number.
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise PersonaBenchError(f"Census data {where}: expected a number, got {value!r}.")
    return float(value)


def text(value: Any, where: str) -> str:
    """Return a JSON string, or raise PersonaBenchError naming ``where``."""
    if not isinstance(value, str):
        raise PersonaBenchError(f"Census data {where}: expected a string, got {value!r}.")
    return value


def texts(value: Any, where: str) -> tuple[str, ...]:
    """Return a non-empty JSON array of strings as a tuple."""
    if not isinstance(value, list) or not value:
        raise PersonaBenchError(f"Census data {where}: expected a non-empty array of strings.")
    return tuple(text(item, where) for item in value)


def weights(value: Any, where: str) -> dict[str, float]:
    """Return a ``{label: weight}`` JSON object as a dict of floats."""
    if not isinstance(value, dict):
        raise PersonaBenchError(f"Census data {where}: expected an object of label to weight.")
    return {str(label): number(weight, f"{where}.{label}") for label, weight in value.items()}


def age_range(band: Any, where: str) -> tuple[int, int]:
    """Return the inclusive ``[first, last]`` ages of a band object (its ``ages`` key)."""
    if not isinstance(band, dict):
        raise PersonaBenchError(f"Census data {where}: each band must be a JSON object.")
    ages = band.get("ages")
    if (
        not isinstance(ages, list)
        or len(ages) != 2
        or not all(isinstance(age, int) and not isinstance(age, bool) for age in ages)
        or ages[0] > ages[1]
    ):
        raise PersonaBenchError(
            f"Census data {where}: 'ages' must be [first, last] integers, got {ages!r}."
        )
    return int(ages[0]), int(ages[1])
