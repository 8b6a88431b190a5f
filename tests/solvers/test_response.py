"""Reading the answer (and the ungraded preamble) out of the target's completion."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from persona_bench.solvers.response import ExtractedResponse, extract_response


def test_tagged_answer() -> None:
    result = extract_response("Sure!\n<answer>\n  Drink water.  \n</answer>\n")
    assert result == ExtractedResponse(answer="Drink water.", delimited=True, preamble=None)


def test_tags_are_case_insensitive() -> None:
    assert extract_response("<ANSWER>Yes.</Answer>").answer == "Yes."


def test_missing_tags_make_the_whole_completion_the_answer() -> None:
    result = extract_response("  Just go for a walk.\nThen rest.  ")
    assert result == ExtractedResponse(
        answer="Just go for a walk.\nThen rest.", delimited=False, preamble=None
    )


def test_unclosed_answer_gives_the_text_after_the_tag() -> None:
    result = extract_response("<reasoning>short</reasoning>\n<answer>Truncated repl", "reasoning")
    assert result == ExtractedResponse(answer="Truncated repl", delimited=False, preamble="short")


@pytest.mark.parametrize("tag", ["reasoning", "summary"])
def test_preamble_is_captured_and_not_part_of_the_answer(tag: str) -> None:
    completion = f"<{tag}>They are 68 and retired.</{tag}>\n<answer>Try a morning class.</answer>"
    result = extract_response(completion, tag)
    assert result == ExtractedResponse(
        answer="Try a morning class.", delimited=True, preamble="They are 68 and retired."
    )


@pytest.mark.parametrize("tag", ["reasoning", "summary"])
def test_preamble_without_answer_tags_is_removed_from_the_answer(tag: str) -> None:
    completion = f"<{tag}>Private notes.</{tag}>\nTry a morning class."
    result = extract_response(completion, tag)
    assert result == ExtractedResponse(
        answer="Try a morning class.", delimited=False, preamble="Private notes."
    )


@pytest.mark.parametrize("tag", ["reasoning", "summary"])
def test_a_lone_preamble_is_never_graded(tag: str) -> None:
    result = extract_response(f"  <{tag}>Only my private notes.</{tag}>\n", tag)
    assert result == ExtractedResponse(
        answer="", delimited=False, preamble="Only my private notes."
    )


def test_preamble_is_none_when_the_mode_asks_for_none() -> None:
    completion = "<reasoning>hidden</reasoning><answer>shown</answer>"
    assert extract_response(completion).preamble is None
    assert extract_response(completion, "summary").preamble is None


def test_last_answer_block_wins() -> None:
    completion = "<answer>draft</answer>\nOn reflection:\n<answer>final</answer>"
    assert extract_response(completion).answer == "final"


def test_answer_tag_mentioned_in_the_reasoning_does_not_leak() -> None:
    completion = (
        "<reasoning>I will put it in <answer> tags as asked.</reasoning>\n<answer>Rest.</answer>"
    )
    result = extract_response(completion, "reasoning")
    assert result.answer == "Rest."
    assert result.delimited
    assert result.preamble == "I will put it in <answer> tags as asked."


@pytest.mark.parametrize("completion", ["", "   ", "<answer></answer>", "<answer>\n \n</answer>"])
def test_empty_answers_stay_empty(completion: str) -> None:
    assert extract_response(completion).answer == ""


@given(st.text(alphabet=st.characters(exclude_characters="<>"), max_size=200))
def test_tagged_text_round_trips(text: str) -> None:
    result = extract_response(f"<reasoning>r</reasoning><answer>{text}</answer>", "reasoning")
    assert result.answer == text.strip()
    assert result.delimited
    assert result.preamble == "r"
