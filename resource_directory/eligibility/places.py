"""Where the client must live: states, counties, cities and ZIP codes named with a residency cue.

Only self-identifying places are read — a state, "X County", "Baltimore City", "City of X",
ZIP codes. A bare name ("East Baltimore residents", "Ward 7") may be a neighbourhood, so it
stays unparsed rather than guessed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .hits import Hit, scan

STATES = {
    "alabama": "AL", "alaska": "AK", "arizona": "AZ", "arkansas": "AR", "california": "CA",
    "colorado": "CO", "connecticut": "CT", "delaware": "DE", "district of columbia": "DC",
    "florida": "FL", "georgia": "GA", "hawaii": "HI", "idaho": "ID", "illinois": "IL",
    "indiana": "IN", "iowa": "IA", "kansas": "KS", "kentucky": "KY", "louisiana": "LA",
    "maine": "ME", "maryland": "MD", "massachusetts": "MA", "michigan": "MI", "minnesota": "MN",
    "mississippi": "MS", "missouri": "MO", "montana": "MT", "nebraska": "NE", "nevada": "NV",
    "new hampshire": "NH", "new jersey": "NJ", "new mexico": "NM", "new york state": "NY",
    "north carolina": "NC", "north dakota": "ND", "ohio": "OH", "oklahoma": "OK", "oregon": "OR",
    "pennsylvania": "PA", "rhode island": "RI", "south carolina": "SC", "south dakota": "SD",
    "tennessee": "TN", "texas": "TX", "utah": "UT", "vermont": "VT", "virginia": "VA",
    "washington state": "WA", "state of washington": "WA", "west virginia": "WV",
    "wisconsin": "WI", "wyoming": "WY", "washington, dc": "DC", "washington dc": "DC",
    "washington, d.c.": "DC", "washington d.c.": "DC", "d.c.": "DC",
}  # fmt: skip
_CODES = sorted(set(STATES.values()))


def state_code(text: str) -> str:
    """The two-letter code of a state written as a code or a name ("Maryland", "md");
    the text itself, upper-cased, when it is neither."""
    cleaned = " ".join(text.split()).strip(" .")
    # In a state column "New York" and "Washington" are the states, not the cities.
    lower = {"new york": "new york state", "washington": "washington state"}.get(
        cleaned.lower(), cleaned.lower()
    )
    return STATES.get(lower, cleaned.upper())


# Case-sensitive codes only: "IN", "OR" and "ME" are also words.
_STATE = (
    r"(?:(?:the\s+)?(?:state\s+of\s+)?(?i:"
    + "|".join(re.escape(name) for name in sorted(STATES, key=len, reverse=True))
    + r")(?![\w])|\b(?:"
    + "|".join(_CODES)
    + r")\b)"
)
# Capitalised words that start a sentence or a cue rather than a place name.
_NOT_NAME = (
    r"(?!(?:Serves?|Serving|Open|All|Any|Must|For|To|The|Only|And|Or|Of|In|Live|Lives|Living|"
    r"Reside|Resides|Residing|Residents?|Who|Low|Income|Seniors?|Adults?|Families|Persons|People|"
    r"Homeless|Women|Men|Youth|Children|Veterans|Anyone|Priority|Eligibility)\b)"
)
_NAME = rf"(?:{_NOT_NAME}(?:St\.|[A-Z][a-z]+(?:['’]s)?)(?:\s+|(?=\s*(?:County|City))))"
_DIRECTION = re.compile(r"^(?:North|South|East|West|Northern|Southern|Eastern|Western|Central)\b")
_COUNTY = rf"(?:{_NAME}{{1,3}}\s*(?:County|City)\b(?:\s+and\s+County\b)?)"
_CITY = r"(?:City\s+of\s+(?:[A-Z][a-z]+\s*){1,3})"
_PLACE = rf"(?:{_CITY}|{_COUNTY}|{_STATE})"
# "Washington DC area", "Baltimore metro": the region around a place is no jurisdiction.
_PLACES = (
    rf"(?:{_PLACE}(?:\s*(?:,|;|/|&|\band\b|\bor\b|,\s*and\b|,\s*or\b)\s*{_PLACE})*)"
    r"(?!\s+(?i:area|metro|metropolitan|region|vicinity))"
)
_RESIDENT = r"(?i:residents?|residency|resident\s+(?:families|seniors|citizens?))"
_LIVE = (
    r"(?i:(?:must\s+)?(?:be\s+)?(?:an?\s+)?(?:residents?\s+of|reside(?:s|nts)?\s+(?:in|within)|"
    r"residing\s+in|lives?\s+in|living\s+in|(?:who\s+)?lives?,?\s+(?:and/or\s+|or\s+)?"
    r"works?,?\s+(?:or\s+go(?:es)?\s+to\s+school\s+)?in|lives?\s+(?:and/or|or)\s+works?\s+in|"
    r"reside\s+(?:and/or|or)\s+work\s+in|from|within))"
)
_PEOPLE = (
    r"(?i:individuals|people|persons|families|households|seniors|youth|adults|children|"
    r"women|men|veterans|students|clients|those|anyone|everyone)"
)
_RESIDENCY = re.compile(
    rf"(?P<after>{_LIVE}\s+(?:the\s+)?(?P<p1>{_PLACES}))|(?P<p2>{_PLACES})\s*{_RESIDENT}"
    # "Seniors 60+ in Baltimore County" — but not "in Baltimore County public schools".
    rf"|\b(?i:in)\s+(?P<p3>{_PLACES})(?=\s*(?:$|[,;.)]))"
    # "Services to low income individuals in Alameda County to …": the people served there.
    rf"|\b{_PEOPLE}\s+(?:(?:living|residing)\s+)?(?P<in>(?i:in)\s+(?:the\s+)?(?P<p4>{_PLACES}))"
    r"(?!\s+(?i:public\s+)?(?i:schools?|jails?|prisons?|hospitals?|courts?|detention))"
    rf"|(?:{_LIVE}\s+(?:the\s+)?(?:following\s+)?)?\b(?i:zip)\s*(?i:codes?|code\(s\))?\s*"
    r"(?i:served\s*)?:?\s*(?P<zips>\d{5}(?:\s*(?:,|or|and|&|/)\s*(?:or\s+|and\s+)?\d{5})*)",
)


def _canonical_county(name: str) -> str:
    name = " ".join(name.split())
    return " ".join(w if w[:1].isupper() else w.capitalize() for w in name.split())


def _places(text: str) -> dict[str, list[str]] | None:
    found: dict[str, set[str]] = {"counties": set(), "cities": set(), "states": set()}
    for match in re.finditer(_PLACE, text):
        place = " ".join(match.group().split())
        lower = re.sub(r"^(?:the\s+)?(?:state\s+of\s+)?", "", place.lower())
        if lower in STATES or place in _CODES:
            found["states"].add(STATES.get(lower, place))
        elif place.startswith("City of"):
            found["cities"].add(place[len("City of ") :].strip())
        elif _DIRECTION.match(place):
            return None  # "South Montgomery County" is part of a county: ask
        elif place.endswith("City and County"):
            stem = place[: -len("City and County")].strip()
            found["counties"] |= {f"{stem} City", f"{stem} County"}
        else:
            found["counties"].add(_canonical_county(place))
    return {key: sorted(values) for key, values in found.items() if values} or None


_NOT_WHERE_LIVING = re.compile(
    r"\b(?:be|is|are|was|were|occurr?(?:ed|s)?|happen(?:ed|s)?|located|based|take\s+place)\s*$",
    re.I,
)


def _residency(match: re.Match[str]) -> Hit | None:
    if match["zips"]:
        return Hit("residency", {"zips": re.findall(r"\d{5}", match["zips"])}, *match.span())
    values = _places(match["p1"] or match["p2"] or match["p3"] or match["p4"])
    if values is None:
        return None
    if match["p3"] and _NOT_WHERE_LIVING.search(match.string[: match.start()]):
        return None  # "case must be in DC": where something happens, not where one lives
    if match["p4"]:  # the people before "in" are a rule of their own ("Seniors in …")
        return Hit("residency", values, *match.span("in"))
    cue = (match["after"] or "").lower()
    # "live or work in", "from": the place is not (only) a residence.
    soft = "work" in cue or "school" in cue or cue.startswith(("from", "within"))
    return Hit("residency", values, *match.span(), 0.5 if soft else 1.0)


def find_residency(clause: str, offset: int) -> Iterator[Hit]:
    """Residency hits: "Baltimore City residents", "must live in ZIP codes 21201, 21202"."""
    yield from scan(_RESIDENCY, clause, offset, _residency)
