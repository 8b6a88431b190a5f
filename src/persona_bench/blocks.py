"""Delimited prompt blocks that the text inside them cannot close or forge.

Each block is fenced by BEGIN/END lines carrying a code derived from the block's own content
(a SHA-256 prefix). Text inside a block would have to contain its own hash to fake the END
line, so an answer or persona that imitates the delimiters cannot end its block early or add
a block. The code is deterministic, so identical prompts stay identical (and cacheable).
"""

from __future__ import annotations

import hashlib
import re

_CODE_LENGTH = 12


def block_code(content: str) -> str:
    """The fence code of a block: the first hex digits of the content's SHA-256."""
    return hashlib.sha256(content.encode("utf-8")).hexdigest()[:_CODE_LENGTH]


def fenced_block(label: str, content: str) -> str:
    """Wrap `content` in BEGIN/END lines that only this content's code can close.

    Args:
        label: The block's name in capitals, e.g. ``"PERSONA"``.
        content: The text to enclose, verbatim.

    Returns:
        ``[BEGIN LABEL code]``, the content, ``[END LABEL code]``, on separate lines.
    """
    code = block_code(content)
    return f"[BEGIN {label} {code}]\n{content}\n[END {label} {code}]"


def read_blocks(text: str) -> dict[str, str]:
    """Recover the genuine blocks of a prompt built with `fenced_block`.

    Only a BEGIN/END pair whose code matches the hash of what lies between counts, so forged
    delimiters inside content are never mistaken for block boundaries.

    Args:
        text: A prompt containing blocks.

    Returns:
        Label to content for each genuine block, in order of appearance.
    """
    blocks: dict[str, str] = {}
    position = 0
    begin = re.compile(rf"\[BEGIN ([A-Z ]+?) ([0-9a-f]{{{_CODE_LENGTH}}})\]\n")
    while match := begin.search(text, position):
        label, code = match.group(1), match.group(2)
        end_line = f"\n[END {label} {code}]"
        end = text.find(end_line, match.end())
        while end != -1:
            content = text[match.end() : end]
            if block_code(content) == code:
                blocks[label] = content
                position = end + len(end_line)
                break
            end = text.find(end_line, end + 1)
        else:
            position = match.end()
    return blocks
