"""Leave-one-out variants: the full persona plus one variant per dropped attribute."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from inspect_ai.dataset import Sample

from persona_bench.errors import PersonaBenchError
from persona_bench.personas.schema import ATTRIBUTES, canonical_attribute
from persona_bench.samples import Pair, pair_sample, withheld_metadata

FULL_VARIANT = "full"
JUDGE_PERSONAS: tuple[str, ...] = ("full", "reduced")


def _attributes_file(path: Path) -> list[object]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise PersonaBenchError(
            f"attributes={str(path)!r}: not valid JSON ({error.msg} at line {error.lineno})."
        ) from None
    if isinstance(data, dict) and isinstance(data.get("attributes"), list):
        return list(data["attributes"])
    if isinstance(data, list):
        return data
    raise PersonaBenchError(
        f'attributes={str(path)!r}: expected {{"attributes": [...]}} or a JSON list of names.'
    )


def parse_loo_attributes(value: str | Sequence[str] | None) -> list[str] | None:
    """Read the ``attributes`` parameter of the leave-one-out task.

    Args:
        value: A list of names, a comma-separated string, a path to a JSON file in the
            original format (``{"attributes": [...]}``), or None for "every attribute present".

    Returns:
        Canonical attribute names in the given order without repeats, or None.

    Raises:
        PersonaBenchError: For an unknown attribute (the message lists the valid ones), a
            missing or malformed file, or an empty list.
    """
    if value is None:
        return None
    names: list[object]
    if isinstance(value, str):
        path = Path(value).expanduser()
        if value.strip().endswith(".json") or path.is_file():
            if not path.is_file():
                raise PersonaBenchError(f"attributes={value!r}: file not found.")
            names = _attributes_file(path)
        else:
            names = [part for part in value.split(",")]
    else:
        names = list(value)
    canonical: list[str] = []
    for name in names:
        if not isinstance(name, str):
            raise PersonaBenchError(f"attributes: {name!r} is not an attribute name.")
        if name.strip():
            attribute = canonical_attribute(name)
            if attribute not in canonical:
                canonical.append(attribute)
    if not canonical:
        raise PersonaBenchError(
            f"attributes={value!r} names no attribute. Valid attributes: {', '.join(ATTRIBUTES)}."
        )
    return canonical


def check_judge_persona(judge_persona: str) -> str:
    """Validate ``judge_persona``: ``full`` or ``reduced``."""
    if judge_persona not in JUDGE_PERSONAS:
        raise PersonaBenchError(
            f"Unknown judge_persona {judge_persona!r}. Valid: {', '.join(JUDGE_PERSONAS)}."
        )
    return judge_persona


def variant_suffix(attribute: str | None) -> str:
    """The sample id suffix of a variant: ``-full`` or ``-drop-<attribute>`` (spaces as ``_``)."""
    return f"-{FULL_VARIANT}" if attribute is None else f"-drop-{attribute.replace(' ', '_')}"


@dataclass(frozen=True)
class LooDesign:
    """The leave-one-out samples and what was left out of them.

    Attributes:
        samples: Per pair, the full variant then one variant per dropped attribute.
        attributes: The attributes varied.
        skipped: Per attribute, how many pairs lacked it (no variant for them).
    """

    samples: list[Sample]
    attributes: list[str]
    skipped: dict[str, int]


def loo_samples(
    pairs: Sequence[Pair], attributes: list[str] | None, judge_persona: str
) -> LooDesign:
    """Expand persona-question pairs into leave-one-out variants.

    Args:
        pairs: The pairs to evaluate.
        attributes: Attributes to drop one at a time; None for every attribute present in the
            pairs' personas (in canonical order).
        judge_persona: ``full``: the critic always sees the full persona; ``reduced``: the critic
            sees the persona the model saw.

    Returns:
        The design. Sample metadata: ``variant`` (``full`` or the dropped attribute),
        ``pair_id``, ``persona`` (what the model sees) and, when the critic must see the full
        persona, ``withheld_attribute`` (the dropped attribute's name, value and place).

    Raises:
        PersonaBenchError: If no requested attribute occurs in any sampled persona.
    """
    check_judge_persona(judge_persona)
    present = Counter(key for pair in pairs for key in pair.persona.attributes)
    if attributes is None:
        attributes = [name for name in ATTRIBUTES if present[name]]
    skipped = {
        name: len(pairs) - present[name] for name in attributes if present[name] < len(pairs)
    }
    if not any(present[name] for name in attributes):
        raise PersonaBenchError(
            f"None of the attributes {', '.join(attributes)} occurs in the {len(pairs)} sampled "
            "personas. Choose attributes the personas have, or raise n."
        )
    samples: list[Sample] = []
    for pair in pairs:
        samples.append(
            pair_sample(pair, suffix=variant_suffix(None), variant=FULL_VARIANT, pair_id=pair.id)
        )
        for attribute in attributes:
            if attribute not in pair.persona.attributes:
                continue
            reduced = Pair(pair.persona.drop(attribute), pair.question)
            judge = withheld_metadata(pair.persona, attribute) if judge_persona == "full" else {}
            samples.append(
                pair_sample(
                    reduced,
                    suffix=variant_suffix(attribute),
                    variant=attribute,
                    pair_id=pair.id,
                    **judge,
                )
            )
    return LooDesign(samples=samples, attributes=attributes, skipped=skipped)
