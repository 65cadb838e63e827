"""Eligibility: parse agencies' prose into rules, evaluate rules against a client."""

from .evaluate import Evaluation, evaluate_rules
from .parse import ParsedRule, age_limits, named_audience, parse_eligibility, tagged_rules

__all__ = [
    "Evaluation",
    "ParsedRule",
    "age_limits",
    "evaluate_rules",
    "named_audience",
    "parse_eligibility",
    "tagged_rules",
]
