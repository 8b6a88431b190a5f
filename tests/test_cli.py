from __future__ import annotations

import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

from persona_bench.cli import main
from persona_bench.personas.census import generate_personas
from persona_bench.personas.export import personas_to_jsonl
from persona_bench.personas.sources import load_personas

BUILTIN_COUNT, BUILTIN_SEED = 500, 0


def test_generate_writes_byte_identical_files_for_the_same_seed(tmp_path: Path) -> None:
    first, second, other = tmp_path / "a.jsonl", tmp_path / "b.jsonl", tmp_path / "c.jsonl"
    assert main(["personas", "generate", "-n", "50", "--seed", "7", "-o", str(first)]) == 0
    assert main(["personas", "generate", "-n", "50", "--seed", "7", "-o", str(second)]) == 0
    assert main(["personas", "generate", "-n", "50", "--seed", "8", "-o", str(other)]) == 0
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes() != other.read_bytes()
    personas = load_personas(str(first))
    assert [p.id for p in personas] == [f"{i:05d}" for i in range(50)]


def test_generated_file_is_a_valid_personas_source(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    main(["personas", "generate", "-n", "20", "-o", str(path)])
    personas = load_personas(str(path))
    assert len(personas) == 20
    assert all("big five scores" in p.attributes for p in personas)


def test_shipped_builtin_personas_are_the_generator_output() -> None:
    shipped = resources.files("persona_bench.personas").joinpath("data/builtin_personas.jsonl")
    expected = personas_to_jsonl(generate_personas(BUILTIN_COUNT, seed=BUILTIN_SEED))
    assert shipped.read_text(encoding="utf-8") == expected, (
        "Regenerate with: persona-bench personas generate -n 500 --seed 0 "
        "-o src/persona_bench/personas/data/builtin_personas.jsonl"
    )


def test_bad_count_is_one_clear_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["personas", "generate", "-n", "0"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith("persona-bench: error:")


def test_console_script_is_installed(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("persona-bench")
    out = tmp_path / "p.jsonl"
    result = subprocess.run(
        [str(script), "personas", "generate", "-n", "3", "-o", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert len(out.read_text(encoding="utf-8").splitlines()) == 3
