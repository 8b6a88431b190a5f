"""Reading user-supplied data files (JSONL, JSON, CSV, Parquet) into rows of strings."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from persona_bench.errors import PersonaBenchError

if TYPE_CHECKING:
    import pandas as pd

TABLE_SUFFIXES: tuple[str, ...] = (".jsonl", ".json", ".csv", ".parquet")


def looks_like_path(source: str) -> bool:
    """Tell a file path apart from a named source such as ``builtin``.

    Args:
        source: The value of a source parameter.

    Returns:
        True if the value contains a path separator or ends in a file suffix.
    """
    return "/" in source or "\\" in source or Path(source).suffix != ""


def resolve_file(source: str, *, parameter: str, suffixes: tuple[str, ...]) -> Path:
    """Check that a local data file exists and has a supported format.

    Args:
        source: The path the user gave.
        parameter: The task parameter it came from, for error messages.
        suffixes: The supported file suffixes.

    Returns:
        The path.

    Raises:
        PersonaBenchError: If the file is missing or its suffix is not supported.
    """
    path = Path(source).expanduser()
    if path.suffix.lower() not in suffixes:
        raise PersonaBenchError(
            f"{parameter}={source!r}: unsupported file type {path.suffix or '(none)'!r}. "
            f"Supported: {', '.join(suffixes)}."
        )
    if not path.is_file():
        raise PersonaBenchError(
            f"{parameter}={source!r}: file not found (looked in {path.resolve()})."
        )
    return path


def _json_rows(path: Path, parameter: str) -> list[dict[str, Any]]:
    text = path.read_text(encoding="utf-8")
    if path.suffix.lower() == ".jsonl":
        rows = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as error:
                raise PersonaBenchError(
                    f"{parameter}={str(path)!r}: line {number} is not valid JSON ({error.msg})."
                ) from None
        return rows
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise PersonaBenchError(
            f"{parameter}={str(path)!r}: not valid JSON ({error.msg} at line {error.lineno})."
        ) from None
    if isinstance(data, dict):
        # Accept {"rows": [...]}-style wrappers with a single list value.
        lists = [value for value in data.values() if isinstance(value, list)]
        if len(lists) == 1:
            data = lists[0]
    if not isinstance(data, list):
        raise PersonaBenchError(
            f"{parameter}={str(path)!r}: expected a JSON list of objects, got "
            f"{type(data).__name__}."
        )
    return data


def frame_rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """A data frame's rows as dicts with string keys."""
    return [{str(key): value for key, value in row.items()} for row in frame.to_dict("records")]


def read_rows(path: Path, *, parameter: str) -> list[dict[str, Any]]:
    """Read a data file into a list of row dicts.

    CSV cells are read as strings (no type guessing), so ``"68"`` stays ``"68"``.

    Args:
        path: A ``.jsonl``, ``.json``, ``.csv`` or ``.parquet`` file.
        parameter: The task parameter it came from, for error messages.

    Returns:
        One dict per row.

    Raises:
        PersonaBenchError: If the file cannot be parsed or a row is not an object.
    """
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".json"):
        rows = _json_rows(path, parameter)
    else:
        import pandas as pd

        try:
            if suffix == ".csv":
                frame = pd.read_csv(path, dtype=str, keep_default_na=False)
            else:
                frame = pd.read_parquet(path)
        except Exception as error:
            raise PersonaBenchError(
                f"{parameter}={str(path)!r}: cannot read the {suffix} file "
                f"({type(error).__name__}: {str(error)[:200]})."
            ) from None
        rows = frame_rows(frame)
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            raise PersonaBenchError(
                f"{parameter}={str(path)!r}: row {number} is {type(row).__name__}, not an object."
            )
    return [{str(key): value for key, value in row.items()} for row in rows]
