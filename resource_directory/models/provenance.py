"""Where records come from: sources, import runs and their row errors."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, UniqueConstraint, true
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from .base import Base, fk, pk, text, utcnow


class Source(Base):
    """Who supplies a set of listings (an agency, a 211 export, the bundled demo data)."""

    __tablename__ = "source"

    id: Mapped[str] = pk()
    name: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str | None] = text()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Provenance:
    """Columns every imported record carries: re-imports upsert on (source, external_id)."""

    @declared_attr
    def source_id(cls) -> Mapped[str | None]:
        return mapped_column(
            String(36), ForeignKey("source.id", ondelete="RESTRICT"), nullable=True
        )

    external_id: Mapped[str | None] = mapped_column(String(255))
    content_hash: Mapped[str | None] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    #: Fields changed through an edit (``update_service``): later imports of the source keep
    #: them, and say so (``kept_edits``). The default is an (immutable) empty tuple, stored
    #: as ``[]``, so bulk inserts that leave the column out store it too.
    edited_fields: Mapped[list[Any]] = mapped_column(JSON, default=(), server_default="[]")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    @declared_attr.directive
    def __table_args__(cls) -> tuple:
        return (UniqueConstraint("source_id", "external_id"),)


class ImportRun(Base):
    """One run of an importer: what was read, by whom, and what it changed."""

    __tablename__ = "import_run"

    id: Mapped[str] = pk()
    source_id: Mapped[str | None] = fk("source.id", nullable=True, ondelete="SET NULL")
    #: The source's name as the run gave it (a rejected first import creates no source).
    source_name: Mapped[str | None] = mapped_column(String(200))
    path: Mapped[str] = mapped_column(String(1000))
    file_hash: Mapped[str | None] = mapped_column(String(64))
    format: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))  # imported | rejected | dry_run
    dry_run: Mapped[bool] = mapped_column(Boolean, default=False)
    started_by: Mapped[str | None] = mapped_column(String(200))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column()
    created: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    removed: Mapped[int] = mapped_column(Integer, default=0)
    organizations: Mapped[int] = mapped_column(Integer, default=0)
    locations: Mapped[int] = mapped_column(Integer, default=0)
    services: Mapped[int] = mapped_column(Integer, default=0)

    errors: Mapped[list[ImportRowError]] = relationship(
        back_populates="run", cascade="all, delete-orphan", order_by="ImportRowError.position"
    )


class ImportRowError(Base):
    """A problem found in one row (or file) of an import run."""

    __tablename__ = "import_error"

    id: Mapped[str] = pk()
    run_id: Mapped[str] = fk("import_run.id")
    position: Mapped[int] = mapped_column(Integer)
    severity: Mapped[str] = mapped_column(String(10))  # error | warning
    file: Mapped[str] = mapped_column(String(1000))
    line: Mapped[int | None] = mapped_column(Integer)
    column: Mapped[str | None] = mapped_column(String(200))
    code: Mapped[str] = mapped_column(String(50))
    message: Mapped[str] = text(nullable=False)

    run: Mapped[ImportRun] = relationship(back_populates="errors")
