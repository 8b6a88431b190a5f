from __future__ import annotations

from collections import Counter

import pytest

from persona_bench.errors import PersonaBenchError
from persona_bench.personas.schema import Persona
from persona_bench.questions.sources import Question
from persona_bench.samples import build_samples, pair_up, persona_from_metadata

PERSONAS = [Persona(id=f"{i:03d}", attributes={"age": str(20 + i)}) for i in range(10)]
QUESTIONS = [Question(id=f"{i:03d}", text=f"Question {i}?", category="unguided") for i in range(7)]


def test_ids_are_stable_when_n_changes() -> None:
    small = [s.id for s in build_samples(PERSONAS, QUESTIONS, n=5, seed=3)]
    large = [s.id for s in build_samples(PERSONAS, QUESTIONS, n=40, seed=3)]
    assert large[:5] == small
    assert len(set(large)) == 40


def test_seed_changes_the_pairing_and_is_reproducible() -> None:
    first = [s.id for s in build_samples(PERSONAS, QUESTIONS, n=10, seed=1)]
    again = [s.id for s in build_samples(PERSONAS, QUESTIONS, n=10, seed=1)]
    other = [s.id for s in build_samples(PERSONAS, QUESTIONS, n=10, seed=2)]
    assert first == again
    assert first != other


def test_shuffle_uses_every_persona_before_repeating() -> None:
    pairs = pair_up(PERSONAS, QUESTIONS, n=10, seed=0)
    assert Counter(p.persona.id for p in pairs) == Counter({p.id: 1 for p in PERSONAS})


def test_every_distinct_pair_can_be_drawn() -> None:
    pairs = pair_up(PERSONAS, QUESTIONS, n=70, seed=0)
    assert len({p.id for p in pairs}) == 70
    with pytest.raises(PersonaBenchError, match="more than the 70 distinct pairs"):
        pair_up(PERSONAS, QUESTIONS, n=71, seed=0)


def test_zip_pairs_rows_in_order() -> None:
    samples = build_samples(PERSONAS, QUESTIONS, n=3, pairing="zip")
    assert [s.id for s in samples] == ["p000-q000", "p001-q001", "p002-q002"]
    with pytest.raises(PersonaBenchError, match="pairing='zip' can give \\(7"):
        build_samples(PERSONAS, QUESTIONS, n=8, pairing="zip")


def test_sample_content_and_metadata() -> None:
    sample = build_samples(PERSONAS, QUESTIONS, n=1, pairing="zip")[0]
    assert sample.input == "Question 0?"
    assert sample.metadata == {
        "persona": {"age": "20"},
        "persona_id": "000",
        "question_id": "000",
        "question_category": "unguided",
        "question_topic": None,
    }
    assert persona_from_metadata(sample.metadata) == PERSONAS[0]


@pytest.mark.parametrize("n", [0, -3, 2.5, True])
def test_bad_n(n: object) -> None:
    with pytest.raises(PersonaBenchError, match="n must be a positive integer"):
        build_samples(PERSONAS, QUESTIONS, n=n)  # type: ignore[arg-type]


def test_unknown_pairing() -> None:
    with pytest.raises(PersonaBenchError, match="shuffle, zip"):
        build_samples(PERSONAS, QUESTIONS, n=2, pairing="random")
