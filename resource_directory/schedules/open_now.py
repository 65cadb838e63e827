"""Is a place open at a given moment, until when, and when does it next open?

Works on HSDS schedule rows (weekly "MO,TU" and monthly nth-weekday "3SA" / "-1FR" rules
with opens_at / closes_at in the location's local time), each holding only within its
``valid_from``/``valid_to`` dates and its yearly season (:mod:`.seasons`), and every
``interval`` weeks from ``dtstart``. Rows with only a description, days without hours, a
rough season bound near today or "every other week" with no first week make the answer
"unknown" (None) rather than a guess. The answer's reason (``open.until``: "open now,
until 5 pm") holds the local times; the face words them.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..reasons import Reason
from .seasons import in_season

DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
DEFAULT_TIME_ZONE = "America/New_York"
#: How far ahead to look for the next opening (monthly rules need a few weeks).
HORIZON_DAYS = 40


class ScheduleRow(Protocol):
    """The fields open-now reads; rows may also carry ``valid_from``, ``valid_to``,
    ``season_from``, ``season_to``, ``interval`` and ``dtstart`` (read when present)."""

    freq: str | None
    byday: str | None
    opens_at: str | None
    closes_at: str | None


@dataclass(frozen=True)
class OpenStatus:
    open_now: bool | None
    #: Local closing time when open now; local next opening when closed.
    until: datetime | None = None
    next_open: datetime | None = None

    def reason(self, now: datetime) -> Reason | None:
        """Open or closed at ``now``, and until when: None when the hours are not known."""
        if self.open_now is None:
            return None
        if self.open_now:
            if self.until is None:
                return _AROUND_THE_CLOCK
            return Reason("open.until", (("until", self.until), ("now", now)))
        if self.next_open is None:
            return _CLOSED
        return Reason("open.closed_opens", (("opens", self.next_open), ("now", now)))


_AROUND_THE_CLOCK, _CLOSED = Reason("open.around_the_clock"), Reason("open.closed")


def opening_status(
    schedules: Iterable[ScheduleRow], at: datetime, time_zone: str | None
) -> OpenStatus:
    """Open/closed at ``at`` (an aware datetime) in the location's time zone."""
    rules = [s for s in schedules if s.freq and s.byday]
    if not rules:
        return OpenStatus(None)
    if any(s.opens_at is None or s.closes_at is None for s in rules):
        return OpenStatus(None)  # days named without hours: not enough to say
    local = at.astimezone(_zone(time_zone))
    intervals = sorted(_intervals(rules, local.date() - timedelta(days=1), local.tzinfo))
    certain = [(start, end) for start, end, sure in intervals if sure]
    for start, end in certain:
        if start <= local < end:
            # Merge back-to-back intervals (24/7 is seven of them) to find the real close.
            for next_start, next_end in certain:
                if next_start <= end < next_end:
                    end = next_end
            return OpenStatus(True, until=None if end - local > timedelta(days=6) else end)
    if any(start <= local < end for start, end, _ in intervals):
        return OpenStatus(None)  # open only if this is one of the weeks, or in season
    upcoming = [(start, sure) for start, _, sure in intervals if start > local]
    if not upcoming:
        return OpenStatus(False)
    first, sure = min(upcoming)
    return OpenStatus(False, next_open=first if sure else None)


def _intervals(rules, first_day: date, tz) -> Iterator[tuple[datetime, datetime, bool]]:
    """Each opening from ``first_day`` on, and whether it surely happens."""
    for offset in range(HORIZON_DAYS + 1):
        day = first_day + timedelta(days=offset)
        for rule in rules:
            applies = _applies(rule, day)
            if applies is False:
                continue
            opens, closes = _time(rule.opens_at), _time(rule.closes_at)
            start = datetime.combine(day, opens, tz)
            end = datetime.combine(day, closes, tz) if closes else datetime.combine(
                day + timedelta(days=1), time(0), tz
            )  # fmt: skip
            if end <= start:  # "8pm–2am": closes the next day
                end += timedelta(days=1)
            yield start, end, applies is True


def _applies(rule: ScheduleRow, day: date) -> bool | None:
    """Does the rule open on ``day``? None when that cannot be told."""
    if not _on_weekday(rule, day):
        return False
    season = in_season(
        day,
        getattr(rule, "season_from", None),
        getattr(rule, "season_to", None),
        getattr(rule, "valid_from", None),
        getattr(rule, "valid_to", None),
    )
    if season is False:
        return False
    interval = getattr(rule, "interval", None) or 1
    if interval > 1:
        first = getattr(rule, "dtstart", None)
        if first is None:
            return None  # "every other Friday": which Fridays is not said
        weeks = (day - (first - timedelta(days=first.weekday()))).days // 7
        if weeks < 0 or weeks % interval:
            return False
    return season


def _on_weekday(rule: ScheduleRow, day: date) -> bool:
    weekday = DAYS[day.weekday()]
    for token in (rule.byday or "").split(","):
        token = token.strip().upper()
        if not token.endswith(weekday):
            continue
        nth = token[: -len(weekday)]
        if (rule.freq or "").upper() != "MONTHLY" or not nth:
            return True
        if int(nth) == _nth(day) or (int(nth) < 0 and _is_last(day, int(nth))):
            return True
    return False


def _nth(day: date) -> int:
    return (day.day - 1) // 7 + 1


def _is_last(day: date, nth: int) -> bool:
    days_in_month = calendar.monthrange(day.year, day.month)[1]
    return (days_in_month - day.day) // 7 == -nth - 1


def _time(text: str) -> time | None:
    """'09:00' → 09:00; '24:00' → None (end of day)."""
    hours, minutes = (int(part) for part in text.split(":")[:2])
    return None if hours == 24 else time(hours, minutes)


def _zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or DEFAULT_TIME_ZONE)
    except ZoneInfoNotFoundError:
        return ZoneInfo(DEFAULT_TIME_ZONE)
