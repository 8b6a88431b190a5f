"""Writing persona sets as JSONL, the format the `personas` task parameter reads back."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping


def generated_persona_id(index: int) -> str:
    """The id of the `index`-th generated persona: zero-padded so that files sort in order."""
    return f"{index:05d}"


def personas_to_jsonl(rows: Iterable[Mapping[str, str]]) -> str:
    """Serialise generated personas as JSONL, one object per line, ids first.

    The output is byte-stable: the same rows give the same text.

    Args:
        rows: Attribute dicts in generation order.

    Returns:
        The JSONL text, ending in a newline.
    """
    lines = [
        json.dumps({"persona_id": generated_persona_id(index), **row}, ensure_ascii=False)
        for index, row in enumerate(rows)
    ]
    return "".join(f"{line}\n" for line in lines)
