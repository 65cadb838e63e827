"""The directory's data version: bumped by every write, read by search indexes.

Several app processes (gunicorn workers) can each keep an in-memory index; comparing the
version they built it from with this row tells them when to rebuild after an import.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from .base import Base, utcnow

VERSION_KEY = "directory_version"


class DirectoryState(Base):
    """Small named counters about the directory as a whole (e.g. its data version)."""

    __tablename__ = "directory_state"

    key: Mapped[str] = mapped_column(String(50), primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


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
