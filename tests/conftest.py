"""Shared fixtures: a small persona file, scripted offline models and log readers.

Everything here runs offline. Scripted ``mockllm`` outputs always carry token usage, so Inspect
never reaches for a tokenizer download. The fixtures return factories typed as plain callables
(test modules cannot import from this file), so annotate them as ``Callable[..., Model]`` etc.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
from inspect_ai import eval
from inspect_ai.event import ModelEvent
from inspect_ai.log import EvalLog, EvalSample, resolve_sample_attachments
from inspect_ai.model import (
    ChatMessage,
    GenerateConfig,
    Model,
    ModelOutput,
    ModelUsage,
    get_model,
)
from inspect_ai.tool import ToolChoice, ToolInfo

# Realistic, awkward personas: most keys missing in places, colons inside values, numeric
# strings, "Not applicable" and negative incomes, unnormalised spellings, rare ACS keys.
PERSONA_ROWS: list[dict[str, str]] = [
    {
        "persona_id": "retired",
        "age": "68",
        "sex": "Female",
        "race": "White alone",
        "education": "Regular high school diploma",
        "employment status": "Not in labor force",
        "income": "Not applicable",
        "marital status": "Widowed",
        "place of birth": "Texas/TX",
        "veteran status": "Non-Veteran",
        "big five scores": (
            "Openness: High, Conscientiousness: Low, Extraversion: Average, "
            "Agreeableness: Extremely Low, Neuroticism: Extremely High"
        ),
        "religion": "Catholic",
    },
    {
        "persona_id": "student",
        "age": "19",
        "sex": "Male",
        "household language": "Spanish",
        "ability to speak english": "Well",
        "income": "-1200.0",
        "veteran status": "Non-veteran",
        "defining quirks": "Labels every shelf: books, mugs, even the cat's toys",
        "political views": "Moderate",
    },
    {
        "persona_id": "nurse",
        "age": "41",
        "occupation category": "Healthcare Practitioners and Technical Occupations",
        "income": "62000.0",
        "hearing difficulty": "Yes",
        "big five scores": (
            "Openness: Average, Conscientiousness: Extremely High, Extraversion: Low, "
            "Agreeableness: High, Neuroticism: Average"
        ),
    },
]

TARGET_REPLY = "<answer>A considered, practical reply.</answer>"


def verdict_json(needs_revision: Any = False, **fields: Any) -> str:
    """A critic verdict as JSON text; any field may be overridden or added."""
    verdict: dict[str, Any] = {
        "personalization_critique": "Fits the person's situation.",
        "helpfulness_critique": "Accurate and safe.",
        "conclusion": "No revision needed." if needs_revision is False else "Needs tailoring.",
        "needs_revision": needs_revision,
    }
    verdict.update(fields)
    return json.dumps(verdict)


def scripted_output(content: str, model: str = "mockllm/model") -> ModelOutput:
    """A `ModelOutput` with usage set, so mockllm never counts tokens with a tokenizer."""
    output = ModelOutput.from_content(model=model, content=content)
    output.usage = ModelUsage(input_tokens=10, output_tokens=5, total_tokens=15)
    return output


def is_critic_call(config: GenerateConfig) -> bool:
    """Critic calls, and only they, ask for the verdict response schema."""
    return config.response_schema is not None


Reply = str | Callable[[list[ChatMessage]], str]


def _reply_text(reply: Reply, messages: list[ChatMessage]) -> str:
    return reply if isinstance(reply, str) else reply(messages)


def make_scripted_model(
    target: Reply = TARGET_REPLY,
    critic: Reply | None = None,
    name: str = "mockllm/model",
) -> Model:
    """A mockllm model that answers target calls with `target` and critic calls with `critic`.

    Args:
        target: The target's completion, or a function of the conversation giving it.
        critic: The critic's reply (default: a passing verdict), or a function of the critic
            conversation (it grows by an assistant and a user message with each re-ask).
        name: The model name, e.g. ``mockllm/critic`` for a critic distinct from the target.

    Returns:
        A fresh (not memoized) model.
    """
    critic_reply: Reply = verdict_json(False) if critic is None else critic

    def respond(
        messages: list[ChatMessage],
        tools: list[ToolInfo],
        tool_choice: ToolChoice,
        config: GenerateConfig,
    ) -> ModelOutput:
        reply = critic_reply if is_critic_call(config) else target
        return scripted_output(_reply_text(reply, messages), model=name)

    return get_model(name, custom_outputs=respond, memoize=False)


def sample_model_events(sample: EvalSample) -> tuple[list[ModelEvent], list[ModelEvent]]:
    """A sample's model calls from its log events: (target calls, critic calls).

    Long message texts are stored in the log as attachments; they are resolved here so that
    each event's ``input`` holds the exact messages the model saw.
    """
    resolved = resolve_sample_attachments(sample, "full")
    events = [event for event in resolved.events if isinstance(event, ModelEvent)]
    critic = [event for event in events if is_critic_call(event.config)]
    target = [event for event in events if not is_critic_call(event.config)]
    return target, critic


@pytest.fixture
def persona_rows() -> list[dict[str, str]]:
    """The rows of the small persona file (a fresh copy)."""
    return copy.deepcopy(PERSONA_ROWS)


@pytest.fixture
def persona_text_by_id() -> dict[str, str]:
    """The expected ``lines`` rendering of each persona, keyed by persona id."""
    return {
        row["persona_id"]: "\n".join(f"{k}: {v}" for k, v in row.items() if k != "persona_id")
        for row in PERSONA_ROWS
    }


@pytest.fixture
def write_jsonl(tmp_path: Path) -> Callable[[str, Sequence[Mapping[str, Any]]], Path]:
    """Factory: write rows as JSON lines to ``tmp_path/name`` and return the path."""

    def write(name: str, rows: Sequence[Mapping[str, Any]]) -> Path:
        path = tmp_path / name
        path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
        return path

    return write


@pytest.fixture
def persona_file(write_jsonl: Callable[[str, Sequence[Mapping[str, Any]]], Path]) -> Path:
    """A small persona JSONL file (see `PERSONA_ROWS`), independent of the built-in set."""
    return write_jsonl("personas.jsonl", PERSONA_ROWS)


@pytest.fixture
def scripted_model() -> Callable[..., Model]:
    """Factory for `make_scripted_model`: ``scripted_model(target=..., critic=..., name=...)``."""
    return make_scripted_model


@pytest.fixture
def verdict() -> Callable[..., str]:
    """Factory for `verdict_json`: ``verdict(needs_revision, **fields)`` -> JSON text."""
    return verdict_json


@pytest.fixture
def model_events() -> Callable[[EvalSample], tuple[list[ModelEvent], list[ModelEvent]]]:
    """Function giving a logged sample's (target, critic) model events."""
    return sample_model_events


@pytest.fixture
def log_dir(tmp_path: Path) -> Path:
    """A fresh log directory."""
    path = tmp_path / "logs"
    path.mkdir()
    return path


@pytest.fixture
def run_main(persona_file: Path, log_dir: Path) -> Callable[..., EvalLog]:
    """Factory: run the ``main`` task offline and return its log.

    ``run_main(model, model_roles=None, **task_args)``; ``personas`` defaults to the small
    persona file and ``n`` to 3.
    """
    from persona_bench.tasks.main import main

    def run(
        model: str | Model,
        model_roles: dict[str, str | Model] | None = None,
        **task_args: Any,
    ) -> EvalLog:
        task_args.setdefault("personas", str(persona_file))
        task_args.setdefault("n", 3)
        logs = eval(
            main(**task_args),
            model=model,
            model_roles=model_roles,
            display="none",
            log_dir=str(log_dir),
        )
        assert len(logs) == 1
        return logs[0]

    return run
