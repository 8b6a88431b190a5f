"""A flaky provider: the `main` eval still scores every sample exactly once.

The stub server fails 30% of chat completions with a mix of HTTP 500s, connection resets and
hangs. Retries come from two layers: the OpenAI SDK retries 500s, resets and read timeouts
itself (twice, with sub-second backoff) before Inspect sees an error, and Inspect then retries
up to ``max_retries`` times with exponential backoff starting at 3 s. ``timeout`` in Inspect's
generate config bounds the whole retry loop, not one request; a hang is ended by
``attempt_timeout``. Role models inherit ``max_retries`` and ``timeout`` from the eval but not
``attempt_timeout``, so the critic gets its own.
"""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

import pytest
from inspect_ai import eval
from inspect_ai.model import GenerateConfig, get_model

from persona_bench.tasks.main import main
from stub_server import FAILURE_KINDS, StubServer

N_SAMPLES = 20
FAIL_RATE = 0.3
SEED = 13  # its first 40 draws (the fewest a run makes) hold 3+ failures of each kind
MAX_RETRIES = 4
ATTEMPT_TIMEOUT = 2  # seconds; far below HANG_SECONDS, so only the client can end a hang
RETRY_BUDGET = 90  # Inspect's `timeout`: seconds for one call's whole retry loop
HANG_SECONDS = 60.0


@pytest.mark.slow
def test_main_scores_every_sample_once_despite_injected_failures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    retry_config = GenerateConfig(
        max_retries=MAX_RETRIES, timeout=RETRY_BUDGET, attempt_timeout=ATTEMPT_TIMEOUT
    )
    with StubServer(
        latency=0.01, fail_rate=FAIL_RATE, seed=SEED, hang_seconds=HANG_SECONDS
    ) as stub:
        for name, value in stub.env().items():
            monkeypatch.setenv(name, value)
        # Fresh (unmemoized) models, so they read this server's URL from the environment.
        target = get_model(stub.model, memoize=False)
        critic = get_model(stub.critic_model, config=retry_config, memoize=False)
        task = main(n=N_SAMPLES)
        expected_ids = {sample.id for sample in task.dataset}

        started = time.monotonic()
        [log] = eval(
            task,
            model=target,
            model_roles={"critic": critic},
            log_dir=str(tmp_path),
            display="none",
            max_retries=MAX_RETRIES,
            timeout=RETRY_BUDGET,
            attempt_timeout=ATTEMPT_TIMEOUT,
            fail_on_error=False,
        )
        elapsed = time.monotonic() - started
        injected = stub.failures_injected
        requests = stub.requests
        calls = stub.calls

    assert log.status == "success", log.error
    assert log.samples is not None
    ids = Counter(sample.id for sample in log.samples)
    assert set(ids) == expected_ids
    assert all(count == 1 for count in ids.values()), ids
    for sample in log.samples:
        assert sample.error is None, (sample.id, sample.error)
        assert sample.scores is not None
        assert list(sample.scores) == ["debate_critic"], (sample.id, sample.scores)
        assert sample.scores["debate_critic"].value in (0.0, 1.0)

    # Every kind of failure really happened, and hangs were ended by the client's timeout
    # (had they run their course, the eval would have taken at least HANG_SECONDS).
    assert all(injected.get(kind, 0) > 0 for kind in FAILURE_KINDS), injected
    assert elapsed < HANG_SECONDS
    outcomes = Counter(record.outcome for record in requests)
    assert outcomes["ok"] == calls == 2 * N_SAMPLES, outcomes
    assert sum(injected.values()) == len(requests) - calls
