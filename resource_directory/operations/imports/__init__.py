"""import_listings: write an importer's records into the directory as one upsert.

Records are matched on (source, external_id); a content hash tells unchanged records from
updated ones, so importing the same file twice changes nothing the second time — no row,
no child id, no audit event. Every write happens inside a SAVEPOINT, so a rejected file
leaves nothing behind but the record of its rejection, whoever called the operation.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from importers import read_file_chunks

from ...actor import Actor
from ...errors import ImportRejected, InvalidInput
from ...gcpause import collector_paused
from ...models import Source, bump_directory_version
from ...models.limits import limit_of, problem
from ...policy import authorize
from ..audit import AuditTrail
from ..bulk import fast_id
from ..context import Context
from .recording import record_rejection, record_run
from .summary import EntityDiff, ImportSummary
from .writer import ChunkWriter

MODES = ("partial", "full")

__all__ = ["MODES", "EntityDiff", "ImportSummary", "import_listings"]


def import_listings(
    actor: Actor,
    ctx: Context,
    path: Path,
    *,
    format: str = "auto",
    source: str | None = None,
    dry_run: bool = False,
    mode: str = "partial",
    skip_invalid: bool = False,
    mapping: Path | None = None,
    progress: Callable[[str, int, int], None] | None = None,
    allow_mass_deactivation: bool = False,
) -> ImportSummary:
    """Import a file's listings (upsert by source + external id); flushes, never commits.

    ``mode="full"`` marks the source's records that the file no longer has inactive (never
    deletes them) — but refuses (``mass_deactivation``) to mark more than half of any kind
    of the source's records unless ``allow_mass_deactivation``: a file that lost most of
    its rows is likelier than a directory that lost most of its services; ``"partial"``
    only adds and updates. A file with no listings at all is an ``empty_file`` error.
    When the file has any fatal error (unless ``skip_invalid`` asks to import the good
    records and report the bad ones) the SAVEPOINT is rolled back, the rejected run is
    recorded, and :class:`ImportRejected` is raised. A dry run rolls its savepoint back and
    records nothing.
    """
    authorize(actor, "import_listings")
    if path.exists() and not (path.is_file() or path.is_dir()):  # a pipe would block for ever
        raise InvalidInput({"path": [f"{path} is not a regular file or a folder"]})
    if mode not in MODES:
        raise InvalidInput({"mode": [f"must be one of {', '.join(MODES)}"]})
    session = ctx.session
    run_id = fast_id()
    savepoint = session.begin_nested()
    try:
        with collector_paused():  # its repeated scans cost a third of the import time
            summary = _import(
                session, actor, run_id, path, format, source, dry_run, mode, skip_invalid,
                mapping, progress, allow_mass_deactivation,
            )  # fmt: skip
    except ImportRejected as rejected:
        savepoint.rollback()
        if not dry_run:
            record_rejection(session, rejected.report, run_id=run_id, started_by=actor.label)
        raise
    except BaseException:
        savepoint.rollback()
        raise
    if dry_run:
        savepoint.rollback()
    else:
        savepoint.commit()
    return summary


#: Errors about the whole file, which skipping invalid rows cannot get round.
_WHOLE_FILE = frozenset({"empty_file", "mass_deactivation"})


def _only_rows(report) -> bool:
    """Are the report's errors all about rows (which ``skip_invalid`` leaves out)?"""
    return not any(e.code in _WHOLE_FILE for e in report.errors)


def _check_source_name(name: str, given: str | None, suggested: str | None) -> None:
    """A source name the directory can store (its runs are recorded under it), or
    :class:`InvalidInput` naming where the name came from."""
    found = problem(name, limit_of(Source.__table__.c.name))
    if found is not None:
        where = "source" if given else "the file's own name" if suggested else "the file name"
        raise InvalidInput({where: [f"the source name {found[1]}; give a shorter --source"]})


def _import(
    session: Session, actor, run_id, path, format, source, dry_run, mode, skip_invalid,
    mapping, progress, allow_mass_deactivation,
) -> ImportSummary:  # fmt: skip
    parsed = read_file_chunks(path, format, mapping=mapping, skip_invalid=skip_invalid)
    summary = ImportSummary(
        source=source or parsed.default_source or path.stem,
        path=str(path),
        format=parsed.format,
        dry_run=dry_run,
        mode=mode,
    )
    _check_source_name(summary.source, source, parsed.default_source)
    source_id = session.scalar(select(Source.id).where(Source.name == summary.source))
    if source_id is None and not dry_run:
        source_row = Source(name=summary.source)
        session.add(source_row)
        session.flush()
        source_id = source_row.id
    trail = None if dry_run else AuditTrail(session, actor, "import_listings", run_id)
    writer = ChunkWriter(session, source_id, summary, trail, progress, keep_ids=mode == "full")
    # Large files come in chunks written as they are read (memory stays flat); a fatal error
    # anywhere rejects the whole import, and the savepoint's rollback removes what was written.
    for records in parsed.chunks:
        summary.organizations += len(records.organizations)
        summary.locations += len(records.locations)
        summary.services += len(records.services)
        if parsed.report.fatal and not skip_invalid and writer.trail is not None:
            writer.trail, writer.dry_run = None, True  # rejected: only count from here on
        writer.write(records)
    report = parsed.report
    if not (summary.organizations or summary.locations or summary.services or report.fatal):
        report.error(path.name, None, None, "empty_file", "the file holds no listings")
    # Rows skipped as invalid do not stop a full import; errors about the whole file do.
    importable = not report.fatal or (skip_invalid and _only_rows(report))
    gone = writer.missing() if mode == "full" and importable else {}  # else rejected below
    if not allow_mass_deactivation:
        for table, (missing, active) in gone.items():
            if len(missing) > active / 2:
                report.error(
                    path.name, None, None, "mass_deactivation",
                    f"a full import would deactivate {len(missing):,} of the {active:,} "
                    f"active {table} of source {summary.source!r}; if the file is whole, "
                    "import it again with --allow-mass-deactivation",
                )  # fmt: skip
    summary.errors = list(report.errors)
    summary.warnings = report.all_warnings()
    if report.fatal and not (skip_invalid and _only_rows(report)):
        raise ImportRejected(summary)
    if mode == "full":
        writer.deactivate({table: missing for table, (missing, _) in gone.items()})
    if not dry_run:
        summary.audit_events = trail.count
        record_run(
            session, summary, run_id=run_id, file_hash=parsed.file_hash, status="imported",
            started_by=actor.label,
        )  # fmt: skip
        bump_directory_version(session)
    return summary
