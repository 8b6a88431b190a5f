"""The solver that asks the model under test to answer a persona's question."""

from __future__ import annotations

from inspect_ai.solver import Generate, Solver, TaskState, solver

from persona_bench.personas.schema import check_persona_format
from persona_bench.samples import persona_from_metadata
from persona_bench.solvers.modes import resolve_mode
from persona_bench.solvers.response import RESPONSE_KEY, PersonaResponse, extract_response


@solver
def persona_generate(mode: str = "output_only", persona_format: str = "lines") -> Solver:
    """Answer the sample's question in one of the four PERSONA generate modes.

    The persona comes from sample metadata ``persona``; the question is the sample input. The
    extracted answer, and any reasoning or persona summary, go to sample metadata ``response``
    (a `PersonaResponse`).

    Args:
        mode: ``baseline`` (persona hidden), ``output_only``, ``chain_of_thought`` or
            ``demographic_summary``; aliases ``direct``, ``cot``, ``demographic``.
        persona_format: ``lines`` (readable ``key: value`` lines) or ``dict`` (the original
            benchmark's Python-dict rendering).

    Returns:
        The solver.
    """
    generate_mode = resolve_mode(mode)
    style = check_persona_format(persona_format)

    async def solve(state: TaskState, generate: Generate) -> TaskState:
        persona = persona_from_metadata(state.metadata)
        state.messages = generate_mode.messages(state.input_text, persona.render(style))
        state = await generate(state)
        extracted = extract_response(state.output.completion, generate_mode.preamble_tag)
        # Metadata, not the store: the solver's state event already carries metadata changes,
        # so this adds no extra event per sample.
        state.metadata[RESPONSE_KEY] = PersonaResponse(
            mode=generate_mode.name,
            answer=extracted.answer,
            answer_delimited=extracted.delimited,
            reasoning=extracted.preamble if generate_mode.preamble_tag == "reasoning" else None,
            persona_summary=extracted.preamble if generate_mode.preamble_tag == "summary" else None,
        ).to_metadata()
        return state

    return solve
