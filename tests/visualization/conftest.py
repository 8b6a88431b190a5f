"""Small real logs of every task, built once per session, and checks of written plots.

The logs come from real ``inspect_ai.eval()`` runs on the offline ``persona-mock`` test double
(target), graded by ``persona-mock/fenced-critic`` or a scripted ``mockllm`` critic, so the
plots read exactly what a user's logs hold. Helpers are fixtures returning functions (test
modules cannot import from conftest files).
"""

from __future__ import annotations

import csv
import itertools
import json
import math
import shutil
import struct
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from inspect_ai import eval
from inspect_ai.log import EvalLog, read_eval_log, write_eval_log
from inspect_ai.model import (
    ChatMessage,
    GenerateConfig,
    Model,
    ModelOutput,
    ModelUsage,
    get_model,
)
from inspect_ai.tool import ToolChoice, ToolInfo

from persona_bench.cli import main as cli_main
from persona_bench.tasks.intersectionality import intersectionality
from persona_bench.tasks.loo import loo
from persona_bench.tasks.main import main as main_task
from persona_bench.tasks.pass_at_k import pass_at_k

TARGET = "persona-mock/default"
SECOND_TARGET = "persona-mock/fenced-critic"  # answers like default; a second "model" name
CRITIC = "persona-mock/fenced-critic"
LOO_ATTRIBUTES = "age,sex,religion,political views"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _output(content: str, model: str) -> ModelOutput:
    output = ModelOutput.from_content(model=model, content=content)
    output.usage = ModelUsage(input_tokens=10, output_tokens=5, total_tokens=15)
    return output


def cycling_critic() -> Model:
    """A mockllm critic passing every third verdict, so attempts to success vary."""
    calls = itertools.count()

    def respond(
        messages: list[ChatMessage],
        tools: list[ToolInfo],
        tool_choice: ToolChoice,
        config: GenerateConfig,
    ) -> ModelOutput:
        passed = next(calls) % 3 == 2
        verdict = {
            "personalization_critique": "Fits." if passed else "Too generic.",
            "helpfulness_critique": "Safe.",
            "conclusion": "Fine." if passed else "Revise.",
            "needs_revision": not passed,
        }
        return _output(json.dumps(verdict), "mockllm/critic")

    return get_model("mockllm/critic", custom_outputs=respond, memoize=False)


def _run(tasks: Sequence[Any], log_dir: Path, model: str, **kwargs: Any) -> list[EvalLog]:
    logs = eval(list(tasks), model=model, display="none", log_dir=str(log_dir), **kwargs)
    return list(logs)


@pytest.fixture(scope="session")
def plot_logs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every log, built once per session (a few seconds: the mock models are instant).

    Log files and directories shared by the plot tests, by name.

    - ``good``: directory with one log of each task below (critic bound), plus ``second_model``.
    - ``baseline``, ``output_only``, ``demographic_summary``: the main logs of the first model.
    - ``second_model``: a main log (output_only) of a second model name, self-graded.
    - ``loo``, ``intersectionality``: the loo and intersectionality logs.
    - ``pass_at_k``: the pass@k log (scripted critic, so first successes vary).
    - ``stop_on_success``: directory with one pass@k log run with ``stop_on_success``.
    - ``failed``: a main log whose run failed (status ``error``, no results).
    - ``cancelled``: a main log marked cancelled, without results.
    - ``unscored``: a main log whose samples were all left unscored.
    - ``mixed``: directory with the output_only main log, the failed and the unscored one.
    - ``empty``: a directory without logs.
    """
    root = tmp_path_factory.mktemp("plot-logs")
    good, stop, bad, mixed, empty = (
        root / name for name in ("good", "stop", "bad", "mixed", "empty")
    )
    empty.mkdir()
    modes = ("baseline", "output_only", "demographic_summary")
    logs = _run(
        [
            *(main_task(mode=mode, n=8) for mode in modes),
            loo(n=4, attributes=LOO_ATTRIBUTES),
            intersectionality(n=3),
        ],
        good,
        TARGET,
        model_roles={"critic": CRITIC},
    )
    (pass_log,) = _run(
        [pass_at_k(k=4, n=5)], good, TARGET, model_roles={"critic": cycling_critic()}
    )
    (second,) = _run([main_task(mode="output_only", n=5)], good, SECOND_TARGET)
    _run([pass_at_k(k=4, n=3, stop_on_success=True)], stop, TARGET, model_roles={"critic": CRITIC})
    (unscored,) = _run(
        [main_task(n=2, critic_retries=0)],
        bad,
        TARGET,
        model_roles={"critic": "persona-mock/garbled-critic"},
    )
    (failed,) = _run([main_task(n=2)], bad, "persona-mock/failing")
    cancelled = read_eval_log(logs[1].location)
    cancelled.status = "cancelled"
    cancelled.results = None
    cancelled_path = bad / "cancelled-main.eval"
    write_eval_log(cancelled, str(cancelled_path))
    mixed.mkdir()
    for log in (logs[1], failed, unscored):
        shutil.copy(log.location, mixed)
    assert all(log.status == "success" for log in (*logs, pass_log, second))
    return {
        "good": good,
        **{mode: Path(log.location) for mode, log in zip(modes, logs, strict=False)},
        "second_model": Path(second.location),
        "loo": Path(logs[3].location),
        "intersectionality": Path(logs[4].location),
        "pass_at_k": Path(pass_log.location),
        "stop_on_success": stop,
        "failed": Path(failed.location),
        "cancelled": cancelled_path,
        "unscored": Path(unscored.location),
        "mixed": mixed,
        "empty": empty,
    }


@dataclass(frozen=True)
class PlotRun:
    """What one plot command did.

    Attributes:
        status: Exit status.
        out: Its standard output.
        err: Its standard error.
        image: The image path it printed (None on failure).
        csv: The CSV path it printed (None on failure).
    """

    status: int
    out: str
    err: str
    image: Path | None
    csv: Path | None


@pytest.fixture
def run_plot(capsys: pytest.CaptureFixture[str]) -> Callable[..., PlotRun]:
    """Run a plot and capture its output.

    ``run_plot(kind, *args, entry="cli")`` runs ``persona-bench plot <kind> *args`` through
    ``persona_bench.cli.main``; ``entry="module"`` runs the module's ``main(args)`` instead.
    """
    from persona_bench.visualization import intersectionality, loo, modes, pass_at_k

    modules: dict[str, Callable[[list[str]], int]] = {
        "loo": loo.main,
        "intersectionality": intersectionality.main,
        "pass-at-k": pass_at_k.main,
        "modes": modes.main,
    }

    def run(kind: str, *args: str | Path, entry: str = "cli") -> PlotRun:
        argv = [str(arg) for arg in args]
        capsys.readouterr()
        status = cli_main(["plot", kind, *argv]) if entry == "cli" else modules[kind](argv)
        captured = capsys.readouterr()
        lines = captured.out.splitlines()
        image = Path(lines[0]) if status == 0 else None
        csv = Path(lines[1]) if status == 0 else None
        return PlotRun(status, captured.out, captured.err, image, csv)

    return run


def png_size(path: Path) -> tuple[int, int]:
    """Width and height of a PNG, after checking its signature and IHDR chunk."""
    data = path.read_bytes()
    assert data[:8] == PNG_SIGNATURE, "not a PNG"
    assert data[12:16] == b"IHDR", "PNG without an IHDR header chunk"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def check_image(path: Path | None, image_format: str = "png") -> None:
    """Assert the file is a sensible PNG (size) or a parseable SVG document."""
    assert path is not None and path.is_file()
    assert path.suffix == f".{image_format}"
    if image_format == "png":
        width, height = png_size(path)
        assert 400 <= width <= 5000, width
        assert 300 <= height <= 8000, height
    else:
        root = ET.parse(path).getroot()
        assert root.tag.rsplit("}", 1)[-1] == "svg"


@pytest.fixture
def assert_image() -> Callable[..., None]:
    """``assert_image(path, image_format="png")``: a valid, sensibly sized image."""
    return check_image


def metrics_of(path: Path) -> dict[str, float]:
    """The headline scorer's metrics of a log, from its header."""
    header = read_eval_log(str(path), header_only=True)
    assert header.results is not None
    return {key: float(m.value) for key, m in header.results.scores[0].metrics.items()}


@pytest.fixture
def log_metrics() -> Callable[[Path], dict[str, float]]:
    """``log_metrics(path)``: the headline scorer's metrics, from the log header."""
    return metrics_of


def same(a: float, b: float) -> bool:
    """Equal floats, NaN equal to NaN (a CSV round trip keeps every digit)."""
    return (math.isnan(a) and math.isnan(b)) or a == pytest.approx(b, rel=1e-12, abs=1e-15)


@pytest.fixture
def same_number() -> Callable[[float, float], bool]:
    """``same_number(a, b)``: equal floats, NaN equal to NaN."""
    return same


def csv_rows(path: Path | None) -> list[dict[str, str]]:
    """A written CSV's rows as text, by column."""
    assert path is not None
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def read_rows() -> Callable[[Path | None], list[dict[str, str]]]:
    """``read_rows(path)``: a CSV's rows as text, by column (``number()`` parses a cell)."""
    return csv_rows


def csv_number(text: str) -> float:
    """A CSV cell as a float; an empty cell (pandas' NaN) is NaN."""
    return float(text) if text else math.nan


@pytest.fixture
def number() -> Callable[[str], float]:
    """``number(cell)``: a CSV cell as a float, empty = NaN."""
    return csv_number
