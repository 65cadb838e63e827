"""Problems a request states, and the substances a listing's or a request's words name.

A group defined by a problem ("opiate dependent", "HIV positive", "survivors of domestic
violence") is met only when the request states that same problem: by the need asked for
(asking for substance use help states a substance use problem, but not which substance) or
by the coordinator's own words ("heroin", "drinking", "domestic violence"). The listing's
groups (:mod:`.groups`) and the request are read with the same vocabularies here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

#: Substances by the words that name them; "drugs" is any drug other than alcohol.
ALCOHOL, OPIOIDS, STIMULANTS, CANNABIS, DRUGS = (
    "alcohol",
    "opioids",
    "stimulants",
    "cannabis",
    "drugs",
)
_SUBSTANCE_WORDS = (
    (ALCOHOL, r"alcohol\w*|drink(?:s|ing|er|ers)?|drunk\w*|liquor|beer"),
    (
        OPIOIDS,
        r"opi(?:ate|oid)s?|heroin|fentanyl|oxycodone|oxycontin|percocets?|morphine|methadone|"
        r"suboxone|buprenorphine|painkillers?|pain\s+pills?",
    ),
    (
        STIMULANTS,
        r"cocaine|crack|meth|methamphetamines?|crystal\s+meth|amphetamines?|stimulants?",
    ),
    (CANNABIS, r"marijuana|cannabis|weed"),
    (DRUGS, r"drugs?|narcotics?"),
)
_SUBSTANCE = re.compile(
    r"\b(?:" + "|".join(f"(?P<s{i}>{p})" for i, (_, p) in enumerate(_SUBSTANCE_WORDS)) + r")\b",
    re.I,
)
#: Every substance: a listing naming both alcohol and drugs names no particular one.
EVERY = frozenset({ALCOHOL, DRUGS})


def substances_in(text: str | None) -> frozenset[str]:
    """The substances some words name ("heroin" → opioids, "drinking" → alcohol)."""
    if not text:
        return frozenset()
    found = set()
    for match in _SUBSTANCE.finditer(text):
        index = int(next(k for k, v in match.groupdict().items() if v)[1:])
        found.add(_SUBSTANCE_WORDS[index][0])
    return frozenset(found)


def covers(served: frozenset[str], named: frozenset[str]) -> bool | None:
    """Does a listing for ``served`` substances serve a client who named ``named``? True,
    False when clearly not, None when it cannot tell (a client's "drugs" for an opioid
    programme; alcohol alone for a "drug" programme)."""
    if not served or ALCOHOL in served and DRUGS in served:
        return True
    specific = named - {DRUGS}
    if served & specific or (DRUGS in served and specific - {ALCOHOL}):
        return True
    if DRUGS in served or DRUGS in named or not specific:
        return None
    return False


#: The problem groups (labels of :mod:`.groups` and disability types) and the words of a
#: request that state each. A substance named states a substance use problem.
SUBSTANCE_USE = "substance use"
#: Sex, gambling, gaming … addictions: asking for substance use help does not state one.
BEHAVIOURAL_ADDICTION = "behavioural addiction"
_PROBLEM_WORDS = {
    SUBSTANCE_USE: r"substance\s+(?:use|abuse)|addict\w*|detox\w*|rehab\w*|sober\w*|sobriety|"
    r"recovery|overdos\w*|relapse\w*|withdrawal",
    "mental illness": r"mental(?:ly)?\s+ill\w*|depressi\w*|anxiety|bipolar|schizo\w*|psychos[ie]s|"
    r"psychotic|PTSD|suicid\w*",
    "serious mental illness": r"serious\s+mental\s+illness\w*|SMI|SPMI|bipolar|schizo\w*|"
    r"psychos[ie]s|psychotic",
    BEHAVIOURAL_ADDICTION: r"gambl\w*|(?:sex|sexual|love|porn\w*|internet|gaming|shopping)\s+"
    r"addict\w*|porn\w*|compulsive\s+(?:sex\w*|gambl\w*|shopping|gaming)",
    "people with HIV": r"HIV|hiv/aids|(?-i:AIDS)",
    "domestic violence survivors": r"domestic\s+(?:violence|abuse)|(?-i:DV)|intimate\s+partner\s+"
    r"violence|battered|abusive\s+(?:partner|relationship|husband|wife|boyfriend|girlfriend|"
    r"spouse)",
    "sexual assault survivors": r"sexual(?:ly)?\s+(?:assault\w*|abuse\w*|violence)|rape\w*",
}
_PROBLEMS = {
    problem: re.compile(rf"\b(?:{words})(?![\w'’])", re.I)
    for problem, words in _PROBLEM_WORDS.items()
}
#: Needs that state a problem by being asked for. A serious mental illness is a diagnosis
#: to ask about, not something asking for care shows.
_NEED_PROBLEMS = {"substance-use": SUBSTANCE_USE, "mental-health": "mental illness"}
PROBLEMS = frozenset(_PROBLEM_WORDS)


@dataclass(frozen=True)
class Stated:
    """What a request says about the client's problems."""

    #: Problem → how the request states it: ("need", slug) or ("words", the words used).
    problems: dict[str, tuple[str, str]]
    #: Substances the request's words name.
    substances: frozenset[str]


@lru_cache(maxsize=1024)
def stated(needs: tuple[str, ...], query: str | None) -> Stated:
    """The problems a request states by its needs and its free-text words."""
    problems: dict[str, tuple[str, str]] = {}
    substances = substances_in(query)
    if substances:  # "heroin detox": the substance says the most
        problems[SUBSTANCE_USE] = ("words", _SUBSTANCE.search(query or "").group())  # type: ignore[union-attr]
    for problem, pattern in _PROBLEMS.items():
        if query and problem not in problems and (match := pattern.search(query)):
            problems[problem] = ("words", match.group())
    for need in needs:
        if (problem := _NEED_PROBLEMS.get(need)) and problem not in problems:
            problems[problem] = ("need", need)
    return Stated(problems, substances)
