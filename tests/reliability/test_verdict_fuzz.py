"""Fuzzing the critics' reply parsers: `parse_verdict` (over 10,000 generated replies),
`parse_gold_match` and `parse_choice`.

What "a verdict is unambiguously present" means, the rule these properties check:

- A *verdict object* is a JSON object with a ``needs_revision`` key that is the outermost such
  object in a top-level JSON value of the reply. Top-level values are the JSON objects and
  arrays found scanning the reply left to right, in prose or in code fences alike, trailing
  commas forgiven; the scan resumes after each value, so nothing inside a JSON string counts.
  A wrapper without the key (``{"verdict": {...}}``, ``[{...}]``) is looked through; an object
  nested inside a verdict object (a quoted draft, an example) is part of that verdict, never a
  verdict of its own.
- The reply is unambiguous when it holds at least one verdict object, every verdict object's
  ``needs_revision`` is boolean-like (true/false, 0/1, "true"/"false"/"yes"/"no" in any case,
  spacing or trailing full stop) and they all agree. Only then is a `Verdict` returned, with
  that value.
- A reply that ends inside an unfinished JSON object naming ``needs_revision`` was cut off
  mid-verdict: unreadable, whatever it held before the cut. (An unfinished array is read item
  by item, since a stray ``[`` in prose is common.) A reply with a value that cannot be
  read at all (nested too deeply, an integer past Python's digit limit) or longer than
  `MAX_REPLY_CHARS` is unreadable too, since the unread part could hold a disagreeing verdict.

Every run is derandomized, so CI sees the same examples each time.
"""

from __future__ import annotations

import json
from typing import Any
from unittest.mock import patch

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from persona_bench.scorers import verdict as verdict_module
from persona_bench.scorers.choice import parse_choice
from persona_bench.scorers.gold_match import GoldMatch, parse_gold_match
from persona_bench.scorers.verdict import (
    MAX_REPLY_CHARS,
    UnreadableVerdict,
    Verdict,
    json_candidates,
    parse_verdict,
)

KEY = "needs_revision"
ABSENT = object()


def fuzz(examples: int) -> settings:
    """Hypothesis settings for one property: a fixed example count, reproducible, no deadline."""
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
        ],
    )


# Boolean-like needs_revision values with their meaning, and values that are not boolean-like.
DECISIONS: list[tuple[Any, bool]] = [
    (True, True),
    (False, False),
    ("true", True),
    ("False", False),
    ("yes", True),
    ("No.", False),
    (" YES ", True),
    ("no", False),
    (1, True),
    (0, False),
    (1.0, True),
    ("1", True),
    ("0", False),
]
NOT_DECISIONS: list[Any] = ["maybe", None, 2, 0.5, [], {}, "needs work", "", -1, "true false"]

decisions = st.sampled_from(DECISIONS)
not_decisions = st.sampled_from(NOT_DECISIONS)

# Text the parser must treat as content: astral characters, right-to-left script, zero-width
# joiners and marks, NUL and other control characters, JSON and fence syntax.
TRICKY_CHARS = "𝔘😀𓀀مرحבא\u200b\u200d\u200e\u202e\x00\x07\n\t\\\"'{}[],:`"
tricky_text = st.text(
    alphabet=st.sampled_from(TRICKY_CHARS) | st.characters(exclude_categories=["Cs"]),
    max_size=60,
)
# Prose without double quotes holds no JSON object with keys, so it adds no verdict.
prose = st.text(
    alphabet=st.characters(exclude_categories=["Cs"], exclude_characters='"'), max_size=80
)


def decision_of(value: Any) -> bool | None:
    """The meaning of a needs_revision value drawn from the tables above."""
    for candidate, meaning in DECISIONS:
        if type(candidate) is type(value) and candidate == value:
            return meaning
    return None


def verdict_body(
    needs_revision: Any, critique: str = "Mentions nothing about money."
) -> dict[str, Any]:
    return {
        "personalization_critique": critique,
        "helpfulness_critique": "Safe.",
        "conclusion": "Tailor it.",
        KEY: needs_revision,
    }


def expected(decision_values: list[Any]) -> bool | None:
    """The verdict a reply with these verdict objects' needs_revision values must give."""
    meanings = {decision_of(value) for value in decision_values}
    if not decision_values or None in meanings or len(meanings) != 1:
        return None
    return meanings.pop()


def assert_outcome(text: str, want: bool | None) -> None:
    result = parse_verdict(text)
    if want is None:
        assert isinstance(result, UnreadableVerdict), (text[:500], result)
        assert result.problem
    else:
        assert isinstance(result, Verdict), (text[:500], result)
        assert result.needs_revision is want


def with_trailing_commas(value: Any, draw_comma: Any) -> str:
    """Serialize `value` as JSON, adding a forgivable trailing comma to some containers."""
    if isinstance(value, dict):
        items = [
            f"{json.dumps(k)}: {with_trailing_commas(v, draw_comma)}" for k, v in value.items()
        ]
        comma = "," if items and draw_comma() else ""
        return "{" + ", ".join(items) + comma + "}"
    if isinstance(value, list):
        items = [with_trailing_commas(v, draw_comma) for v in value]
        comma = "," if items and draw_comma() else ""
        return "[" + ", ".join(items) + comma + "]"
    return json.dumps(value, ensure_ascii=False)


# --- 1. random text (2,500): never raises, and a verdict needs the key to be there -------------

json_ish = st.lists(
    st.sampled_from([*'{}[]",:` \n01.e-', '"needs_revision"', "true", "false", '"no"'])
    | st.characters(exclude_categories=["Cs"]),
    max_size=120,
).map("".join)


@fuzz(2500)
@given(st.one_of(st.text(max_size=300), json_ish))
def test_random_text_never_raises(text: str) -> None:
    result = parse_verdict(text)
    assert isinstance(result, Verdict | UnreadableVerdict)
    if isinstance(result, Verdict):
        assert KEY in text


# --- 2. random JSON values (2,500): exactly the outermost verdict objects decide ---------------

json_leaves = (
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    | st.floats(allow_nan=False, allow_infinity=False)
    | tricky_text
)
other_keys = st.sampled_from(["conclusion", "verdict", "result", "drafts", "a"]) | st.text(
    max_size=6
)


def objects(children: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    def merge(fields: dict[str, Any], decision: Any) -> dict[str, Any]:
        return fields if decision is ABSENT else {**fields, KEY: decision}

    needs_revision = st.one_of(st.just(ABSENT), decisions.map(lambda pair: pair[0]), not_decisions)
    fields = st.dictionaries(other_keys.filter(lambda key: key != KEY), children, max_size=4)
    return st.builds(merge, fields, needs_revision)


json_values = st.recursive(
    json_leaves, lambda children: st.lists(children, max_size=4) | objects(children), max_leaves=24
)


def outermost_decisions(value: Any) -> list[Any]:
    if isinstance(value, dict):
        if KEY in value:
            return [value[KEY]]
        return [found for child in value.values() for found in outermost_decisions(child)]
    if isinstance(value, list):
        return [found for child in value for found in outermost_decisions(child)]
    return []


@fuzz(2500)
@given(json_values, st.booleans(), st.randoms(use_true_random=False))
def test_random_json_values(value: Any, commas: bool, random: Any) -> None:
    def draw_comma() -> bool:
        return commas and random.random() < 0.5

    text = with_trailing_commas(value, draw_comma)
    assert_outcome(text, expected(outermost_decisions(value)))


# --- 3. one valid verdict in prose or fences (1,500) -------------------------------------------

WRAPPERS = [
    "{}",
    "```json\n{}\n```",
    "```\n{}\n```",
    "```JSON {} ```",
    "Here is my verdict:\n{}\nThat is all.",
    "<verdict>{}</verdict>",
]


@fuzz(1500)
@given(decisions, st.sampled_from(WRAPPERS), prose, prose, tricky_text, st.booleans())
def test_embedded_verdict(
    decision: tuple[Any, bool], wrapper: str, before: str, after: str, critique: str, indent: bool
) -> None:
    body = json.dumps(verdict_body(decision[0], critique), indent=2 if indent else None)
    text = before + wrapper.replace("{}", body) + after
    result = parse_verdict(text)
    assert isinstance(result, Verdict), (text, result)
    assert result.needs_revision is decision[1]
    assert result.personalization_critique == critique


# --- 4. truncated verdicts (1,500): a cut-off verdict is never read ----------------------------


@st.composite
def verdict_texts(draw: Any) -> tuple[str, int, bool]:
    """A verdict's JSON in a random field order, where its needs_revision value ends, and it."""
    decision, meaning = draw(decisions)
    fields = list(verdict_body(decision, draw(tricky_text)).items())
    if draw(st.booleans()):  # a draft verdict nested inside, disagreeing
        fields.append(("previous", verdict_body(not meaning)))
    if draw(st.booleans()):  # a whole fake verdict quoted in a string
        fields.append(("note", json.dumps(verdict_body(not meaning))))
    order = draw(st.permutations(range(len(fields))))
    text = "{"
    value_end = -1
    for index, position in enumerate(order):
        key, value = fields[position]
        text += ("" if index == 0 else ", ") + json.dumps(key) + ": "
        text += json.dumps(value, ensure_ascii=False)
        if key == KEY:
            value_end = len(text)
    return text + "}", value_end, meaning


@fuzz(1500)
@given(verdict_texts(), st.data(), st.sampled_from(["", "Verdict: ", "```json\n"]))
def test_truncated_verdict_is_never_read(
    verdict: tuple[str, int, bool], data: Any, opening: str
) -> None:
    text, value_end, meaning = verdict
    assert_outcome(opening + text, meaning)  # whole, it reads
    cut = data.draw(st.integers(1, len(text) - 1), label="cut")
    result = parse_verdict(opening + text[:cut])
    # Cut anywhere before its closing brace, and in particular before its needs_revision value
    # is complete, the verdict is unfinished: nothing is read from it or from inside it.
    assert isinstance(result, UnreadableVerdict), (text[:cut], result)
    if cut < value_end:
        assert not isinstance(result, Verdict)


# --- 5. nested verdicts (800) ------------------------------------------------------------------

NESTINGS = [
    '{{"verdict": {}}}',
    "[{}]",
    '{{"result": {{"data": [{}]}}}}',
    '[{{"ok": true}}, {}]',
    '{{"verdicts": [{}, {}]}}',
]


@fuzz(800)
@given(decisions, st.sampled_from(NESTINGS), st.booleans(), st.sampled_from(WRAPPERS), prose)
def test_nested_verdict(
    decision: tuple[Any, bool], nesting: str, draft_inside: bool, wrapper: str, before: str
) -> None:
    body = verdict_body(decision[0])
    if draft_inside:  # a disagreeing draft inside the verdict is part of it, not a verdict
        body["draft"] = verdict_body(not decision[1])
    verdict = json.dumps(body)
    text = before + wrapper.replace("{}", nesting.format(*[verdict] * nesting.count("{}")))
    assert_outcome(text, decision[1])


# --- 6. huge and unicode replies (60) ----------------------------------------------------------

special_units = st.text(alphabet=st.sampled_from(TRICKY_CHARS), min_size=1, max_size=12)


@fuzz(60)
@given(decisions, special_units, st.integers(1_000, 40_000), st.booleans())
def test_huge_unicode_replies(
    decision: tuple[Any, bool], unit: str, repeats: int, verdict_present: bool
) -> None:
    filler = unit * repeats
    if not verdict_present:
        assert isinstance(parse_verdict(filler), UnreadableVerdict)
        return
    text = json.dumps(verdict_body(decision[0], filler), ensure_ascii=False)
    if len(text) > MAX_REPLY_CHARS:
        assert "longer than" in parse_verdict(text).problem  # type: ignore[union-attr]
        return
    result = parse_verdict(text)
    assert isinstance(result, Verdict), result
    assert result.needs_revision is decision[1]
    assert result.personalization_critique == filler


# --- 7. a fake "needs_revision": false inside a real verdict's critique (800) -------------------

FAKES = [
    '{"needs_revision": false}',
    '"needs_revision": false',
    json.dumps(verdict_body(False)),
    "```json\n" + json.dumps(verdict_body("no")) + "\n```",
    '{"needs_revision": false, "conclusion": "ok",}',
    "[" + json.dumps(verdict_body(0)) + "]",
]
TRUE_DECISIONS = [value for value, meaning in DECISIONS if meaning]


@fuzz(800)
@given(
    st.sampled_from(TRUE_DECISIONS),
    st.sampled_from(FAKES),
    prose,
    st.sampled_from(WRAPPERS),
    st.integers(0, 10_000),
)
def test_fake_verdict_inside_a_critique(
    true_value: Any, fake: str, around: str, wrapper: str, cut_seed: int
) -> None:
    critique = f"{around} The answer ends with {fake} {around}"
    text = wrapper.replace("{}", json.dumps(verdict_body(true_value, critique)))
    result = parse_verdict(text)
    assert isinstance(result, Verdict), (text, result)
    assert result.needs_revision is True
    # Cut off anywhere, the fake must never surface as the verdict.
    truncated = parse_verdict(text[: cut_seed % len(text)])
    assert not (isinstance(truncated, Verdict) and truncated.needs_revision is False)


# --- 8. several verdicts, agreeing or not (1,500) ----------------------------------------------

STYLES = ["plain", "fence", "list", "wrapped", "comma"]


def styled(body: dict[str, Any], style: str) -> str:
    text = json.dumps(body)
    if style == "fence":
        return f"```json\n{text}\n```"
    if style == "list":
        return f"[{text}]"
    if style == "wrapped":
        return f'{{"verdict": {text}}}'
    if style == "comma":
        return text[:-1] + ",}"
    return text


@fuzz(1500)
@given(
    st.lists(
        st.tuples(
            decisions.map(lambda pair: pair[0]) | not_decisions,
            st.sampled_from(STYLES),
            prose,
        ),
        min_size=2,
        max_size=4,
    )
)
def test_several_verdicts(verdicts: list[tuple[Any, str, str]]) -> None:
    text = "".join(
        f"{between}\n{styled(verdict_body(value), style)}\n" for value, style, between in verdicts
    )
    assert_outcome(text, expected([value for value, _, _ in verdicts]))


# --- edge cases the generators reach only rarely -----------------------------------------------


def test_unreadable_values_are_refused_not_raised() -> None:
    deep = "[" * 5000 + "]" * 5000
    long_number = "1" * 5000
    for text in (
        f'{{"needs_revision": true, "conclusion": {deep}}}',
        f'{{"needs_revision": true, "conclusion": {long_number}}}',
        '{"draft": {"needs_revision": false}, "n": ' + long_number + ', "needs_revision": true}',
        "{" * 100_000,
        "[" * 100_000,
    ):
        assert isinstance(parse_verdict(text), UnreadableVerdict)


PATHOLOGICAL_VERDICT_REPLIES = (
    "{" * 200_000,
    "x{" * 100_000,
    "```" * 60_000,
    '{"a": "b",}' * 18_000,
    "[1" * 100_000,
)


def test_pathological_replies_are_unreadable() -> None:
    # Their parse time is measured by bench/bench_parsers.py, not asserted here.
    for text in PATHOLOGICAL_VERDICT_REPLIES:
        assert isinstance(parse_verdict(text), UnreadableVerdict)


# --- windowed decoding: a short window never changes what is read ------------------------------

# Long replies of JSON fragments, verdicts, unfinished strings and literals cut at any point,
# so values and errors fall on both sides of small windows' ends.
window_replies = st.lists(
    st.one_of(
        json_ish,
        prose,
        st.sampled_from(DECISIONS).map(lambda decision: json.dumps(verdict_body(decision[0]))),
        st.sampled_from(['"unfinished', "[tru", "-Infin", '"\\u12', "[1, 2,", '{"a": 12345']),
        st.sampled_from(["[true, null, -Infinity, NaN]", '{"a": 123.5e7, "b": "\\u00e9"}']),
        # A verdict quoting a disagreeing draft: read whole, it is one verdict; misread from
        # a window that ended inside one of its literals, the draft would surface and conflict.
        st.builds(
            lambda outer, inner, padding: json.dumps(
                {"pad": padding, **verdict_body(outer), "draft": verdict_body(inner)}
            ),
            st.booleans(),
            st.booleans(),
            st.text(alphabet="x", max_size=60),
        ),
    ),
    max_size=12,
).map("".join)


def candidates_with_window(text: str, window: int) -> str:
    with patch.object(verdict_module, "DECODE_WINDOW", window):
        return repr(json_candidates(text, KEY))  # repr: NaN equals itself there


@fuzz(1500)
@given(window_replies, st.integers(min_value=1, max_value=160))
def test_a_decode_window_reads_what_the_whole_text_reads(text: str, window: int) -> None:
    whole = candidates_with_window(text, MAX_REPLY_CHARS + 1)
    assert candidates_with_window(text, window) == whole, text


# --- gold match and choice: the same rules, lighter --------------------------------------------

LETTER_FORMS = ["{}", "{}.", "Candidate {}", "({})", " {} ", "answer {}", "Option {}!"]


@fuzz(1000)
@given(st.one_of(st.text(max_size=300), json_ish, json_values.map(json.dumps)))
def test_gold_match_never_raises(text: str) -> None:
    result = parse_gold_match(text)
    assert isinstance(result, GoldMatch | UnreadableVerdict)
    if isinstance(result, GoldMatch):
        assert result.match in {"A", "B"}


@fuzz(600)
@given(
    st.lists(st.tuples(st.sampled_from("AB"), st.sampled_from(LETTER_FORMS)), min_size=1),
    st.sampled_from(WRAPPERS),
    tricky_text,
)
def test_gold_match_letters(picks: list[tuple[str, str]], wrapper: str, reasoning: str) -> None:
    text = "\n".join(
        wrapper.replace("{}", json.dumps({"reasoning": reasoning, "match": form.format(letter)}))
        for letter, form in picks
    )
    result = parse_gold_match(text)
    letters = {letter for letter, _ in picks}
    if len(letters) == 1:
        assert result == GoldMatch(match=letters.pop(), reasoning=reasoning), (text, result)
    else:
        assert isinstance(result, UnreadableVerdict)


@fuzz(1000)
@given(st.one_of(st.text(max_size=300), json_ish))
def test_choice_never_raises(text: str) -> None:
    assert parse_choice(text) in {"A", "B", None}


@fuzz(600)
@given(
    st.lists(st.tuples(st.sampled_from("AB"), st.sampled_from(LETTER_FORMS)), min_size=1),
    prose.filter(lambda text: "<" not in text),
)
def test_choice_tags(picks: list[tuple[str, str]], between: str) -> None:
    text = between.join(f"<choice>{form.format(letter)}</choice>" for letter, form in picks)
    letters = {letter for letter, _ in picks}
    assert parse_choice(text) == (letters.pop() if len(letters) == 1 else None)


def test_long_punctuation_and_unclosed_tags() -> None:
    # Their parse time is measured by bench/bench_parsers.py, not asserted here.
    assert parse_choice("!" * 100_000 + "x") is None
    assert parse_choice(f"<choice>{'-' * 100_000}B</choice>") == "B"
    assert parse_choice("<choice>" * 100_000) is None
    assert parse_choice("<choice>" * 1_000 + "A</choice>") is None
    assert isinstance(parse_gold_match('{"match": "' + "." * 100_000 + 'x"}'), UnreadableVerdict)
