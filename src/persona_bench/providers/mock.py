"""``persona-mock``: an offline TEST DOUBLE model provider, never a model to evaluate.

It lets tests and smoke runs exercise the whole pipeline with no network, no key and no
tokenizer download. As the model under test it writes a plausible answer in the format the
prompt asks for; as the critic it returns a well-formed verdict decided deterministically from
the prompt, so that a smoke run yields varying, reproducible scores (and the baseline mode,
which never sees the persona, scores low, as in the paper). For the comparison task it picks,
in choice prompts and as the comparison critic, the candidate that mentions more of the
profile's values. Model names select behaviours:

- ``persona-mock/default``: as above.
- ``persona-mock/fenced-critic``: verdicts wrapped in prose and a code fence.
- ``persona-mock/garbled-critic``: verdicts that cannot be parsed.
- ``persona-mock/failing-critic``: critic calls raise an error.
- ``persona-mock/failing``: every call raises an error.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from inspect_ai.model import (
    ChatMessage,
    ChatMessageSystem,
    ChatMessageUser,
    GenerateConfig,
    ModelAPI,
    ModelOutput,
    ModelUsage,
    modelapi,
)
from inspect_ai.tool import ToolChoice, ToolInfo

from persona_bench.blocks import read_blocks
from persona_bench.errors import PersonaBenchError

MOCK_BEHAVIOURS: tuple[str, ...] = (
    "default",
    "fenced-critic",
    "garbled-critic",
    "failing-critic",
    "failing",
)

# Share of critic verdicts that pass, for answers that did / did not see the persona.
_PASS_RATE_PERSONALIZED = 0.6
_PASS_RATE_GENERIC = 0.08
_PERSONALIZED_MARKER = "with your situation in mind"


class MockModelError(RuntimeError):
    """The failure a ``failing`` behaviour raises on purpose."""


def _digest(*parts: str) -> float:
    """A number in [0, 1) decided by the text, the same on every run and machine."""
    value = hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()
    return int.from_bytes(value[:8], "big") / 2**64


def _text(message: ChatMessage) -> str:
    return message.text if isinstance(message.content, list) else message.content


def _profile_details(profile: str) -> list[str]:
    lines = [line.partition(": ") for line in profile.splitlines()]
    return [f"{key}: {value}" for key, sep, value in lines if sep and value]


def _target_reply(system: str, question: str) -> str:
    """A reply in the shape the system prompt asks for."""
    blocks = read_blocks(system)
    details = _profile_details(blocks.get("PROFILE", ""))
    topic = question.strip().rstrip("?.!")[:80]
    if details:
        pick = int(_digest(system, question) * len(details))
        answer = (
            f"Here is what I would suggest about {topic!r}, {_PERSONALIZED_MARKER}: start with "
            f"the option that fits your day-to-day life ({details[pick].split(': ', 1)[1]}), "
            "keep the first step small, and adjust once you see how it goes."
        )
    else:
        answer = (
            f"Here is a general answer about {topic!r}: weigh the main options, start with the "
            "simplest one, and adjust once you see how it goes."
        )
    parts = []
    if "<reasoning>" in system:
        parts.append("<reasoning>The person needs practical, specific steps.</reasoning>")
    if "<summary>" in system:
        summary = "; ".join(details[:3]) or "no profile given"
        parts.append(f"<summary>Relevant: {summary}.</summary>")
    parts.append(f"<answer>{answer}</answer>")
    return "\n".join(parts)


def _critic_verdict(prompt: str) -> dict[str, Any]:
    """A verdict decided by the prompt: personalized answers pass more often."""
    answer = read_blocks(prompt).get("ANSWER", "")
    personalized = _PERSONALIZED_MARKER in answer
    threshold = _PASS_RATE_PERSONALIZED if personalized else _PASS_RATE_GENERIC
    passed = _digest(prompt) < threshold
    return {
        "personalization_critique": (
            "The answer adapts to the person's circumstances."
            if personalized
            else "The answer is generic and ignores who is asking."
        ),
        "helpfulness_critique": "The advice is safe and practical.",
        "conclusion": "Good fit for this person." if passed else "Needs more tailoring.",
        "needs_revision": not passed,
    }


# --- The comparison task -------------------------------------------------------------------
# Choice prompts ask for <choice>; the comparison critic sends its own schema. The double picks
# the candidate that mentions more of the profile's values (ties: A), so runs are deterministic
# and a model that "reads the profile" beats chance on the built-in items.
_CHOICE_TAG = "<choice>"
_GOLD_MATCH_SCHEMA = "gold_match_verdict"  # persona_bench.scorers.gold_match.GOLD_MATCH_SCHEMA
_MIN_VALUE_CHARS = 3


def _profile_match(profile: str, blocks: dict[str, str], labels: tuple[str, str]) -> str:
    """``"A"`` or ``"B"``: the block among `labels` mentioning more profile values."""
    values = [
        detail.split(": ", 1)[1].casefold()
        for detail in _profile_details(profile)
        if len(detail.split(": ", 1)[1]) >= _MIN_VALUE_CHARS
    ]
    hits = [sum(value in blocks.get(label, "").casefold() for value in values) for label in labels]
    return "B" if hits[1] > hits[0] else "A"


def _choice_reply(system: str, user: str) -> str:
    pick = _profile_match(
        read_blocks(system).get("PROFILE", ""), read_blocks(user), ("ANSWER A", "ANSWER B")
    )
    return f"<choice>{pick}</choice>"


def _gold_match_verdict(prompt: str) -> dict[str, Any]:
    blocks = read_blocks(prompt)
    pick = _profile_match(blocks.get("PROFILE", ""), blocks, ("CANDIDATE A", "CANDIDATE B"))
    return {"reasoning": f"The response takes the side of candidate {pick}.", "match": pick}


def _is_critic_call(config: GenerateConfig) -> bool:
    # The debate critic always sends its verdict schema; the target never does. Reading the
    # prompt instead would let a persona that mentions the verdict fields fool the double.
    return config.response_schema is not None


@modelapi(name="persona-mock")
class PersonaMockAPI(ModelAPI):
    """The ``persona-mock`` test double: deterministic, offline, with token usage."""

    def __init__(
        self,
        model_name: str,
        base_url: str | None = None,
        api_key: str | None = None,
        config: GenerateConfig = GenerateConfig(),  # noqa: B008 (Inspect's provider signature)
        **model_args: Any,
    ) -> None:
        super().__init__(model_name, base_url, api_key, [], config)
        if model_name not in MOCK_BEHAVIOURS:
            raise PersonaBenchError(
                f"Unknown persona-mock behaviour {model_name!r}. Valid: "
                f"{', '.join(f'persona-mock/{b}' for b in MOCK_BEHAVIOURS)}."
            )
        self.behaviour = model_name

    def max_connections(self) -> int:
        """Mock calls are instant; allow many at once."""
        return 100

    async def generate(
        self,
        input: list[ChatMessage],
        tools: list[ToolInfo],
        tool_choice: ToolChoice,
        config: GenerateConfig,
    ) -> ModelOutput:
        """Answer as target or critic, depending on what the prompt asks for."""
        critic = _is_critic_call(config)
        if self.behaviour == "failing" or (critic and self.behaviour == "failing-critic"):
            raise MockModelError(f"persona-mock/{self.behaviour} fails on purpose")
        system = "\n".join(_text(m) for m in input if isinstance(m, ChatMessageSystem))
        users = [_text(m) for m in input if isinstance(m, ChatMessageUser)]
        if critic:
            first_user = users[0] if users else ""
            schema = config.response_schema.name if config.response_schema else None
            if schema == _GOLD_MATCH_SCHEMA:
                verdict = json.dumps(_gold_match_verdict(first_user))
            else:
                verdict = json.dumps(_critic_verdict(first_user))
            if self.behaviour == "garbled-critic":
                content = "Verdict: the answer is {fine, mostly} needs_revision maybe"
            elif self.behaviour == "fenced-critic":
                content = f"Here is my verdict.\n```json\n{verdict}\n```\nThanks."
            else:
                content = verdict
        elif _CHOICE_TAG in system:
            content = _choice_reply(system, users[-1] if users else "")
        else:
            content = _target_reply(system, users[-1] if users else "")
        prompt_chars = sum(len(_text(m)) for m in input)
        usage = ModelUsage(
            input_tokens=prompt_chars // 4 + 1,
            output_tokens=len(content) // 4 + 1,
            total_tokens=prompt_chars // 4 + len(content) // 4 + 2,
        )
        output = ModelOutput.from_content(model=f"persona-mock/{self.behaviour}", content=content)
        output.usage = usage
        return output
