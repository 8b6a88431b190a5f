"""Prompt constructors: the tasks' own prompts, and a user's custom one through the client."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from inspect_ai.log import read_eval_log

from persona_bench.api import (
    LOG_PATH_KEY,
    BasePromptConstructor,
    ChainOfThoughtPromptConstructor,
    DefaultPromptConstructor,
    PERSONAClient,
)
from persona_bench.errors import PersonaBenchError
from persona_bench.personas.schema import Persona
from persona_bench.solvers.choice import choice_messages
from persona_bench.solvers.modes import resolve_mode

PERSONA = {"age": "41", "occupation": "Nurse: night shifts", "income": "62000.0"}
QUESTION = "How do I keep a sleep routine?"


def task_prompts(mode: str, persona_format: str = "lines") -> tuple[str, str]:
    messages = resolve_mode(mode).messages(
        QUESTION,
        Persona(id="", attributes=PERSONA).render(persona_format),  # type: ignore[arg-type]
    )
    return messages[0].text, messages[1].text


def test_default_reproduces_the_output_only_prompt() -> None:
    system, user = task_prompts("output_only")
    assert DefaultPromptConstructor().construct_prompt(PERSONA, QUESTION) == {
        "system": system,
        "user": user,
    }


def test_default_in_dict_format() -> None:
    system, _ = task_prompts("output_only", "dict")
    prompts = DefaultPromptConstructor(persona_format="dict").construct_prompt(PERSONA, QUESTION)
    assert prompts["system"] == system
    assert repr(PERSONA) in prompts["system"]


def test_chain_of_thought_reproduces_the_task_prompt() -> None:
    system, user = task_prompts("chain_of_thought")
    prompts = ChainOfThoughtPromptConstructor().construct_prompt(PERSONA, QUESTION)
    assert prompts == {"system": system, "user": user}
    assert "<reasoning>" in prompts["system"]


def test_base_constructor_is_abstract() -> None:
    with pytest.raises(TypeError):
        BasePromptConstructor()  # type: ignore[abstract]


class TerseConstructor(BasePromptConstructor):
    """A user's own prompt: the persona as one sentence, the question prefixed."""

    def construct_prompt(self, persona: Mapping[str, Any], question: str) -> dict[str, str]:
        details = ", ".join(f"{key} {value}" for key, value in persona.items())
        return {"system": f"Reply to someone with: {details}.", "user": f"Q: {question}"}


def test_custom_constructor_through_the_client(persona_file: Path, log_dir: Path) -> None:
    client = PERSONAClient(
        "mockllm/model",
        "main",
        2,
        prompt_constructor=TerseConstructor(),
        critic="persona-mock/default",
        personas=str(persona_file),
        log_dir=log_dir,
    )
    for idx, question in enumerate(client):
        assert question["system"].startswith("Reply to someone with: ")
        assert question["user"] == f"Q: {question['question']}"
        client.log_answer(idx, "Fine.")
    log = read_eval_log(client.evaluate()[LOG_PATH_KEY])
    assert log.eval.metadata is not None
    assert log.eval.metadata["prompt_constructor"] == "TerseConstructor"
    assert log.eval.metadata["mode"] == "replay"
    assert log.samples is not None
    rows = {question["id"]: question for question in client}
    for sample in log.samples:
        system, user, answer = (message.text for message in sample.messages)
        assert system == rows[str(sample.id)]["system"]
        assert user == rows[str(sample.id)]["user"]
        assert answer == "Fine."


class BrokenConstructor(BasePromptConstructor):
    def construct_prompt(self, persona: Mapping[str, Any], question: str) -> dict[str, str]:
        return {"prompt": question}


def test_constructor_with_wrong_keys(persona_file: Path) -> None:
    with pytest.raises(PersonaBenchError, match="must return"):
        PERSONAClient(
            "mockllm/model",
            "main",
            1,
            prompt_constructor=BrokenConstructor(),
            personas=str(persona_file),
        )


def test_client_default_follows_persona_format(persona_file: Path) -> None:
    client = PERSONAClient(
        "mockllm/model", "main", 1, persona_format="dict", personas=str(persona_file)
    )
    assert repr(client[0]["persona"]) in client[0]["system"]


def test_default_choice_prompt_is_the_comparison_task_prompt() -> None:
    candidates = {"A": "First answer.", "B": "Second answer."}
    messages = choice_messages(QUESTION, candidates, Persona(id="", attributes=PERSONA).render())
    prompts = DefaultPromptConstructor().construct_choice_prompt(PERSONA, QUESTION, candidates)
    assert prompts == {"system": messages[0].text, "user": messages[1].text}
