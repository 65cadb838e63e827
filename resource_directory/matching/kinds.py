"""Direct services and the listings that only lead to them.

A client asking for food wants a pantry, not the county's information line, the food
bank's volunteer programme, a donation drive or the office that funds pantries. Such
listings are *indirect*: worth a call when nothing direct is near, never above a direct
provider of what was asked. A listing's name says so in the words agencies use
("Information and Referral", "Helpline", "Volunteer Program", "Donations", "Administrative
Office", "Foundation"); a crisis or suicide line is direct help for a crisis and is not
counted here.
"""

from __future__ import annotations

import re
from functools import lru_cache

#: Kind → the name patterns that say it (matched against the service's name).
INDIRECT_KINDS: dict[str, re.Pattern[str]] = {
    "referral": re.compile(
        r"\b(?:information (?:and|&) referral|info(?:rmation)? (?:line|center|desk|services?)\b|"
        r"referral (?:line|services?|center)|2-?1-?1\b|helpline|help line|hotline|warmline|"
        r"resource (?:line|directory|guide|navigat\w*)|general information|access point)",
        re.I,
    ),
    "volunteer": re.compile(
        r"\bvolunteer(?:s|ing)?\b(?! income tax)|\bretired and senior vol", re.I
    ),
    "donation": re.compile(r"\bdonat(?:e|es|ion|ions|ing)\b|\bdonor\b|\bfundrais", re.I),
    "administrative": re.compile(
        r"\b(?:administrat\w*|headquarters|main office|central office|business office|"
        r"board of|commission (?:on|for)\b|advisory (?:council|board)|legislat\w*|"
        r"speakers? bureau|communication services)",
        re.I,
    ),
    "funding": re.compile(
        r"\b(?:foundation|grantmaking|grant making|funders?|funding|united way|"
        r"community fund)\b",
        re.I,
    ),
}
#: Lines that are direct help for what they answer.
_DIRECT_LINES = re.compile(r"\b(?:crisis|suicide|domestic violence|rape|poison|lifeline)\b", re.I)


@lru_cache(maxsize=65_536)  # names repeat from service to service (the index build's loop)
def indirect_kind(name: str | None) -> str | None:
    """The kind of indirect listing a service's name says it is, or None for a direct one."""
    if not name:
        return None
    for kind, pattern in INDIRECT_KINDS.items():
        if pattern.search(name):
            if kind == "referral" and _DIRECT_LINES.search(name):
                return None
            return kind
    return None
