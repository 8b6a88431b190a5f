"""Scorers: the debate critic, the comparison's choice and gold-match scorers."""

from persona_bench.scorers.choice import choice_match, parse_choice
from persona_bench.scorers.debate_critic import CRITIC_ROLE, debate_critic, resolve_critic
from persona_bench.scorers.gold_match import gold_match
from persona_bench.scorers.verdict import VERDICT_SCHEMA, UnreadableVerdict, Verdict, parse_verdict

__all__ = [
    "CRITIC_ROLE",
    "VERDICT_SCHEMA",
    "UnreadableVerdict",
    "Verdict",
    "choice_match",
    "debate_critic",
    "gold_match",
    "parse_choice",
    "parse_verdict",
    "resolve_critic",
]
