"""Seasons and date ranges: when in the year a schedule row holds.

A recurring season is a pair of month-day bounds, "MM-DD" (inclusive; "11-01" to "03-31"
wraps the new year). A bound the text gives only roughly ("late January", "summer",
"during the school year") is written "~MM-DD": within ``APPROXIMATE_DAYS`` of it nobody
can tell whether the season has begun, so open-now says "not known" there rather than
guess. A range that names its years ("Nov 1, 2025 – Mar 31, 2026") is a pair of dates
instead (HSDS ``valid_from`` / ``valid_to``).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

#: How far either side of a rough bound ("late January") the answer is not known.
APPROXIMATE_DAYS = 7
_PART_OF_MONTH = {"early": 5, "mid": 15, "late": 25}
_LAST = {m: calendar.monthrange(2024, m)[1] for m in range(1, 13)}  # leap year: 02-29

#: Seasons by the words agencies use for them; school and tax seasons as in the US.
NAMED_SEASONS: dict[str, tuple[str, str]] = {
    "summer": ("~06-01", "~08-31"),
    "fall": ("~09-01", "~11-30"),
    "autumn": ("~09-01", "~11-30"),
    "winter": ("~12-01", "~02-29"),
    "spring": ("~03-01", "~05-31"),
    "school": ("~09-01", "~06-15"),
    "tax": ("~01-25", "04-15"),
}


@dataclass(frozen=True)
class Season:
    """When in the year a rule holds: month-day bounds, or dates when years are given."""

    start: str | None = None  # "MM-DD" / "~MM-DD"
    end: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None


@dataclass(frozen=True)
class DateWords:
    """A date as written: "late January", "April 15", "11/1/2025", "March"."""

    month: int
    day: int | None = None
    year: int | None = None
    part: str | None = None  # early | mid | late | start | end


def named_season(key: str) -> Season:
    start, end = NAMED_SEASONS[key]
    return Season(start, end)


def month_season(month: DateWords) -> Season | None:
    """A month alone ("Saturdays in June"): the whole month; None for a rough part of one."""
    if month.day is not None or month.part is not None:
        return None
    if month.year is not None:
        last = calendar.monthrange(month.year, month.month)[1]
        return Season(valid_from=date(month.year, month.month, 1),
                      valid_to=date(month.year, month.month, last))  # fmt: skip
    return Season(_bound(month.month, 1), _bound(month.month, _LAST[month.month]))


def between(first: DateWords, last: DateWords) -> Season | None:
    """The season from ``first`` to ``last`` inclusive ("Nov 1 – Mar 31", "June–August")."""
    start_day, start_rough = _day(first, opening=True)
    end_day, end_rough = _day(last, opening=False)
    if first.year is None and last.year is None:
        if (first.month, start_day) == (last.month, end_day):
            return None
        return Season(
            _bound(first.month, start_day, start_rough), _bound(last.month, end_day, end_rough)
        )
    end_year = last.year if last.year is not None else None
    start_year = first.year if first.year is not None else None
    if end_year is None:
        assert start_year is not None
        end_year = start_year + ((last.month, end_day) < (first.month, start_day))
    if start_year is None:
        start_year = end_year - ((last.month, end_day) < (first.month, start_day))
    try:
        opening = date(start_year, first.month, min(start_day, _month_days(start_year, first)))
        closing = date(end_year, last.month, min(end_day, _month_days(end_year, last)))
    except ValueError:
        return None
    return Season(valid_from=opening, valid_to=closing) if opening <= closing else None


def in_season(
    day: date,
    start: str | None,
    end: str | None,
    valid_from: date | None = None,
    valid_to: date | None = None,
) -> bool | None:
    """Does the rule hold on ``day``? None near a rough bound, where it cannot be told."""
    if (valid_from and day < valid_from) or (valid_to and day > valid_to):
        return False
    if not start or not end:
        return True
    (sm, sd, s_rough), (em, ed, e_rough) = parse_bound(start), parse_bound(end)
    key = (day.month, day.day)
    inside = (sm, sd) <= key <= (em, ed) if (sm, sd) <= (em, ed) else (
        key >= (sm, sd) or key <= (em, ed)
    )  # fmt: skip
    if (s_rough and _near(day, sm, sd)) or (e_rough and _near(day, em, ed)):
        return None
    return inside


def parse_bound(text: str) -> tuple[int, int, bool]:
    """ "~01-25" → (1, 25, True)."""
    rough = text.startswith("~")
    month, day = (int(part) for part in text.lstrip("~").split("-"))
    return month, day, rough


def _bound(month: int, day: int, rough: bool = False) -> str:
    return f"{'~' if rough else ''}{month:02d}-{day:02d}"


def _day(words: DateWords, *, opening: bool) -> tuple[int, bool]:
    """The day of the month a bound falls on, and whether the text gives it only roughly."""
    if words.day is not None:
        return min(words.day, _LAST[words.month]), False
    if words.part in _PART_OF_MONTH:
        return _PART_OF_MONTH[words.part], True
    if words.part == "start":
        return 1, True
    if words.part == "end":
        return _LAST[words.month], True
    return (1 if opening else _LAST[words.month]), False


def _month_days(year: int, words: DateWords) -> int:
    return calendar.monthrange(year, words.month)[1]


def _near(day: date, month: int, month_day: int) -> bool:
    for year in (day.year - 1, day.year, day.year + 1):
        bound = date(year, month, min(month_day, calendar.monthrange(year, month)[1]))
        if abs(day - bound) <= timedelta(days=APPROXIMATE_DAYS):
            return True
    return False
