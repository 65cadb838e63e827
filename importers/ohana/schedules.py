"""regular_schedules.csv and holiday_schedules.csv → schedule rows on a location or service.

Regular rows become weekly HSDS schedules, one per row. Holiday rows become dated
schedules (``valid_from``/``valid_to``; ``notes`` "closed" when closed). Ohana writes a
holiday that recurs every year with the placeholder year 0001 ("January 01, 0001"): such a
row keeps no dates — they would lie two thousand years in the past — and says "every
year" in its description instead.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date, datetime

from ..records import RecordSet, ScheduleRecord
from .tables import Row
from .values import Folder

WEEKDAYS = {
    name: code
    for code, names in (
        ("MO", ("monday", "mon")), ("TU", ("tuesday", "tue", "tues")),
        ("WE", ("wednesday", "wed")), ("TH", ("thursday", "thu", "thur", "thurs")),
        ("FR", ("friday", "fri")), ("SA", ("saturday", "sat")), ("SU", ("sunday", "sun")),
    )
    for name in names
}  # fmt: skip
DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y", "%m/%d/%y", "%B %d, %Y", "%b %d, %Y", "%d %B %Y")
#: Years before this are placeholders for "every year".
FIRST_REAL_YEAR = 1900
_CLOCK = re.compile(r"^(\d{1,2})(?::?(\d{2}))?(?::\d{2})?\s*(?:([ap])\.?\s*m?\.?)?$", re.I)

Owners = dict[tuple[str, str], list[ScheduleRecord]]


def read_schedules(folder: Folder, records: RecordSet) -> Owners:
    """{(table, external id): schedules}: weekly rows first, then holidays, in file order."""
    found: Owners = defaultdict(list)
    for file, make in (
        ("regular_schedules.csv", _weekly),
        ("holiday_schedules.csv", _holiday),
    ):
        for row in folder.rows(file):
            owner = folder.owner(row, records, "schedule", ("location_id", "service_id"))
            schedule = make(folder, row) if owner else None
            if owner and schedule:
                found[owner].append(schedule)
    return found


def clock(raw: str) -> str | None:
    """'08:00', '9am', '4:00 PM', '0800' → 'HH:MM'; None when not a time of day."""
    match = _CLOCK.match(raw.strip())
    if not match:
        return None
    hour, minute, half = int(match[1]), int(match[2] or 0), match[3]
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half.lower() == "p" else 0)
    elif match[2] is None:  # a bare "9" could be morning or evening
        return None
    if hour > 23 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


def parse_day(raw: str) -> date | None:
    for form in DATE_FORMATS:
        try:
            return datetime.strptime(raw.strip(), form).date()
        except ValueError:
            continue
    return None


def _pair(folder: Folder, row: Row, columns: tuple[str, str], parse, code: str, what: str):
    """Both columns parsed, or None after a warning naming the first bad one."""
    values = []
    for column in columns:
        value = parse(row.get(column))
        if value is None:
            folder.report.warn(
                row.file, row.line, column, code,
                f"{column} {row.get(column)!r} is not {what}; row ignored",
            )  # fmt: skip
            return None
        values.append(value)
    return values[0], values[1]


def _times(folder: Folder, row: Row) -> tuple[str, str] | None:
    return _pair(folder, row, ("opens_at", "closes_at"), clock, "invalid_value", "a time of day")


def _weekly(folder: Folder, row: Row) -> ScheduleRecord | None:
    day = WEEKDAYS.get(row.get("weekday").lower().rstrip("."))
    if day is None:
        folder.report.warn(
            row.file, row.line, "weekday", "invalid_value",
            f"weekday {row.get('weekday')!r} is not a day of the week; row ignored",
        )  # fmt: skip
        return None
    times = _times(folder, row)
    if times is None:
        return None
    return ScheduleRecord(freq="WEEKLY", byday=day, opens_at=times[0], closes_at=times[1])


def _holiday(folder: Folder, row: Row) -> ScheduleRecord | None:
    days = _pair(folder, row, ("start_date", "end_date"), parse_day, "invalid_date", "a date")
    if days is None:
        return None
    start, end = days
    yearly = start.year < FIRST_REAL_YEAR and end.year < FIRST_REAL_YEAR
    if end < start and not yearly:
        folder.report.warn(
            row.file, row.line, "end_date", "invalid_date",
            f"end_date {end} is before start_date {start}; row ignored",
        )  # fmt: skip
        return None
    closed = folder.flag(row, "closed")
    times = None if closed else _times(folder, row)
    if not closed and times is None:
        return None
    what = "Closed" if times is None else f"Open {times[0]}–{times[1]}"
    return ScheduleRecord(
        opens_at=times[0] if times else None,
        closes_at=times[1] if times else None,
        description=f"{what} {_span(start, end, yearly)}",
        valid_from=None if yearly else start,
        valid_to=None if yearly else end,
        notes="closed" if closed else None,
    )


def _span(start: date, end: date, yearly: bool) -> str:
    def day(d: date) -> str:
        return f"{d:%B} {d.day}" if yearly else f"{d:%B} {d.day}, {d.year}"

    when = f"on {day(start)}" if start == end else f"from {day(start)} to {day(end)}"
    return f"every year {when}" if yearly else when
