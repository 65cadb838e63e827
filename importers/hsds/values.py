"""Reading single HSDS values: clock times, RRULE parts, ages, statuses."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from typing import Any

from .legacy import DAY_CODES, weekday_code

_TIME = re.compile(
    r"^(\d{1,2})(?::(\d{2}))?(?::(\d{2})(?:\.\d+)?)?\s*([ap])?\.?\s*(?:m\.?)?\s*"
    r"(?:z|[+-](?:0\d|1[0-4]):?\d{2})?$",
    re.I,
)
_BYDAY = re.compile(r"^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$")
FREQUENCIES = frozenset({"DAILY", "WEEKLY", "MONTHLY", "YEARLY"})
STATUSES = frozenset({"active", "inactive", "defunct", "temporarily closed"})
LOCATION_TYPES = frozenset({"physical", "postal", "virtual"})


def parse_time(raw: str) -> str | None:
    """'9:00', '09:00:00', '8:30AM', '5 pm', '10:00-05:00' → 'HH:MM' local time; else None.

    A bare hour ('9') is too ambiguous to read. The UTC offset HSDS 1.x allowed is dropped:
    the location's time zone says the same.
    """
    match = _TIME.match(raw.strip())
    if not match:
        return None
    hour, minute, _seconds, meridiem = match.groups()
    if minute is None and meridiem is None:
        return None
    h, m = int(hour), int(minute or 0)
    if meridiem:
        if not 1 <= h <= 12:
            return None
        h = h % 12 + (12 if meridiem.lower() == "p" else 0)
    if h > 24 or m > 59 or (h == 24 and m):
        return None
    return f"{h:02d}:{m:02d}"


def closing_time(raw: str) -> str | None:
    """A closing time; midnight is the end of the day ("24:00"), as the directory stores it."""
    value = parse_time(raw)
    return "24:00" if value == "00:00" else value


def parse_byday(raw: str) -> str | None:
    """'TH, FR' / 'th,fr' / 'Thursday' → 'TH,FR'; '3SA' kept; None when not RRULE days."""
    codes = []
    for part in raw.split(","):
        token = part.strip().upper()
        if not _BYDAY.match(token):
            code = weekday_code(token)
            if code is None:
                return None
            token = code
        codes.append(token)
    return ",".join(codes) if codes else None


def parse_bymonthday(raw: str) -> str | None:
    parts = [p.strip() for p in raw.split(",")]
    try:
        days = [int(p) for p in parts]
    except ValueError:
        return None
    if not all(1 <= abs(d) <= 31 for d in days):
        return None
    return ",".join(str(d) for d in days)


def parse_freq(raw: str) -> str | None:
    value = raw.strip().upper()
    return value if value in FREQUENCIES else None


def parse_age(raw: str) -> int | None:
    """'12' / '12.0' → 12; None for anything that is not a whole number of years 0–120."""
    try:
        value = float(raw)
    except ValueError:
        return None
    if not value.is_integer() or not 0 <= value <= 120:
        return None
    return int(value)


def canonical(items: Iterable[Any]) -> tuple[Any, ...]:
    """Distinct record parts in a fixed order (by their values), not the file's: the
    directory keeps no order among a record's phones or schedules, so an HSDS export of it
    lists them in another order, and reading that back must give the same record."""
    unique = dict.fromkeys(items)
    return tuple(sorted(unique, key=lambda item: [str(v) for v in dataclasses.astuple(item)]))


def joined(parts: list[str], separator: str = "; ") -> str | None:
    """Distinct non-empty texts in first-seen order, joined (None when there are none)."""
    unique = list(dict.fromkeys(p.strip() for p in parts if p and p.strip()))
    return separator.join(unique) or None


__all__ = [
    "DAY_CODES",
    "canonical",
    "LOCATION_TYPES",
    "STATUSES",
    "closing_time",
    "joined",
    "parse_age",
    "parse_byday",
    "parse_bymonthday",
    "parse_freq",
    "parse_time",
]
