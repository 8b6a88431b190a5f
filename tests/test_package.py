from __future__ import annotations

import subprocess
import sys

NO_NETWORK = """
import socket

def refuse(*args, **kwargs):
    raise AssertionError("network I/O at import time")

socket.socket.connect = refuse
socket.create_connection = refuse
socket.getaddrinfo = refuse
import persona_bench
import persona_bench._registry
import persona_bench.personas, persona_bench.questions, persona_bench.samples
print("ok")
"""


def test_importing_the_package_and_its_registry_does_no_network_io() -> None:
    result = subprocess.run(
        [sys.executable, "-c", NO_NETWORK], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_importing_persona_bench_does_not_load_inspect_eval_machinery() -> None:
    code = "import sys, persona_bench; print('inspect_ai' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.stdout.strip() == "False"
