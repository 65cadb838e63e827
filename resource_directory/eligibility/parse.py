"""Eligibility prose → structured rules, each keeping the span of text it came from.

Only what is understood becomes a rule; every clause with words left over is kept as an
``unparsed`` rule so matching can say "ask" instead of guessing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

DASH = r"(?:-|–|—|to|through|thru)"


@dataclass(frozen=True)
class ParsedRule:
    kind: str  # age | none | unparsed
    values: dict[str, Any]
    text: str
    start: int
    end: int
    confidence: float = 1.0


@dataclass
class _Clause:
    start: int
    end: int
    covered: list[tuple[int, int]] = field(default_factory=list)


_NONE = re.compile(
    r"\b(?:no (?:eligibility )?(?:requirements?|restrictions?|criteria)|open to (?:all|everyone|"
    r"the public|anyone)|everyone (?:is )?(?:welcome|eligible)|all (?:are )?welcome|"
    r"anyone (?:is )?eligible|none)\b",
    re.I,
)
# Phrases about the household's children, not the client's own age.
_HOUSEHOLD_CHILDREN = re.compile(
    r"\b(?:famil(?:y|ies)|parents?|households?|caregivers?|mothers?|fathers?)\s+(?:with|of)\s+"
    r"(?:\w+\s+){0,2}(?:children|child|kids|infants|toddlers|youth)\b[^;.,]*",
    re.I,
)
_AGE_RANGE = re.compile(
    rf"\b(?:ages?|aged|youth|young adults?|children|kids|teens?|adults?|persons?|people)?\s*"
    rf"(?P<lo>\d{{1,3}})\s*{DASH}\s*(?P<hi>\d{{1,3}})\b(?:\s*(?:years?|yrs?)(?:\s*old)?)?",
    re.I,
)
_AGE_MIN = re.compile(
    r"(?:\b(?:ages?|aged|seniors?|adults?|persons?|people|individuals?|older adults?|"
    r"elderly|youth)\s*)?\b(?P<n>\d{1,3})\s*(?:\+|(?:years?|yrs?)(?:\s*(?:of age|old))?\s*"
    r"(?:and|or)\s*(?:older|over|up|above)|(?:and|or)\s*(?:older|over|up|above))",
    re.I,
)
_AGE_MIN_PREFIX = re.compile(
    r"\b(?:ages?|aged|must be|at least|over the age of|age)\s+(?:at least\s+)?(?P<n>\d{1,3})\b"
    r"(?!\s*(?:-|–|—|to|through|thru)\s*\d)(?!\s*(?:years?\s*)?(?:and|or)\s*(?:under|younger|below))",
    re.I,
)
_AGE_MAX = re.compile(
    r"\b(?:(?:children|kids|youth|ages?|people|persons?)\s+)?(?:under|younger than|below)\s+"
    r"(?:the age of\s+|age\s+)?(?P<n>\d{1,3})\b|\b(?P<m>\d{1,3})\s*(?:years?\s*)?(?:and|or)\s*"
    r"(?:under|younger|below)\b",
    re.I,
)
# Words that carry no condition of their own once the rules have been read out of a clause.
_FILLER = {
    "and",
    "or",
    "the",
    "a",
    "an",
    "of",
    "only",
    "all",
    "for",
    "to",
    "in",
    "with",
    "who",
    "are",
    "is",
    "be",
    "must",
    "years",
    "year",
    "old",
    "yrs",
    "ages",
    "age",
    "aged",
    "older",
    "over",
    "up",
    "and/or",
    "people",
    "persons",
    "person",
    "individuals",
    "individual",
    "clients",
    "client",
    "serves",
    "serving",
    "served",
    "open",
    "eligible",
    "eligibility",
    "welcome",
    "seniors",
    "senior",
    "adults",
    "adult",
    "youth",
    "also",
    "any",
    "at",
    "least",
}
_WORD = re.compile(r"[a-z0-9$%/']+", re.I)


def parse_eligibility(text: str | None) -> list[ParsedRule]:
    """Read the rules a listing's eligibility text states; keep the rest as ``unparsed``."""
    if not text or not text.strip():
        return []
    rules: list[ParsedRule] = []
    clauses = [
        _Clause(m.start(), m.end()) for m in re.finditer(r"[^;.\n]+", text) if m.group().strip()
    ]
    blocked = [(m.start(), m.end()) for m in _HOUSEHOLD_CHILDREN.finditer(text)]

    def take(kind: str, values: dict[str, Any], start: int, end: int, conf: float = 1.0) -> None:
        rules.append(ParsedRule(kind, values, text[start:end].strip(), start, end, conf))
        for clause in clauses:
            if clause.start <= start < clause.end:
                clause.covered.append((start, end))

    def free(start: int, end: int) -> bool:
        taken = blocked + [(r.start, r.end) for r in rules]
        return all(end <= s or start >= e for s, e in taken)

    for match in _NONE.finditer(text):
        take("none", {}, match.start(), match.end())
    for match in _AGE_RANGE.finditer(text):
        lo, hi = int(match["lo"]), int(match["hi"])
        if lo < hi <= 120 and _looks_like_age(text, match) and free(match.start(), match.end()):
            take("age", {"min": lo, "max": hi}, match.start(), match.end())
    for match in _AGE_MAX.finditer(text):
        n = int(match["n"] or match["m"])
        exclusive = match["n"] is not None  # "under 18" → up to 17; "18 and under" → 18
        if 0 < n <= 120 and free(match.start(), match.end()):
            take("age", {"max": n - 1 if exclusive else n}, match.start(), match.end())
    for match in _AGE_MIN.finditer(text):
        n = int(match["n"])
        if n <= 110 and free(match.start(), match.end()):
            take("age", {"min": n}, match.start(), match.end())
    for match in _AGE_MIN_PREFIX.finditer(text):
        n = int(match["n"])
        if n <= 110 and free(match.start(), match.end()):
            take("age", {"min": n}, match.start(), match.end())

    for clause in clauses:
        rest = text[clause.start : clause.end]
        _soften_alternatives(rules, clause, rest)
        for start, end in sorted(clause.covered, reverse=True):
            rest = rest[: start - clause.start] + " " + rest[end - clause.start :]
        if any(w.lower() not in _FILLER for w in _WORD.findall(rest)):
            span = text[clause.start : clause.end]
            lead = len(span) - len(span.lstrip())
            rules.append(
                ParsedRule(
                    "unparsed",
                    {},
                    span.strip(),
                    clause.start + lead,
                    clause.start + lead + len(span.strip()),
                    0.0,
                )
            )
    rules.sort(key=lambda r: (r.start, r.kind))
    return rules


# "Children under 5 and pregnant women": the age limit is one of several groups served.
_ALTERNATIVE = re.compile(
    r"\b(?:and|or|plus|&)\s+(?:\w+\s+){0,2}(?:women|men|mothers|fathers|parents|families|"
    r"veterans|caregivers|pregnant|people|persons|adults|seniors|youth|children|guardians|"
    r"individuals|anyone)\b",
    re.I,
)


def _soften_alternatives(rules: list[ParsedRule], clause: _Clause, clause_text: str) -> None:
    if not _ALTERNATIVE.search(clause_text):
        return
    for i, rule in enumerate(rules):
        if rule.kind == "age" and clause.start <= rule.start < clause.end:
            rules[i] = ParsedRule(rule.kind, rule.values, rule.text, rule.start, rule.end, 0.5)


def _looks_like_age(text: str, match: re.Match[str]) -> bool:
    """A bare "14-24" is an age range only with an age word nearby (not "$14-24", "1-2 pm")."""
    before = text[max(0, match.start() - 1) : match.start()]
    if before in {"$", "#"}:
        return False
    words = match.group().lower()
    after = text[match.end() : match.end() + 12].lower()
    if re.search(r"\b(?:am|pm|%|percent)\b|^\s*(?:am|pm|%)", after):
        return False
    return bool(
        re.search(
            r"ages?|aged|youth|young|children|kids|teen|adult|years|yrs|persons|people",
            words + " " + after,
        )
    )


def age_limits(rules: Sequence[ParsedRule]) -> tuple[int | None, int | None]:
    """The tightest (minimum_age, maximum_age) the age rules state, for HSDS ``service``."""
    sure = [r for r in rules if r.kind == "age" and r.confidence >= 1]
    mins = [r.values["min"] for r in sure if "min" in r.values]
    maxs = [r.values["max"] for r in sure if "max" in r.values]
    return (max(mins) if mins else None, min(maxs) if maxs else None)
