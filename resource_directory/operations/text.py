"""Text every database can hold: what a request's strings are checked against."""

from __future__ import annotations

import re

# PostgreSQL refuses NUL in text, and UTF-8 cannot encode half of a surrogate pair; SQLite
# takes both, so without this check the same request would pass on one database only.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def unstorable(text: str) -> str | None:
    """What in ``text`` no database could store, in words; None when it is all storable."""
    found = _UNSTORABLE.search(text)
    if found is None:
        return None
    if found.group() == "\x00":
        return "a NUL character"
    return f"an unpaired surrogate (U+{ord(found.group()):04X})"
