"""Clock times in hours prose → minutes since midnight, inferring missing am/pm.

A time token's value is ``(hour, minute, style)``. The style says how much the text
committed to: ``"a"``/``"p"`` (meridiem written), ``"24h"`` (13:00, 0:30, 08:00),
``"noon"``/``"midnight"``, ``""`` (9:30, no meridiem) or ``"bare"`` (a lone integer).
"""

from __future__ import annotations

DAY_MINUTES = 24 * 60
TimeValue = tuple[int, int, str]

_FIXED = frozenset({"a", "p", "24h", "noon", "midnight"})


def is_fixed(value: TimeValue) -> bool:
    """True when the text pins the time down without context (meridiem, 24-hour, noon)."""
    return value[2] in _FIXED


def resolve_range(first: TimeValue, second: TimeValue) -> tuple[int, int] | None:
    """Opening and closing minute of "first–second"; closing may be < opening (after midnight).

    Closing at midnight is 1440 ("24:00"). Returns None for an empty range ("9am-9am").
    """
    if is_fixed(first):
        start = _fixed(first, closing=False)
        end = _fixed(second, closing=True) if is_fixed(second) else _after(second, start)
    elif is_fixed(second):
        end = _fixed(second, closing=True)
        earlier = [c for c in _candidates(first) if c < end]
        if second[2] == "24h" and first[0] * 60 + first[1] < end:
            earlier = [first[0] * 60 + first[1]]  # "6:00-19:00": a 24-hour clock throughout
        # "9-5pm" → 9am; "11-2am" has no earlier reading, so it runs across midnight
        start = max(earlier) if earlier else max(_candidates(first))
    else:
        start = _business_start(first)
        end = _after(second, start)
    start %= DAY_MINUTES
    if start == end or end < start and end > 12 * 60:
        return None  # "5:00 PM 1:00 PM" is a slip, not a 20-hour night
    return start, end


def resolve_single(value: TimeValue) -> int | None:
    """The opening minute of a lone time ("Wednesdays 7pm"), if the text pins it down."""
    return _fixed(value, closing=False) % DAY_MINUTES if is_fixed(value) else None


def clock(minutes: int) -> str:
    """Minutes since midnight → "HH:MM" (1440 → "24:00")."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _fixed(value: TimeValue, *, closing: bool) -> int:
    hour, minute, style = value
    if style == "noon":
        return 12 * 60
    if style == "midnight":
        return DAY_MINUTES if closing else 0
    if style in {"a", "p"}:
        hour = hour % 12 + (12 if style == "p" else 0)
    minutes = hour * 60 + minute
    if closing and minutes == 0:
        return DAY_MINUTES  # "8pm-12am" closes at the end of the day
    return minutes if closing else minutes % DAY_MINUTES


def _candidates(value: TimeValue) -> list[int]:
    hour, minute, _ = value
    if hour == 12:  # noon, or midnight: the end of the day when a range closes then
        return [12 * 60 + minute, minute or DAY_MINUTES]
    return [hour * 60 + minute, (hour + 12) * 60 + minute]


def _after(value: TimeValue, start: int) -> int:
    # The end is the first reading after the start: "9-5" → 17:00, "9am-12" → 12:00;
    # with no later reading the range crosses midnight ("8pm-2" → 02:00).
    options = [c for c in _candidates(value) if c <= DAY_MINUTES]
    later = [c for c in options if c > start]
    return min(later) if later else min(options)


def _business_start(value: TimeValue) -> int:
    # With no meridiem anywhere ("1-4", "12-5", "9-5"), services open between 7am and
    # 6pm: a start of 1 to 6 o'clock is afternoon.
    hour, minute, _ = value
    if 1 <= hour <= 6:
        hour += 12
    return hour * 60 + minute
