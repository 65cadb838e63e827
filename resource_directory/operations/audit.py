"""The one place audit events are made (every write operation records what it changed), and
list_audit_events, which reads them back.

An :class:`AuditTrail` belongs to one operation call: it knows the actor and the operation
(and the import run, for an import), collects events as the operation writes, and inserts
them in bulk when the operation flushes. Values are stored as text, the way HSDS 3
``metadata`` holds them. Client facts never come here: only directory records are audited.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..actor import Actor
from ..models import AuditEvent, utcnow
from ..policy import authorize
from .bulk import BulkInserter, fast_id
from .context import Context

CREATE, UPDATE, DEACTIVATE, REACTIVATE = "create", "update", "deactivate", "reactivate"
#: Events held before they are written (a large import creates hundreds of thousands).
BATCH = 5000


class AuditTrail:
    def __init__(
        self, session: Session, actor: Actor, operation: str, import_run_id: str | None = None
    ):
        self.session = session
        #: What every event of this call shares (the time is the operation's).
        self._shared = {
            "updated_by": actor.label,
            "user_id": actor.user_id,
            "role": actor.role,
            "channel": actor.channel,
            "operation": operation,
            "import_run_id": import_run_id,
            "created_at": utcnow(),
        }
        self._pending: list[dict[str, Any]] = []
        self._inserter: BulkInserter | None = None
        self.count = 0

    def created(self, resource_type: str, resource_id: str) -> None:
        self._add(resource_type, resource_id, CREATE, None, None, None)

    def changed(
        self, resource_type: str, resource_id: str, field: str, previous: Any, replacement: Any
    ) -> None:
        """One changed field (``previous`` and ``replacement`` as the record holds them)."""
        self._add(resource_type, resource_id, UPDATE, field, previous, replacement)

    def activity(self, resource_type: str, resource_id: str, active: bool) -> None:
        """A record deactivated (its source no longer lists it) or back again."""
        action = REACTIVATE if active else DEACTIVATE
        self._add(resource_type, resource_id, action, "active", not active, active)

    def _add(self, resource_type, resource_id, action, field, previous, replacement) -> None:
        self._pending.append(
            {
                "id": fast_id(),
                "resource_type": resource_type,
                "resource_id": resource_id,
                "action": action,
                "field_name": field,
                "previous_value": as_text(previous),
                "replacement_value": as_text(replacement),
            }
        )
        self.count += 1
        if len(self._pending) >= BATCH:
            self.write()

    def write(self) -> None:
        """Insert the events collected so far (in the caller's transaction)."""
        if not self._pending:
            return
        if self._inserter is None:
            self._inserter = BulkInserter(self.session, AuditEvent.__table__)
        self._inserter.insert(self._pending, self._shared)
        self._pending = []


def as_text(value: Any) -> str | None:
    """A field's value as the audit trail stores it."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, list | tuple | dict):
        return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return str(value)


@dataclass(frozen=True)
class AuditView:
    event: AuditEvent

    def line(self) -> str:
        e = self.event
        change = ""
        if e.field_name:
            change = f" {e.field_name}: {_short(e.previous_value)} → {_short(e.replacement_value)}"
        run = f" (import {e.import_run_id[:8]})" if e.import_run_id else ""
        return (
            f"{e.created_at:%Y-%m-%d %H:%M} {e.action:<10} {e.resource_type} "
            f"{e.resource_id}{change} — {e.updated_by} via {e.channel}{run}"
        )

    def as_json(self) -> dict[str, Any]:
        e = self.event
        return {
            "resource_type": e.resource_type,
            "resource_id": e.resource_id,
            "action": e.action,
            "field_name": e.field_name,
            "previous_value": e.previous_value,
            "replacement_value": e.replacement_value,
            "updated_by": e.updated_by,
            "user_id": e.user_id,
            "role": e.role,
            "channel": e.channel,
            "operation": e.operation,
            "import_run_id": e.import_run_id,
            "created_at": e.created_at.isoformat(),
        }


def list_audit_events(
    actor: Actor,
    ctx: Context,
    *,
    resource_id: str | None = None,
    run_id: str | None = None,
    limit: int = 50,
) -> list[AuditView]:
    """The newest audit events, for one record or one import run if asked."""
    authorize(actor, "list_audit_events")
    stmt = select(AuditEvent).order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
    if resource_id:
        stmt = stmt.where(AuditEvent.resource_id == resource_id)
    if run_id:
        stmt = stmt.where(AuditEvent.import_run_id.startswith(run_id, autoescape=True))
    return [AuditView(event) for event in ctx.session.scalars(stmt.limit(limit))]


def _short(value: str | None, width: int = 60) -> str:
    if value is None:
        return "—"
    return value if len(value) <= width else value[: width - 1] + "…"
