"""The ``intersectionality`` task: sampling, metadata and per-group metrics on scripted verdicts."""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
from inspect_ai import eval
from inspect_ai.log import EvalLog, read_eval_log
from inspect_ai.model import ChatMessage, Model

from persona_bench.blocks import read_blocks
from persona_bench.errors import PersonaBenchError
from persona_bench.scorers.group_metrics import group_metric_keys
from persona_bench.tasks.intersectionality import WHOLE_POOL, intersectionality

WriteJsonl = Callable[[str, Sequence[Mapping[str, Any]]], Path]

# On the conftest persona file: retired (68, Female, income "Not applicable"),
# student (19, Male, income -1200), nurse (41, no sex, income 62000).
GROUPS: list[dict[str, Any]] = [
    {
        "name": "young men",
        "attributes": [
            {"attribute": "sex", "values": ["male"]},
            {"attribute": "age", "min": 18, "max": 34},
        ],
    },
    {"name": "people's elders", "attributes": [{"attribute": "age", "min": 65, "max": 120}]},
    {"name": "earners", "attributes": [{"attribute": "income", "min": 0}]},
    {"name": "women", "attributes": [{"attribute": "sex", "values": ["Female"]}]},
    {"name": "adults", "attributes": [{"attribute": "age", "min": 18}]},
]
# Worked out by hand from the persona file.
MEMBERS: dict[str, set[str]] = {
    "young men": {"student"},
    "people's elders": {"retired"},
    "earners": {"nurse"},
    "women": {"retired"},
    "adults": {"retired", "student", "nurse"},
}
GROUPS_OF: dict[str, list[str]] = {
    "retired": ["people's elders", "women", "adults"],
    "student": ["young men", "adults"],
    "nurse": ["earners", "adults"],
}


def build(persona_file: Path, **args: Any) -> Any:
    args.setdefault("intersections", GROUPS)
    return intersectionality(personas=str(persona_file), **args)


def test_samples_ids_and_metadata(persona_file: Path) -> None:
    task = build(persona_file, n=4, reference_n=6, seed=1)
    samples = list(task.dataset)
    ids = [sample.id for sample in samples]
    assert len(ids) == len(set(ids))
    drawn: Counter[str] = Counter()
    for sample in samples:
        metadata = sample.metadata
        assert metadata is not None
        persona_id = metadata["persona_id"]
        assert sample.id == f"p{persona_id}-q{metadata['question_id']}"
        assert metadata["groups"] == GROUPS_OF[persona_id]
        assert set(metadata) >= {"persona", "question_category", "question_topic"}
        for label in metadata["sampled_for"]:
            drawn[label] += 1
            if label != WHOLE_POOL:
                assert persona_id in MEMBERS[label]
    # Each group drew exactly n pairs and the whole pool reference_n; repeats were merged.
    assert drawn == {**dict.fromkeys(MEMBERS, 4), WHOLE_POOL: 6}
    assert len(samples) < sum(drawn.values())
    again = build(persona_file, n=4, reference_n=6, seed=1)
    assert ids == [sample.id for sample in again.dataset]
    assert ids != [sample.id for sample in build(persona_file, n=4, reference_n=6, seed=2).dataset]


def test_single_persona_groups_share_the_question_order(persona_file: Path) -> None:
    task = build(persona_file, intersections=GROUPS[:3], n=5, reference_n=0)
    questions: dict[str, list[str]] = {}
    for sample in task.dataset:
        assert sample.metadata is not None
        questions.setdefault(sample.metadata["persona_id"], []).append(
            sample.metadata["question_id"]
        )
    assert len(task.dataset) == 15
    assert questions["student"] == questions["retired"] == questions["nurse"]


def test_task_metadata(persona_file: Path) -> None:
    task = build(persona_file, n=3, reference_n=0)
    metadata = task.metadata
    assert metadata["persona_pool_size"] == 3
    assert metadata["group_sizes"] == {name: len(ids) for name, ids in MEMBERS.items()}
    assert metadata["non_numeric"] == {
        "young men": 0,
        "people's elders": 0,
        "earners": 1,  # retired's "Not applicable" income
        "women": 0,
        "adults": 0,
    }
    assert metadata["intersections"][0] == GROUPS[0]
    assert metadata["intersections"][1]["attributes"] == [
        {"attribute": "age", "min": 65, "max": 120}
    ]
    assert metadata["reference_n"] == 0
    counts = Counter(
        group for sample in task.dataset for group in (sample.metadata or {})["groups"]
    )
    assert metadata["group_samples"] == {name: counts[name] for name in MEMBERS}
    assert metadata["mode"] == "output_only"


def test_small_groups_give_every_pair_they_can(persona_file: Path, write_jsonl: WriteJsonl) -> None:
    questions = write_jsonl(
        "questions.jsonl", [{"question": "Tea or coffee?"}, {"question": "City or country?"}]
    )
    task = build(
        persona_file, intersections=GROUPS[:1], n=50, reference_n=4, questions=str(questions)
    )
    drawn = Counter(label for s in task.dataset for label in (s.metadata or {})["sampled_for"])
    assert drawn == {"young men": 2, WHOLE_POOL: 4}


def test_reference_defaults_to_n(persona_file: Path) -> None:
    task = build(persona_file, intersections=GROUPS[:1], n=2)
    drawn = Counter(label for s in task.dataset for label in (s.metadata or {})["sampled_for"])
    assert drawn == {"young men": 2, WHOLE_POOL: 2}
    assert task.metadata["reference_n"] == 2


def test_zip_pairing(persona_file: Path) -> None:
    task = build(persona_file, intersections=GROUPS[4:], n=3, reference_n=0, pairing="zip")
    assert [s.id for s in task.dataset] == ["pretired-q0001", "pstudent-q0002", "pnurse-q0003"]


def test_inline_json_text_and_file(persona_file: Path, tmp_path: Path) -> None:
    path = tmp_path / "groups.json"
    path.write_text(json.dumps(GROUPS), encoding="utf-8")
    from_file = build(persona_file, intersections=str(path), n=2)
    from_text = build(persona_file, intersections=json.dumps({"intersections": GROUPS}), n=2)
    assert [s.id for s in from_file.dataset] == [s.id for s in from_text.dataset]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ({"n": 0}, "n must be a positive integer"),
        ({"n": True}, "n must be a positive integer"),
        ({"reference_n": -1}, "reference_n must be an integer >= 0"),
        ({"pairing": "random"}, "Unknown pairing 'random'"),
        ({"mode": "telepathy"}, "telepathy"),
        (
            {"intersections": [{"name": "x", "attributes": [{"attribute": "sex"}]}]},
            "Intersection #1 ('x')",
        ),
        (
            {
                "intersections": [
                    {"name": "men", "attributes": [{"attribute": "sex", "values": ["Male"]}]},
                    {"name": "men n", "attributes": [{"attribute": "age", "min": 1}]},
                ]
            },
            "would both report the metric 'men n'",
        ),
    ],
)
def test_bad_parameters_fail_before_loading_data(args: dict[str, Any], expected: str) -> None:
    # A persona file that does not exist proves the check comes before any data is read.
    with pytest.raises(PersonaBenchError) as raised:
        intersectionality(personas="/nowhere/personas.jsonl", **args)
    assert expected in str(raised.value)


def test_a_group_with_no_members_stops_the_task(persona_file: Path) -> None:
    groups = [
        {"name": "veterans", "attributes": [{"attribute": "veteran status", "values": ["Veteran"]}]}
    ]
    with pytest.raises(PersonaBenchError) as raised:
        build(persona_file, intersections=groups)
    message = str(raised.value)
    assert "'veterans' matches none of the 3 personas" in message
    assert "'Non-Veteran' (1), 'Non-veteran' (1); missing in 1" in message


# --- metrics on scripted verdicts ----------------------------------------------------------

# The critic passes retired and nurse, fails student, and answers nonsense for the
# personas listed in UNREADABLE so that their samples are unscored.
PASSING = {"retired", "nurse"}


def scripted_critic(
    persona_text_by_id: dict[str, str], verdict: Callable[..., str], unreadable: set[str]
) -> Callable[[list[ChatMessage]], str]:
    by_text = {text: persona_id for persona_id, text in persona_text_by_id.items()}

    def reply(messages: list[ChatMessage]) -> str:
        persona_id = by_text[read_blocks(messages[1].text)["PROFILE"]]
        if persona_id in unreadable:
            return "no idea"
        return verdict(persona_id not in PASSING)

    return reply


def run(
    persona_file: Path,
    log_dir: Path,
    model: Model,
    **args: Any,
) -> EvalLog:
    task = build(persona_file, **args)
    [log] = eval(task, model=model, display="none", log_dir=str(log_dir))
    assert log.status == "success", log.error
    return log


def by_hand(passes: list[int]) -> tuple[float, float, float]:
    """Pass rate, n and sqrt(p(1-p)/(n-1)), written out independently of the metric."""
    n = len(passes)
    if n == 0:
        return math.nan, 0.0, math.nan
    p = sum(passes) / n
    return p, float(n), math.sqrt(p * (1 - p) / (n - 1)) if n > 1 else 0.0


def assert_metrics(actual: Mapping[str, float], expected: Mapping[str, float]) -> None:
    for key, value in expected.items():
        if math.isnan(value):
            assert math.isnan(actual[key]), key
        else:
            assert actual[key] == pytest.approx(value), key


@pytest.mark.parametrize("unreadable", [set(), {"nurse"}], ids=["all-scored", "nurse-unscored"])
def test_group_metrics_equal_hand_computed_values(
    unreadable: set[str],
    persona_file: Path,
    log_dir: Path,
    scripted_model: Callable[..., Model],
    verdict: Callable[..., str],
    persona_text_by_id: dict[str, str],
) -> None:
    critic = scripted_critic(persona_text_by_id, verdict, unreadable)
    log = run(
        persona_file,
        log_dir,
        scripted_model(critic=critic),
        n=4,
        reference_n=5,
        critic_retries=0,
    )
    assert log.samples is not None and log.results is not None
    persona_of = {s.id: s.metadata["persona_id"] for s in log.samples}
    per_persona = Counter(persona_of.values())
    scored = {pid: count for pid, count in per_persona.items() if pid not in unreadable}
    assert sum(per_persona.values()) == len(log.samples)

    def passes(persona_ids: set[str]) -> list[int]:
        return [
            1 if pid in PASSING else 0
            for pid, count in scored.items()
            if pid in persona_ids
            for _ in range(count)
        ]

    everyone = {"retired", "student", "nurse"}
    expected: dict[str, float] = {}
    for group, inside in MEMBERS.items():
        values = (*by_hand(passes(inside)), *by_hand(passes(everyone - inside)))
        expected.update(zip(group_metric_keys(group), values, strict=True))
    metrics = {name: m.value for name, m in log.results.scores[0].metrics.items()}
    assert_metrics(metrics, expected)

    # The overall metrics stay, over scored samples only.
    overall = by_hand(passes(everyone))
    assert metrics["accuracy"] == pytest.approx(overall[0])
    assert metrics["stderr"] == pytest.approx(overall[2])
    assert log.results.scores[0].scored_samples == int(overall[1])
    assert metrics["self_graded"] == 1.0
    # NaN rates of empty groups survive the log file.
    assert log.location
    reread = read_eval_log(log.location).results
    assert reread is not None
    assert_metrics({k: m.value for k, m in reread.scores[0].metrics.items()}, expected)


def test_group_metrics_on_fixed_counts(
    persona_file: Path,
    log_dir: Path,
    scripted_model: Callable[..., Model],
    verdict: Callable[..., str],
    persona_text_by_id: dict[str, str],
) -> None:
    # Three disjoint one-persona groups, 4 samples each: every number is known in advance.
    critic = scripted_critic(persona_text_by_id, verdict, set())
    log = run(
        persona_file,
        log_dir,
        scripted_model(critic=critic),
        intersections=GROUPS[:3],
        n=4,
        reference_n=0,
    )
    assert log.results is not None
    metrics = {name: m.value for name, m in log.results.scores[0].metrics.items()}
    half = math.sqrt(0.25 / 7)  # 4 passes and 4 failures among 8
    assert_metrics(
        metrics,
        {
            "young men": 0.0,
            "young men n": 4.0,
            "young men stderr": 0.0,
            "young men complement": 1.0,
            "young men complement n": 8.0,
            "young men complement stderr": 0.0,
            "people's elders": 1.0,
            "people's elders n": 4.0,
            "people's elders complement": 0.5,
            "people's elders complement n": 8.0,
            "people's elders complement stderr": half,
            "earners complement stderr": half,
            "accuracy": 8 / 12,
            "stderr": math.sqrt((2 / 3) * (1 / 3) / 11),
        },
    )
