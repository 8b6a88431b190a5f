"""A crashed eval resumes with ``inspect eval-retry`` without redoing finished samples.

The eval runs as a subprocess against the stub server and is killed with SIGKILL once some
samples are in the log. With ``--log-buffer 1`` each finished sample is flushed to the .eval
log as it completes. ``eval-retry`` first recovers what it can of the crashed log (flushed
samples, and samples kept in Inspect's sample buffer database), reuses those samples and runs
only the rest, writing a new, complete log next to the crashed one.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from inspect_ai.log import EvalLog, read_eval_log

from persona_bench.tasks.main import main
from stub_server import StubServer

N_SAMPLES = 20
KILL_AFTER_LOGGED = 4  # samples durably in the log before the crash
DEADLINE_SECONDS = 120


def inspect_command() -> list[str]:
    script = Path(sys.executable).with_name("inspect")
    return [str(script)] if script.exists() else [sys.executable, "-m", "inspect_ai"]


def logged_sample_count(log_dir: Path) -> int:
    """Samples flushed so far to the one log in `log_dir` (0 while it is unreadable)."""
    logs = list(log_dir.glob("*.eval"))
    if not logs:
        return 0
    try:
        log = read_eval_log(str(logs[0]))
    except Exception:  # a log being written can be momentarily unreadable
        return 0
    return len(log.samples or [])


def target_questions(stub: StubServer, start: int = 0, stop: int | None = None) -> Counter[str]:
    """How many target (non-critic) calls each question got in requests `start` to `stop`."""
    requests = stub.requests[start:stop]
    return Counter(record.last_user for record in requests if not record.critic)


def run_inspect(args: list[str], env: dict[str, str], cwd: Path) -> None:
    result = subprocess.run(
        [*inspect_command(), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=DEADLINE_SECONDS,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_eval_retry_after_a_crash_reuses_finished_samples(tmp_path: Path) -> None:
    log_dir = tmp_path / "logs"
    task = main(n=N_SAMPLES)
    # A sample's input is its question, sent as the target call's last user message.
    question_of = {sample.id: str(sample.input) for sample in task.dataset}
    assert len(set(question_of.values())) == N_SAMPLES, "questions must tell samples apart"

    with StubServer(latency=0.1) as stub:
        env = {
            **os.environ,
            **stub.env(),
            "HF_HUB_OFFLINE": "1",
            "HF_DATASETS_OFFLINE": "1",
            "INSPECT_DISPLAY": "none",
            # Keep Inspect's sample buffer (used to recover crashed logs) inside the test.
            "XDG_DATA_HOME": str(tmp_path / "data"),
        }
        eval_process = subprocess.Popen(
            [
                *inspect_command(),
                "eval",
                "persona_bench/main",
                "--model",
                stub.model,
                "--model-role",
                f"critic={stub.critic_model}",
                "-T",
                f"n={N_SAMPLES}",
                "--max-connections",
                "2",
                "--max-samples",
                "2",
                "--log-buffer",
                "1",
                "--log-dir",
                str(log_dir),
            ],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + DEADLINE_SECONDS
        try:
            while logged_sample_count(log_dir) < KILL_AFTER_LOGGED:
                assert eval_process.poll() is None, "the eval ended before it could be killed"
                assert time.monotonic() < deadline, "no samples were logged in time"
                time.sleep(0.05)
        finally:
            os.killpg(eval_process.pid, signal.SIGKILL)
            eval_process.wait()
        first_run_requests = len(stub.requests)

        [crashed_path] = log_dir.glob("*.eval")
        crashed = read_eval_log(str(crashed_path))
        assert crashed.status == "started"
        finished_first = {sample.id for sample in crashed.samples or []}
        assert KILL_AFTER_LOGGED <= len(finished_first) < N_SAMPLES

        run_inspect(["eval-retry", str(crashed_path), "--log-dir", str(log_dir)], env, tmp_path)
        retry_targets = target_questions(stub, start=first_run_requests)
        first_targets = target_questions(stub, stop=first_run_requests)

    final = only_successful_log(log_dir)
    assert final.samples is not None
    ids = Counter(sample.id for sample in final.samples)
    assert set(ids) == set(question_of)
    assert all(count == 1 for count in ids.values()), ids
    for sample in final.samples:
        assert sample.error is None, (sample.id, sample.error)
        assert sample.scores is not None
        assert "debate_critic" in sample.scores, sample.id

    # Finished samples were not generated again; samples never started were, once.
    redone = {question_of[sample_id] for sample_id in finished_first} & set(retry_targets)
    assert not redone, redone
    assert all(count == 1 for count in retry_targets.values()), retry_targets
    never_started = set(question_of.values()) - set(first_targets)
    assert never_started
    assert never_started <= set(retry_targets)


def only_successful_log(log_dir: Path) -> EvalLog:
    """The single complete log in `log_dir` (the retry's; the crashed one stays `started`)."""
    logs = [read_eval_log(str(path)) for path in sorted(log_dir.glob("*.eval"))]
    successful = [log for log in logs if log.status == "success"]
    assert len(successful) == 1, [(log.location, log.status) for log in logs]
    return successful[0]
