"""Questions a persona may ask: the built-in set, PRISM sources and local files."""

from persona_bench.questions.sources import (
    CONVERSATION_TYPES,
    QUESTION_SOURCES,
    Question,
    load_questions,
)

__all__ = ["CONVERSATION_TYPES", "QUESTION_SOURCES", "Question", "load_questions"]
