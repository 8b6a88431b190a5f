from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
from huggingface_hub import errors

from persona_bench import hub
from persona_bench.errors import PersonaBenchError
from persona_bench.questions.sources import load_questions


def _gated_error() -> errors.GatedRepoError:
    # The constructor needs an HTTP response object whose type varies by hub version.
    error = errors.GatedRepoError.__new__(errors.GatedRepoError)
    Exception.__init__(error, "403 gated")
    return error


def test_unreachable_hub_fails_fast_with_the_fix() -> None:
    # A closed local port stands in for "no network", whatever this machine can reach.
    code = (
        "from persona_bench.questions.sources import load_questions\n"
        "load_questions('prism-filter')\n"
    )
    env = {**os.environ, "HF_ENDPOINT": "http://127.0.0.1:9", "HF_HUB_DISABLE_TELEMETRY": "1"}
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    elapsed = time.perf_counter() - start
    assert result.returncode != 0
    assert elapsed < 10
    message = result.stderr.strip().splitlines()[-1]
    assert "SynthLabsAI/PRISM-Filter" in message
    assert "unreachable" in message
    assert "questions=builtin" in message


def test_gated_dataset_message_names_token_and_terms(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise _gated_error()

    monkeypatch.setattr("huggingface_hub.auth_check", refuse)
    with pytest.raises(PersonaBenchError) as caught:
        load_questions("prism")
    message = str(caught.value)
    assert "HannahRoseKirk/prism-alignment" in message
    assert "HF_TOKEN" in message
    assert "accept the dataset's terms" in message


def test_hanging_hub_is_abandoned_after_the_deadline(monkeypatch: pytest.MonkeyPatch) -> None:
    def hang(*args: object, **kwargs: object) -> None:
        time.sleep(30)

    monkeypatch.setattr("huggingface_hub.auth_check", hang)
    monkeypatch.setattr(hub, "HUB_CHECK_SECONDS", 0.3)
    start = time.perf_counter()
    with pytest.raises(hub.HubAccessError, match="did not answer"):
        hub.check_access("SynthLabsAI/Synthetic-Personas", alternative="personas=builtin")
    assert time.perf_counter() - start < 2


def test_loading_sets_no_environment_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise _gated_error()

    monkeypatch.setattr("huggingface_hub.auth_check", refuse)
    before = dict(os.environ)
    with pytest.raises(PersonaBenchError):
        load_questions("prism-filter")
    assert dict(os.environ) == before
