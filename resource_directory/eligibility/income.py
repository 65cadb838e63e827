"""Income limits: % of the poverty level or area median income, dollar caps, "low-income"."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .hits import Hit, hit, scan

_FPL = (
    r"(?:(?:the\s+)?(?:federal\s+)?(?:poverty\s+(?:income\s+)?(?:level|line|guidelines?|index)"
    r"(?:\s+index)?|(?-i:FPL|FPG|FPIG|PIG))(?:\s*\((?-i:FPL|FPG|PIG)\))?)"
)
_AMI = r"(?P<ami>(?:the\s+)?(?:area\s+)?median\s+(?:family\s+|household\s+)?income|(?-i:AMI))"
_LIMIT = (
    r"(?:at\s+or\s+(?:below|under)|up\s+to|under|below|less\s+than|not\s+(?:to\s+)?exceed(?:ing)?|"
    r"cannot\s+exceed|does\s+not\s+exceed|no\s+more\s+than|within)"
)
_INCOME = r"(?:(?:household|family|gross|annual|yearly|monthly|individual|whose)\s+)*income"
_PERCENT = re.compile(
    rf"(?:\b{_INCOME}\s+(?:falls\s+|must\s+be\s+|is\s+)?)?(?:\b{_LIMIT}\s+)?"
    r"(?P<pct>\d{2,3}(?:\.\d+)?)\s*(?:%|\s+percent)(?:\s+or\s+(?:less|below|under)|\s+and\s+below)?"
    rf"\s+(?:(?:above|below)\s+)?(?:of\s+)?(?:{_FPL}|{_AMI})",
    re.I,
)
_BELOW_POVERTY = re.compile(
    rf"(?:\b{_INCOME}\s+)?\b(?:at\s+or\s+)?below\s+(?:the\s+)?(?:federal\s+)?poverty"
    r"(?:\s+(?:level|line|guidelines?))?",
    re.I,
)
_AMOUNT = re.compile(
    rf"(?:\b(?P<per1>annual|yearly|monthly)\s+)?(?:\b{_INCOME}\s+(?:of\s+)?(?:limit\s*,?\s*|"
    r"limits?\s+(?:of|is)\s+)?)?(?:\b(?:at\s+or\s+below|under|below|less\s+than|up\s+to|not\s+"
    r"(?:to\s+)?exceed(?:ing)?|cannot\s+exceed|no\s+more\s+than)\s*)?"
    r"\$\s?(?P<amount>\d{1,3}(?:,\d{3})+|\d+)(?:\.\d\d)?(?P<k>\s*[kK]\b)?"
    r"(?:\s+(?:or\s+less|and\s+under|or\s+below))?(?:\s*(?:(?:per|a|/|each)\s*"
    r"(?P<per2>year|yr|annum|month|mo)\b|(?P<per3>annually|monthly|yearly|a\s+year|a\s+month)))?",
    re.I,
)
# "low and middle income per HUD guidelines": whose definition of low income.
_PER_GUIDELINES = (
    r"(?:\s+(?:per|according\s+to|under|as\s+defined\s+by)\s+(?:\w+\s+){0,3}?guidelines)?"
)
_LOW = r"(?:very\s+)?(?:low|limited|lower|moderate|middle|no)"
_LOW_INCOME = re.compile(
    rf"\b{_LOW}(?:\s*-?\s*(?:to|and|or|/)?\s*-?\s*{_LOW}){{0,3}}\s*-?\s*incomes?\b{_PER_GUIDELINES}"
    r"|\b(?:(?:must\s+)?meets?\s+(?:the\s+)?(?:\w+\s+){0,3}?income\s+(?:(?:&|and)\s+(?:resources?|"
    r"assets?)\s+)?(?:guidelines|requirements|criteria|limits|eligibility(?:\s+(?:guidelines|"
    rf"requirements|standards))?)|{_INCOME}\s+(?:meets?|within)\s+(?:\w+\s+){{0,4}}?guidelines|"
    r"income[- ](?:eligible|qualified|based|tested)|income\s+(?:limits?|limitations?|guidelines|"
    r"requirements|restrictions)(?:\s+(?:may\s+)?apply)?|(?:based\s+(?:up)?on|determined\s+by)\s+"
    r"(?:\w+\s+){0,2}?income|financial(?:ly)?\s+(?:eligible|eligibility|need|hardship)|indigent|"
    rf"needy|{_FPL}|{_AMI})\b",
    re.I,
)


def _percent(match: re.Match[str]) -> Hit:
    key = "ami_percent" if match["ami"] else "fpl_percent"
    value = float(match["pct"])
    return hit("income", {key: int(value) if value.is_integer() else value}, match)


def _amount(match: re.Match[str]) -> Hit | None:
    context = match.string[max(0, match.start() - 40) : match.end()].lower()
    period = (match["per1"] or match["per2"] or match["per3"] or "").lower()
    if "income" not in context:
        return None  # a fee or a price, not an income limit
    amount = int(match["amount"].replace(",", "")) * (1000 if match["k"] else 1)
    if period.startswith("mo") or period.endswith("month") or period == "monthly":
        return hit("income", {"max_monthly": amount}, match)
    if period:
        return hit("income", {"max_annual": amount}, match)
    # No period given: a five-figure cap is yearly in practice, but say so softly.
    return hit("income", {"max_annual": amount}, match, 0.5) if amount >= 10_000 else None


def find_income(clause: str, offset: int) -> Iterator[Hit]:
    """Figures first (so "200% FPL" is not read as a bare "FPL"), then income tests in words."""
    yield from scan(_PERCENT, clause, offset, _percent)
    yield from scan(
        _BELOW_POVERTY, clause, offset, lambda m: hit("income", {"fpl_percent": 100}, m)
    )
    # Several dollar figures (per household size, per couple) are a table, not one limit.
    if len(re.findall(r"\$\s?\d", clause)) == 1:
        yield from scan(_AMOUNT, clause, offset, _amount)
    yield from scan(
        _LOW_INCOME, clause, offset, lambda m: hit("income", {"low_income": True}, m, 0.5)
    )
