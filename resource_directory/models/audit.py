"""The audit trail: one row per changed field of a record, shaped like HSDS 3 ``metadata``.

HSDS 3 names the shape (``resource_id``, ``resource_type``, ``last_action_date``,
``last_action_type``, ``field_name``, ``previous_value``, ``replacement_value``,
``updated_by``); the project adds who acted in which role, through which face, by which
operation, and the import run when there was one. Nothing about a client is written here.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, pk, text, utcnow


class AuditEvent(Base):
    __tablename__ = "audit_event"

    id: Mapped[str] = pk()
    #: The table of the changed record ("service", "organization" …) and its id.
    resource_type: Mapped[str] = mapped_column(String(50))
    resource_id: Mapped[str] = mapped_column(String(36))
    #: create | update | deactivate | reactivate
    action: Mapped[str] = mapped_column(String(20))
    #: The changed field (a column, or a kind of child row such as "phones"); none for a
    #: record created whole.
    field_name: Mapped[str | None] = mapped_column(String(100))
    previous_value: Mapped[str | None] = text()
    replacement_value: Mapped[str | None] = text()
    #: The actor as a person reads it ("cli:alice", "user:…") — HSDS ``updated_by``.
    updated_by: Mapped[str] = mapped_column(String(200))
    user_id: Mapped[str | None] = mapped_column(String(36))
    role: Mapped[str] = mapped_column(String(20))
    channel: Mapped[str] = mapped_column(String(100))
    operation: Mapped[str] = mapped_column(String(50))
    import_run_id: Mapped[str | None] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


Index("ix_audit_event_resource", AuditEvent.resource_type, AuditEvent.resource_id)
Index("ix_audit_event_import_run_id", AuditEvent.import_run_id)
