"""Provider keys in the environment (or passed to a model) never reach the eval log.

The log is read as bytes: every member of the .eval zip, and the whole .json log, so a key
hidden anywhere (model args, config, raw API calls, metadata) is found.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Literal

import pytest
from inspect_ai import eval
from inspect_ai.model import get_model

from persona_bench.tasks.main import main
from stub_server import StubServer

SECRETS: dict[str, str] = {
    "STUB_API_KEY": "sk-stub-SECRET-5f1c0e9a77d2",
    "OPENAI_API_KEY": "sk-openai-SECRET-2b8d41c6f3e0",
    "ANTHROPIC_API_KEY": "sk-ant-SECRET-9e7a3d215b64",
    "HF_TOKEN": "hf_SECRET_c04f8b6d1a93e2",
}
CRITIC_KEY = "sk-critic-SECRET-7d3e90a1c4b5"  # passed to the critic model directly


def log_member_bytes(log_file: Path) -> dict[str, bytes]:
    """Each part of a log as bytes: the members of a .eval zip, or a .json log whole."""
    if log_file.suffix == ".eval":
        with zipfile.ZipFile(log_file) as archive:
            return {name: archive.read(name) for name in archive.namelist()}
    return {log_file.name: log_file.read_bytes()}


@pytest.mark.parametrize("log_format", ["eval", "json"])
def test_no_secret_reaches_the_log(
    log_format: Literal["eval", "json"], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with StubServer(latency=0.0) as stub:
        monkeypatch.setenv("STUB_BASE_URL", stub.base_url)
        for name, value in SECRETS.items():
            monkeypatch.setenv(name, value)
        target = get_model(stub.model, memoize=False)
        critic = get_model(stub.critic_model, api_key=CRITIC_KEY, memoize=False)
        [log] = eval(
            main(n=3),
            model=target,
            model_roles={"critic": critic},
            log_dir=str(tmp_path),
            log_format=log_format,
            log_model_api=True,  # raw requests too
            display="none",
        )
    assert log.status == "success", log.error
    assert stub.calls == 6

    [log_file] = tmp_path.glob(f"*.{log_format}")
    parts = log_member_bytes(log_file)
    # The search is real: the log does hold the stub's URL and the answers.
    assert any(stub.base_url.encode() in data for data in parts.values())
    for secret in [*SECRETS.values(), CRITIC_KEY]:
        leaks = [name for name, data in parts.items() if secret.encode() in data]
        assert not leaks, f"{secret} found in {leaks}"
