"""Tokens → items (day groups, time groups, flags, unknown runs) → clauses.

A clause pairs one day group with the time ranges that apply to it. Lists are written
days-first ("Mon–Fri 9–5, Sat 10–2") or times-first ("9:00 am - 5:00 pm, Monday - Friday");
the first day or time in a segment decides which. Words nobody knows form an ``x`` item
that taints the clause it qualifies, so its days and times never become rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .seasons import Season, between, month_season, named_season
from .times import is_fixed, resolve_range, resolve_single
from .vocabulary import ALL_DAYS, Token

_SKIP = frozenset({"filler", "a"})
_JOIN = frozenset({"comma", "list", "a"})
_DAY_START = frozenset({"day", "dayset", "ordinal"})


@dataclass
class Item:
    kind: str  # days | times | always | closed | break | appt | label | x
    start: int
    end: int
    weekly: frozenset[int] = frozenset()
    nth: frozenset[tuple[int, int]] = frozenset()  # (week of month, weekday)
    monthdays: frozenset[int] = frozenset()
    spans: tuple[tuple[int, int | None], ...] = ()  # (opening, closing) minutes
    comma_before: bool = False
    interval: int | None = None  # 2: every other week


@dataclass
class Clause:
    items: list[Item] = field(default_factory=list)
    closed: bool = False
    appt: bool = False
    season: Season | None = None

    def has(self, kind: str) -> bool:
        return any(item.kind == kind for item in self.items)

    @property
    def complete(self) -> bool:
        days_done = self.has("days") and (self.has("times") or self.closed or self.appt)
        return days_done or self.has("always")

    @property
    def span(self) -> tuple[int, int]:
        return self.items[0].start, self.items[-1].end


@dataclass
class Segment:
    """A segment's items, its flags (holiday, call, appt) and the seasons it names."""

    items: list[Item] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    seasons: list[tuple[int, Season]] = field(default_factory=list)  # (position, season)


def build_items(tokens: list[Token]) -> Segment:
    """Group a segment's tokens into items, flags and seasons."""
    segment = Segment()
    items, flags = segment.items, segment.flags
    i, comma = 0, False
    interval: int | None = None  # "every other" waiting for its days
    while i < len(tokens):
        token = tokens[i]
        kind = token.kind
        if kind in _SKIP or kind in {"dash", "range", "list"}:
            i += 1
            continue
        if kind == "comma":
            comma, i = True, i + 1
            continue
        item: Item | None = None
        if kind in {"holiday", "call", "appt"}:
            flags.add(kind)
            item = Item("appt", token.start, token.end) if kind == "appt" else None
            i += 1
        elif kind == "month" and _next(tokens, i + 1, {"ordinal"}) is not None:
            i += 1  # "Monthly 2nd Tuesday": the ordinal says it
        elif kind in _DAY_START:
            item, i = _day_group(tokens, i)
        elif kind in {"time", "allday"}:
            item, i = _time_group(tokens, i)
        elif kind == "closed":
            item, i = _closed(tokens, i)
        elif kind in {"label", "lunch"}:  # "lunch" not after "closed" is the meal
            item, i = Item("label", token.start, token.end), i + 1
        elif kind == "part" and items and items[-1].kind == "days" and not comma:
            items[-1].end, i = token.end, i + 1  # "Tue and Thu evenings": the days say it
            continue
        elif kind == "interval":
            last = items[-1] if items else None
            if last is not None and last.kind == "days" and last.weekly and not last.nth:
                last.interval = token.value  # "Fridays, every other week"
            else:
                interval = token.value
            i += 1
            continue
        elif kind in {"season", "date"}:
            season, j = _season(tokens, i)
            if season is not None:
                segment.seasons.append((token.start, season))
                if token.value == "schooldays":
                    item = Item("days", token.start, token.end, frozenset(range(5)))
                i = j
            else:
                item, i = Item("x", token.start, tokens[j - 1].end), j
        elif kind == "always":
            item, i = Item("always", token.start, token.end, ALL_DAYS, spans=((0, 1440),)), i + 1
        else:  # unknown, stray month/lunch/ordinal
            item, i = Item("x", token.start, token.end), i + 1
        if item is None:
            continue
        if item.kind == "days" and interval is not None:
            if item.weekly and not item.nth:
                item.interval = interval
            else:
                item = Item("x", item.start, item.end)
            interval = None
        item.comma_before, comma = comma, False
        if item.kind == "x" and items and items[-1].kind == "x" and not item.comma_before:
            items[-1].end = item.end  # one run of unknown words is one fragment
        else:
            items.append(item)
    if interval is not None:  # "every other week" naming no days
        items.append(Item("x", tokens[-1].start, tokens[-1].end))
    return segment


def _season(tokens: list[Token], i: int) -> tuple[Season | None, int]:
    """A named season, a range of dates or months, or a month alone ("in June")."""
    token = tokens[i]
    if token.kind == "season":
        return named_season("school" if token.value == "schooldays" else token.value), i + 1
    rng = _next(tokens, i + 1, {"dash", "range"})
    last = _next(tokens, rng + 1, {"date"}) if rng is not None else None
    if last is not None:
        return between(token.value, tokens[last].value), last + 1
    return month_season(token.value), i + 1


def build_clauses(items: list[Item]) -> list[Clause]:
    """Pair day groups with time groups in the order the segment writes them."""
    firsts = [item.kind for item in items if item.kind in {"days", "times"}]
    days_first = not firsts or firsts[0] == "days"
    clauses: list[Clause] = []
    pending: str | None = None  # "closed"/"appt" waiting for the day group that follows
    for index, item in enumerate(items):
        cur = clauses[-1] if clauses else None
        following = _kind_at(items, index + 1)
        bare_x = cur is not None and all(i.kind in {"x", "label"} for i in cur.items)
        if item.kind == "days":
            if cur is None or not (bare_x or (cur.has("times") and not cur.has("days"))):
                cur = _open(clauses)
            cur.items.append(item)
            if pending:
                setattr(cur, pending, True)
                pending = None
        elif item.kind == "times":
            joins = cur is not None and not cur.closed and not cur.appt
            if joins and cur is not None and cur.complete and not days_first:
                joins = False  # times-first: "9-5, Mon-Fri; 10-2, Sat" starts again
            (cur if joins and cur is not None else _open(clauses)).items.append(item)
        elif item.kind in {"x", "label"}:
            forward = item.comma_before or following in {"days", "times", "always"}
            if cur is None or (cur.complete and forward):
                cur = _open(clauses)
            cur.items.append(item)
        elif item.kind == "always":
            # "Hotline 24/7": the word before qualifies it; "24/7, …" stands alone
            joins_x = cur is not None and bare_x and not item.comma_before
            (cur if joins_x and cur is not None else _open(clauses)).items.append(item)
        elif item.kind in {"closed", "appt"}:
            waiting = cur is not None and cur.has("days") and not cur.has("times")
            if waiting and cur is not None and not (cur.closed or cur.appt or cur.has("x")):
                setattr(cur, item.kind, True)
                cur.items.append(item)
            elif following == "days" and _kind_at(items, index + 2) != "times":
                pending = item.kind
            elif item.kind == "closed":
                # "Closed" with no day or time to attach to says nothing we can store
                home = cur if cur is not None and not cur.complete else _open(clauses)
                home.items.append(Item("x", item.start, item.end))
        elif item.kind == "break":
            _open(clauses).items.append(item)
    return clauses


def _kind_at(items: list[Item], index: int) -> str:
    return items[index].kind if index < len(items) else ""


def _open(clauses: list[Clause]) -> Clause:
    clauses.append(Clause())
    return clauses[-1]


def _next(
    tokens: list[Token], i: int, kinds: set[str] | frozenset[str], skip: frozenset[str] = _SKIP
) -> int | None:
    """Index of the next token that is not filler, if it is one of ``kinds``."""
    while i < len(tokens) and tokens[i].kind in skip:
        i += 1
    return i if i < len(tokens) and tokens[i].kind in kinds else None


def _day_group(tokens: list[Token], i: int) -> tuple[Item, int]:
    start = tokens[i].start
    weekly: set[int] = set()
    nth: set[tuple[int, int]] = set()
    monthdays: set[int] = set()
    end = start
    while True:
        token = tokens[i]
        if token.kind == "ordinal":
            ordinals, j = [token.value], i + 1
            while (k := _next_joined(tokens, j, {"ordinal"})) is not None:
                ordinals.append(tokens[k].value)
                j = k + 1
            day = _next(tokens, j, {"day"})
            month = _next(tokens, j, {"month"})
            if day is not None and all(n in {1, 2, 3, 4, 5, -1} for n in ordinals):
                nth.update((n, tokens[day].value) for n in ordinals)
                i = day + 1
                if (m := _next(tokens, i, {"month"})) is not None:
                    i = m + 1
            elif month is not None and all(n > 0 for n in ordinals):
                monthdays.update(ordinals)
                i = month + 1
            else:
                break
        elif token.kind == "dayset":
            weekly.update(token.value)
            i += 1
        else:
            first, i = token.value, i + 1
            rng = _next(tokens, i, {"dash", "range", "a"}, skip=frozenset({"filler"}))
            last = _next(tokens, rng + 1, {"day"}) if rng is not None else None
            if last is not None:
                span = (tokens[last].value - first) % 7
                weekly.update((first + k) % 7 for k in range(span + 1))
                i = last + 1
            else:
                weekly.add(first)
        end = tokens[i - 1].end
        nxt = _next_joined(tokens, i, _DAY_START)
        if nxt is None:
            break
        i = nxt
    if not (weekly or nth or monthdays):  # ordinals with no day and no "of the month"
        return Item("x", start, tokens[i].end), i + 1
    item = Item("days", start, end, frozenset(weekly), frozenset(nth), frozenset(monthdays))
    return item, i


def _next_joined(tokens: list[Token], i: int, kinds: frozenset[str] | set[str]) -> int | None:
    """Next token of ``kinds`` after any run of filler and list joiners (", and", "&")."""
    while i < len(tokens) and (tokens[i].kind in _SKIP or tokens[i].kind in _JOIN):
        i += 1
    return i if i < len(tokens) and tokens[i].kind in kinds else None


def _time_group(tokens: list[Token], i: int) -> tuple[Item, int]:
    start = tokens[i].start
    spans: list[tuple[int, int | None]] = []
    while True:
        span, j = _time_range(tokens, i)
        if span is None:
            return Item("x", start, tokens[j - 1].end), j
        spans.append(span)
        i = j
        nxt = _next_joined(tokens, i, {"time", "allday"})
        if nxt is None:
            break
        i = nxt
    return Item("times", start, tokens[i - 1].end, spans=tuple(spans)), i


def _time_range(tokens: list[Token], i: int) -> tuple[tuple[int, int | None] | None, int]:
    token = tokens[i]
    if token.kind == "allday":
        return (0, 1440), i + 1
    rng = _next(tokens, i + 1, {"dash", "range"})
    second = _next(tokens, rng + 1 if rng is not None else i + 1, {"time"})
    if second is not None:
        other = tokens[second].value
        # "10:00 AM 12:00 PM" is a range; "Saturday 9 10" is not
        if rng is not None or (token.value[2] != "bare" and other[2] != "bare"):
            return resolve_range(token.value, other), second + 1
    opening = resolve_single(token.value) if is_fixed(token.value) else None
    return ((opening, None) if opening is not None else None), i + 1


def _closed(tokens: list[Token], i: int) -> tuple[Item, int]:
    """``closed`` with a time range after it is a break ("closed 12-1 for lunch")."""
    j = i + 1
    while j < len(tokens) and (
        tokens[j].kind in _SKIP
        or tokens[j].kind == "lunch"
        or (tokens[j].kind == "dayset" and tokens[j].value == ALL_DAYS)
    ):
        j += 1
    if j < len(tokens) and tokens[j].kind == "time":
        span, k = _time_range(tokens, j)
        if span is not None and span[1] is not None:
            while k < len(tokens) and tokens[k].kind in {"lunch", "filler"}:
                k += 1
            return Item("break", tokens[i].start, tokens[k - 1].end, spans=(span,)), k
    return Item("closed", tokens[i].start, tokens[i].end), i + 1
