"""What a column can hold on every database the directory runs on, read from its type.

SQLite takes text of any length, NUL and unpaired surrogates inside it, and integers up to
2^63; PostgreSQL refuses all of those beyond its column's size (``VARCHAR(n)``, a 32-bit
``INTEGER``). Values are checked against the stricter of the two, so a file or a request is
refused the same way on both — with a named problem instead of a database error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import BigInteger, Column, Integer, SmallInteger, String

#: Whole-number ranges of PostgreSQL's integer types (SQLite's are wider).
_RANGES = {SmallInteger: 15, BigInteger: 63, Integer: 31}

# PostgreSQL refuses NUL in text, and UTF-8 cannot encode half of a surrogate pair; SQLite
# takes both, so without this check the same value would pass on one database only.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def unstorable(text: str) -> str | None:
    """What in ``text`` no database could store, in words; None when it is all storable."""
    found = _UNSTORABLE.search(text)
    if found is None:
        return None
    if found.group() == "\x00":
        return "a NUL character"
    return f"an unpaired surrogate (U+{ord(found.group()):04X})"


def storable(text: str, column: Column) -> str:
    """``text`` as a column can hold it, for records about data rather than data (a run's
    path, an error's column and message): unstorable characters escaped ("\\x00"), and
    shortened to the column's length with "…"."""
    text = _UNSTORABLE.sub(lambda found: ascii(found.group())[1:-1], text)
    length = limit_of(column).length
    return text if length is None or len(text) <= length else text[: length - 1] + "…"


@dataclass(frozen=True)
class Limit:
    """A column's bounds: its length in characters, or its range of whole numbers."""

    length: int | None = None
    low: int | None = None
    high: int | None = None


def limit_of(column: Column) -> Limit:
    """The bounds of a column, from its SQL type (none for text, floats, dates …)."""
    kind = column.type
    for integer, bits in _RANGES.items():  # BigInteger and SmallInteger subclass Integer
        if isinstance(kind, integer):
            return Limit(low=-(2**bits), high=2**bits - 1)
    if isinstance(kind, String) and kind.length is not None:
        return Limit(length=kind.length)
    return Limit()


def problem(value: object, limit: Limit) -> tuple[str, str] | None:
    """(code, words) when ``value`` cannot be stored under ``limit``; else None.

    Codes: ``invalid_text`` (NUL, unpaired surrogate), ``value_too_long``,
    ``number_out_of_range``.
    """
    if isinstance(value, str):
        if (found := unstorable(value)) is not None:
            return "invalid_text", f"contains {found}, which no database can store"
        if limit.length is not None and len(value) > limit.length:
            return (
                "value_too_long",
                f"is {len(value):,} characters long; the directory holds at most {limit.length:,}",
            )
        return None
    if isinstance(value, int) and not isinstance(value, bool) and limit.high is not None:
        if not limit.low <= value <= limit.high:
            return (
                "number_out_of_range",
                f"is beyond the directory's range of {limit.low:,} to {limit.high:,}",
            )
    return None
