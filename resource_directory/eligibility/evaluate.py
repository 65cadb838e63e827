"""Evaluate eligibility rules against a client's facts: eligible, maybe or ineligible.

Each rule gives a verdict and a reason that quotes the listing's words and the client's
fact ("“Seniors 60+” — client is 67"). A fact the client did not give makes the verdict
"maybe", never a guess; a rule read with less than full confidence (a limit stated beside
other groups, a "live or work in" residency) never excludes anyone.

An age band that ends in childhood ("Ages 2-5", "Children, ages 3-5") on a day care or a
children's programme is about the child the parent brings, not the parent: it is judged
against the client's ``children_ages``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from ..taxonomy import NEEDS_BY_SLUG
from .hits import POPULATION
from .parse import ALTERNATIVE, HEDGED
from .poverty import YEAR, poverty_line

ELIGIBLE, MAYBE, INELIGIBLE = "eligible", "maybe", "ineligible"
_ORDER = {ELIGIBLE: 0, MAYBE: 1, INELIGIBLE: 2}


class Rule(Protocol):
    kind: str
    values: dict[str, Any]
    confidence: float

    @property
    def quote(self) -> str: ...


class ClientFacts(Protocol):
    """What a client may have told us; None means "not asked" and leads to "maybe"."""

    age: int | None
    #: Ages of the client's children; () none, None not asked.
    children_ages: tuple[int, ...] | None
    #: The needs the client asked for (need slugs).
    needs: tuple[str, ...]
    gender: str | None
    household_size: int | None
    annual_income: float | None
    veteran: bool | None


@dataclass(frozen=True)
class Evaluation:
    status: str
    reasons: tuple[str, ...]
    #: How many rules could not be settled ("maybe"): each is a question to ask the agency.
    open_questions: int = 0


def evaluate_rules(rules: Iterable[Rule], client: ClientFacts) -> Evaluation:
    """Combine every rule's verdict: one ``ineligible`` excludes, one ``maybe`` hedges.

    Populations named as alternatives ("Low-income, senior citizens") need only one met:
    a client who fits one of them is not hedged by another they do not fit.
    """
    rules = list(rules)
    judged = [(rule, *_judge(rule, client)) for rule in rules]
    verdicts = [
        (ELIGIBLE, f"“{rule.quote}” — served, not required")
        if _unsettled_preference(rule, status)
        else _combine_alternative(rule, status, reason, judged)
        for rule, status, reason in judged
    ]
    if not verdicts:
        return Evaluation(ELIGIBLE, ("no eligibility requirements listed",))
    status = max((v[0] for v in verdicts), key=_ORDER.__getitem__)
    # Lead with the reasons that decided the status, then the rest.
    ordered = sorted(verdicts, key=lambda v: -_ORDER[v[0]])
    open_questions = sum(v[0] == MAYBE for v in verdicts)
    reasons = tuple(dict.fromkeys(reason for _, reason in ordered))
    return Evaluation(status, reasons, open_questions)


#: Kinds of rule that say who is served. Hedged ("primarily women", "…, including
#: ex-offenders") they state a preference; a means test (income) stays a condition.
_PREFERENCES = POPULATION - {"income"}


def _unsettled_preference(rule: Rule, status: str) -> bool:
    """A preference the client's facts do not settle is no question for the agency: the
    service serves others too. (One the facts rule out still is: see :func:`_hedged`.)"""
    return status == MAYBE and rule.kind in _PREFERENCES and abs(rule.confidence - HEDGED) < 1e-6


def _judge(rule: Rule, client: ClientFacts) -> tuple[str, str]:
    quote = f"“{rule.quote}”"
    judge = _JUDGES.get(rule.kind)
    if judge is None:
        return MAYBE, f"{quote} — ask the agency"
    return judge(rule.values, quote, client)


def _is_alternative(rule: Rule) -> bool:
    return abs(rule.confidence - ALTERNATIVE) < 1e-6


def _other_alternative_met(rule: Rule, judged: list[tuple[Rule, str, str]]) -> Rule | None:
    """Another alternative the client meets, when it is a separate group: not the phrase
    this one is part of ("women" in "women facing a pregnancy, or women with children")
    unless it names both men and women, which leaves no one out by gender. Being an adult
    is no such group: it qualifies another ("adults with disabilities")."""
    for other, status, _ in judged:
        if other is rule or status != ELIGIBLE or not _is_alternative(other):
            continue
        if (
            other.kind == "age"
            and other.values.get("max") is None
            and (other.values.get("min") or 0) <= ADULT_AGE
        ):
            continue  # "adults" qualifies another group ("adults with disabilities")
        nested = rule.quote in other.quote or other.quote in rule.quote
        everyone = other.kind == "gender" and {"female", "male"} <= set(
            other.values.get("genders") or ()
        )
        if not nested or everyone:
            return other
    return None


def _combine_alternative(rule, status, reason, judged) -> tuple[str, str]:
    if status == INELIGIBLE and _is_alternative(rule):
        if (met := _other_alternative_met(rule, judged)) is not None:
            return ELIGIBLE, f"{reason}; “{met.quote}” qualifies instead"
    return _hedged(rule, status, reason)


def _hedged(rule: Rule, status: str, reason: str) -> tuple[str, str]:
    if status == INELIGIBLE and rule.confidence < 1:
        # The text names other groups too ("children under 5 and pregnant women"), or hedges.
        return MAYBE, f"{reason}; other groups may be served too — ask"
    return status, reason


def _fact(client: ClientFacts, name: str) -> Any:
    return getattr(client, name, None)


def _none(values, quote, client):
    return ELIGIBLE, f"eligibility: {quote}"


ADULT_AGE = 18
#: Words that say an age rule is about the children served ("Children, ages 3-5").
_CHILD_WORDS = re.compile(
    r"\b(?:child(?:ren)?|kids?|infants?|toddlers?|preschool(?:ers)?|babies|newborns?|"
    r"pre-?k|day\s*care|child\s*care)\b",
    re.I,
)
#: Needs that are sought for the client's children.
CHILDREN_NEEDS = frozenset({"childcare"})


def _age(values, quote, client):
    if _about_children(values, quote, client):
        return _children_age(values, quote, client)
    age = _fact(client, "age")
    low, high = values.get("min"), values.get("max")
    if age is None:
        return MAYBE, f"{quote} — client's age not given"
    if (low is not None and age < low) or (high is not None and age > high):
        return INELIGIBLE, f"{quote} — client is {age}"
    return ELIGIBLE, f"{quote} — client is {age}"


def _about_children(values, quote, client) -> bool:
    """Is an age rule the age of the children served, when an adult asks on their behalf?

    Only an age band that ends in childhood qualifies, and only when the rule names
    children or the client asked for child care: "Youth 14-24" or "Ages 18 and older"
    stays the client's own age.
    """
    age, high = _fact(client, "age"), values.get("max")
    if high is None or high >= ADULT_AGE or (age is not None and age < ADULT_AGE):
        return False
    needs = set(_fact(client, "needs") or ())
    return bool(needs & CHILDREN_NEEDS) or bool(_CHILD_WORDS.search(quote))


def _children_age(values, quote, client):
    children = _fact(client, "children_ages")
    low, high = values.get("min"), values.get("max")
    if children is None:
        return MAYBE, f"{quote} — ages of the client's children not given"
    if not children:
        return INELIGIBLE, f"{quote} — client has no children in the household"
    shown = ", ".join(map(str, children))
    if any((low is None or child >= low) and child <= high for child in children):
        return ELIGIBLE, f"{quote} — client's children are {shown}"
    return INELIGIBLE, f"{quote} — client's children are {shown}"


GENDER_WORDS = {
    "female": {"female", "f", "woman", "women", "girl", "trans woman", "transgender woman"},
    "male": {"male", "m", "man", "men", "boy", "trans man", "transgender man"},
    "nonbinary": {"nonbinary", "non-binary", "nb", "genderqueer"},
    "transgender": {"transgender", "trans", "trans woman", "trans man", "transgender woman",
                    "transgender man"},
}  # fmt: skip


def _gender(values, quote, client):
    gender = (_fact(client, "gender") or "").strip().lower()
    if not gender:
        return MAYBE, f"{quote} — client's gender not given"
    served = set(values.get("genders") or ())
    client_groups = {group for group, words in GENDER_WORDS.items() if gender in words}
    if not client_groups:
        return MAYBE, f"{quote} — ask (client's gender: {gender})"
    if client_groups & served:
        return ELIGIBLE, f"{quote} — client's gender: {gender}"
    return INELIGIBLE, f"{quote} — client's gender: {gender}"


def _residency(values, quote, client):
    where = _fact(client, "location")
    if where is None:
        return MAYBE, f"{quote} — client's location not known"
    checks = (
        ("zips", where.zip, "ZIP"),
        ("cities", where.city, "city"),
        ("counties", where.county, "county"),
        ("states", where.state, "state"),
    )
    stated = [(key, place, label) for key, place, label in checks if values.get(key)]
    for key, place, label in stated:
        if place and place.casefold() in {v.casefold() for v in values[key]}:
            return ELIGIBLE, f"{quote} — client's {label}: {place}"
    unknown = [label for key, place, label in stated if not place]
    if unknown:
        return MAYBE, f"{quote} — client's {unknown[0]} not known"
    key, place, label = stated[0] if stated else ("", None, "area")
    return INELIGIBLE, f"{quote} — client's {label}: {place}"


def _income(values, quote, client):
    income = _fact(client, "annual_income")
    if values.get("ami_percent"):
        return MAYBE, f"{quote} — area median income limits are not in this directory; ask"
    if income is None:
        return MAYBE, f"{quote} — client's income not given"
    if "fpl_percent" in values:
        size = _fact(client, "household_size")
        if size is None:
            return MAYBE, f"{quote} — household size not given"
        where = _fact(client, "location")
        limit = poverty_line(size, where.state if where else None) * values["fpl_percent"] / 100
        share = income / poverty_line(size, where.state if where else None) * 100
        fact = (
            f"client's ${income:,.0f} for {size} is {share:.0f}% of the {YEAR} federal "
            f"poverty guideline (limit ${limit:,.0f})"
        )
        return (ELIGIBLE if income <= limit else INELIGIBLE), f"{quote} — {fact}"
    if "max_annual" in values:
        limit = values["max_annual"]
        return (
            ELIGIBLE if income <= limit else INELIGIBLE,
            f"{quote} — client's income ${income:,.0f} a year",
        )
    if values.get("low_income") and len(values) == 1:
        size = _fact(client, "household_size")
        where = _fact(client, "location")
        line = poverty_line(size, where.state if where else None) if size else None
        if line is not None and income <= line:
            # Below the federal poverty guideline is low-income by any program's measure.
            return ELIGIBLE, (
                f"{quote} — client's ${income:,.0f} for {size} is below the {YEAR} "
                f"federal poverty guideline (${line:,.0f})"
            )
    if "max_monthly" in values:
        monthly = income / 12
        return (
            ELIGIBLE if monthly <= values["max_monthly"] else INELIGIBLE,
            f"{quote} — client's income ${monthly:,.0f} a month",
        )
    return MAYBE, f"{quote} — income limit unknown — ask"


def _household(values, quote, client):
    children = _fact(client, "children_ages")
    if not values.get("children"):
        return MAYBE, f"{quote} — ask"
    if children is None:
        return MAYBE, f"{quote} — client's children not given"
    limit = values.get("max_child_age")
    qualifying = [age for age in children if limit is None or age <= limit]
    if qualifying:
        return ELIGIBLE, f"{quote} — client has children aged {', '.join(map(str, children))}"
    if not children:
        return INELIGIBLE, f"{quote} — client has no children in the household"
    return INELIGIBLE, f"{quote} — client's children are {', '.join(map(str, children))}"


def _flag(
    fact: str,
    key: str,
    yes: str,
    no: str,
    missing: str,
    alone: tuple[str, str] | None = None,
    also: tuple[str, str] | None = None,
) -> Callable:
    """A yes/no fact: ``alone`` = (value, reason) for rules naming only a related group
    ("active military", "new mothers"); ``also`` = (value, reason) when that group is
    served besides ("veterans and their families")."""

    def judge(values, quote, client):
        if alone and values.get(alone[0]) and not values.get(key):
            return MAYBE, f"{quote} — {alone[1]}"
        value = _fact(client, fact)
        if value is None:
            return MAYBE, f"{quote} — {missing}"
        if value:
            return ELIGIBLE, f"{quote} — {yes}"
        if also and values.get(also[0]):
            return MAYBE, f"{quote} — {no}; {also[1]}"
        return INELIGIBLE, f"{quote} — {no}"

    return judge


def _housing(values, quote, client):
    status = _fact(client, "housing_status")
    if status is None:
        return MAYBE, f"{quote} — client's housing situation not given"
    if values.get("homeless"):
        ok = status == "homeless" or (values.get("at_risk") and status == "at_risk")
    else:
        ok = status in {"homeless", "at_risk"}
    shown = status.replace("_", " ")
    return (ELIGIBLE if ok else INELIGIBLE), f"{quote} — client is {shown}"


#: Groups defined by the very problem a need is about: asking for that need places the
#: client in the group ("Must be opiate dependent" for someone seeking addiction treatment,
#: "adults with a mental illness" for someone seeking mental health care). A serious mental
#: illness is a diagnosis to ask about, not something asking for care shows.
_GROUP_NEEDS = {"substance use": "substance-use", "mental illness": "mental-health"}


def _sought(groups, client) -> str | None:
    """The reason when every group is one the client's own request places them in."""
    needs = set(_fact(client, "needs") or ())
    if groups and all(_GROUP_NEEDS.get(group) in needs for group in groups):
        sought = dict.fromkeys(NEEDS_BY_SLUG[_GROUP_NEEDS[group]].label.lower() for group in groups)
        return f"client is seeking {', '.join(sought)} help"
    return None


def _population(values, quote, client):
    if (sought := _sought(values.get("groups"), client)) is not None:
        return ELIGIBLE, f"{quote} — {sought}"
    return MAYBE, f"{quote} — ask the agency"


def _needed(judge: Callable) -> Callable:
    """A disability rule that names only the problem the client asks help with is met; if the
    client said they have no disability, asking for that care makes it a question instead."""

    def judged(values, quote, client):
        status, reason = judge(values, quote, client)
        if status != ELIGIBLE and (sought := _sought(values.get("types"), client)):
            if status == INELIGIBLE:  # said to have none, yet asking for that very care
                return MAYBE, f"{reason}, yet {sought} — ask"
            return ELIGIBLE, f"{quote} — {sought}"
        return status, reason

    return judged


def _document(values, quote, client):
    documents = ", ".join(values.get("documents") or ()) or "documents"
    return ELIGIBLE, f"bring: {documents} ({quote})"


_JUDGES: dict[str, Callable[[dict, str, ClientFacts], tuple[str, str]]] = {
    "none": _none,
    "age": _age,
    "gender": _gender,
    "veteran": _flag(
        "veteran", "veteran", "client is a veteran", "client is not a veteran",
        "client's veteran status not given",
        alone=("military", "ask about military service"),
        also=("family", "family members may qualify — ask"),
    ),
    "residency": _residency,
    "income": _income,
    "household": _household,
    "pregnancy": _flag(
        "pregnant", "pregnant", "client is pregnant", "client is not pregnant",
        "not asked whether the client is pregnant",
        alone=("postpartum", "ask (new parents)"),
        also=("postpartum", "new mothers may qualify — ask"),
    ),
    "disability": _needed(_flag(
        "disability", "disability", "client has a disability", "client has no disability",
        "not asked about disability",
    )),
    "housing_status": _housing,
    "document": _document,
    "other_population": _population,
}  # fmt: skip
