"""Rows that belong to a record (phones, schedules, languages, areas…) → record parts.

Each reader takes one HSDS row (HSDS 3 column names) and returns what the record holds;
value problems are reported as warnings and the value is kept as written or left out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..normalize import LANGUAGE_CODES, normalize_phone, parse_bool, parse_date, parse_languages
from ..records import ImportReport, LanguageRecord, PhoneRecord, ScheduleRecord, ServiceAreaRecord
from .legacy import weekday_code
from .rows import Row
from .values import (
    closing_time,
    joined,
    parse_byday,
    parse_bymonthday,
    parse_freq,
    parse_time,
)

_LANGUAGE_NAMES = {code: name.title() for name, code in reversed(LANGUAGE_CODES.items())}


def read_phone(row: Row, report: ImportReport) -> PhoneRecord:
    raw = row.get("number")
    extension = row.get("extension") or None
    parsed = normalize_phone(raw)
    if parsed is None:
        report.warn(
            row.file, row.line, row.column("number"), "invalid_phone",
            f"{raw!r} is not a 10-digit US phone number; kept as written",
        )  # fmt: skip
        number = raw
    else:
        number, extension = parsed[0], extension or parsed[1]
    return PhoneRecord(
        number=number,
        extension=extension,
        type=row.get("type").lower() or None,
        description=row.get("description") or None,
    )


def read_languages(row: Row) -> tuple[LanguageRecord, ...]:
    """HSDS 3 name + code as given; HSDS 1.x free text ("English, Spanish") parsed."""
    name, code = row.get("name"), row.get("code") or None
    if not code and name.lower() in _LANGUAGE_NAMES:  # a 1.x language column holding "es"
        code = name.lower()
        name = ""
    if code:
        name = name or _LANGUAGE_NAMES.get(code.lower(), code)
        return (LanguageRecord(name, code),)
    return tuple(LanguageRecord(n, c) for n, c in parse_languages(name))


def read_service_area(row: Row) -> ServiceAreaRecord:
    description = row.get("description") or None
    return ServiceAreaRecord(
        name=row.get("name") or description or "",
        description=description,
        extent_type=row.get("extent_type") or None,
    )


def accessibility_text(row: Row) -> str | None:
    """HSDS 3 description + details; HSDS 1.x accessibility + details ("ramp: at the back")."""
    description, details = row.get("description"), row.get("details")
    return joined([description, details], " " if description.endswith((".", "!", "?")) else ": ")


def cost_text(row: Row) -> str | None:
    """A cost option as words: "Under 18s: 35 GBP per 1 hour session"."""
    price = joined([row.get("amount"), row.get("currency").upper()], " ")
    return joined([row.get("option"), joined([price or "", row.get("amount_description")], " ")
                   or ""], ": ")  # fmt: skip


@dataclass(frozen=True)
class ScheduleEntry:
    """What a schedule row says: a structured row, or hours prose for a row that is not HSDS
    (``bad`` names its columns whose values are not of their type)."""

    schedule: ScheduleRecord | None = None
    prose: str | None = None
    bad: tuple[str, ...] = ()


_CHECKS: tuple[tuple[str, Callable[[str], object]], ...] = (
    ("weekday", weekday_code), ("freq", parse_freq), ("byday", parse_byday),
    ("bymonthday", parse_bymonthday), ("opens_at", parse_time), ("closes_at", closing_time),
    ("valid_from", parse_date), ("valid_to", parse_date), ("dtstart", parse_date),
    ("until", parse_date),
)  # fmt: skip
_TIME_SLOTS = ("opens_at", "closes_at", "valid_from", "valid_to", "dtstart", "until")


def read_schedule(row: Row, report: ImportReport) -> ScheduleEntry:
    """One schedule row: HSDS 3 (freq/byday/opens_at…), 2.0 or 1.x (weekday/opens_at…).

    A row whose values sit in the wrong columns (times in ``valid_from``, day names in
    ``freq``) is read as hours prose instead, for the shared hours parser.
    """
    if row.variant == "holiday":
        return _holiday(row, report)
    parsed: dict[str, object] = {}
    bad: list[str] = []
    for column, parse in _CHECKS:
        raw = row.get(column)
        if raw:
            value = parse(raw)
            parsed[column] = value
            if value is None:
                bad.append(column)
    description = row.get("description") or None
    if bad:
        return ScheduleEntry(prose=_prose(row, bad), bad=tuple(bad))
    day = parsed.get("weekday")
    opens, closes = parsed.get("opens_at"), parsed.get("closes_at")
    if not (opens or closes or description or row.get("notes")):
        return ScheduleEntry()  # days without hours or words say nothing usable
    byday = parsed.get("byday") or day
    freq = parsed.get("freq") or ("WEEKLY" if day else None)
    schedule = ScheduleRecord(
        freq=freq,  # type: ignore[arg-type]
        byday=byday,  # type: ignore[arg-type]
        bymonthday=parsed.get("bymonthday"),  # type: ignore[arg-type]
        opens_at=opens,  # type: ignore[arg-type]
        closes_at=closes,  # type: ignore[arg-type]
        description=description,
        valid_from=parsed.get("valid_from"),  # type: ignore[arg-type]
        valid_to=parsed.get("valid_to"),  # type: ignore[arg-type]
        notes=row.get("notes") or None,
    )
    return ScheduleEntry(schedule=schedule)


def _prose(row: Row, bad: list[str]) -> str:
    days = [row.get(c) for c in ("weekday", "freq", "byday") if c in bad or c != "freq"]
    times = [row.get(c) for c in _TIME_SLOTS if row.get(c) and parse_time(row.get(c))]
    others = [row.get(c) for c in _TIME_SLOTS if c in bad and not parse_time(row.get(c))]
    parts = [*days, "-".join(times), *others, row.get("description")]
    return " ".join(p for p in parts if p)


def _holiday(row: Row, report: ImportReport) -> ScheduleEntry:
    """HSDS 1.x holiday_schedule → a dated schedule row (HSDS 3 has no holiday table)."""
    start, end = parse_date(row.get("start_date")), parse_date(row.get("end_date"))
    for column, raw, value in (("start_date", row.get("start_date"), start),
                               ("end_date", row.get("end_date"), end)):  # fmt: skip
        if raw and value is None:
            report.warn(
                row.file, row.line, row.column(column), "invalid_date",
                f"{raw!r} is not a date (YYYY-MM-DD); the holiday row is ignored",
            )  # fmt: skip
            return ScheduleEntry()
    if start is None:
        return ScheduleEntry()
    closed = parse_bool(row.get("closed")) is not False
    opens, closes = parse_time(row.get("opens_at")), closing_time(row.get("closes_at"))
    span = f"{start.isoformat()} to {(end or start).isoformat()}"
    if closed or not (opens and closes):
        text = f"Closed for a holiday, {span}"
        opens = closes = None
    else:
        text = f"Holiday hours {opens}-{closes}, {span}"
    return ScheduleEntry(
        schedule=ScheduleRecord(
            opens_at=opens,
            closes_at=closes,
            description=text,
            valid_from=start,
            valid_to=end or start,
            notes="holiday",
        )  # fmt: skip
    )
