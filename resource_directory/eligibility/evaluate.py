"""Evaluate eligibility rules against a client's facts: eligible, maybe or ineligible.

Each rule gives a verdict and a :class:`Reason` that quotes the listing's words beside the
client's fact (``eligibility.age.client_is``: "“Seniors 60+” — client is 67"). A fact the
client did not give makes the verdict "maybe", never a guess; a rule read with less than full
confidence (a limit stated beside other groups, a "live or work in" residency) never
excludes anyone.

An age band that ends in childhood ("Ages 2-5", "Children, ages 3-5") on a day care or a
children's programme is about the child the parent brings, not the parent: it is judged
against the client's ``children_ages``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from ..reasons import Reason
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
    reasons: tuple[Reason, ...]
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
        (ELIGIBLE, Reason("eligibility.preference", (), rule.quote))
        if _unsettled_preference(rule, status)
        else _combine_alternative(rule, status, reason, judged)
        for rule, status, reason in judged
    ]
    if not verdicts:
        return Evaluation(ELIGIBLE, (_NONE_LISTED,))
    status = max((v[0] for v in verdicts), key=_ORDER.__getitem__)
    # Lead with the reasons that decided the status, then the rest.
    ordered = sorted(verdicts, key=lambda v: -_ORDER[v[0]])
    open_questions = sum(v[0] == MAYBE for v in verdicts)
    reasons = tuple(dict.fromkeys(reason for _, reason in ordered))
    return Evaluation(status, reasons, open_questions)


_NONE_LISTED = Reason("eligibility.none_listed")
#: Kinds of rule that say who is served. Hedged ("primarily women", "…, including
#: ex-offenders") they state a preference; a means test (income) stays a condition.
_PREFERENCES = POPULATION - {"income"}


def _unsettled_preference(rule: Rule, status: str) -> bool:
    """A preference the client's facts do not settle is no question for the agency: the
    service serves others too. (One the facts rule out still is: see :func:`_hedged`.)"""
    return status == MAYBE and rule.kind in _PREFERENCES and abs(rule.confidence - HEDGED) < 1e-6


def _judge(rule: Rule, client: ClientFacts) -> tuple[str, Reason]:
    judge = _JUDGES.get(rule.kind)
    if judge is None:
        return MAYBE, Reason("eligibility.ask_agency", (), rule.quote)
    return judge(rule.values, rule.quote, client)


def _is_alternative(rule: Rule) -> bool:
    return abs(rule.confidence - ALTERNATIVE) < 1e-6


def _other_alternative_met(rule: Rule, judged: list[tuple[Rule, str, Reason]]) -> Rule | None:
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


def _combine_alternative(rule, status, reason, judged) -> tuple[str, Reason]:
    if status == INELIGIBLE and _is_alternative(rule):
        if (met := _other_alternative_met(rule, judged)) is not None:
            return ELIGIBLE, Reason.of("eligibility.qualifies_instead", met.quote, reason=reason)
    return _hedged(rule, status, reason)


def _hedged(rule: Rule, status: str, reason: Reason) -> tuple[str, Reason]:
    if status == INELIGIBLE and rule.confidence < 1:
        # The text names other groups too ("children under 5 and pregnant women"), or hedges.
        return MAYBE, Reason.of("eligibility.others_may_be_served", reason=reason)
    return status, reason


def _fact(client: ClientFacts, name: str) -> Any:
    return getattr(client, name, None)


def _none(values, quote, client):
    return ELIGIBLE, Reason("eligibility.listed", (), quote)


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
        return MAYBE, Reason("eligibility.age.not_given", (), quote)
    said = Reason.of("eligibility.age.client_is", quote, age=age)
    if (low is not None and age < low) or (high is not None and age > high):
        return INELIGIBLE, said
    return ELIGIBLE, said


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
        return MAYBE, Reason("eligibility.children.ages_not_given", (), quote)
    if not children:
        return INELIGIBLE, Reason("eligibility.children.none", (), quote)
    said = Reason.of("eligibility.children.are", quote, ages=tuple(children))
    if any((low is None or child >= low) and child <= high for child in children):
        return ELIGIBLE, said
    return INELIGIBLE, said


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
        return MAYBE, Reason("eligibility.gender.not_given", (), quote)
    served = set(values.get("genders") or ())
    client_groups = {group for group, words in GENDER_WORDS.items() if gender in words}
    if not client_groups:
        return MAYBE, Reason.of("eligibility.gender.ask", quote, gender=gender)
    said = Reason.of("eligibility.gender.client_is", quote, gender=gender)
    return (ELIGIBLE if client_groups & served else INELIGIBLE), said


#: (rule key, the client's place attribute, reason when it is known, when it is not).
_PLACES = (
    ("zips", "zip", "eligibility.residency.zip", "eligibility.residency.zip_not_known"),
    ("cities", "city", "eligibility.residency.city", "eligibility.residency.city_not_known"),
    ("counties", "county", "eligibility.residency.county",
     "eligibility.residency.county_not_known"),
    ("states", "state", "eligibility.residency.state", "eligibility.residency.state_not_known"),
)  # fmt: skip


def _residency(values, quote, client):
    where = _fact(client, "location")
    if where is None:
        return MAYBE, Reason("eligibility.residency.location_not_known", (), quote)
    stated = [
        (key, getattr(where, attribute), code, not_known)
        for key, attribute, code, not_known in _PLACES
        if values.get(key)
    ]
    for key, place, code, _ in stated:
        if place and place.casefold() in {v.casefold() for v in values[key]}:
            return ELIGIBLE, Reason.of(code, quote, place=place)
    unknown = [not_known for _, place, _, not_known in stated if not place]
    if unknown:
        return MAYBE, Reason(unknown[0], (), quote)
    _, place, code, _ = stated[0] if stated else ("", None, "eligibility.residency.area", "")
    return INELIGIBLE, Reason.of(code, quote, place=place)


def _income(values, quote, client):
    income = _fact(client, "annual_income")
    if values.get("ami_percent"):
        return MAYBE, Reason("eligibility.income.area_median", (), quote)
    if income is None:
        return MAYBE, Reason("eligibility.income.not_given", (), quote)
    if "fpl_percent" in values:
        size = _fact(client, "household_size")
        if size is None:
            return MAYBE, Reason("eligibility.income.household_size_not_given", (), quote)
        where = _fact(client, "location")
        limit = poverty_line(size, where.state if where else None) * values["fpl_percent"] / 100
        share = income / poverty_line(size, where.state if where else None) * 100
        said = Reason.of(
            "eligibility.income.share_of_poverty",
            quote,
            income=income,
            size=size,
            share=share,
            year=YEAR,
            limit=limit,
        )
        return (ELIGIBLE if income <= limit else INELIGIBLE), said
    if "max_annual" in values:
        limit = values["max_annual"]
        return (
            ELIGIBLE if income <= limit else INELIGIBLE,
            Reason.of("eligibility.income.yearly", quote, income=income),
        )
    if values.get("low_income") and len(values) == 1:
        size = _fact(client, "household_size")
        where = _fact(client, "location")
        line = poverty_line(size, where.state if where else None) if size else None
        if line is not None and income <= line:
            # Below the federal poverty guideline is low-income by any program's measure.
            return ELIGIBLE, Reason.of(
                "eligibility.income.below_poverty",
                quote,
                income=income,
                size=size,
                year=YEAR,
                limit=line,
            )
    if "max_monthly" in values:
        monthly = income / 12
        return (
            ELIGIBLE if monthly <= values["max_monthly"] else INELIGIBLE,
            Reason.of("eligibility.income.monthly", quote, income=monthly),
        )
    return MAYBE, Reason("eligibility.income.limit_unknown", (), quote)


def _household(values, quote, client):
    children = _fact(client, "children_ages")
    if not values.get("children"):
        return MAYBE, Reason("eligibility.ask", (), quote)
    if children is None:
        return MAYBE, Reason("eligibility.children.not_given", (), quote)
    limit = values.get("max_child_age")
    qualifying = [age for age in children if limit is None or age <= limit]
    if qualifying:
        return ELIGIBLE, Reason.of("eligibility.children.aged", quote, ages=tuple(children))
    if not children:
        return INELIGIBLE, Reason("eligibility.children.none", (), quote)
    return INELIGIBLE, Reason.of("eligibility.children.are", quote, ages=tuple(children))


def _flag(
    fact: str,
    key: str,
    code: str,
    alone: tuple[str, str] | None = None,
    also: tuple[str, str] | None = None,
) -> Callable:
    """A yes/no fact, said by ``code`` + ``.yes``, ``.no`` or ``.not_given``: ``alone`` =
    (value, code) for rules naming only a related group ("active military", "new mothers");
    ``also`` = (value, code) when that group is served besides ("veterans and their
    families") and the client is not in the rule's own."""
    yes, no, missing = f"{code}.yes", f"{code}.no", f"{code}.not_given"

    def judge(values, quote, client):
        if alone and values.get(alone[0]) and not values.get(key):
            return MAYBE, Reason(alone[1], (), quote)
        value = _fact(client, fact)
        if value is None:
            return MAYBE, Reason(missing, (), quote)
        if value:
            return ELIGIBLE, Reason(yes, (), quote)
        if also and values.get(also[0]):
            return MAYBE, Reason(also[1], (), quote)
        return INELIGIBLE, Reason(no, (), quote)

    return judge


def _housing(values, quote, client):
    status = _fact(client, "housing_status")
    if status is None:
        return MAYBE, Reason("eligibility.housing.not_given", (), quote)
    if values.get("homeless"):
        ok = status == "homeless" or (values.get("at_risk") and status == "at_risk")
    else:
        ok = status in {"homeless", "at_risk"}
    said = Reason.of("eligibility.housing.client_is", quote, housing=status)
    return (ELIGIBLE if ok else INELIGIBLE), said


#: Groups defined by the very problem a need is about: asking for that need places the
#: client in the group ("Must be opiate dependent" for someone seeking addiction treatment,
#: "adults with a mental illness" for someone seeking mental health care). A serious mental
#: illness is a diagnosis to ask about, not something asking for care shows.
_GROUP_NEEDS = {"substance use": "substance-use", "mental illness": "mental-health"}


def _sought(groups, client) -> tuple[str, ...] | None:
    """The needs asked for that place the client in the groups, when they place them in
    every one."""
    needs = set(_fact(client, "needs") or ())
    if groups and all(_GROUP_NEEDS.get(group) in needs for group in groups):
        return tuple(dict.fromkeys(_GROUP_NEEDS[group] for group in groups))
    return None


def _population(values, quote, client):
    if (sought := _sought(values.get("groups"), client)) is not None:
        return ELIGIBLE, Reason.of("eligibility.sought", quote, needs=sought)
    return MAYBE, Reason("eligibility.ask_agency", (), quote)


def _needed(judge: Callable) -> Callable:
    """A disability rule that names only the problem the client asks help with is met; if the
    client said they have no disability, asking for that care makes it a question instead."""

    def judged(values, quote, client):
        status, reason = judge(values, quote, client)
        if status != ELIGIBLE and (sought := _sought(values.get("types"), client)):
            if status == INELIGIBLE:  # said to have none, yet asking for that very care
                return MAYBE, Reason.of("eligibility.sought_despite", reason=reason, needs=sought)
            return ELIGIBLE, Reason.of("eligibility.sought", quote, needs=sought)
        return status, reason

    return judged


def _document(values, quote, client):
    if documents := tuple(values.get("documents") or ()):
        return ELIGIBLE, Reason.of("eligibility.document.bring", quote, documents=documents)
    return ELIGIBLE, Reason("eligibility.document.unnamed", (), quote)


_JUDGES: dict[str, Callable[[dict, str, ClientFacts], tuple[str, Reason]]] = {
    "none": _none,
    "age": _age,
    "gender": _gender,
    "veteran": _flag(
        "veteran", "veteran", "eligibility.veteran",
        alone=("military", "eligibility.veteran.military"),
        also=("family", "eligibility.veteran.family_may_qualify"),
    ),
    "residency": _residency,
    "income": _income,
    "household": _household,
    "pregnancy": _flag(
        "pregnant", "pregnant", "eligibility.pregnancy",
        alone=("postpartum", "eligibility.pregnancy.new_parents"),
        also=("postpartum", "eligibility.pregnancy.new_mothers_may_qualify"),
    ),
    "disability": _needed(_flag("disability", "disability", "eligibility.disability")),
    "housing_status": _housing,
    "document": _document,
    "other_population": _population,
}  # fmt: skip
