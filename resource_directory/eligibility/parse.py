"""Eligibility prose → structured rules, each keeping the span of text it came from.

Only what is understood becomes a rule; every clause with words left over is kept as an
``unparsed`` rule so matching can say "ask" instead of guessing. The pattern modules
(``ages``, ``people``, ``groups``, ``income``, ``places``, ``statements``) propose hits;
this module keeps the non-overlapping ones, merges each kind within a clause, and decides
whether the populations a clause names are alternatives or one person. Alternatives are an
explicit any-of group: each rule of one carries ``values[ANY_OF]`` (see :data:`ANY_OF`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from .ages import VAGUE_WORDS, find_ages, find_soft_ages
from .groups import find_groups
from .hits import POPULATION, Hit
from .income import find_income
from .people import find_gender, find_people
from .places import find_residency
from .problems import SUBSTANCE_USE
from .statements import find_others, find_statements
from .words import (
    ABOUT_SOMEONE_ELSE,
    ALSO,
    ALSO_SERVED,
    CONNECTOR,
    FILLER,
    GAP_WORDS,
    HEDGES,
    LINK,
    NEGATION,
    NEW_ITEM,
    RELATION_OF,
    WORD,
    clauses,
)

KINDS = frozenset(
    {
        "age",
        "gender",
        "veteran",
        "residency",
        "income",
        "household",
        "pregnancy",
        "disability",
        "housing_status",
        "document",
        "other_population",
        "none",
        "unparsed",
    }
)
SOFT = 0.5
#: Confidence of a rule a hedge word makes a preference ("primarily women", "…, including
#: ex-offenders"): below SOFT so evaluation can tell a stated preference from a vague word.
HEDGED = 0.45
#: Confidence of a population named as one of several alternatives in rules stored before
#: alternatives were grouped (:data:`ANY_OF`): such a rule excludes no one.
ALTERNATIVE = 0.4
#: The key of a rule's values that makes it part of a clause's alternatives ("Age 65+ or
#: disabled"): ``{"group": the clause's number, "options": [the alternatives it belongs
#: to], "open": true}``. An alternative is met when all its rules are; the group when one
#: alternative is. "open" (present only when true) says the clause names people no rule
#: describes ("… and their families", words not understood): failing every alternative
#: then excludes no one.
ANY_OF = "any_of"
_LOOKBACK = 60

# Most specific first: a hit is kept only if no earlier one already covers its words.
_FINDERS: tuple[Callable[[str, int], Iterator[Hit]], ...] = (
    find_statements,
    find_income,
    find_residency,
    find_people,
    find_groups,
    find_gender,
    find_ages,
    find_soft_ages,
    find_others,
)
# Kinds whose hits in one clause become one rule listing any-of values.
_LISTS = {
    "gender": "genders",
    "disability": "types",
    "document": "documents",
    "other_population": "groups",
}


@dataclass(frozen=True)
class ParsedRule:
    kind: str  # one of KINDS
    values: dict[str, Any]
    text: str
    start: int
    end: int
    confidence: float = 1.0


def parse_eligibility(text: str | None) -> list[ParsedRule]:
    """Read the rules a listing's eligibility text states; keep the rest as ``unparsed``."""
    if not text or not text.strip():
        return []
    rules: list[ParsedRule] = []
    for number, (start, end) in enumerate(clauses(text)):
        rules.extend(_clause_rules(text, start, end, number))
    if any(_adds_people(text, start, end, rules) for start, end in clauses(text)):
        rules = [_soften(r) if r.kind in POPULATION else r for r in rules]
    rules.sort(key=lambda r: (r.start, r.kind))
    return rules


def _adds_people(text: str, start: int, end: int, rules: list[ParsedRule]) -> bool:
    """Does the clause add people to those served ("Also men who desire mentoring")? Then
    no population the text names is the only one served."""
    return bool(ALSO.match(text, start, end)) and any(
        r.kind in POPULATION and start <= r.start < end for r in rules
    )


def age_limits(rules: Sequence[ParsedRule]) -> tuple[int | None, int | None]:
    """The tightest (minimum_age, maximum_age) the age rules state, for HSDS ``service``."""
    sure = [r for r in rules if r.kind == "age" and r.confidence >= 1 and ANY_OF not in r.values]
    mins = [r.values["min"] for r in sure if "min" in r.values]
    maxs = [r.values["max"] for r in sure if "max" in r.values]
    return (max(mins) if mins else None, min(maxs) if maxs else None)


def _clause_rules(text: str, start: int, end: int, number: int) -> list[ParsedRule]:
    clause = text[start:end]
    hits = _accepted(text, clause, start)
    rules = _merged(text, hits)
    leftover = _leftover(text, start, end, hits)
    hedge = min((at for word, at in leftover if word in HEDGES), default=end)
    people = [h for h in hits if h.kind in POPULATION]
    options = _options(text, people)
    rules = [_soften(r, HEDGED) if r.start > hedge else r for r in rules]
    if ALSO_SERVED.search(text, start, end):  # "Ex-offenders also welcome": not only they
        rules = [_soften(r, HEDGED) if r.kind in POPULATION else r for r in rules]
    unknown = any(word not in HEDGES for word, _ in leftover)
    # "Seniors 60+ or people awaiting surgery": an "or" before words not understood offers
    # an alternative no rule states.
    if options and unknown and _OR.search(_uncovered(text, start, end, hits)):
        options.append([])
    if len(options) > 1:
        shared = _shared_gender(text, people)
        # Others served ("… and their families") or words not understood: someone no rule
        # describes may be served.
        open_ = unknown or any(all(h.kind == "others" for h in option) for option in options)
        rules = [
            _alternative(r, options, number, open_)
            if r.kind in POPULATION and (shared is None or r.start != shared.start)
            else r
            for r in rules
        ]
    if any(word not in HEDGES for word, _ in leftover):
        lead = len(clause) - len(clause.lstrip())
        body = clause.strip()
        rules.append(ParsedRule("unparsed", {}, body, start + lead, start + lead + len(body), 0.0))
    return rules


def _accepted(text: str, clause: str, offset: int) -> list[Hit]:
    kept: list[Hit] = []
    other = ABOUT_SOMEONE_ELSE.search(clause)
    someone_else = offset + other.end() if other else len(text)
    for finder in _FINDERS:
        for hit in finder(clause, offset):
            # One match may state two facts ("Women and children"): same span, both kept.
            if hit.start >= hit.end or any(
                hit.start < k.end and k.start < hit.end and (k.start, k.end) != (hit.start, hit.end)
                for k in kept
            ):
                continue
            # Negations and relations are a few words long: look no further back than that.
            before = text[max(offset, hit.start - _LOOKBACK) : hit.start]
            if hit.kind not in {"", "none"} and NEGATION.search(before):
                continue
            if hit.kind in POPULATION and (RELATION_OF.search(before) or hit.start >= someone_else):
                continue
            kept.append(hit)
    return sorted(kept, key=lambda h: h.start)


def _merged(text: str, hits: list[Hit]) -> list[ParsedRule]:
    """One rule per age phrase, one per other kind: lists become any-of lists."""
    by_kind: dict[str, list[Hit]] = {}
    for hit in hits:
        if hit.kind and hit.kind != "others":
            by_kind.setdefault(hit.kind, []).append(hit)
    rules = []
    for kind, group in by_kind.items():
        if kind == "age":
            rules.extend(_rule(text, kind, h.values, [h]) for h in group)
            continue
        values = _combine(kind, group)
        if kind == "veteran" and any(_family(text, h) for h in hits if h.kind == "others"):
            values["family"] = True
        rules.append(_rule(text, kind, values, group))
    return rules


def _combine(kind: str, group: list[Hit]) -> dict[str, Any]:
    if kind in _LISTS:
        key = _LISTS[kind]
        lists = [h.values.get(key) for h in group]
        values = {k: v for h in group for k, v in h.values.items() if k not in {key, "substances"}}
        # An untyped "disabled" beside "blind" means any disability: no type list.
        if all(lists):
            values[key] = sorted({item for items in lists if items for item in items})
        # "Alcoholics and heroin users": either substance; "addicts or alcoholics": any.
        users = [h.values.get("substances") for h in group if _substance_use(h)]
        if users and all(users):
            values["substances"] = sorted({s for found in users if found for s in found})
        return values
    if kind == "income":
        figures = [h for h in group if "low_income" not in h.values]
        group = figures or group
    if kind == "household":
        # "Parents and caregivers of children 0–5": the ages said apply to the whole list.
        ages = [h.values["max_child_age"] for h in group if "max_child_age" in h.values]
        values = {k: v for h in group for k, v in h.values.items() if k != "max_child_age"}
        if ages:
            values["max_child_age"] = max(ages)
        return values
    values: dict[str, Any] = {}
    for hit in group:
        for key, value in hit.values.items():
            values[key] = max(values[key], value) if key in values and value is not True else value
    return values


def _substance_use(hit: Hit) -> bool:
    return SUBSTANCE_USE in (hit.values.get("groups") or ())


def _rule(text: str, kind: str, values: dict[str, Any], group: list[Hit]) -> ParsedRule:
    first, last = min(h.start for h in group), max(h.end for h in group)
    span = text[first:last]
    lead = len(span) - len(span.lstrip())
    quote = span.strip()
    confidence = min(h.confidence for h in group)
    return ParsedRule(kind, values, quote, first + lead, first + lead + len(quote), confidence)


def _family(text: str, hit: Hit) -> bool:
    words = text[hit.start : hit.end].lower()
    return any(w in words for w in ("famil", "dependent", "spouse"))


def _soften(rule: ParsedRule, confidence: float = SOFT) -> ParsedRule:
    return ParsedRule(
        rule.kind, rule.values, rule.text, rule.start, rule.end, min(rule.confidence, confidence)
    )


_OR = re.compile(r"\b(?:or|and/or)\b", re.I)


def _uncovered(text: str, start: int, end: int, hits: list[Hit]) -> str:
    """The clause with the hits' words blanked out."""
    chars = list(text[start:end])
    for hit in hits:
        chars[hit.start - start : hit.end - start] = " " * (hit.end - hit.start)
    return "".join(chars)


def _options(text: str, hits: list[Hit]) -> list[list[Hit]]:
    """The populations a clause names, split into the alternatives it offers: one list when
    they describe one person ("women who are homeless"), several for "seniors, or people
    with disabilities"; people served alongside ("… and their families") are one of their
    own, unless they are a veteran's (the veteran rule says so)."""
    veterans = any(h.kind == "veteran" for h in hits)
    hits = [h for h in hits if not (h.kind == "others" and veterans and _family(text, h))]
    others = [h for h in hits if h.kind == "others"]
    if not hits or len(others) == len(hits):
        return [hits] if hits else []
    pairs = list(zip(hits, hits[1:], strict=False))
    seen = ["others" if "others" in {a.kind, b.kind} else _separates(text, hits, a, b)
            for a, b in pairs]  # fmt: skip
    # A bare comma separates the items of a list that "or" ends ("Seniors 60+, people with
    # disabilities, or veterans"), and nothing in one that none does ("Women, 18 and older").
    listed = any(s is True for s in seen)
    options = [[hits[0]]]
    for (_, b), said in zip(pairs, seen, strict=True):
        if said is True or said == "others" or (said == "," and listed):
            options.append([b])
        else:
            options[-1].append(b)
    return options


def _separates(text: str, hits: list[Hit], a: Hit, b: Hit) -> bool | str:
    """Do two neighbouring population hits belong to different alternatives? "," when only
    a bare comma stands between them: the rest of the list decides."""
    if (a.start, a.end) == (b.start, b.end):
        return False  # one phrase stating two facts ("Women and children")
    if a.kind == b.kind and a.kind != "age" and not _adds_kind(hits, a, b):
        return False  # merged into one any-of rule
    gap = text[a.end : b.start]
    words = [w.lower() for w in WORD.findall(gap)]
    if LINK.search(gap) or any(w not in GAP_WORDS for w in words):
        return False  # "women who are homeless", "adults with disabilities": one person
    if NEW_ITEM.search(gap):
        return True  # "women facing an unplanned pregnancy, or women with children"
    if CONNECTOR.search(gap) or (
        "," in gap and not words and a.head and b.head and not (a.numeric_age or b.numeric_age)
    ):
        return True
    return "," if "," in gap and not words else False


def _alternative(
    rule: ParsedRule, options: list[list[Hit]], number: int, open_: bool
) -> ParsedRule:
    """The rule as part of clause ``number``'s alternatives: the options its hits are in.
    One that spans several ("women" in "women facing a pregnancy, or women with children")
    is part of each, and read softly: the phrase may state it of only one of them."""
    inside = sorted(
        {
            i
            for i, option in enumerate(options)
            for h in option
            if h.kind == rule.kind and h.start < rule.end and rule.start < h.end
        }
    )
    if not inside:
        return rule
    group: dict[str, Any] = {"group": number, "options": inside}
    if open_:
        group["open"] = True
    confidence = rule.confidence if len(inside) == 1 else min(rule.confidence, SOFT)
    values = {**rule.values, ANY_OF: group}
    return ParsedRule(rule.kind, values, rule.text, rule.start, rule.end, confidence)


def _shared_gender(text: str, hits: list[Hit]) -> Hit | None:
    """The gender that closes a list of alternatives and so applies to each of them:
    in "ex-offender, drug addicted, or homeless women" all are women."""
    genders = [h for h in hits if h.kind == "gender"]
    if len(genders) != 1 or genders[0].end < max(h.end for h in hits):
        return None
    gender = genders[0]
    before = [h for h in hits if h.end <= gender.start]
    if not before or text[max(h.end for h in before) : gender.start].strip():
        return None  # "seniors or women": the women are an alternative of their own
    return gender


def _adds_kind(hits: list[Hit], a: Hit, b: Hit) -> bool:
    """Does ``b``'s phrase state a kind of fact ``a``'s does not? In "Men, women, or
    men/women with children" the last item adds children: an alternative, not a list."""
    kinds = {h.kind for h in hits if (h.start, h.end) == (b.start, b.end)}
    before = {h.kind for h in hits if (h.start, h.end) == (a.start, a.end)}
    return bool(kinds - before - {"others"})


def _leftover(text: str, start: int, end: int, hits: list[Hit]) -> list[tuple[str, int]]:
    """Words of the clause no hit accounts for (filler aside), with where they start."""
    covered = bytearray(end - start)
    for hit in hits:
        covered[hit.start - start : hit.end - start] = b"\1" * (hit.end - hit.start)
    numeric_age = any(h.numeric_age for h in hits)
    # "Anyone in need of a place to stay, including families whose homes are without heat":
    # after a statement that everyone is served, what "including" lists are only examples.
    open_to_all = min((h.end for h in hits if h.kind == "none"), default=end)
    examples = end
    left = []
    for match in WORD.finditer(text, start, end):
        word = match.group().lower().replace("’", "'")
        if match.start() > examples:
            continue
        if word.startswith("includ") and match.start() >= open_to_all:
            examples = match.start()
        if covered[match.start() - start] or word in FILLER:
            continue
        if numeric_age and word in VAGUE_WORDS:
            continue  # "Youth, ages 8-17": the numbers say what "youth" means
        # "…, including X": X is welcome, not required; any other hedge covers the clause.
        left.append((word, match.start() if word.startswith("includ") else start - 1))
    return left


#: Confidence of a rule read from a listing's description or name rather than from its
#: eligibility text: below 1, so failing it is a question ("others may be served"), never
#: an exclusion, while meeting it counts.
DESCRIBED = 0.5

#: A name that says whom a place is for by a possessive: "Men's Shelter", "The Women's Home".
_NAMED_GENDER = re.compile(
    r"\b(?P<g>women|men|girls|boys)['’]s\s+(?:shelter|home|house|residence|center|centre|"
    r"lodge|program|mission|dormitory|hotel)\b",
    re.I,
)
#: A name that says a place to stay is for families: "Family Shelter", "Charlotte Family
#: Housing", "Family Promise" (the national network of family shelters), "Housing for
#: Families". Not "Family Services" or "Family Health Center": those serve everyone.
_NAMED_FAMILY = re.compile(
    r"\bfamil(?:y|ies)['’]?\s+(?:emergency\s+)?(?:shelters?|promise|housing|homes?|house|"
    r"haven|place|inn|residences?|lodge)\b|\b(?:shelters?|housing|homes?|house)\s+for\s+"
    r"(?:homeless\s+)?families\b",
    re.I,
)


def named_audience(
    name: str | None, confidence: float, stated: Iterable[str] = ()
) -> tuple[ParsedRule, ...]:
    """Whom a service's or organization's name says its places are for — a gender by a
    possessive before the kind of place ("Men's Shelter of Charlotte"), families with
    children ("Family Promise") — for the kinds of rule not ``stated`` otherwise;
    eligibility texts word these otherwise ("men only")."""
    found: list[ParsedRule] = []
    stated = set(stated)
    if "gender" not in stated and (match := _NAMED_GENDER.search(name or "")):
        gender = "female" if match["g"].lower() in {"women", "girls"} else "male"
        found.append(_named("gender", {"genders": [gender]}, match, confidence))
    if "household" not in stated and (match := _NAMED_FAMILY.search(name or "")):
        found.append(_named("household", {"children": True}, match, confidence))
    return tuple(found)


def _named(kind: str, values: dict[str, Any], match: re.Match[str], confidence: float):
    return ParsedRule(kind, values, match.group(), match.start(), match.end(), confidence)


#: Kinds of rule a tag's alternatives are grouped by: a service tagged "Youth (6-12)" and
#: "Teens (13-19)" serves either age, one also tagged "Women/Girls" women and girls of
#: those ages. Tags of every other kind ("Homeless", "Veterans", "Latinx") are one group.
_TAG_DIMENSIONS = frozenset({"age", "gender", "residency", "income"})


def tagged_rules(tags: Sequence[str], confidence: float) -> tuple[ParsedRule, ...]:
    """The rules a source's tags of whom a service is for say ("Seniors (55+)",
    "Women/Girls", "DC Resident"): each tag an alternative of its kind's group, read at
    ``confidence``. A tag the parser does not read ("Health Conditions", the parent of
    others) adds nothing."""
    read = [
        (tag, [r for r in parse_eligibility(tag) if r.kind not in {"unparsed", "none"}])
        for tag in dict.fromkeys(tags)
    ]
    by_dimension: dict[str, list[list[ParsedRule]]] = {}
    for _, rules in read:
        if rules:
            dimension = rules[0].kind if rules[0].kind in _TAG_DIMENSIONS else "who"
            by_dimension.setdefault(dimension, []).append(rules)
    found: list[ParsedRule] = []
    for dimension, alternatives in by_dimension.items():
        for option, rules in enumerate(alternatives):
            for rule in rules:
                values = dict(rule.values)
                if len(alternatives) > 1:
                    values[ANY_OF] = {"group": f"tags: {dimension}", "options": [option]}
                found.append(
                    replace(rule, values=values, confidence=min(confidence, rule.confidence))
                )
    return tuple(found)
