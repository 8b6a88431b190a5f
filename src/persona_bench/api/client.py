"""`PERSONAClient`: answer PERSONA questions with any function, then grade them with Inspect."""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from inspect_ai import Task, eval, eval_async, task_with
from inspect_ai.dataset import MemoryDataset, Sample
from inspect_ai.log import EvalLog
from inspect_ai.scorer import Score, value_to_float

from persona_bench.api.prompts import BasePromptConstructor, DefaultPromptConstructor
from persona_bench.errors import PersonaBenchError
from persona_bench.samples import WITHHELD_KEY
from persona_bench.solvers.replay import REPLAY_MODE, ReplayedAnswer, replay_answers

# The evaluation types the client grades: every task except pass_at_k, whose many sampled
# attempts per question a list of logged answers cannot stand for.
EVALUATION_TYPES: tuple[str, ...] = ("main", "loo", "intersectionality", "comparison")

# Task parameters the client sets from its own arguments, and the argument to use instead.
_CLIENT_ARGUMENTS: dict[str, str] = {
    "n": "N",
    "seed": "seed",
    "attributes": "loo_attributes",
    "intersections": "intersection",
    "mode": "prompt_constructor",
}

# Sample metadata a row does not show, since it would give away what the question withholds:
# the comparison's slot order of the two sides (with ``for`` it names the target letter), and
# the attribute a leave-one-out variant keeps from the model.
_HIDDEN_METADATA: frozenset[str] = frozenset({"order", WITHHELD_KEY})

# The sample metadata key of a choice question's candidate answers (comparison, choice format).
_CANDIDATES_KEY = "candidates"

# The log's key for the log file, next to the metrics in `evaluate`'s result.
LOG_PATH_KEY = "log_path"

# Inspect's placeholder model, for a log whose answers came from a model Inspect cannot name.
_NO_MODEL = "none/none"


def _task_function(evaluation_type: str) -> Callable[..., Task]:
    if evaluation_type not in EVALUATION_TYPES:
        hint = (
            " pass_at_k needs many sampled attempts per question; run it with evaluate_model."
            if evaluation_type == "pass_at_k"
            else ""
        )
        raise PersonaBenchError(
            f"Unknown evaluation_type {evaluation_type!r}. "
            f"Valid: {', '.join(EVALUATION_TYPES)}.{hint}"
        )
    from persona_bench.evaluate import task_functions

    return task_functions()[evaluation_type]


def _check_n(n: object) -> int:
    if isinstance(n, bool) or not isinstance(n, int) or n <= 0:
        raise PersonaBenchError(f"N must be a positive integer (how many questions), got {n!r}.")
    return n


def _score_value(score: Score | None) -> float | None:
    """A score as a number; None for an unscored sample."""
    if score is None:
        return None
    value = value_to_float()(score.value)
    return None if math.isnan(value) else value


class PERSONAClient:
    """The questions of one PERSONA evaluation, to answer with any model, then grade.

    The samples are built locally by the matching task (no model is called to build them).
    Iterate to get each question's prompts, answer them with your own function, log the
    answers, then `evaluate` grades them with the task's own scorer in a normal Inspect log.

    Example:
        ```python
        client = PERSONAClient("openai/my-model", "main", N=50, critic="openai/gpt-4o")
        for idx, question in enumerate(client):
            client.log_answer(idx, my_model(question["system"], question["user"]))
        metrics = client.evaluate()
        ```

    Args:
        model_str: The model that answers, as named in the log. It is never called when
            `critic` is set; without a critic it grades its own answers, so it must then be an
            Inspect model name (``provider/model``).
        evaluation_type: ``main``, ``loo``, ``intersectionality`` or ``comparison``.
        N: Questions to build: the task's ``n`` (per group for ``intersectionality``, pairs
            for ``loo``, items of two questions each for ``comparison``).
        prompt_constructor: Builds each question's prompts; default `DefaultPromptConstructor`
            (the task's own ``output_only`` prompt; the task's choice prompt for
            ``comparison``, whose answers are ``<choice>A</choice>`` or ``<choice>B</choice>``).
        intersection: The groups of ``intersectionality`` (its ``intersections`` parameter:
            a JSON path, JSON text or the parsed list).
        loo_attributes: The attributes ``loo`` drops (its ``attributes`` parameter).
        seed: Seed of the persona-question pairing; None keeps the task's default.
        critic: The critic model (the ``critic`` role); None lets `model_str` grade itself.
            Not needed for ``comparison``'s choice format, graded by exact match.
        log_dir: Where `evaluate` writes logs (default: Inspect's).
        **task_args: More task parameters, e.g. ``personas="my_personas.jsonl"``.

    Raises:
        PersonaBenchError: For an unknown evaluation type, ``N <= 0``, a missing
            ``intersection`` or ``loo_attributes``, or a bad task argument.
    """

    def __init__(
        self,
        model_str: str,
        evaluation_type: str,
        N: int,  # noqa: N803 - the original client's name for it
        prompt_constructor: BasePromptConstructor | None = None,
        intersection: str | list[Any] | dict[str, Any] | None = None,
        loo_attributes: str | Sequence[str] | None = None,
        seed: int | None = None,
        critic: str | None = None,
        *,
        log_dir: str | Path | None = None,
        **task_args: Any,
    ) -> None:
        self.model_str = model_str
        self.evaluation_type = evaluation_type
        self.critic = critic
        self.log_dir = log_dir
        self._task_function = _task_function(evaluation_type)
        self._task_args = self._check_task_args(
            _check_n(N), intersection, loo_attributes, seed, task_args
        )
        if prompt_constructor is None:
            prompt_constructor = DefaultPromptConstructor(
                persona_format=str(task_args.get("persona_format", "lines"))
            )
        self.prompt_constructor = prompt_constructor
        # Choice questions (comparison's default format) are graded by exact match against
        # their target letter, with no model; every other format is graded by the critic.
        self._choice = evaluation_type == "comparison" and task_args.get("format", "choice") == (
            "choice"
        )
        self._samples = list(self._build_task().dataset)
        self._rows = [self._row(sample) for sample in self._samples]
        self._answers: list[str | None] = [None] * len(self._rows)
        self._scores: list[float | None] | None = None

    def _check_task_args(
        self,
        n: int,
        intersection: str | list[Any] | dict[str, Any] | None,
        loo_attributes: str | Sequence[str] | None,
        seed: int | None,
        task_args: Mapping[str, Any],
    ) -> dict[str, Any]:
        """The task's arguments, after checking the client's and the user's."""
        managed = sorted(set(task_args) & set(_CLIENT_ARGUMENTS))
        if managed:
            raise PersonaBenchError(
                f"Pass {', '.join(_CLIENT_ARGUMENTS[name] for name in managed)} as the "
                f"client's own argument, not as task argument {', '.join(managed)}."
            )
        parameters = inspect.signature(self._task_function).parameters
        unknown = sorted(set(task_args) - set(parameters))
        if unknown:
            raise PersonaBenchError(
                f"Unknown task argument(s) {', '.join(unknown)} for evaluation_type "
                f"{self.evaluation_type!r}. Valid: "
                f"{', '.join(p for p in parameters if p not in _CLIENT_ARGUMENTS)}."
            )
        args: dict[str, Any] = {"n": n, **task_args}
        if seed is not None:
            args["seed"] = seed
        if self.evaluation_type == "intersectionality":
            if intersection is None:
                raise PersonaBenchError(
                    "evaluation_type='intersectionality' needs intersection=: the groups, as a "
                    'JSON file path, JSON text or a list like [{"attributes": [{"attribute": '
                    '"sex", "values": ["Male"]}]}].'
                )
            args["intersections"] = intersection
        if self.evaluation_type == "loo":
            if loo_attributes is None:
                raise PersonaBenchError(
                    "evaluation_type='loo' needs loo_attributes=: the persona attributes to "
                    "leave out, e.g. ['age', 'religion'] or a JSON file path."
                )
            args["attributes"] = loo_attributes
        return args

    def _build_task(self) -> Task:
        return self._task_function(**self._task_args)

    def _row(self, sample: Sample) -> dict[str, Any]:
        """One question as the user sees it: prompts, persona, question fields and id."""
        metadata = dict(sample.metadata or {})
        persona = dict(metadata.pop("persona", {}))
        question = sample.input if isinstance(sample.input, str) else str(sample.input)
        candidates = metadata.get(_CANDIDATES_KEY)
        if self._choice and isinstance(candidates, Mapping):
            prompts = self.prompt_constructor.construct_choice_prompt(persona, question, candidates)
        else:
            prompts = self.prompt_constructor.construct_prompt(persona, question)
        if not isinstance(prompts, Mapping) or not all(
            isinstance(prompts.get(key), str) for key in ("system", "user")
        ):
            raise PersonaBenchError(
                f"{type(self.prompt_constructor).__name__}.construct_prompt must return "
                f'{{"system": str, "user": str}}, got {prompts!r}.'
            )
        return {
            "id": str(sample.id),
            "system": prompts["system"],
            "user": prompts["user"],
            "persona": persona,
            "question": question,
            **{key: value for key, value in metadata.items() if key not in _HIDDEN_METADATA},
        }

    def __len__(self) -> int:
        """How many questions the client holds."""
        return len(self._rows)

    def __getitem__(self, idx: int) -> dict[str, Any]:
        """Question `idx`: its prompts, persona, question fields, id, answer and score.

        ``score`` is present after ``evaluate(save_scores=True)``.
        """
        row = {**self._rows[idx], "answer": self._answers[idx]}
        if self._scores is not None:
            row["score"] = self._scores[idx]
        return row

    def __iter__(self) -> Iterator[dict[str, Any]]:
        """Every question, in order (see `__getitem__`)."""
        return (self[idx] for idx in range(len(self)))

    @property
    def answers(self) -> list[str | None]:
        """The logged answers, None where a question is unanswered."""
        return list(self._answers)

    def log_answer(self, idx: int, answer: str | None) -> None:
        """Record the answer to question `idx` (None clears it).

        Args:
            idx: The question's index, ``0 <= idx < len(client)``.
            answer: The model's full reply; with ``<answer>`` tags only the tagged text is
                graded.

        Raises:
            PersonaBenchError: If `idx` is out of range or the answer is not text.
        """
        if isinstance(idx, bool) or not isinstance(idx, int) or not 0 <= idx < len(self):
            raise PersonaBenchError(
                f"Question index {idx!r} is out of range: valid indices are 0 to {len(self) - 1}."
            )
        if answer is not None and not isinstance(answer, str):
            raise PersonaBenchError(
                f"The answer to question {idx} must be a string or None, got "
                f"{type(answer).__name__}."
            )
        self._answers[idx] = answer

    def set_answers(self, answers: Sequence[str | None]) -> None:
        """Record every answer at once, in question order (None for an unanswered one).

        Args:
            answers: One answer per question.

        Raises:
            PersonaBenchError: If there is not exactly one answer per question.
        """
        if len(answers) != len(self):
            raise PersonaBenchError(
                f"set_answers got {len(answers)} answers for {len(self)} questions; give "
                "exactly one per question (None for an unanswered one)."
            )
        for idx, answer in enumerate(answers):
            self.log_answer(idx, answer)

    def evaluate(
        self,
        drop_answer_none: bool = True,
        save_scores: bool = False,
        *,
        log_dir: str | Path | None = None,
        display: str = "none",
        eval_options: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Grade the logged answers with the task's own scorer, without calling `model_str`.

        Args:
            drop_answer_none: Grade only the answered questions (default); False requires an
                answer to every question.
            save_scores: Also put each question's score in its row (``client[i]["score"]``;
                None when unanswered or left unscored).
            log_dir: Where to write the log (default: the client's, else Inspect's).
            display: Inspect's display (default ``none``).
            eval_options: More keyword arguments for `inspect_ai.eval`.

        Returns:
            ``{metric_name: value}`` and ``log_path``: the log written.

        Raises:
            PersonaBenchError: If no question is answered, some are unanswered and
                `drop_answer_none` is False, or the evaluation fails.
        """
        task, options = self._replay_eval(drop_answer_none, log_dir, display, eval_options)
        log = eval(task, **options)[0]
        return self._results(log, save_scores)

    async def evaluate_async(
        self,
        drop_answer_none: bool = True,
        save_scores: bool = False,
        *,
        log_dir: str | Path | None = None,
        display: str = "none",
        eval_options: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        """`evaluate`, for use inside a running event loop (e.g. a notebook).

        Args:
            drop_answer_none: Grade only the answered questions.
            save_scores: Also put each question's score in its row.
            log_dir: Where to write the log.
            display: Inspect's display.
            eval_options: More keyword arguments for `inspect_ai.eval_async`.

        Returns:
            ``{metric_name: value}`` and ``log_path``.

        Raises:
            PersonaBenchError: As `evaluate`.
        """
        task, options = self._replay_eval(drop_answer_none, log_dir, display, eval_options)
        log = (await eval_async(task, **options))[0]
        return self._results(log, save_scores)

    def _replay_eval(
        self,
        drop_answer_none: bool,
        log_dir: str | Path | None,
        display: str,
        eval_options: Mapping[str, Any] | None,
    ) -> tuple[Task, dict[str, Any]]:
        """The task with the replay solver and the answered samples, and the eval options."""
        answered = [idx for idx, answer in enumerate(self._answers) if answer is not None]
        if not answered:
            raise PersonaBenchError(
                f"No answers to evaluate: none of the {len(self)} questions has an answer. "
                "Record them with log_answer(idx, answer) or set_answers([...])."
            )
        missing = len(self) - len(answered)
        if missing and not drop_answer_none:
            raise PersonaBenchError(
                f"{missing} of {len(self)} questions have no answer. Answer them, or call "
                "evaluate(drop_answer_none=True) to grade only the answered ones."
            )
        model = self._eval_model()
        replayed = {
            self._rows[idx]["id"]: ReplayedAnswer(
                text=str(self._answers[idx]),
                system=self._rows[idx]["system"],
                user=self._rows[idx]["user"],
            )
            for idx in answered
        }
        task = self._build_task()
        task = task_with(
            task,
            dataset=MemoryDataset([self._samples[idx] for idx in answered], name=task.dataset.name),
            solver=replay_answers(replayed, model=self.model_str),
            # The task's generate mode did not produce these answers; say what did.
            metadata={
                **(task.metadata or {}),
                "mode": REPLAY_MODE,
                "prompt_constructor": type(self.prompt_constructor).__name__,
            },
        )
        directory = log_dir if log_dir is not None else self.log_dir
        options: dict[str, Any] = {
            "model": model,
            "model_roles": {"critic": self.critic} if self.critic else None,
            "display": display,
            "log_dir": str(directory) if directory is not None else None,
            "metadata": {
                "answered_by": self.model_str,
                "replayed_answers": True,
            },
            **(eval_options or {}),
        }
        return task, options

    def _eval_model(self) -> str:
        """The eval's model: `model_str` when Inspect can name it, else a placeholder."""
        if "/" in self.model_str:
            return self.model_str
        if self.critic is None and not self._choice:
            raise PersonaBenchError(
                f"model_str={self.model_str!r} cannot grade its own answers: it is not an "
                "Inspect model name (provider/model). Pass critic='provider/model', or name "
                "the model as Inspect does, e.g. 'openai/gpt-4o'."
            )
        # The replay solver never calls the model under test (and choice questions need no
        # grader), so a placeholder is enough; the log keeps the real name as ``answered_by``.
        return _NO_MODEL

    def _results(self, log: EvalLog, save_scores: bool) -> dict[str, Any]:
        """Flatten the log's metrics; attach per-question scores when asked."""
        if log.status != "success":
            problem = log.error.message if log.error else log.status
            raise PersonaBenchError(f"The evaluation failed: {problem} (log: {log.location}).")
        results: dict[str, Any] = {}
        eval_scores = log.results.scores if log.results else []
        for eval_score in eval_scores:
            for name, eval_metric in eval_score.metrics.items():
                # A second scorer's metric of the same name keeps its scorer as prefix.
                key = name if name not in results else f"{eval_score.name}/{name}"
                results[key] = eval_metric.value
        results[LOG_PATH_KEY] = log.location
        if save_scores:
            by_id = {
                str(sample.id): next(iter(sample.scores.values()), None) if sample.scores else None
                for sample in log.samples or []
            }
            self._scores = [_score_value(by_id.get(row["id"])) for row in self._rows]
        return results
