"""Reading the prose agencies write into fields the directory can search: hours → schedules."""

from __future__ import annotations

import dataclasses
from functools import lru_cache
from typing import Any

from resource_directory.schedules import parse_hours as _parse_hours

from .records import ImportReport, RecordSet, ScheduleRecord

#: Agencies repeat the same hours wording across many rows: parse each text once.
parse_hours = lru_cache(maxsize=16384)(_parse_hours)


def structure_hours(records: RecordSet, report: ImportReport) -> None:
    """Give every record that states hours as text structured HSDS schedule rows.

    Text that is not (fully) understood is kept verbatim in the rows' description and
    reported as ``unparseable_hours`` (a warning: the listing is still useful).
    """
    for table in ("locations", "services", "service_at_locations"):
        items: dict[str, Any] = records.tables()[table]
        for ext, record in items.items():
            if not record.hours or record.schedules:
                continue
            parsed = parse_hours(record.hours)
            schedules = hours_to_schedules(record.hours)
            if not parsed.understood and record.origin is not None:
                fragments = "; ".join(parsed.unparsed) or record.hours
                report.warn(
                    record.origin.file, record.origin.line, "hours", "unparseable_hours",
                    f"could not read the hours {fragments!r}; kept as text",
                )  # fmt: skip
            items[ext] = dataclasses.replace(record, schedules=schedules)


@lru_cache(maxsize=16384)
def hours_to_schedules(text: str) -> tuple[ScheduleRecord, ...]:
    """Schedule rows for hours prose: one per understood rule, each carrying the full text."""
    parsed = parse_hours(text)
    rows = tuple(
        ScheduleRecord(
            freq=rule.freq,
            byday=rule.byday,
            bymonthday=rule.bymonthday,
            opens_at=rule.opens_at,
            closes_at=rule.closes_at,
            description=text,
            interval=rule.interval,
            season_from=rule.season_from,
            season_to=rule.season_to,
            valid_from=rule.valid_from,
            valid_to=rule.valid_to,
        )
        for rule in parsed.rules
    )
    notes = [
        note
        for flag, note in (
            (parsed.by_appointment, "by appointment"),
            (parsed.closed_holidays, "closed holidays"),
            (parsed.call_for_hours, "call for hours"),
        )
        if flag
    ]
    if rows:
        return tuple(dataclasses.replace(r, notes="; ".join(notes) or None) for r in rows)
    return (ScheduleRecord(description=text, notes="; ".join(notes) or None),)
