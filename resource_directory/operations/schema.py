"""upgrade_schema: bring the database to the latest migration (DDL, outside any unit of work)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from ..actor import Actor
from ..policy import authorize
from ..schema import current_revision, head_revision, upgrade_database


@dataclass(frozen=True)
class SchemaState:
    revision: str | None
    head: str | None


def upgrade_schema(actor: Actor, engine: Engine) -> SchemaState:
    """Create or upgrade the schema (Alembic runs and commits its own transaction)."""
    authorize(actor, "upgrade_schema")
    upgrade_database(engine)
    return SchemaState(current_revision(engine), head_revision())
