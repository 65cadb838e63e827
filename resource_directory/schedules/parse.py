"""Opening-hours prose → HSDS 3 ``schedule`` rows, keeping what was not understood.

``parse_hours("Mon–Thu 8am–8pm, Fri 8am–noon")`` gives two WEEKLY rules. Nothing is
guessed: a clause with a word the parser cannot account for yields no rule and is
returned verbatim in ``unparsed`` so a person can read it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from .grammar import Clause, Item
from .seasons import Season
from .segments import read_clauses
from .times import DAY_MINUTES, clock
from .vocabulary import ALL_DAYS, DAY_CODES, tokenize

# One day's opening: (kind, n, day, opens, closes, season, interval). Kind W is weekly
# (n=0), N the nth weekday of the month (n=1..5 or -1), D a day of the month (n=date, day=-1).
_Row = tuple[str, int, int, int | None, int | None, Season | None, int | None]
_Rows = dict[_Row, list[str]]  # each row with the quotes it was read from


@dataclass(frozen=True)
class ScheduleRule:
    """One HSDS 3 ``schedule`` row."""

    freq: str  # WEEKLY | MONTHLY
    byday: str  # "MO,TU" weekly; "2TU,4TU" / "-1FR" monthly; "" for day-of-month rules
    # "09:00". None (with closes_at None) when the text names the day but gives no hours,
    # e.g. "3rd Thursday"; text that says "all day" / "24 hours" gives "00:00"-"24:00".
    opens_at: str | None
    closes_at: str | None  # "24:00" = midnight; < opens_at when the range crosses midnight
    bymonthday: str | None = None  # "1,15"
    description: str | None = None  # the text the row was read from
    interval: int | None = None  # 2: every other week (which weeks the text does not say)
    # When in the year the rule holds (see :mod:`.seasons`): "MM-DD" / "~MM-DD" bounds of
    # a yearly season, or the dates of a range that names its years.
    season_from: str | None = None
    season_to: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None


@dataclass(frozen=True)
class HoursParse:
    text: str
    rules: tuple[ScheduleRule, ...]
    open_24_7: bool
    by_appointment: bool
    closed_holidays: bool
    call_for_hours: bool
    understood: bool  # every part of the text was read; False for blank text
    unparsed: tuple[str, ...]


def parse_hours(text: str | None) -> HoursParse:
    """Read opening-hours prose into schedule rules and flags; never raises.

    Days with identical hours share one rule, listed in week order; a day with several
    ranges ("9-12, 1-5") gets one rule per range. Days named without hours ("3rd
    Thursday") give a rule with no times; days "by appointment" or "closed" give none.
    """
    text = text or ""
    clauses, flags, anything = read_clauses(tokenize(text))
    rows: _Rows = defaultdict(list)
    every_day: list[tuple[Clause, _Rows]] = []  # "24 hours", "24/7": no days of their own
    unparsed: list[tuple[int, str]] = []  # (position, fragment)
    breaks: list[Item] = []
    for clause in clauses:
        if all(item.kind == "label" for item in clause.items):
            continue  # "(Office)", "(Dinner)": says what the hours around it are for
        if clause.has("break"):
            breaks.extend(item for item in clause.items if item.kind == "break")
        elif clause.has("x"):
            unparsed.append((clause.span[0], _quote(text, clause)))
        elif not (clause.closed or clause.appt):
            own: _Rows = defaultdict(list)
            if _read_clause(text, clause, own):
                every_day.append((clause, own))
            elif not own:
                # times with no days: which days is not ours to guess
                unparsed.append((clause.span[0], _quote(text, clause)))
            else:
                for row, quotes in own.items():
                    rows[row].extend(quotes)
    explicit = bool(rows)
    for clause, own in every_day:
        if explicit and not clause.has("label"):
            # "9-5 Mon-Fri; 24-hours" cannot both hold: the round-the-clock part is about
            # something else (a hotline, a recording), so it is left for a person to read
            unparsed.append((clause.span[0], _quote(text, clause)))
        else:
            for row, quotes in own.items():
                rows[row].extend(quotes)
    # A day named without hours gives way to the same day with hours ("Mon-Sun, 24 hours daily")
    timed_days = {row[:3] for row in rows if row[3] is not None}
    for row in [r for r in rows if r[3] is None and r[:3] in timed_days]:
        del rows[row]
    timed = bool(timed_days)
    for item in breaks:
        # A break between two stated ranges ("10-12:30; closed 12:30-1:30; 1:30-3:30") is
        # already honoured; with no hours at all it has nothing to cut.
        if not _apply_break(text, item, rows) and not timed:
            unparsed.append((item.start, text[item.start : item.end].strip()))

    open_24_7 = all(("W", 0, day, 0, DAY_MINUTES, None, None) in rows for day in ALL_DAYS)
    return HoursParse(
        text=text,
        rules=_group(rows),
        open_24_7=open_24_7,
        by_appointment="appt" in flags,
        closed_holidays="holiday" in flags,
        call_for_hours="call" in flags,
        understood=anything and not unparsed,
        unparsed=tuple(dict.fromkeys(u for _, u in sorted(unparsed) if u)),
    )


def _quote(text: str, clause: Clause) -> str:
    start, end = clause.span
    return text[start:end].strip()


def _read_clause(text: str, clause: Clause, rows: _Rows) -> bool:
    """Add the clause's rows; True when its days are implied ("Open 24 hours")."""
    quote = _quote(text, clause)
    days = [i for i in clause.items if i.kind in {"days", "always"}]
    spans = [span for i in clause.items if i.kind in {"times", "always"} for span in i.spans]
    implied = not clause.has("days")
    if implied and not clause.has("always"):
        if not spans or any(span != (0, DAY_MINUTES) for span in spans):
            return False
        days = [Item("days", 0, 0, ALL_DAYS)]
    for item in days:
        keys = [("W", 0, d) for d in item.weekly] + [("N", n, d) for n, d in item.nth]
        keys += [("D", d, -1) for d in item.monthdays]
        for kind, n, day in keys:
            for opens, closes in spans or [(None, None)]:
                row = (kind, n, day, opens, closes, clause.season, item.interval)
                rows[row].append(quote)
    return implied


def _apply_break(text: str, item: Item, rows: _Rows) -> bool:
    """Split every row whose hours contain the break ("closed 12-1 for lunch")."""
    gap_start, gap_end = item.spans[0]
    split = False
    if gap_end is None:
        return split
    for row in list(rows):
        kind, n, day, opens, closes, *when = row
        if opens is None or closes is None or not opens < gap_start < gap_end < closes:
            continue
        quotes = rows.pop(row) + [text[item.start : item.end].strip()]
        rows[(kind, n, day, opens, gap_start, *when)].extend(quotes)  # type: ignore[arg-type]
        rows[(kind, n, day, gap_end, closes, *when)].extend(quotes)  # type: ignore[arg-type]
        split = True
    return split


_Group = tuple[str, int | None, int | None, Season | None, int | None]


def _group(rows: _Rows) -> tuple[ScheduleRule, ...]:
    groups: dict[_Group, list[tuple[int, int]]] = defaultdict(list)
    quotes: dict[_Group, list[str]] = defaultdict(list)
    for (kind, n, day, opens, closes, season, interval), row_quotes in rows.items():
        groups[(kind, opens, closes, season, interval)].append((n, day))
        quotes[(kind, opens, closes, season, interval)].extend(row_quotes)
    rules = []
    for (kind, opens, closes, *when), keys in groups.items():
        season, interval = when[0] or Season(), when[1]
        # week order, then the nth ("1MO,3MO,-1MO"); dates in date order
        keys.sort(key=lambda k: (k[1], k[0] if k[0] > 0 else 99))
        rule = ScheduleRule(
            freq="WEEKLY" if kind == "W" else "MONTHLY",
            byday=",".join(f"{n or ''}{DAY_CODES[d]}" for n, d in keys if d >= 0),
            opens_at=clock(opens) if opens is not None else None,
            closes_at=clock(closes) if closes is not None else None,
            bymonthday=",".join(str(n) for n, _ in keys) if kind == "D" else None,
            description="; ".join(dict.fromkeys(quotes[(kind, opens, closes, *when)])) or None,
            interval=interval,
            season_from=season.start,
            season_to=season.end,
            valid_from=season.valid_from,
            valid_to=season.valid_to,
        )
        rules.append((kind != "W", keys[0][1] % 7, opens or 0, rule))
    return tuple(rule for *_, rule in sorted(rules, key=lambda r: r[:3]))
