"""Reading the data files that ship inside the package."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any


def packaged_jsonl_rows(package: str, name: str) -> list[dict[str, Any]]:
    """The rows of a JSON Lines file shipped in `package`, blank lines skipped.

    Args:
        package: The package holding the file, e.g. ``persona_bench.questions``.
        name: The file's path inside the package, e.g. ``data/builtin_questions.jsonl``.

    Returns:
        One dict per line.
    """
    text = resources.files(package).joinpath(name).read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]
