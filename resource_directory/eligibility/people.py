"""Who the client is: gender, veterans and military, pregnancy, household children, housing."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .ages import _NUM, DASH, number
from .hits import Hit, hit, scan

_NOT_POSSESSIVE = r"(?!['’]s)\b"
_FEMALE = r"(?:women|woman|girls?|females?|mothers?|moms?|ladies)"
_MALE = r"(?:men|man|boys?|males?|fathers?|dads?)"
_PARENT_WORD = re.compile(r"mother|father|mom|dad", re.I)

_GENDER = re.compile(
    rf"\b(?:(?P<f>{_FEMALE})|(?P<m>{_MALE})|(?P<t>trans(?:gender(?:ed)?)?|trans\s+(?:wo)?men)|"
    rf"(?P<n>non-?binary|genderqueer|gender\s+non-?conforming)){_NOT_POSSESSIVE}",
    re.I,
)
# "Women and children": children of any gender come with their mothers.
_WITH_CHILDREN_HEAD = (
    rf"\b(?P<g>{_FEMALE}|{_MALE}|(?:wo)?men/(?:wo)?men)\s*(?P<link>and|&|with|w/)\s*"
    r"(?:their\s+|dependent\s+|minor\s+|young\s+|small\s+)?(?:children|kids|child/children)\b"
)
_VETERAN = re.compile(
    r"\b(?:(?P<retired>retired\s+military(?:\s+personnel)?|military\s+(?:retirees|service\b)|"
    r"discharged?\s+from\s+(?:the\s+)?military"
    r"|veterans?|vets)|(?P<military>(?:active(?:\s+duty)?(?:\s+(?:and|or|&)\s+retired)?\s+)?"
    r"(?:military(?!\s+(?:conflict|identification|id\b))(?:\s+(?:personnel|members|"
    r"service\s*members|families))?|active\s+duty(?:\s+(?:personnel|service\s*members))?|"
    r"service\s*members|armed\s+forces|national\s+guard|reservists)))"
    r"(?P<family>,?\s*(?:and|&)\s*(?:their\s+)?(?:famil(?:y|ies)(?:\s+members)?|dependents|"
    r"spouses|survivors))?\b",
    re.I,
)
_PREGNANT_NOUN = (
    r"(?:women|woman|teens?|females?|persons?|people|girls|students|individuals|mothers)"
)
_PREGNANCY = re.compile(
    rf"\b(?:(?P<post>(?:up\s+to\s+{_NUM}\s+(?:years?|months?|weeks?)\s+)?post-?partum"
    rf"(?:\s+{_PREGNANT_NOUN})?|new\s+mothers|nursing\s+mothers|breast\s*-?feeding"
    rf"(?:\s+(?:women|mothers))?|lactating(?:\s+women)?)|(?P<soft>expectant\s+(?:parents|"
    rf"families|fathers|couples))|(?P<preg>pregnant(?:\s+{_PREGNANT_NOUN}(?:\s*/\s*"
    rf"{_PREGNANT_NOUN})*)?|expectant\s+mothers|expecting\s+mothers|pregnancy|pregnancies|"
    r"expecting|prenatal))\b",
    re.I,
)
_KIDS = r"(?:children|child|kids|minors|infants|toddlers|newborns|grandchildren|child/children)"
_CHILD_AGE = (
    rf"(?:[\s,(]*(?:(?:ages?|aged)\s+)?(?:(?:from\s+)?(?:{_NUM}|birth)(?:\s*months?)?\s*{DASH}\s*(?:age\s+)?"
    rf"(?P<hi>{_NUM})|(?:under|less\s+than|younger\s+than)\s+(?:the\s+age\s+of\s+|age\s+)?"
    rf"(?P<under>{_NUM})|"
    rf"(?P<upto>{_NUM})\s*(?:years?\s*)?(?:of\s+age\s*)?(?:and|or)\s+(?:under|younger)|"
    rf"up\s+to\s+(?:age\s+)?(?P<up>{_NUM}))(?P<unit>\s*(?:years?|yrs?|months?)"
    r"(?:\s*(?:old|of\s+age))?)?)?"
)
_WITH_CHILDREN = re.compile(_WITH_CHILDREN_HEAD + _CHILD_AGE, re.I)
_HOUSEHOLD = re.compile(
    r"\b(?:(?:(?:famil(?:y|ies)|parents?|households?|caregivers?|guardians|grandparents|"
    r"individuals)\s+)?(?:with|of|raising|caring\s+for|"
    r"(?:who\s+)?(?:have|has)|having|w/)\s+(?:legal\s+)?(?:custody\s+of\s+)?(?:(?:their|minor|dependent|"
    r"young|small|school-age|at\s+least\s+one|one\s+or\s+more|a|an|up\s+to\s+\w+)\s+){0,4}"
    rf"{_KIDS}|households?\s+children)\b(?!\s*(?:abuse|care|support|welfare|protective))"
    + _CHILD_AGE,
    re.I,
)
# Prospective, adoptive and foster parents are applicants to become parents, not parents.
_PARENTS = re.compile(
    r"(?<!prospective )(?<!adoptive )(?<!foster )\b(?:single\s+|custodial\s+|non-?custodial\s+|"
    r"young\s+|teen\s+|working\s+)?"
    r"(?:parents?|parent/guardian|guardians)\b",
    re.I,
)
_HOUSEHOLD_SIZE = re.compile(
    rf"\b(?:households?|famil(?:y|ies))\s+of\s+(?P<n>{_NUM})\s+or\s+more(?:\s+(?:people|persons|"
    r"members))?",
    re.I,
)
_AT_RISK = re.compile(
    r"\b(?:at[- ]risk\s+(?:of|for)\s+(?:becoming\s+)?(?:homeless(?:ness)?|eviction|losing\s+"
    r"(?:their\s+)?(?:housing|homes?))|in\s+danger\s+of\s+(?:becoming\s+)?homeless(?:ness)?|"
    r"facing\s+(?:an?\s+)?eviction|(?:(?:in\s+receipt\s+of|with|having|received|ha(?:ve|s))\s+)?"
    r"(?:an?\s+)?(?:court\s+(?:or|and)\s+)?eviction\s+notices?|housing\s+emergenc(?:y|ies))",
    re.I,
)
_HOMELESS = re.compile(
    r"(?<!history of )(?<!formerly )\b(?:(?:chronically\s+)?homeless(?:ness)?"
    r"(?!\s+(?:shelters?|services|prevention|programs?))|transients\b|transient(?=\s+(?:men|women|males|females|persons?|people|individuals|adults|youth|families)\b)|"
    r"experiencing\s+homelessness|(?:persons?|people)\s+without\s+"
    r"(?:permanent\s+)?(?:housing|homes)|without\s+(?:permanent\s+)?(?:housing|homes)|unhoused|"
    r"living\s+on\s+the\s+streets?|in\s+(?:an?\s+)?(?:emergency\s+)?shelters?)\b",
    re.I,
)


def _gender(match: re.Match[str]) -> list[Hit]:
    found = next(key for key in "fmtn" if match[key])
    label = {"f": "female", "m": "male", "t": "transgender", "n": "nonbinary"}[found]
    hits = [hit("gender", {"genders": [label]}, match)]
    if _PARENT_WORD.match(match.group()):  # mothers and fathers have children
        hits.append(hit("household", {"children": True}, match))
    return hits


def _with_children(match: re.Match[str]) -> list[Hit]:
    word = match["g"].lower()
    genders = ["female", "male"] if "/" in word else ["male"] if re.match(_MALE, word) else []
    conf = 1.0 if match["link"].lower() in {"with", "w/"} else 0.5
    household = _household(match)
    return [
        hit("gender", {"genders": genders or ["female"]}, match, conf),
        Hit(household.kind, household.values, household.start, household.end, conf),
    ]


def _veteran(match: re.Match[str]) -> Hit:
    values = {"veteran": True} if match["retired"] else {"military": True}
    if match["military"] and re.search(r"retired", match["military"], re.I):
        values["veteran"] = True
    if match["family"] or re.search(r"families", match.group(), re.I):
        values["family"] = True
    return hit("veteran", values, match)


def _pregnancy(match: re.Match[str]) -> Hit:
    if match["post"]:
        return hit("pregnancy", {"postpartum": True}, match)
    return hit("pregnancy", {"pregnant": True}, match, 0.5 if match["soft"] else 1.0)


def _household(match: re.Match[str]) -> Hit:
    values: dict[str, object] = {"children": True}
    if match["hi"] or match["under"] or match["upto"] or match["up"]:
        age = number(match["hi"] or match["upto"] or match["up"] or match["under"])
        age -= 1 if match["under"] else 0
        if "month" in (match["unit"] or "").lower():
            age = max(age, 0) // 12
        values["max_child_age"] = max(age, 0)
    return hit("household", values, match)


def find_people(clause: str, offset: int) -> Iterator[Hit]:
    """Pregnancy, veterans, household children, then housing status (most specific first)."""
    yield from scan(_PREGNANCY, clause, offset, _pregnancy)
    yield from scan(_VETERAN, clause, offset, _veteran)
    yield from scan(_WITH_CHILDREN, clause, offset, _with_children)
    yield from scan(_HOUSEHOLD, clause, offset, _household)
    yield from scan(_HOUSEHOLD_SIZE, clause, offset, _size)
    yield from scan(_PARENTS, clause, offset, lambda m: hit("household", {"children": True}, m))
    yield from scan(_AT_RISK, clause, offset, lambda m: hit("housing_status", {"at_risk": True}, m))
    yield from scan(
        _HOMELESS, clause, offset, lambda m: hit("housing_status", {"homeless": True}, m)
    )


def find_gender(clause: str, offset: int) -> Iterator[Hit]:
    """Gender words; run after named groups so "gay, lesbian and transgender" stays one group."""
    yield from scan(_GENDER, clause, offset, _gender)


def _size(match: re.Match[str]) -> Hit:
    return hit("household", {"min_size": number(match["n"])}, match)
