"""A local OpenAI-compatible chat completions server for benchmarks and reliability tests.

It answers like a real provider, only faster and with no key: target calls get a short answer
inside ``<answer>`` tags, critic calls (a ``json_schema`` response format) get a valid JSON
object built from the schema. It can wait a set latency per call and inject failures at a seeded
rate: HTTP 500s, connection resets and hangs that only a client timeout ends. Counters and a
record of every request let tests check what the client really sent. Standard library only.

Inspect reaches it as ``openai-api/stub/stub-model`` with ``STUB_BASE_URL`` and ``STUB_API_KEY``
set (see `StubServer.env`).

In a test::

    with StubServer(latency=0.01, fail_rate=0.3) as stub:
        monkeypatch.setenv(...)  # stub.env()
        eval(task, model=stub.model)

By hand: python bench/stub_server.py --latency 0.2 --fail-rate 0 --port 8000
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import socket
import struct
import sys
import threading
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Self, cast

FAILURE_KINDS: tuple[str, ...] = ("http_500", "reset", "timeout")
MODEL_ID = "stub-model"
CRITIC_MODEL_ID = "stub-critic"
SERVICE = "stub"
API_KEY = "stub-key"
_MAX_BODY_BYTES = 50_000_000


@dataclass(frozen=True)
class RequestRecord:
    """One chat completions request the stub received.

    Attributes:
        last_user: Text of the last user message (for a target call, it holds the question).
        critic: Whether it asked for a JSON schema response, as the critic does.
        outcome: What the stub decided to do: ``ok`` (answer), a failure kind from
            `FAILURE_KINDS`, or ``bad_request``.
    """

    last_user: str
    critic: bool
    outcome: str


class _ResetConnectionError(Exception):
    """Raised inside a handler to drop its connection with a TCP reset."""


def _message_text(message: dict[str, Any]) -> str:
    """The text of an OpenAI chat message whose content is a string or a list of parts."""
    content = message.get("content")
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "\n".join(str(part.get("text", "")) for part in content if isinstance(part, dict))
    return ""


def _word_count(text: str) -> int:
    return len(text.split())


def schema_example(schema: dict[str, Any], name: str = "value") -> Any:
    """A small value valid against a JSON schema: the stub's answer to a structured call.

    Strings get short text, booleans ``False``, numbers 0, enums their first value, arrays are
    empty and objects get every property.

    Args:
        schema: A JSON schema (the subset a response schema uses).
        name: The property the value is for, used in generated text.

    Returns:
        The value.
    """
    if schema.get("enum"):
        return schema["enum"][0]
    if "const" in schema:
        return schema["const"]
    for key in ("anyOf", "oneOf"):
        if schema.get(key):
            return schema_example(schema[key][0], name)
    kind = schema.get("type", "object")
    if isinstance(kind, list):
        kind = next((item for item in kind if item != "null"), "null")
    if kind == "string":
        return f"Stub {name.replace('_', ' ')}."
    if kind == "boolean":
        return False
    if kind in ("integer", "number"):
        return 0
    if kind == "array":
        return []
    if kind == "null":
        return None
    properties = schema.get("properties") or {}
    return {key: schema_example(value, key) for key, value in properties.items()}


def _usage(prompt: str, completion: str) -> dict[str, int]:
    prompt_tokens = _word_count(prompt)
    completion_tokens = _word_count(completion)
    return {
        "prompt_tokens": prompt_tokens,
        "completion_tokens": completion_tokens,
        "total_tokens": prompt_tokens + completion_tokens,
    }


class _StubHTTPServer(ThreadingHTTPServer):
    """The HTTP server, holding a reference to its `StubServer` for the handlers."""

    daemon_threads = True
    request_queue_size = 256

    def __init__(self, address: tuple[str, int], stub: StubServer) -> None:
        super().__init__(address, _StubHandler)
        self.stub = stub

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Ignore clients that vanish mid-request; report anything else as usual."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


class _StubHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as clients' connection pools expect
    server_version = "PersonaBenchStub/1.0"

    @property
    def stub(self) -> StubServer:
        return cast(_StubHTTPServer, self.server).stub

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet: a benchmark prints its own results."""

    def handle(self) -> None:
        """Serve the connection; a `_ResetConnectionError` ends it with a TCP reset."""
        try:
            super().handle()
        except _ResetConnectionError:
            # A zero linger makes close() send RST instead of FIN: the client sees
            # "connection reset by peer" with no response, as from a crashed proxy.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.rfile.close()
            self.wfile.close()
            self.connection.close()

    def do_GET(self) -> None:
        """``GET /v1/models``: the one model the stub serves."""
        if self.path.rstrip("/") != "/v1/models":
            self._send_error(404, "not_found", f"No route for GET {self.path}")
            return
        self._send_json(
            200,
            {
                "object": "list",
                "data": [{"id": MODEL_ID, "object": "model", "created": 0, "owned_by": SERVICE}],
            },
        )

    def do_POST(self) -> None:
        """``POST /v1/chat/completions``: an answer, a verdict or an injected failure."""
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(min(length, _MAX_BODY_BYTES))
        if self.path.rstrip("/") != "/v1/chat/completions":
            self._send_error(404, "not_found", f"No route for POST {self.path}")
            return
        try:
            request = json.loads(body)
            messages = request["messages"]
        except (ValueError, KeyError, TypeError):
            self.stub.record(RequestRecord("", critic=False, outcome="bad_request"))
            self._send_error(400, "invalid_request_error", "Expected a JSON body with messages.")
            return
        if request.get("stream"):
            self.stub.record(RequestRecord("", critic=False, outcome="bad_request"))
            self._send_error(400, "invalid_request_error", "The stub does not stream.")
            return
        user_texts = [_message_text(m) for m in messages if m.get("role") == "user"]
        last_user = user_texts[-1] if user_texts else ""
        response_format = request.get("response_format") or {}
        critic = response_format.get("type") == "json_schema"

        failure = self.stub.draw_failure()
        self.stub.record(RequestRecord(last_user, critic=critic, outcome=failure or "ok"))
        if failure == "timeout":
            # Hang without answering until the client gives up (or the stub stops).
            self.stub.wait_stopped(self.stub.hang_seconds)
            self.close_connection = True
            return
        self.stub.wait_stopped(self.stub.latency)
        if failure == "http_500":
            self._send_error(500, "server_error", "Injected failure: internal server error.")
            return
        if failure == "reset":
            raise _ResetConnectionError

        if critic:
            schema = (response_format.get("json_schema") or {}).get("schema") or {}
            content = json.dumps(schema_example(schema))
        else:
            content = (
                "<answer>Start with the simplest option that fits your situation, "
                "and adjust once you see how it goes.</answer>"
            )
        prompt = "\n".join(_message_text(m) for m in messages)
        sent = self._send_json(
            200,
            {
                "id": f"chatcmpl-stub-{self.stub.next_id()}",
                "object": "chat.completion",
                "created": int(time.time()),
                "model": request.get("model", MODEL_ID),
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": content},
                        "finish_reason": "stop",
                        "logprobs": None,
                    }
                ],
                "usage": _usage(prompt, content),
            },
        )
        if sent:
            self.stub.count_call()

    def _send_json(self, status: int, payload: dict[str, Any]) -> bool:
        """Send a JSON response; False when the client hung up first."""
        data = json.dumps(payload).encode("utf-8")
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            self.wfile.flush()
        except ConnectionError:
            # The client gave up (its timeout, or a killed process): nothing to answer.
            self.close_connection = True
            return False
        return True

    def _send_error(self, status: int, kind: str, message: str) -> None:
        self._send_json(status, {"error": {"message": message, "type": kind, "code": None}})


class StubServer:
    """An OpenAI-compatible server on 127.0.0.1, run in a background thread.

    Use it as a context manager; it listens on a free port (or `port`) from ``__enter__`` to
    ``__exit__``. Counters and records are safe to read from any thread.

    Args:
        latency: Seconds each answer (or HTTP 500 / reset) waits before it is sent.
        fail_rate: Probability that a chat completions request gets an injected failure.
        failures: The kinds to draw from, uniformly: ``http_500``, ``reset``, ``timeout``.
        seed: Seed of the failure draws.
        hang_seconds: How long a ``timeout`` failure hangs before closing the connection.
        port: Port to listen on; 0 picks a free one.
    """

    def __init__(
        self,
        latency: float = 0.2,
        fail_rate: float = 0.0,
        failures: Sequence[str] = FAILURE_KINDS,
        seed: int = 0,
        hang_seconds: float = 30.0,
        port: int = 0,
    ) -> None:
        unknown = sorted(set(failures) - set(FAILURE_KINDS))
        if unknown:
            raise ValueError(f"Unknown failure kinds {unknown}; choose from {FAILURE_KINDS}.")
        if not 0.0 <= fail_rate <= 1.0:
            raise ValueError(f"fail_rate must be in [0, 1], not {fail_rate}.")
        if fail_rate > 0 and not failures:
            raise ValueError("fail_rate > 0 needs at least one failure kind.")
        self.latency = latency
        self.fail_rate = fail_rate
        self.failure_kinds = tuple(failures)
        self.hang_seconds = hang_seconds
        self._port = port
        self._rng = random.Random(seed)
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._calls = 0
        self._failures: Counter[str] = Counter()
        self._requests: list[RequestRecord] = []
        self._stopped = threading.Event()
        self._server: _StubHTTPServer | None = None
        self._bound_port: int | None = None
        self._thread: threading.Thread | None = None

    # --- lifecycle ----------------------------------------------------------------------
    def start(self) -> None:
        """Start listening and serving in a daemon thread."""
        if self._server is not None:
            raise RuntimeError("The stub server is already running.")
        self._stopped.clear()
        self._server = _StubHTTPServer(("127.0.0.1", self._port), self)
        self._bound_port = int(self._server.server_address[1])
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="stub-server",
            daemon=True,
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop serving, release hanging handlers and close the listening socket."""
        if self._server is None:
            return
        self._stopped.set()
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = None
        self._thread = None

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    # --- how to reach it ----------------------------------------------------------------
    @property
    def port(self) -> int:
        """The port it listens (or, once stopped, listened) on."""
        if self._bound_port is None:
            raise RuntimeError("The stub server has not been started.")
        return self._bound_port

    @property
    def base_url(self) -> str:
        """The OpenAI base URL, e.g. ``http://127.0.0.1:8000/v1``."""
        return f"http://127.0.0.1:{self.port}/v1"

    @property
    def model(self) -> str:
        """The Inspect model name that reaches this server."""
        return f"openai-api/{SERVICE}/{MODEL_ID}"

    @property
    def critic_model(self) -> str:
        """A second Inspect model name on this server, for the ``critic`` role.

        The server answers both names alike; a distinct name keeps the task from warning that
        the model grades its own answers.
        """
        return f"openai-api/{SERVICE}/{CRITIC_MODEL_ID}"

    def env(self) -> dict[str, str]:
        """The environment variables Inspect's ``openai-api/stub`` provider reads."""
        prefix = SERVICE.upper()
        return {f"{prefix}_BASE_URL": self.base_url, f"{prefix}_API_KEY": API_KEY}

    # --- counters -----------------------------------------------------------------------
    @property
    def calls(self) -> int:
        """Chat completions answered successfully."""
        with self._lock:
            return self._calls

    @property
    def failures_injected(self) -> dict[str, int]:
        """Injected failures so far, by kind."""
        with self._lock:
            return dict(self._failures)

    @property
    def requests(self) -> list[RequestRecord]:
        """Every chat completions request received so far, in arrival order."""
        with self._lock:
            return list(self._requests)

    # --- used by the handlers -----------------------------------------------------------
    def draw_failure(self) -> str | None:
        """Draw whether the next request fails, and how.

        Returns:
            A failure kind, or None for a normal answer.
        """
        with self._lock:
            if self.fail_rate <= 0 or self._rng.random() >= self.fail_rate:
                return None
            kind = self._rng.choice(self.failure_kinds)
            self._failures[kind] += 1
            return kind

    def record(self, record: RequestRecord) -> None:
        """Keep the record of one request."""
        with self._lock:
            self._requests.append(record)

    def count_call(self) -> None:
        """Count one successful chat completion."""
        with self._lock:
            self._calls += 1

    def next_id(self) -> int:
        """A fresh number for a completion id."""
        with self._lock:
            return next(self._ids)

    def wait_stopped(self, seconds: float) -> None:
        """Sleep `seconds`, waking early when the server stops."""
        if seconds > 0:
            self._stopped.wait(seconds)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--latency", type=float, default=0.2, help="seconds per answer")
    parser.add_argument("--fail-rate", type=float, default=0.0, help="share of failed calls")
    parser.add_argument(
        "--failures",
        default=",".join(FAILURE_KINDS),
        help=f"comma-separated failure kinds (default: {','.join(FAILURE_KINDS)})",
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--hang-seconds", type=float, default=30.0)
    parser.add_argument("--port", type=int, default=8000, help="0 picks a free port")
    args = parser.parse_args(argv)
    stub = StubServer(
        latency=args.latency,
        fail_rate=args.fail_rate,
        failures=[kind for kind in args.failures.split(",") if kind],
        seed=args.seed,
        hang_seconds=args.hang_seconds,
        port=args.port,
    )
    with stub:
        print(f"Stub OpenAI server at {stub.base_url}", flush=True)
        for name, value in stub.env().items():
            print(f"export {name}={value}")
        print(
            f"Then: inspect eval persona_bench/main --model {stub.model} "
            f"--model-role critic={stub.critic_model}\n(Ctrl-C stops)",
            flush=True,
        )
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            print(f"\nStopped after {stub.calls} calls.")


if __name__ == "__main__":
    main()
