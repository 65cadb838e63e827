"""Client ages: "Youth 14–24", "18 and older", "under 5", "Seniors (60+)", "older adults"."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .hits import Hit, scan

DASH = r"(?:-|–|—|\bto\b|\bthrough\b|\bthru\b)"
_NUMBER_WORDS = {
    word: value
    for value, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen "
        "fourteen fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
}
# A count, not a money figure, percentage, ordinal ("9th"), fraction ("1/2") or time.
_NUM = (
    r"(?<![\d$.,/])(?:\d{1,3}(?!\d|st\b|nd\b|rd\b|th\b|\s*/\s*\d|\s*%|\s*percent|:\d|\.\d)|"
    r"\b(?:" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")\b)"
)
_UNIT = r"(?:\s*-?\s*(?:years?|yrs?)(?:\s*-?\s*(?:of\s+age|old))?)"
#: The age at which the people a rule names are adults.
ADULT = 18
_NOT_AGE_UNIT = r"(?!\s*(?:months?|weeks?|days?|hours?|degrees|lbs?|pounds|miles))"

SENIOR = (
    r"(?:senior\s+citizens?|seniors?|elderly(?:\s+(?:persons?|people|individuals))?|elders|"
    r"older\s+(?:adults?|persons?|people|individuals|americans))"
)
VAGUE = (
    r"(?:youths?|young\s+adults?|young\s+people|children|child|kids|teens?|teenagers?|"
    r"adolescents?|juveniles?|minors?|infants?|toddlers?|preschoolers?|newborns?)"
)
#: Words that name an age group without numbers; understood only beside an age rule.
VAGUE_WORDS = frozenset(
    "youth youths young adult adults children child kids teen teens teenager teenagers "
    "adolescent adolescents juvenile juveniles minor minors infant infants toddler toddlers "
    "preschool preschoolers newborn newborns".split()
)
# A group word leading the numbers belongs to the same rule: "Seniors (60+)", "Youth, ages 8-17".
_LEAD = (
    rf"(?:\b(?:{SENIOR}|{VAGUE}|adults?|persons?|people|individuals?)\b"
    r"(?:\s+(?:persons?|people|individuals))?[\s,(:–—-]*)?"
)
_AGES = r"(?:\b(?:ages?|aged)\s*:?\s*)"
# …or follows it: "65 years or older senior citizens".
_TRAIL = rf"(?:\s+(?:{SENIOR}|adults?)\b)?"

_RANGE = re.compile(
    rf"{_LEAD}(?P<between>\bbetween\s+(?:the\s+)?)?(?P<cue>{_AGES}(?:of\s+)?)?(?:from\s+)?"
    rf"(?P<lo>{_NUM}|\bbirth\b|\bnewborns?\b)(?:\s*(?:years?|yrs?))?\s*(?P<sep>{DASH}|\band\b)"
    rf"\s*(?:age\s+)?(?P<hi>{_NUM})(?P<unit>{_UNIT})?(?:\s+inclusive)?",
    re.I,
)
_MIN = re.compile(
    rf"{_LEAD}{_AGES}?(?P<n>{_NUM})\s*(?:\+\s*(?:years?|yrs?)?(?:\s*(?:of\s+age|old))?|"
    r"(?:years?|yrs?)\s*(?:of\s+age\s*|old(?:er)?\s*)?(?:\+|(?:and|or|&)\s*(?:older|over|up|above)|"
    rf"-over)|(?:and|or|&)\s*(?:older|over|up|above)|-\s*over){_TRAIL}",
    re.I,
)
_MIN_PREFIX = re.compile(
    rf"{_LEAD}(?P<kw>minimum\s+age\s*:?|at\s+least|over(?:\s+the\s+age\s+of|\s+age)?|"
    rf"older\s+than|ages?|aged|must\s+be(?:\s+at\s+least)?)\s*(?P<n>{_NUM})"
    rf"(?P<unit>{_UNIT})?{_NOT_AGE_UNIT}(?!\s*{DASH}\s*\d)"
    r"(?!\s*(?:years?\s*)?(?:of\s+age\s*)?(?:and|or|&)\s*(?:under|younger|below|older|over|up))",
    re.I,
)
_MAX = re.compile(
    rf"{_LEAD}{_AGES}?(?:(?P<kw>under|younger\s+than|below|less\s+than)\s+"
    rf"(?:the\s+age\s+of\s+|age\s+)?(?P<n>{_NUM}){_UNIT}?{_NOT_AGE_UNIT}"
    rf"|(?:up\s+to|to)\s+(?:the\s+)?age\s+(?:of\s+)?(?P<u>{_NUM}){_UNIT}?"
    rf"|up\s+to\s+(?P<v>{_NUM})\s*(?:years?|yrs?)(?:\s*(?:of\s+age|old))?"
    rf"|(?P<m>{_NUM})\s*(?:years?|yrs?)?\s*(?:of\s+age\s*|old\s*)?(?:and|or|&)\s*"
    r"(?:under|younger|below))",
    re.I,
)
_SOFT_SENIOR = re.compile(
    rf"\b{SENIOR}\b(?!\s+(?:centers?|centres?|housing|apartments?|programs?|services|"
    r"buildings?|communit(?:y|ies)|complex))",
    re.I,
)
_SOFT_ADULT = re.compile(
    r"\b(?<!young )(?<!older )adults?\b(?!\s+(?:children|day|education|protective|"
    r"services|classes|literacy|care|programs?|basic))",
    re.I,
)


# "Young women 13-20", "Males 19-64": a people word just before a bare range marks it an age.
_PEOPLE_BEFORE = re.compile(
    r"\b(?:women|men|girls|boys|males|females|mothers|fathers|persons|people|individuals|"
    r"students|patients)[\s,]*$",
    re.I,
)


def number(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBER_WORDS[word.lower()]


def _age(values: dict[str, int], match: re.Match[str], conf: float = 1.0) -> Hit:
    return Hit("age", values, match.start(), match.end(), conf, numeric_age=True)


def _range(match: re.Match[str]) -> Hit | None:
    lo_text, hi = match["lo"], number(match["hi"])
    lo = 0 if lo_text.lower().startswith(("birth", "newborn")) else number(lo_text)
    # "between 3 and 5"; "ages 3 and 4" names two neighbouring ages, not a minimum.
    if match["sep"].lower() == "and" and not (
        match["between"] or (match["cue"] and 0 < hi - number(lo_text) <= 2)
    ):
        return None
    # A bare "14-24" is an age only with an age word around it (not "1-2 pm", "grades 1-5").
    cue = match["cue"] or match["unit"] or match["between"] or not lo_text[0].isdigit()
    people = _PEOPLE_BEFORE.search(match.string[max(0, match.start() - 30) : match.start()])
    if not (lo < hi <= 120) or not (cue or people or match.group().strip()[0].isalpha()):
        return None
    return _age({"min": lo, "max": hi}, match)


def _max(match: re.Match[str]) -> Hit | None:
    before = match.string[max(0, match.start() - 4) : match.start()].lower()
    if match["n"] is not None:
        if before.endswith("for "):  # "in the US for under five years"
            return None
        value = number(match["n"]) - 1  # "under 18" → up to 17
    else:
        value = number(match["u"] or match["v"] or match["m"])  # "18 and under" → 18
    return _age({"max": value}, match) if 0 <= value <= 120 else None


def _min(match: re.Match[str]) -> Hit | None:
    value = number(match["n"])
    return _age({"min": value}, match) if value <= 110 else None


def _min_prefix(match: re.Match[str]) -> Hit | None:
    keyword = match["kw"].lower()
    # "at least 2 years" of marriage is no age; "at least 18 years of age" is.
    unit = (match["unit"] or "").lower()
    if keyword.startswith("at least") and "age" not in unit and "old" not in unit:
        return None
    return _min(match)


def find_ages(clause: str, offset: int) -> Iterator[Hit]:
    """Numeric age hits, most specific form first (the caller keeps non-overlapping ones)."""
    yield from scan(_RANGE, clause, offset, _range)
    yield from scan(_MAX, clause, offset, _max)
    yield from scan(_MIN, clause, offset, _min)
    yield from scan(_MIN_PREFIX, clause, offset, _min_prefix)


# "Infants and toddlers", "preschoolers": the young children served, by their usual ages.
_SOFT_CHILD = re.compile(
    r"\b(?:(?P<infants>infants?|babies|newborns?)(?:\s*(?:,|and|&|or|/)\s*(?P<toddlers>"
    r"toddlers?))?|(?P<toddler>toddlers?)|(?P<preschool>preschoolers|preschool[- ]age[d]?\s+"
    r"children))\b",
    re.I,
)
_NAMES_A_PLACE = re.compile(r"\s*(?:programs?|centers?|centres?|services|classes|rooms?)\b", re.I)


def _soft_child(match: re.Match[str]) -> Hit | None:
    if _NAMES_A_PLACE.match(match.string, match.end()):
        return None  # "an Infants and Toddlers Program" names a programme, not who is served
    if match["preschool"]:
        values = {"min": 3, "max": 5}
    else:
        values = {"min": 0 if match["infants"] else 1, "max": 3 if match["toddlers"] or
                  match["toddler"] else 1}  # fmt: skip
    return Hit("age", values, *match.span(), 0.5)


# "For youth", "assists children with …", "serving teens": the young people a programme is
# for, said without their ages. Not a thing named after them ("child care", "children's
# hospital", "youth center") and not the children of those served ("parents of children").
_SOFT_YOUNG = re.compile(
    r"(?<!parents of )(?<!families of )(?<!caregivers of )(?<!adult )(?<!grand)"
    r"\b(?:(?P<children>children|child|kids|minors)|(?P<youth>youths?|young\s+people)|"
    r"(?P<teens>teens|teenagers|adolescents))\b"
    r"(?!['’]s)(?!\s*(?:care|support|abuse|welfare|development|custody|protective|"
    r"services?\s+(?:agency|department)|advocacy|ministry|centers?|centres?|programs?|"
    r"clubs?|leagues?|sports|hospital|museum))",
    re.I,
)
#: The usual ages of each such group.
_YOUNG_AGES = {
    "children": {"max": ADULT - 1},
    "youth": {"max": 24},
    "teens": {"min": 12, "max": 19},
}


# "Adults and their minor children", "children must be accompanied by an adult": children
# who come with those served, not a programme for them.
_WITH_SOMEONE = re.compile(
    r"\b(?:their|whose|with|w/|of|accompanied\s+by|accompanying)\s+(?:[a-z-]+\s+)?$|"
    r"\b(?:parents?|families|caregivers?|guardians?)\s+(?:of|with)\b[^.;]*$",
    re.I,
)
# "Children 2 1/2 to 18", "Youth, ages …": numbers the ages are told by, read or not.
# (School grades are not ages: "children (grades 2-5)" are children all the same.)
_TOLD_BY_NUMBERS = re.compile(r"[\s,(:]*(?:\d|ages?\b|aged\b)", re.I)
_ALSO_ALLOWED = re.compile(
    r"\s+(?:(?:are|is|must\s+be|should\s+be)\s+)?(?:accompanied|welcome|allowed|permitted|"
    r"supervised)\b",
    re.I,
)


def _soft_young(match: re.Match[str]) -> Hit | None:
    before = match.string[max(0, match.start() - 60) : match.start()]
    after = match.end()
    if (
        _WITH_SOMEONE.search(before)
        or _ALSO_ALLOWED.match(match.string, after)
        or _TOLD_BY_NUMBERS.match(match.string, after)
    ):
        return None
    group = next(name for name in _YOUNG_AGES if match[name])
    return Hit("age", dict(_YOUNG_AGES[group]), *match.span(), 0.5)


def find_soft_ages(clause: str, offset: int) -> Iterator[Hit]:
    """Group words with a usual but programme-dependent age: "seniors" (60+), "adults" (18+),
    "infants and toddlers" (0-3), "youth" (up to 24), "children" (under 18) where no numbers
    say the ages."""
    yield from scan(_SOFT_SENIOR, clause, offset, lambda m: Hit("age", {"min": 60}, *m.span(), 0.5))
    yield from scan(_SOFT_ADULT, clause, offset, lambda m: Hit("age", {"min": 18}, *m.span(), 0.5))
    if not any(find_ages(clause, offset)):
        yield from scan(_SOFT_CHILD, clause, offset, _soft_child)
        yield from scan(_SOFT_YOUNG, clause, offset, _soft_young)
