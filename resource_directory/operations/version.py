"""The directory's data version: bumped by every write, read by search indexes.

Several app processes (gunicorn workers) can each keep an in-memory index; comparing the
version they built it from with this row tells them when to rebuild after an import.
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..models import DirectoryState, utcnow

VERSION_KEY = "directory_version"


def bump_directory_version(session: Session) -> None:
    """Mark the directory changed (in the caller's transaction)."""
    changed = session.execute(
        update(DirectoryState)
        .where(DirectoryState.key == VERSION_KEY)
        .values(value=DirectoryState.value + 1, updated_at=utcnow())
    ).rowcount
    if not changed:
        session.add(DirectoryState(key=VERSION_KEY, value=1, updated_at=utcnow()))
    session.flush()


def directory_version(session: Session) -> int:
    return (
        session.scalar(select(DirectoryState.value).where(DirectoryState.key == VERSION_KEY)) or 0
    )
