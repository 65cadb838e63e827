"""Segments of hours text (cut at ``;``, newlines, brackets, full stops) → clauses.

Most segments stand alone, but a few constructs straddle a cut: "Monday-Friday, 9-12;1-4"
(times for the days before), "(April - October) 5-7pm, Mon-Fri" (a leading qualifier)
and "Wednesdays (except the 5th): 10-1" (an aside between days and their times).
"""

from __future__ import annotations

from .grammar import Clause, Item, build_clauses, build_items
from .seasons import Season
from .vocabulary import Token

_BRACKETS = frozenset("()[]")


def split_segments(tokens: list[Token]) -> list[tuple[str, list[Token]]]:
    """Cut the tokens at separators.

    Each segment comes with every separator since the previous one, led by ``^`` at the
    start of the text, so "; (April - October)" is told apart from "Friday (closed 1-2)".
    """
    segments: list[tuple[str, list[Token]]] = []
    seps, current = "^", []
    for token in tokens:
        if token.kind != "sep":
            current.append(token)
            continue
        if current:
            segments.append((seps, current))
            seps, current = "", []
        seps += str(token.value)
    if current:
        segments.append((seps, current))
    return segments


def read_clauses(tokens: list[Token]) -> tuple[list[Clause], set[str], bool]:
    """All clauses of the text, the flags found, and whether anything but filler was seen."""
    clauses: list[Clause] = []
    flags: set[str] = set()
    anything = False
    bracket: tuple[int, bool] | None = None  # (first clause inside, bracket opens a clause)
    previous: list[Clause] = []  # the clauses of the segment before
    ahead: Season | None = None  # a season standing alone before the clauses it qualifies
    ahead_span = (0, 0)
    for seps, tokens_ in split_segments(tokens):
        segment = build_items(tokens_)
        items = segment.items
        flags |= segment.flags
        anything = anything or any(i.kind != "label" for i in items) or bool(segment.flags)
        new = build_clauses(items)
        _give_seasons(new, segment.seasons)
        if ahead is not None:
            for clause in new:
                clause.season = clause.season or ahead
            ahead = None if new else ahead
        if segment.seasons and not new:
            season = segment.seasons[0][1]
            if len(segment.seasons) > 1:
                clauses.append(Clause([Item("x", tokens_[0].start, tokens_[-1].end)]))
            elif seps in {"^", "^("} or (seps.endswith("(") and len(seps) > 1) or not previous:
                ahead = season  # "(April - October) 5-7pm, Mon-Fri", "Summer: ..."
                ahead_span = (tokens_[0].start, tokens_[-1].end)
            else:
                for clause in previous:  # "Mon-Fri 9-5 (Nov 1 - Mar 31)", "…; summer only"
                    clause.season = clause.season or season
        previous = new or previous
        if bracket is not None and seps == ")" and new:
            _after_bracket(clauses, new, *bracket)
        elif new and clauses and not set(seps) & _BRACKETS:
            # "Monday-Friday, 9-12;1-4" and "Monday-Friday. 9am-3pm": times cut off from days
            if times_only(new[0]) and _takes_times(clauses[-1]):
                clauses[-1].items.extend(new.pop(0).items)
        bracket = None
        if seps.endswith("("):
            bracket = (len(clauses), len(seps) > 1 or seps == "^(")
        clauses.extend(new)
    if ahead is not None:  # "Summer only" and no hours after it
        clauses.append(Clause([Item("x", *ahead_span)]))
    return clauses, flags, anything


def _give_seasons(clauses: list[Clause], seasons: list[tuple[int, Season]]) -> None:
    """Each clause takes the season written before it in the segment, or, when the season
    comes after every clause ("Mon–Fri 2:30–6:30pm during the school year"), that one."""
    if not seasons:
        return
    last_start = max(clause.span[0] for clause in clauses) if clauses else -1
    previous = -1
    for clause in clauses:
        start = clause.span[0]
        before = [season for at, season in seasons if at <= start]
        after = [season for at, season in seasons if at > last_start]
        own = [season for at, season in seasons if previous < at <= start]
        if len(own) > 1 or (not before and len(after) > 1):
            # "Summer and winter: Mon 9-5": which season holds is not said
            clause.items.append(Item("x", *clause.span))
        elif before:
            clause.season = before[-1]
        elif after:
            clause.season = after[0]
        previous = start


def times_only(clause: Clause) -> bool:
    """Time ranges and nothing else, not even "24 hours" (which reads as every day)."""
    kinds = {item.kind for item in clause.items}
    all_day = all(span == (0, 1440) for item in clause.items for span in item.spans)
    return kinds == {"times"} and not all_day


def _takes_times(clause: Clause) -> bool:
    return clause.has("days") and not (clause.has("x") or clause.closed or clause.appt)


def _after_bracket(clauses: list[Clause], new: list[Clause], first: int, leading: bool) -> None:
    inside = clauses[first:]
    if leading and inside and all(c.has("x") for c in inside):
        # "; (April - October) 5:00 pm - 7:00 pm, Monday - Friday": the season qualifies
        # what follows, so neither is read as a year-round rule
        for clause in reversed(inside):
            new[0].items[:0] = clause.items
        del clauses[first:]
        return
    before = clauses[first - 1] if first > 0 else None
    if before is None or not times_only(new[0]) or not _takes_times(before):
        return
    if before.has("times"):
        return
    # "Wednesdays (except 5th Wednesday of the month): 10 AM - 1 PM": the aside sits
    # between the days and their times; an aside that was not understood taints both
    for clause in inside:
        before.items.extend(clause.items)
    before.items.extend(new.pop(0).items)
    del clauses[first:]
