"""A corpus of malformed inputs: each gives one clear error line, never a dependency's traceback.

Every case names the bad input and a phrase its error must contain. Most cases run in process
(fast): the task function or the ``persona-bench`` command's ``main(argv)`` must raise, or
print, a `PersonaBenchError` whose short message names the problem. A representative subset
runs the real entry points as subprocesses, ``inspect eval persona_bench/<task>`` and the
``persona-bench`` console script, and checks what a user sees: a non-zero exit, the phrase on
one line, and no traceback or frame from site-packages. Inspect prints a ``PrerequisiteError``
(which `PersonaBenchError` is) as its bare message, so no traceback is the expected outcome.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from inspect_ai import eval as inspect_eval
from inspect_ai.log import read_eval_log, write_eval_log

from persona_bench.cli import main as cli_main
from persona_bench.errors import PersonaBenchError
from persona_bench.tasks.comparison import comparison
from persona_bench.tasks.intersectionality import intersectionality
from persona_bench.tasks.loo import loo
from persona_bench.tasks.main import main
from persona_bench.tasks.pass_at_k import pass_at_k

BIN = Path(sys.executable).parent
TARGET = "persona-mock/default"
GOOD_ITEM = {
    "item_id": "x",
    "question": "Where should I go on holiday?",
    "persona_a": {"age": "30"},
    "persona_b": {"age": "70"},
    "answer_a": "Somewhere lively.",
    "answer_b": "Somewhere quiet.",
    "attributes": ["age"],
}

# The bad files, by name: file name and content (bytes are written as they are).
BAD_FILES: dict[str, tuple[str, str | bytes]] = {
    "personas_empty": ("personas.jsonl", ""),
    "personas_wrong_extension": ("personas.txt", '{"age": "30"}\n'),
    "personas_malformed_line": ("personas.jsonl", '{"age": "30"}\n{"age": \n'),
    "personas_csv_without_attributes": ("personas.csv", "foo,bar\n1,2\n3,4\n"),
    "personas_not_parquet": ("personas.parquet", b"PAR1 this is not parquet"),
    "questions_empty": ("questions.jsonl", ""),
    "questions_blank_txt": ("questions.txt", "\n   \n\t\n"),
    "groups_malformed": ("groups.json", '[{"attributes": ['),
    "groups_wrong_structure": ("groups.json", '{"groups": 3}'),
    "groups_unknown_attribute": (
        "groups.json",
        '[{"attributes": [{"attribute": "shoe size", "values": ["9"]}]}]',
    ),
    "groups_min_over_max": (
        "groups.json",
        '[{"attributes": [{"attribute": "age", "min": 60, "max": 20}]}]',
    ),
    "groups_non_numeric_min": (
        "groups.json",
        '[{"attributes": [{"attribute": "age", "min": "old"}]}]',
    ),
    "groups_matching_nobody": (
        "groups.json",
        '[{"name": "martians", "attributes": [{"attribute": "sex", "values": ["Martian"]}]}]',
    ),
    "loo_attributes_malformed": ("attributes.json", '{"attributes": ["age",'),
    "loo_attributes_wrong_key": ("attributes.json", '{"attrs": ["age"]}'),
    "items_missing_fields": ("items.jsonl", '{"item_id": "x", "question": "q"}\n'),
    "items_identical_answers": (
        "items.jsonl",
        json.dumps({**GOOD_ITEM, "answer_b": GOOD_ITEM["answer_a"]}) + "\n",
    ),
    "items_unknown_attribute": (
        "items.jsonl",
        json.dumps({**GOOD_ITEM, "attributes": ["shoe size"]}) + "\n",
    ),
    "not_a_log": ("notes.json", '{"hello": "world"}'),
}


@dataclass(frozen=True)
class Case:
    """One malformed input: how to feed it in, and a phrase its error must contain."""

    id: str
    run: Callable[[dict[str, str]], Any]
    phrases: tuple[str, ...]


def task_case(id: str, task: Callable[..., Any], *phrases: str, **args: Any) -> Case:
    """A task built with `args`; a value naming a bad file (``file:<name>``) is its path."""

    def run(files: dict[str, str]) -> Any:
        resolved = {
            key: files[value[5:]] if isinstance(value, str) and value.startswith("file:") else value
            for key, value in args.items()
        }
        return task(**resolved)

    return Case(id, run, phrases)


IN_PROCESS: list[Case] = [
    # task parameters
    task_case(
        "unknown mode", main, "Unknown mode 'psychic'", "demographic_summary", mode="psychic"
    ),
    task_case("n = 0", main, "n must be a positive integer, got 0", n=0),
    task_case("n = -1", loo, "n must be a positive integer, got -1", n=-1),
    task_case("n = 'abc'", main, "n must be a positive integer, got 'abc'", n="abc"),
    task_case("n = 0 per group", intersectionality, "n must be a positive integer", n=0),
    task_case("comparison n = 0", comparison, "n must be a positive integer", n=0),
    task_case("k = 0", pass_at_k, "k must be an integer >= 1", k=0, n=2),
    task_case("k > attempts", pass_at_k, "attempts must be an integer >= k (4)", k=4, attempts=2),
    task_case(
        "negative temperature", pass_at_k, "temperature must be a number >= 0", temperature=-1
    ),
    task_case(
        "unknown persona_format", main, "Unknown persona_format 'yaml'", persona_format="yaml"
    ),
    task_case(
        "negative critic_retries", main, "critic_retries must be an integer >= 0", critic_retries=-1
    ),
    task_case("unknown pairing", main, "Unknown pairing 'random'", pairing="random"),
    task_case("seed = 'x'", main, "seed must be an integer, got 'x'", seed="x"),
    task_case("comparison seed = 1.5", comparison, "seed must be an integer, got 1.5", seed=1.5),
    task_case("unknown persona_split", main, "Unknown persona_split 'dev'", persona_split="dev"),
    task_case(
        "unknown conversation_type", main, "Unknown conversation_type", conversation_type="chat"
    ),
    task_case(
        "unknown loo attribute",
        loo,
        "Unknown persona attribute 'shoe size'",
        attributes="age,shoe size",
    ),
    task_case("unknown judge_persona", loo, "Unknown judge_persona 'half'", judge_persona="half"),
    task_case(
        "unknown comparison format", comparison, "Unknown comparison format 'essay'", format="essay"
    ),
    task_case(
        "unknown comparison source",
        comparison,
        "Unknown comparison source 'nowhere'",
        source="nowhere",
    ),
    task_case(
        "unknown questions source", main, "Unknown questions source 'nowhere'", questions="nowhere"
    ),
    # config files
    task_case(
        "groups: malformed JSON",
        intersectionality,
        "not valid JSON",
        intersections="file:groups_malformed",
    ),
    task_case(
        "groups: wrong structure",
        intersectionality,
        "expected a list of intersections",
        intersections="file:groups_wrong_structure",
    ),
    task_case(
        "groups: unknown attribute",
        intersectionality,
        "Unknown persona attribute 'shoe size'",
        intersections="file:groups_unknown_attribute",
    ),
    task_case(
        "groups: min > max",
        intersectionality,
        "min 60 is greater than max 20",
        intersections="file:groups_min_over_max",
    ),
    task_case(
        "groups: non-numeric min",
        intersectionality,
        "'min' must be a number, got 'old'",
        intersections="file:groups_non_numeric_min",
    ),
    task_case(
        "groups: file missing",
        intersectionality,
        "file not found",
        intersections="missing-groups.json",
    ),
    task_case(
        "loo attributes: malformed JSON",
        loo,
        "not valid JSON",
        attributes="file:loo_attributes_malformed",
    ),
    task_case(
        "loo attributes: wrong key",
        loo,
        'expected {"attributes": [...]}',
        attributes="file:loo_attributes_wrong_key",
    ),
    # data files
    task_case("personas: empty file", main, "gave no personas", personas="file:personas_empty"),
    task_case(
        "personas: wrong extension",
        main,
        "unsupported file type '.txt'",
        personas="file:personas_wrong_extension",
    ),
    task_case(
        "personas: malformed JSONL line",
        main,
        "line 2 is not valid JSON",
        personas="file:personas_malformed_line",
    ),
    task_case("personas: missing file", main, "file not found", personas="missing.jsonl"),
    task_case("questions: empty file", main, "gave no questions", questions="file:questions_empty"),
    task_case(
        "items: missing fields", comparison, "field 'persona_a'", source="file:items_missing_fields"
    ),
    task_case(
        "items: identical answers",
        comparison,
        "are the same text",
        source="file:items_identical_answers",
    ),
    task_case(
        "items: unknown attribute",
        comparison,
        "Unknown persona attribute 'shoe size'",
        source="file:items_unknown_attribute",
    ),
]

# The real entry points, as a user runs them. Hub sources are pointed at a closed local port,
# so they fail the same way with or without a network.
SUBPROCESS: list[tuple[str, str, str]] = [
    (
        "cli: unknown mode",
        "inspect eval persona_bench/main -T mode=psychic",
        "Unknown mode 'psychic'",
    ),
    (
        "cli: n = abc",
        "inspect eval persona_bench/loo -T n=abc",
        "n must be a positive integer, got 'abc'",
    ),
    (
        "cli: k > attempts",
        "inspect eval persona_bench/pass_at_k -T k=4 -T attempts=2",
        "attempts must be an integer >= k",
    ),
    (
        "cli: unknown personas source",
        "inspect eval persona_bench/main -T personas=nowhere",
        "Unknown personas source 'nowhere'",
    ),
    (
        "cli: group matching nobody",
        "inspect eval persona_bench/intersectionality -T intersections=file:groups_matching_nobody",
        "Intersection 'martians' matches none",
    ),
    (
        "cli: CSV without attribute columns",
        "inspect eval persona_bench/main -T personas=file:personas_csv_without_attributes",
        "has none of the 33 persona attributes",
    ),
    (
        "cli: parquet that is not parquet",
        "inspect eval persona_bench/main -T personas=file:personas_not_parquet",
        "cannot read the .parquet file",
    ),
    (
        "cli: txt of blank lines",
        "inspect eval persona_bench/main -T questions=file:questions_blank_txt",
        "gave no questions",
    ),
    (
        "hub offline: synthlabs",
        "inspect eval persona_bench/main -T personas=synthlabs",
        "'SynthLabsAI/Synthetic-Personas'",
    ),
    (
        "hub offline: prism-filter",
        "inspect eval persona_bench/main -T questions=prism-filter",
        "'SynthLabsAI/PRISM-Filter'",
    ),
    (
        "plot: directory without logs",
        "persona-bench plot loo --log dir:empty",
        "No Inspect logs in",
    ),
    (
        "plot: truncated .eval",
        "persona-bench plot modes --log log:truncated",
        "truncated, corrupt or not a log",
    ),
]


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Every bad file, each in its own folder, by name."""
    root = tmp_path_factory.mktemp("bad-inputs")
    paths: dict[str, str] = {}
    for name, (file_name, content) in BAD_FILES.items():
        folder = root / name
        folder.mkdir()
        path = folder / file_name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        paths[name] = str(path)
    return paths


@pytest.fixture(scope="module")
def logs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A real one-sample `main` log, and broken variants of it."""
    root = tmp_path_factory.mktemp("bad-logs")
    (good,) = inspect_eval(main(n=1), model=TARGET, display="none", log_dir=str(root / "good"))
    source = Path(good.location)
    data = source.read_bytes()
    (root / "truncated").mkdir()
    truncated = root / "truncated" / source.name
    truncated.write_bytes(data[: len(data) // 2])
    without_results = read_eval_log(str(source))
    without_results.results = None
    without_results.status = "cancelled"
    (root / "no-results").mkdir()
    cancelled = root / "no-results" / source.name
    write_eval_log(without_results, str(cancelled))
    (root / "empty").mkdir()
    return {
        "good": str(source),
        "truncated": str(truncated),
        "no-results": str(cancelled),
        "empty": str(root / "empty"),
    }


def assert_clear(message: str, phrases: tuple[str, ...]) -> None:
    """A short message, no traceback, naming the problem."""
    assert "Traceback" not in message and "site-packages" not in message, message
    assert len(message.strip().splitlines()) <= 3, message
    for phrase in phrases:
        assert phrase in message, (phrase, message)


@pytest.mark.parametrize("case", IN_PROCESS, ids=[case.id for case in IN_PROCESS])
def test_in_process(case: Case, files: dict[str, str]) -> None:
    with pytest.raises(PersonaBenchError) as raised:
        case.run(files)
    assert isinstance(raised.value, ValueError)
    assert_clear(str(raised.value), case.phrases)


@pytest.mark.parametrize(
    ("kind", "log", "phrase"),
    [
        ("loo", "good", "this plot needs a 'persona_bench/loo' log"),
        ("modes", "no-results", "has no results"),
        ("intersectionality", "not_a_log", "Cannot read"),
    ],
    ids=["plot: log of another task", "plot: log without results", "plot: not a log"],
)
def test_plot_in_process(
    kind: str,
    log: str,
    phrase: str,
    files: dict[str, str],
    logs: dict[str, str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = logs.get(log) or files[log]
    assert cli_main(["plot", kind, "--log", path, "--out", str(tmp_path)]) == 2
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("persona-bench: error:")
    assert_clear(lines[0], (phrase,))
    assert not any(tmp_path.iterdir())


def _resolve(argument: str, files: dict[str, str], logs: dict[str, str]) -> str:
    if argument.startswith(("dir:", "log:")):
        return logs[argument.split(":", 1)[1]]
    if "=file:" in argument:
        key, name = argument.split("=file:")
        return f"{key}={files[name]}"
    return argument


@pytest.mark.slow
@pytest.mark.parametrize(
    ("command", "phrase"),
    [(command.split(), phrase) for _, command, phrase in SUBPROCESS],
    ids=[id for id, _, _ in SUBPROCESS],
)
def test_entry_point(
    command: list[str],
    phrase: str,
    files: dict[str, str],
    logs: dict[str, str],
    tmp_path: Path,
) -> None:
    program, *arguments = (_resolve(argument, files, logs) for argument in command)
    if program == "inspect":
        arguments += ["--model", TARGET, "--log-dir", str(tmp_path / "logs")]
    else:
        arguments += ["--out", str(tmp_path / "plots")]
    env = {
        **os.environ,
        "COLUMNS": "1000",  # Inspect wraps its message to the terminal width otherwise
        "HF_ENDPOINT": "http://127.0.0.1:9",
        "NO_COLOR": "1",
    }
    env.pop("HF_HUB_OFFLINE", None)
    started = time.monotonic()
    result = subprocess.run(
        [str(BIN / program), *arguments],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    seconds = time.monotonic() - started
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "Traceback" not in output and "site-packages" not in output, output
    lines = [line for line in output.splitlines() if line.strip()]
    assert len(lines) == 1 or "matches none" in output, output  # that one lists the values
    assert any(phrase in line for line in lines), (phrase, output)
    assert seconds < 20, f"took {seconds:.1f}s"  # the Hub sources fail fast, not on a timeout
