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
from .parse import ALTERNATIVE, ANY_OF, HEDGED
from .poverty import YEAR, poverty_line
from .problems import SUBSTANCE_USE, Stated, covers, stated

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
    #: The coordinator's own words ("heroin detox"): they may state the client's problem.
    query: str | None
    gender: str | None
    household_size: int | None
    annual_income: float | None
    veteran: bool | None


@dataclass(frozen=True)
class Evaluation:
    status: str
    reasons: tuple[Reason, ...]
    #: How many conditions could not be settled ("maybe"): each is a question to ask the
    #: agency. A clause of alternatives counts once.
    open_questions: int = 0
    #: How many conditions the client's facts or the request's words meet (a clause of
    #: alternatives counts once): a listing whose conditions are met is a surer fit than one
    #: that states none, which meets nothing.
    met: int = 0


@dataclass(frozen=True)
class _Verdict:
    status: str
    reasons: tuple[Reason, ...]
    #: Met by what the client said (not a statement that restricts no one).
    met: bool = False


def evaluate_rules(rules: Iterable[Rule], client: ClientFacts) -> Evaluation:
    """Combine the conditions' verdicts: one ``ineligible`` excludes, one ``maybe`` hedges.

    A clause of alternatives ("Age 65+ or disabled", :data:`~.parse.ANY_OF`) is one
    condition: met when one alternative is met, whatever the others' facts; failed when
    every alternative fails (and the clause names no one else); a question otherwise.
    """
    rules = list(rules)
    if not rules:
        return Evaluation(ELIGIBLE, (_NONE_LISTED,))
    verdicts: list[_Verdict] = []
    groups: dict[Any, list[tuple[Rule, _Verdict, tuple[Any, ...], bool]]] = {}
    for rule in rules:
        verdict = _verdict(rule, client)
        if (membership := _membership(rule)) is None:
            verdicts.append(_hedged(rule, verdict))
        else:
            key, options, open_ = membership
            groups.setdefault(key, []).append((rule, verdict, options, open_))
    verdicts.extend(_any_of(members) for members in groups.values())
    status = max((v.status for v in verdicts), key=_ORDER.__getitem__)
    # Lead with the reasons that decided the status, then the rest.
    ordered = sorted(verdicts, key=lambda v: -_ORDER[v.status])
    reasons = tuple(dict.fromkeys(reason for v in ordered for reason in v.reasons))
    return Evaluation(
        status,
        reasons,
        open_questions=sum(v.status == MAYBE for v in verdicts),
        met=sum(v.met for v in verdicts),
    )


_NONE_LISTED = Reason("eligibility.none_listed")
#: Kinds of rule that say who is served. Hedged ("primarily women", "…, including
#: ex-offenders") they state a preference; a means test (income) stays a condition.
_PREFERENCES = POPULATION - {"income"}


def _unsettled_preference(rule: Rule, status: str) -> bool:
    """A preference the client's facts do not settle is no question for the agency: the
    service serves others too. (One the facts rule out still is: see :func:`_hedged`.)"""
    return status == MAYBE and rule.kind in _PREFERENCES and abs(rule.confidence - HEDGED) < 1e-6


#: Kinds of rule that state no condition on the client: met by no one's facts.
_NO_CONDITION = frozenset({"none", "document"})


def _verdict(rule: Rule, client: ClientFacts) -> _Verdict:
    status, reason = _judge(rule, client)
    if _unsettled_preference(rule, status):
        return _Verdict(ELIGIBLE, (Reason("eligibility.preference", (), rule.quote),))
    return _Verdict(status, (reason,), status == ELIGIBLE and rule.kind not in _NO_CONDITION)


def _judge(rule: Rule, client: ClientFacts) -> tuple[str, Reason]:
    judge = _JUDGES.get(rule.kind)
    if judge is None:
        return MAYBE, Reason("eligibility.ask_agency", (), rule.quote)
    return judge(rule.values, rule.quote, client)


def _membership(rule: Rule) -> tuple[Any, tuple[Any, ...], bool] | None:
    """(group, the alternatives the rule is part of, whether the group is open), or None
    for a rule that is a condition of its own. A rule stored before alternatives were
    grouped has only its confidence to say it is one: all such rules of a listing are
    taken as one open group (so they never exclude, as before)."""
    group = rule.values.get(ANY_OF)
    if group is not None:
        return group["group"], tuple(group["options"]), bool(group.get("open"))
    if abs(rule.confidence - ALTERNATIVE) < 1e-6:
        return "stored before groups", (id(rule),), True
    return None


def _any_of(members: list[tuple[Rule, _Verdict, tuple[Any, ...], bool]]) -> _Verdict:
    """One verdict for a clause of alternatives; each alternative is met when all its
    rules are."""
    options: dict[Any, list[tuple[Rule, _Verdict]]] = {}
    for rule, verdict, in_options, _ in members:
        for option in in_options:
            options.setdefault(option, []).append((rule, _hedged(rule, verdict)))
    status_of = {
        option: max((v.status for _, v in judged), key=_ORDER.__getitem__)
        for option, judged in options.items()
    }
    met = [option for option, status in status_of.items() if status == ELIGIBLE]
    if met:
        chosen = options[met[0]]
        inside = {id(rule) for rule, _ in chosen}
        reasons = [reason for _, v in chosen for reason in v.reasons]
        # The alternatives the client fails, said with the one that qualifies instead.
        quote = chosen[0][0].quote
        reasons += [
            Reason.of("eligibility.qualifies_instead", quote, reason=reason)
            for rule, verdict, _, _ in members
            if id(rule) not in inside and verdict.status == INELIGIBLE
            for reason in verdict.reasons
        ]
        return _Verdict(ELIGIBLE, tuple(reasons), any(v.met for _, v in chosen))
    failed = all(status == INELIGIBLE for status in status_of.values())
    if failed and not any(open_ for *_, open_ in members):
        reasons = tuple(r for _, v, _, _ in members if v.status == INELIGIBLE for r in v.reasons)
        return _Verdict(INELIGIBLE, reasons)
    # Failing every alternative of an open clause leaves the others it names: ask.
    judged = [_hedged(rule, verdict, sure=not failed) for rule, verdict, _, _ in members]
    ordered = sorted(judged, key=lambda v: v.status != MAYBE)  # the questions first
    return _Verdict(MAYBE, tuple(reason for v in ordered for reason in v.reasons))


def _hedged(rule: Rule, verdict: _Verdict, sure: bool = True) -> _Verdict:
    """A failed condition read with less than full confidence (or, ``sure`` false, in a
    clause that names other groups too) excludes no one: it is a question."""
    if verdict.status == INELIGIBLE and (rule.confidence < 1 or not sure):
        reasons = tuple(
            Reason.of("eligibility.others_may_be_served", reason=reason)
            for reason in verdict.reasons
        )
        return _Verdict(MAYBE, reasons)
    return verdict


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
    band = children_band(values, quote, _fact(client, "needs") or ())
    age = _fact(client, "age")
    if band is not None and (age is None or age > band[1]):
        judged = _children_age(band, quote, client)
        if age is not None or judged[0] == ELIGIBLE:
            return judged
    low, high = values.get("min"), values.get("max")
    if age is None:
        return MAYBE, Reason("eligibility.age.not_given", (), quote)
    said = Reason.of("eligibility.age.client_is", quote, age=age)
    if (low is not None and age < low) or (high is not None and age > high):
        return INELIGIBLE, said
    return ELIGIBLE, said


def children_band(
    values: dict[str, Any], quote: str, needs: Iterable[str] = ()
) -> tuple[int, int] | None:
    """(youngest, oldest) child an age rule admits, when it is a band of children rather
    than of the adult who asks: any band that ends before adulthood ("Ages 2-5", "child
    under 19", "youth 12 to 18"), and one with no upper end that names children ("Children
    ages 2 and up") or is on a child care search. "Youth 14-24" and "18 and older" are the
    client's own age."""
    low, high = values.get("min"), values.get("max")
    if high is None:
        named = _CHILD_WORDS.search(quote) or set(needs) & CHILDREN_NEEDS
        if not named or low is None or low >= ADULT_AGE:
            return None
        high = ADULT_AGE - 1
    if high > ADULT_AGE:
        return None
    return (low or 0, high)


def _children_age(band, quote, client):
    """The band against the children's ages: an adult asking is served through them."""
    children = _fact(client, "children_ages")
    low, high = band
    if children is None:
        return MAYBE, Reason("eligibility.children.ages_not_given", (), quote)
    if not children:
        return INELIGIBLE, Reason("eligibility.children.none", (), quote)
    said = Reason.of("eligibility.children.are", quote, ages=tuple(children))
    if any(low <= child <= high for child in children):
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
    if values.get("low_income") and values.keys() - {ANY_OF} == {"low_income"}:
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


def _request(client: ClientFacts) -> Stated:
    return stated(tuple(_fact(client, "needs") or ()), _fact(client, "query"))


def _stated(how: tuple[str, str], quote: str) -> Reason:
    """How the request states a problem: by the need asked for, or in its own words."""
    kind, said = how
    if kind == "need":
        return Reason.of("eligibility.sought", quote, needs=(said,))
    return Reason.of("eligibility.stated", quote, words=said)


def _problem(group: str, values, quote, request: Stated) -> tuple[str, Reason] | None:
    """A group defined by a problem ("opiate dependent", "HIV positive") against what the
    request states; None for a group of another kind, or a problem the request does not
    state (a question for the agency)."""
    how = request.problems.get(group)
    if how is None:
        return None
    if group != SUBSTANCE_USE:
        return ELIGIBLE, _stated(how, quote)
    served = frozenset(values.get("substances") or ())
    named = request.substances
    fit = covers(served, named)
    if fit is True:
        return ELIGIBLE, _stated(how, quote)
    if not named:  # "substance use" asked for: which substance is not said
        return MAYBE, Reason.of("eligibility.substance.which", quote, substances=tuple(served))
    said = Reason.of("eligibility.substance.named", quote, substances=tuple(sorted(named)))
    return (MAYBE if fit is None else INELIGIBLE), said


def _population(values, quote, client):
    """Any of the groups named; one the request's problem settles counts, others are
    questions for the agency."""
    request = _request(client)
    judged = [_problem(group, values, quote, request) for group in values.get("groups") or ()]
    if judged and all(j is not None and j[0] == INELIGIBLE for j in judged):
        return judged[0]
    for wanted in (ELIGIBLE, MAYBE):  # met by one; else the most particular question
        if (found := next((j for j in judged if j and j[0] == wanted), None)) is not None:
            return found
    return MAYBE, Reason("eligibility.ask_agency", (), quote)


def _needed(judge: Callable) -> Callable:
    """A disability rule that names a problem the request states ("with a mental
    illness" for someone seeking mental health care) is met; if the client said they have
    no disability, stating that very problem makes it a question instead."""

    def judged(values, quote, client):
        status, reason = judge(values, quote, client)
        request = _request(client)
        how = next(
            (request.problems[t] for t in values.get("types") or () if t in request.problems),
            None,
        )
        if status == ELIGIBLE or how is None:
            return status, reason
        if status == INELIGIBLE:  # said to have none, yet stating that very problem
            kind, said = how
            if kind == "need":
                return MAYBE, Reason.of("eligibility.sought_despite", reason=reason, needs=(said,))
            return MAYBE, Reason.of("eligibility.stated_despite", reason=reason, words=said)
        return ELIGIBLE, _stated(how, quote)

    return judged


def _new_parent(judge: Callable) -> Callable:
    """A rule for new mothers ("postpartum", "new mothers") is met by a baby under a year
    old among the client's children."""

    def judged(values, quote, client):
        status, reason = judge(values, quote, client)
        children = _fact(client, "children_ages") or ()
        if status != ELIGIBLE and values.get("postpartum") and 0 in children:
            return ELIGIBLE, Reason.of("eligibility.children.aged", quote, ages=tuple(children))
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
    "pregnancy": _new_parent(_flag(
        "pregnant", "pregnant", "eligibility.pregnancy",
        alone=("postpartum", "eligibility.pregnancy.new_parents"),
        also=("postpartum", "eligibility.pregnancy.new_mothers_may_qualify"),
    )),
    "disability": _needed(_flag("disability", "disability", "eligibility.disability")),
    "housing_status": _housing,
    "document": _document,
    "other_population": _population,
}  # fmt: skip
