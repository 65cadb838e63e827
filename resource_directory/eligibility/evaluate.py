"""Evaluate eligibility rules against a client's facts: eligible, maybe or ineligible."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

ELIGIBLE, MAYBE, INELIGIBLE = "eligible", "maybe", "ineligible"
_ORDER = {ELIGIBLE: 0, MAYBE: 1, INELIGIBLE: 2}


class Rule(Protocol):
    kind: str
    values: dict[str, Any]
    confidence: float

    @property
    def quote(self) -> str: ...


class ClientFacts(Protocol):
    age: int | None


@dataclass(frozen=True)
class Evaluation:
    status: str
    reasons: tuple[str, ...]


def evaluate_rules(rules: Iterable[Rule], client: ClientFacts) -> Evaluation:
    """Combine every rule's verdict: one ``ineligible`` excludes, one ``maybe`` hedges."""
    verdicts = [_evaluate(rule, client) for rule in rules]
    if not verdicts:
        return Evaluation(ELIGIBLE, ("no eligibility requirements listed",))
    status = max((v[0] for v in verdicts), key=_ORDER.__getitem__)
    # Lead with the reasons that decided the status, then the rest.
    ordered = sorted(verdicts, key=lambda v: -_ORDER[v[0]])
    return Evaluation(status, tuple(dict.fromkeys(reason for _, reason in ordered)))


def _evaluate(rule: Rule, client: ClientFacts) -> tuple[str, str]:
    quote = f"“{rule.quote}”"
    if rule.kind == "none":
        return ELIGIBLE, f"eligibility: {quote}"
    if rule.kind == "age":
        status, reason = _age(rule.values, quote, client.age)
        if status == INELIGIBLE and rule.confidence < 1:
            # The text names other groups too ("children under 5 and pregnant women").
            return MAYBE, f"{reason}; other groups are served too — ask"
        return status, reason
    return MAYBE, f"{quote} — ask the agency"


def _age(values: dict[str, Any], quote: str, age: int | None) -> tuple[str, str]:
    low, high = values.get("min"), values.get("max")
    if age is None:
        return MAYBE, f"{quote} — client's age not given"
    if (low is not None and age < low) or (high is not None and age > high):
        return INELIGIBLE, f"{quote} — client is {age}"
    return ELIGIBLE, f"{quote} — client is {age}"
