"""Segments of hours text (cut at ``;``, newlines, brackets, full stops) → clauses.

Most segments stand alone, but a few constructs straddle a cut: "Monday-Friday, 9-12;1-4"
(times for the days before), "(April - October) 5-7pm, Mon-Fri" (a leading qualifier)
and "Wednesdays (except the 5th): 10-1" (an aside between days and their times).
"""

from __future__ import annotations

from .grammar import Clause, build_clauses, build_items
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
    for seps, segment in split_segments(tokens):
        items, found = build_items(segment)
        flags |= found
        anything = anything or bool(items or found)
        new = build_clauses(items)
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
    return clauses, flags, anything


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
