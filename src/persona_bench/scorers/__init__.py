"""Scorers: the debate critic and its verdict parsing."""

from persona_bench.scorers.debate_critic import CRITIC_ROLE, debate_critic, resolve_critic
from persona_bench.scorers.verdict import VERDICT_SCHEMA, UnreadableVerdict, Verdict, parse_verdict

__all__ = [
    "CRITIC_ROLE",
    "VERDICT_SCHEMA",
    "UnreadableVerdict",
    "Verdict",
    "debate_critic",
    "parse_verdict",
    "resolve_critic",
]
