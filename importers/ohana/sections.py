"""The headed sections iCarol writes into a service description ("OVERVIEW:", "VOLUNTEERS:").

CHARMcare-style descriptions mix what the service does with what the agency asks of
volunteers and donors, bus lines and home-visit flags. Inferring needs from the whole text
tags a clinic "food" because it collects canned goods, or "transportation" because a bus
stops outside; the eligibility field often just says "See notes" while the real rules sit
in an "ELIGIBILITY:" section. This module splits a description at its headers so callers
can read only the sections that matter.
"""

from __future__ import annotations

import re

# A header starts a line: a capitalised label of a few words, then a colon ("HOME VISITS:",
# "Home visits:"). A numbered one ("1) SOUP KITCHEN:") heads one of the services offered.
_HEADER = re.compile(
    r"(?m)^[ \t]*(?P<item>(?:\d{1,2}|[a-z])\)[ \t]*)?(?P<label>[A-Z][A-Za-z &/'-]{1,40}?)[ \t]*:"
)
#: Headers whose sections say nothing about the service a client would receive.
_ASIDE_LABELS = frozenset(
    {
        "volunteers", "volunteer", "volunteer opportunities", "holiday volunteers",
        "donations", "holiday donations", "bus", "bus line", "bus lines", "transportation",
        "public transportation", "available transportation", "home visits",
        "home visit available", "wheelchair accessibility", "wheelchair access", "phone",
        "fax", "tty", "tel", "office", "contact", "hours", "eligibility", "fees", "intake",
        "intake procedure", "intake documentation", "application", "locations",
        "other locations", "other location", "additional locations", "note", "notes",
    }
)  # fmt: skip
#: The label of a numbered section ("1) SOUP KITCHEN: …"), which describes a service.
SERVICE_ITEM = "service item"
_ELIGIBILITY = frozenset({"eligibility"})
_SEE_NOTES = re.compile(r"\bsee\s+(?:the\s+)?notes?\b", re.I)


def sections(text: str | None) -> list[tuple[str | None, str]]:
    """(lower-cased header or None for the text before the first one, section text)."""
    if not text:
        return []
    found: list[tuple[str | None, str]] = []
    starts = list(_HEADER.finditer(text))
    if not starts or starts[0].start() > 0:
        found.append((None, text[: starts[0].start() if starts else len(text)]))
    ends = [m.start() for m in starts[1:]] + [len(text)] if starts else []
    for match, end in zip(starts, ends, strict=True):
        if match["item"]:
            found.append((SERVICE_ITEM, text[match.start() : end]))
        else:
            found.append((_label(match["label"]), text[match.end() : end]))
    return [(label, body.strip()) for label, body in found if body.strip()]


def service_text(text: str | None) -> str:
    """The description without its asides (volunteers, donations, bus lines, intake …)."""
    return "\n".join(body for label, body in sections(text) if label not in _ASIDE_LABELS)


def eligibility_notes(eligibility: str | None, description: str | None) -> str | None:
    """The description's "ELIGIBILITY:" section when the eligibility field points to the
    notes ("See notes."), so the rules stated there are read too; otherwise None."""
    if not eligibility or not _SEE_NOTES.search(eligibility):
        return None
    found = [body for label, body in sections(description) if label in _ELIGIBILITY]
    return " ".join(" ".join(body.split()) for body in found) or None


def _label(raw: str) -> str:
    return " ".join(raw.lower().split())
