"""Import runs: every run — and every rejected one — is recorded with its counts and problems."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...models import ImportRowError, ImportRun, Source, utcnow
from ...models.limits import storable
from .summary import COUNTS, EntityDiff, ImportSummary


def record_run(
    session: Session,
    summary: ImportSummary,
    *,
    run_id: str,
    file_hash: str | None,
    status: str,
    started_by: str,
) -> str:
    """Record the run (``run_id`` was chosen beforehand, so its audit events name it)."""
    source_id = session.scalar(select(Source.id).where(Source.name == summary.source))
    run = ImportRun(
        id=run_id,
        source_id=source_id,
        source_name=storable(summary.source, ImportRun.__table__.c.source_name),
        path=storable(summary.path, ImportRun.__table__.c.path),
        file_hash=file_hash,
        format=summary.format,
        status=status,
        dry_run=summary.dry_run,
        started_by=started_by,
        finished_at=utcnow(),
        **{name: getattr(summary, name) for name in COUNTS},
    )
    problems = sorted([*summary.errors, *summary.warnings], key=lambda p: (p.line or 0, p.severity))
    columns = ImportRowError.__table__.c
    run.errors = [
        ImportRowError(
            position=i, severity=p.severity,
            **{k: v if not isinstance(v, str) else storable(v, columns[k])
               for k, v in p.as_dict().items()},
        )
        for i, p in enumerate(problems)
    ]  # fmt: skip
    session.add(run)
    session.flush()
    summary.run_id = run.id
    return run.id


def record_rejection(
    session: Session, summary: ImportSummary, *, run_id: str, started_by: str
) -> str:
    """Keep a trace of a rejected import (after its savepoint was rolled back): nothing was
    written, so it created, updated and removed nothing (whatever it counted before it was
    rejected), and a source seen for the first time is not created — the run names it."""
    summary.diffs = {table: EntityDiff() for table in summary.diffs}
    return record_run(
        session, summary, run_id=run_id, file_hash=None, status="rejected", started_by=started_by
    )
