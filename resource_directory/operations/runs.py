"""list_import_runs: what was imported, when, by whom, with what result."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..actor import Actor
from ..models import ImportRun, Source
from ..policy import authorize, visible_import_runs
from .context import Context

#: What each problem of a run says, in the order reports list it.
PROBLEM_FIELDS = ("severity", "file", "line", "column", "code", "message")


@dataclass(frozen=True)
class RunView:
    run: ImportRun
    source: str | None

    @property
    def problems(self) -> list[str]:
        return [
            f"{e.severity}: {e.file}:{e.line or '-'} [{e.column or '-'}] {e.code}: {e.message}"
            for e in self.run.errors
        ]

    def line(self) -> str:
        r = self.run
        errors = sum(e.severity == "error" for e in r.errors)
        warnings = len(r.errors) - errors
        return (
            f"{r.started_at:%Y-%m-%d %H:%M} {r.id[:8]} {r.status:<8} {self.source or '-'} "
            f"({r.format}) {r.path}: created {r.created}, updated {r.updated}, "
            f"unchanged {r.unchanged}, removed {r.removed}; {errors} error(s), "
            f"{warnings} warning(s); by {r.started_by or '-'}"
        )

    def as_json(self, with_errors: bool = False) -> dict[str, Any]:
        r = self.run
        body = {
            "id": r.id,
            "source": self.source,
            "path": r.path,
            "file_hash": r.file_hash,
            "format": r.format,
            "status": r.status,
            "started_by": r.started_by,
            "started_at": r.started_at.isoformat(),
            "finished_at": r.finished_at.isoformat() if r.finished_at else None,
            **{k: getattr(r, k) for k in ("created", "updated", "unchanged", "removed")},
            **{k: getattr(r, k) for k in ("organizations", "locations", "services")},
            "errors": sum(e.severity == "error" for e in r.errors),
            "warnings": sum(e.severity == "warning" for e in r.errors),
        }
        if with_errors:
            body["problems"] = [
                dict(zip(PROBLEM_FIELDS, row, strict=True)) for row in self.problem_rows()
            ]
        return body

    def problem_rows(self) -> list[tuple[Any, ...]]:
        """The run's errors and warnings, one tuple of :data:`PROBLEM_FIELDS` each."""
        return [tuple(getattr(e, name) for name in PROBLEM_FIELDS) for e in self.run.errors]


def list_import_runs(
    actor: Actor, ctx: Context, *, limit: int = 20, run_id: str | None = None
) -> list[RunView]:
    """Newest import runs first (or the run whose id starts with ``run_id``)."""
    authorize(actor, "list_import_runs")
    stmt = (
        select(ImportRun, func.coalesce(Source.name, ImportRun.source_name))
        .outerjoin(Source, ImportRun.source_id == Source.id)
        .where(visible_import_runs(actor))
        .options(selectinload(ImportRun.errors))
        .order_by(ImportRun.started_at.desc(), ImportRun.id)
        .limit(limit)
    )
    if run_id:
        stmt = stmt.where(ImportRun.id.startswith(run_id, autoescape=True))
    return [RunView(run, source) for run, source in ctx.session.execute(stmt)]
