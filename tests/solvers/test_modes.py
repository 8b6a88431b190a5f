"""The four generate modes: what the target sees, what is graded, what the critic sees."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from inspect_ai.event import ModelEvent
from inspect_ai.log import EvalLog, EvalSample
from inspect_ai.model import ChatMessageSystem, ChatMessageUser, Model

from persona_bench.blocks import read_blocks
from persona_bench.errors import PersonaBenchError
from persona_bench.solvers.modes import GENERATE_MODES, MODE_ALIASES, resolve_mode
from persona_bench.solvers.prompts import (
    ANSWER_FORMAT,
    BASELINE_SYSTEM,
    CHAIN_OF_THOUGHT_FORMAT,
    DEMOGRAPHIC_SUMMARY_FORMAT,
)
from persona_bench.tasks.main import main

ModelEvents = Callable[[EvalSample], tuple[list[ModelEvent], list[ModelEvent]]]

ANSWER = "Start with a short walk after breakfast."
REASONING = "They value routine; keep it gentle."
SUMMARY = "Age 68 and widowed: low-effort, social options help."

# mode -> (target completion, the instruction it must see, preamble metadata key, preamble text)
MODE_CASES: dict[str, tuple[str, str, str | None, str | None]] = {
    "baseline": (f"<answer>{ANSWER}</answer>", ANSWER_FORMAT, None, None),
    "output_only": (f"<answer>{ANSWER}</answer>", ANSWER_FORMAT, None, None),
    "chain_of_thought": (
        f"<reasoning>{REASONING}</reasoning>\n<answer>{ANSWER}</answer>",
        CHAIN_OF_THOUGHT_FORMAT,
        "reasoning",
        REASONING,
    ),
    "demographic_summary": (
        f"<summary>{SUMMARY}</summary>\n<answer>{ANSWER}</answer>",
        DEMOGRAPHIC_SUMMARY_FORMAT,
        "persona_summary",
        SUMMARY,
    ),
}


def test_the_four_modes_are_defined() -> None:
    assert set(GENERATE_MODES) == set(MODE_CASES)
    assert not GENERATE_MODES["baseline"].shows_persona
    assert all(GENERATE_MODES[m].shows_persona for m in MODE_CASES if m != "baseline")


@pytest.mark.parametrize("mode", list(MODE_CASES))
def test_mode_end_to_end(
    mode: str,
    run_main: Callable[..., EvalLog],
    scripted_model: Callable[..., Model],
    model_events: ModelEvents,
    persona_text_by_id: dict[str, str],
) -> None:
    completion, instruction, preamble_key, preamble = MODE_CASES[mode]
    log = run_main(scripted_model(target=completion), mode=mode, n=3)
    assert log.status == "success"
    assert log.eval.task_args["mode"] == mode
    assert log.samples is not None
    assert len(log.samples) == 3
    for sample in log.samples:
        persona_text = persona_text_by_id[sample.metadata["persona_id"]]
        question = sample.input
        assert isinstance(question, str)
        target_calls, critic_calls = model_events(sample)
        assert len(target_calls) == 1
        assert len(critic_calls) == 1

        # What the target saw: a system prompt (persona unless baseline, the mode's
        # instruction last) and the question as the user message.
        system, user = target_calls[0].input
        assert isinstance(system, ChatMessageSystem)
        assert isinstance(user, ChatMessageUser)
        assert user.text == question
        assert system.text.endswith(instruction)
        if mode == "baseline":
            assert system.text == f"{BASELINE_SYSTEM}\n\n{ANSWER_FORMAT}"
            assert read_blocks(system.text) == {}
        else:
            assert read_blocks(system.text) == {"PROFILE": persona_text}

        # What was graded: the model's own extracted answer, never the preamble.
        score = sample.scores["debate_critic"] if sample.scores else None
        assert score is not None
        assert score.answer == ANSWER
        assert score.value == 1.0
        store = sample.metadata["response"]
        assert store["mode"] == mode
        assert store["answer"] == ANSWER
        assert store["answer_delimited"] is True
        if preamble_key is not None:
            assert store[preamble_key] == preamble
        for key in ("reasoning", "persona_summary"):
            if key != preamble_key:
                assert store[key] is None

        # What the critic saw: exactly the full persona (also in baseline), the question and
        # the model's own answer, each in its genuine block.
        critic_user = critic_calls[0].input[-1]
        assert isinstance(critic_user, ChatMessageUser)
        assert read_blocks(critic_user.text) == {
            "PROFILE": persona_text,
            "QUESTION": question,
            "ANSWER": ANSWER,
        }
        if preamble is not None:
            assert all(preamble not in message.text for message in critic_calls[0].input)


@pytest.mark.parametrize(("alias", "canonical"), sorted(MODE_ALIASES.items()))
def test_mode_aliases_resolve(alias: str, canonical: str, persona_file: Path) -> None:
    assert resolve_mode(alias) is GENERATE_MODES[canonical]
    task = main(mode=alias, n=1, personas=str(persona_file))
    assert task.metadata is not None
    assert task.metadata["mode"] == canonical


def test_documented_aliases() -> None:
    assert MODE_ALIASES == {
        "direct": "output_only",
        "cot": "chain_of_thought",
        "demographic": "demographic_summary",
    }


@pytest.mark.parametrize("bad", ["", "Baseline", "chain-of-thought", "summary"])
def test_unknown_mode_names_the_valid_ones(bad: str, persona_file: Path) -> None:
    with pytest.raises(PersonaBenchError) as raised:
        resolve_mode(bad)
    message = str(raised.value)
    assert repr(bad) in message
    for valid in (*GENERATE_MODES, *MODE_ALIASES):
        assert valid in message
    with pytest.raises(PersonaBenchError, match="Valid modes"):
        main(mode=bad, n=1, personas=str(persona_file))


def test_messages_show_the_persona_only_when_the_mode_does() -> None:
    persona = "age: 68\nincome: Not applicable"
    question = "How should I plan my week?"
    hidden = GENERATE_MODES["baseline"].messages(question, persona)
    shown = GENERATE_MODES["demographic_summary"].messages(question, persona)
    assert "Not applicable" not in hidden[0].text
    assert read_blocks(shown[0].text) == {"PROFILE": persona}
    assert [m.text for m in hidden[1:]] == [question]
    assert [m.text for m in shown[1:]] == [question]
