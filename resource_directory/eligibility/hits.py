"""What every pattern module returns: a ``Hit`` — a span of a clause read as one fact.

A hit with an empty ``kind`` is understood but states no condition ("all ages", "no
residency requirement", "and their families"); it only keeps its words out of ``unparsed``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

#: Kinds that describe who is served; alternatives among them soften each other.
POPULATION = frozenset(
    {
        "age",
        "gender",
        "veteran",
        "household",
        "pregnancy",
        "disability",
        "housing_status",
        "other_population",
        "income",
        "others",
    }
)

# Nouns for people: a hit containing one names a population of its own ("pregnant women"),
# one without only narrows another ("homeless", "18 and older").
_PERSON = re.compile(
    r"\b(?:women|woman|men|man|girls?|boys?|females?|males?|mothers?|fathers?|moms?|dads?|"
    r"seniors?|citizens|elderly|elders|adults?|children|child|kids|youths?|teens?|teenagers?|"
    r"adolescents?|juveniles?|families|parents?|caregivers?|students?|immigrants?|refugees?|"
    r"asylees?|survivors?|victims?|recipients?|persons?|people|individuals?|patients?|"
    r"inmates?|offenders?|veterans?|vets|military|personnel|homeowners?|buyers?|homebuyers?|"
    r"workers?|users?|abusers?|alcoholics?|addicts?|members?|infants?|toddlers?|"
    r"gays?|lesbians?|latinos?|latinas?|hispanics?|americans?|nonprofits?|businesses|"
    r"organizations?|agencies|friends|relatives|households?|guardians?|anyone|those)\b",
    re.I,
)


@dataclass(frozen=True)
class Hit:
    """One recognised span, in the coordinates of the whole text."""

    kind: str
    values: dict[str, Any]
    start: int
    end: int
    confidence: float = 1.0
    #: Set by the age module for spans that carry numbers ("ages 8-17").
    numeric_age: bool = False
    #: Names a population of its own ("pregnant women", not "homeless"); set by ``scan``.
    head: bool = field(default=False, compare=False)


Build = Callable[[re.Match[str]], list[Hit] | Hit | None]


def scan(pattern: re.Pattern[str], clause: str, offset: int, build: Build) -> Iterator[Hit]:
    """Hits for every match of ``pattern`` in ``clause`` that ``build`` accepts."""
    for match in pattern.finditer(clause):
        made = build(match)
        for hit in made if isinstance(made, list) else [made] if made else []:
            text = clause[hit.start : hit.end]
            yield Hit(
                hit.kind,
                hit.values,
                hit.start + offset,
                hit.end + offset,
                hit.confidence,
                hit.numeric_age,
                bool(_PERSON.search(text)),
            )


def hit(kind: str, values: dict[str, Any], match: re.Match[str], conf: float = 1.0) -> Hit:
    """A hit covering the whole match (clause coordinates; ``scan`` shifts them)."""
    return Hit(kind, values, match.start(), match.end(), conf)


def vocabulary(entries: list[tuple[str, str]], flags: int = re.I) -> re.Pattern[str]:
    """One pattern with a named group per entry, so a match says which entry it was."""
    parts = [f"(?P<v{i}>{pattern})" for i, (pattern, _) in enumerate(entries)]
    return re.compile(r"\b(?:" + "|".join(parts) + r")(?![\w'’])", flags)


def entry(match: re.Match[str], entries: list[tuple[str, str]]) -> str:
    """The label of the vocabulary entry that matched."""
    index = int(next(name for name, value in match.groupdict().items() if value)[1:])
    return entries[index][1]
