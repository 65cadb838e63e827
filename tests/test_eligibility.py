"""Eligibility prose → rules, and tri-state evaluation against a client."""

from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from resource_directory.eligibility import age_limits, evaluate_rules, parse_eligibility


@dataclass
class Client:
    age: int | None = None


@dataclass
class View:
    kind: str
    values: dict
    confidence: float
    quote: str


def views(text):
    return [View(r.kind, r.values, r.confidence, r.text) for r in parse_eligibility(text)]


@pytest.mark.parametrize(
    ("text", "limits"),
    [
        ("Seniors 60+", (60, None)),
        ("Adults 18 and older", (18, None)),
        ("Must be 55 years of age or older", (55, None)),
        ("Youth 14–24", (14, 24)),
        ("Ages 14-24", (14, 24)),
        ("Youth ages 16 to 21; must be enrolled in school", (16, 21)),
        ("Children under 5", (None, 4)),
        ("Ages 5 and under", (None, 5)),
        ("Families with children under 18", (None, None)),  # the children's age, not the client's
        ("Household income at or below 200% FPL", (None, None)),
        ("Income below $35,000 per year", (None, None)),
        ("Must live in ZIP codes 21201, 21202, 21217", (None, None)),
        ("Children under 5 and pregnant women", (None, None)),  # other groups too: not a limit
    ],
)
def test_age_limits(text, limits):
    assert age_limits(parse_eligibility(text)) == limits


def test_rules_keep_the_span_of_text_they_came_from():
    text = "Seniors 62+ living in Anne Arundel County"
    rules = parse_eligibility(text)
    assert [(r.kind, r.text) for r in rules] == [
        ("age", "Seniors 62+"),
        ("unparsed", "Seniors 62+ living in Anne Arundel County"),
    ]
    assert text[rules[0].start : rules[0].end] == "Seniors 62+"


def test_no_requirements_is_understood():
    assert [r.kind for r in parse_eligibility("No eligibility requirements")] == ["none"]
    assert [r.kind for r in parse_eligibility("Open to all.")] == ["none"]
    assert parse_eligibility("") == [] and parse_eligibility(None) == []


@pytest.mark.parametrize(
    ("text", "age", "status", "reason"),
    [
        ("Seniors 60+", 67, "eligible", "“Seniors 60+” — client is 67"),
        ("Seniors 60+", 45, "ineligible", "“Seniors 60+” — client is 45"),
        ("Seniors 60+", None, "maybe", "“Seniors 60+” — client's age not given"),
        ("Youth 14–24", 24, "eligible", "“Youth 14–24” — client is 24"),
        ("Youth 14–24", 25, "ineligible", "“Youth 14–24” — client is 25"),
        ("Youth 14–24", 14, "eligible", "“Youth 14–24” — client is 14"),
        ("Must bring photo ID", 30, "maybe", "“Must bring photo ID” — ask the agency"),
        (
            "No eligibility requirements",
            30,
            "eligible",
            "eligibility: “No eligibility requirements”",
        ),
        ("", 30, "eligible", "no eligibility requirements listed"),
    ],
)
def test_evaluation_is_tri_state_with_quoted_reasons(text, age, status, reason):
    result = evaluate_rules(views(text), Client(age))
    assert result.status == status
    assert result.reasons[0] == reason


def test_one_exclusion_outweighs_understood_and_unknown_rules():
    result = evaluate_rules(views("Seniors 62+ living in Anne Arundel County"), Client(40))
    assert result.status == "ineligible"
    assert result.reasons[0] == "“Seniors 62+” — client is 40"
    result = evaluate_rules(views("Seniors 62+ living in Anne Arundel County"), Client(70))
    assert result.status == "maybe"  # the county part is not understood yet: ask


def test_age_limit_alongside_other_groups_never_excludes():
    result = evaluate_rules(views("Children under 5 and pregnant women"), Client(30))
    assert result.status == "maybe"


@given(st.text(max_size=300))
def test_parser_never_crashes_and_spans_point_into_the_text(text):
    for rule in parse_eligibility(text):
        assert 0 <= rule.start <= rule.end <= len(text)
        assert rule.text == text[rule.start : rule.end].strip()
        assert rule.kind in {"age", "none", "unparsed"}


@given(st.from_regex(r"(Ages?|Youth|Seniors) \d{1,3}(\+|-\d{1,3}| and older)", fullmatch=True))
def test_generated_age_phrases_parse_to_sane_limits(text):
    low, high = age_limits(parse_eligibility(text))
    assert low is None or 0 <= low <= 120
    assert high is None or 0 <= high <= 120
