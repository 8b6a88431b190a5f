"""The prompts the model under test sees, one constant per thing asked.

Written for persona-bench; the semantics follow the PERSONA paper's generate modes
(Castricato et al. 2024, §4): baseline, output-only, chain-of-thought, demographic summary.
"""

BASELINE_SYSTEM = "You are a helpful, honest and harmless assistant."

PERSONALIZED_SYSTEM = """\
You are a helpful, honest and harmless assistant. You are talking with one particular person, \
described in the profile below.

{persona_block}

Shape your reply to suit this person: their circumstances, needs, values, culture and way of \
life. Personalize subtly, through what you recommend, what you emphasize, the examples you pick \
and your tone. Do not list, quote or restate the profile, and do not mention that you were \
given one."""

ANSWER_FORMAT = """\
Write the reply you would send them between <answer> and </answer>, and nothing after \
</answer>."""

CHAIN_OF_THOUGHT_FORMAT = """\
First think step by step, between <reasoning> and </reasoning>, about what this person \
needs from a reply and how it should differ from a generic one. Then write the reply you \
would send them between <answer> and </answer>, and nothing after </answer>. Only the answer \
is shown to them."""

DEMOGRAPHIC_SUMMARY_FORMAT = """\
First, between <summary> and </summary>, summarize the parts of this person's profile that \
matter for this message and say how each should shape the reply. Then write the reply you \
would send them between <answer> and </answer>, and nothing after </answer>. Only the answer \
is shown to them."""
