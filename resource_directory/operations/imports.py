"""import_listings: write an importer's records into the directory as one upsert.

Records are matched on (source, external_id); a content hash tells unchanged records from
updated ones, so importing the same file twice changes nothing the second time. Rows are
written with bulk statements in batches; an updated record's child rows (address, phones,
schedules, languages, terms, eligibility rules) are replaced as a whole.
"""

from __future__ import annotations

import dataclasses
import gc
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import String, any_, bindparam, delete, select, text, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from importers import RowError, read_file_chunks
from importers.records import LocationRecord, OrganizationRecord, RecordSet, ServiceRecord

from ..actor import Actor
from ..eligibility import ParsedRule, age_limits, parse_eligibility
from ..errors import ImportRejected, InvalidInput
from ..models import (
    Address,
    EligibilityRule,
    ImportRowError,
    ImportRun,
    Language,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceTaxonomy,
    Source,
    bump_directory_version,
    utcnow,
)
from ..policy import authorize
from ..taxonomy import NEEDS_BY_SLUG, OPEN_ELIGIBILITY
from .bulk import BulkInserter, fast_id
from .context import Context
from .duplicates import find_duplicate_candidates
from .taxonomy import ensure_terms

BATCH = 5000
MODES = ("partial", "full")
CREATED_SAMPLE = 1000
LOOKUP_BATCH = 5000
#: Records created before PostgreSQL's statistics are refreshed (see _refresh_statistics).
ANALYZE_AFTER = 1000
#: The counts an import run records (the same names on ImportSummary and ImportRun).
COUNTS = ("created", "updated", "unchanged", "removed", "organizations", "locations", "services")


@dataclass
class EntityDiff:
    """What an import does to one table: created, updated (with changed fields), kept,
    and — in full mode — deactivated because the file no longer has them."""

    created_count: int = 0
    #: The first created external ids (for a dry run's listing; large files create many).
    created: list[str] = field(default_factory=list)
    updated: dict[str, list[str]] = field(default_factory=dict)
    unchanged: int = 0
    deactivated: list[str] = field(default_factory=list)

    def add_created(self, external_id: str) -> None:
        self.created_count += 1
        if len(self.created) < CREATED_SAMPLE:
            self.created.append(external_id)


@dataclass
class ImportSummary:
    source: str
    path: str
    format: str
    dry_run: bool
    mode: str = "partial"
    organizations: int = 0
    locations: int = 0
    services: int = 0
    diffs: dict[str, EntityDiff] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    duplicate_candidates: int = 0
    run_id: str | None = None

    @property
    def created(self) -> int:
        return sum(d.created_count for d in self.diffs.values())

    @property
    def updated(self) -> int:
        return sum(len(d.updated) for d in self.diffs.values())

    @property
    def unchanged(self) -> int:
        return sum(d.unchanged for d in self.diffs.values())

    @property
    def removed(self) -> int:
        return sum(len(d.deactivated) for d in self.diffs.values())

    def as_json(self) -> dict[str, Any]:
        """The ``import --json`` contract (DESIGN.md), plus warnings and the per-table diff."""
        return {
            "source": self.source,
            "dry_run": self.dry_run,
            "mode": self.mode,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "removed": self.removed,
            "organizations": self.organizations,
            "locations": self.locations,
            "services": self.services,
            "duplicate_candidates": self.duplicate_candidates,
            "errors": [e.as_dict() for e in self.errors],
            "warnings": [w.as_dict() for w in self.warnings],
            "changes": {
                table: {
                    "created": diff.created_count,
                    "updated": [
                        {"external_id": ext, "fields": fields}
                        for ext, fields in diff.updated.items()
                    ],
                    "unchanged": diff.unchanged,
                    "deactivated": diff.deactivated,
                }
                for table, diff in self.diffs.items()
            },
        }


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
) -> ImportSummary:
    """Import a file's listings (upsert by source + external id); flushes, never commits.

    ``mode="full"`` marks the source's records that the file no longer has inactive (never
    deletes them); ``"partial"`` only adds and updates. Every write happens inside a
    SAVEPOINT: when the file has any fatal error (unless ``skip_invalid`` asks to import the
    good records and report the bad ones) it is rolled back, the rejected run is recorded,
    and :class:`ImportRejected` is raised — so a rejection leaves nothing else behind,
    whoever the caller is. A dry run rolls its savepoint back too.
    """
    authorize(actor, "import_listings")
    if mode not in MODES:
        raise InvalidInput({"mode": [f"must be one of {', '.join(MODES)}"]})
    session = ctx.session
    savepoint = session.begin_nested()
    try:
        with _no_cyclic_gc():
            summary = _import(
                session, path, format, source, dry_run, mode, skip_invalid, mapping,
                actor.label, progress,
            )  # fmt: skip
    except ImportRejected as rejected:
        savepoint.rollback()
        if not dry_run:
            _record_rejection(session, rejected.report, actor.label)
        raise
    except BaseException:
        savepoint.rollback()
        raise
    if dry_run:
        savepoint.rollback()
    else:
        savepoint.commit()
    return summary


@contextmanager
def _no_cyclic_gc():
    """Pause the cycle collector: a large file's records are hundreds of thousands of
    acyclic objects, and its repeated full scans of them cost a third of the import time.
    Reference counting still frees everything as usual."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _import(
    session, path, format, source, dry_run, mode, skip_invalid, mapping, started_by, progress
) -> ImportSummary:
    parsed = read_file_chunks(path, format, mapping=mapping, skip_invalid=skip_invalid)
    summary = ImportSummary(
        source=source or parsed.default_source or path.stem,
        path=str(path),
        format=parsed.format,
        dry_run=dry_run,
        mode=mode,
    )
    source_row = session.scalar(select(Source).where(Source.name == summary.source))
    if source_row is None and not dry_run:
        source_row = Source(name=summary.source)
        session.add(source_row)
        session.flush()
    writer = _Writer(session, source_row, summary, dry_run, progress, keep_ids=mode == "full")
    # Large files come in chunks written as they are read (memory stays flat); a fatal error
    # anywhere rejects the whole import, and the savepoint's rollback removes what was written.
    for records in parsed.chunks:
        summary.organizations += len(records.organizations)
        summary.locations += len(records.locations)
        summary.services += len(records.services)
        writer.dry_run = dry_run or (parsed.report.fatal and not skip_invalid)
        writer.write(records)
    summary.errors = list(parsed.report.errors)
    summary.warnings = list(parsed.report.warnings)
    if parsed.report.fatal and not skip_invalid:
        raise ImportRejected(summary)
    writer.dry_run = dry_run
    if mode == "full":
        writer.deactivate_missing()
    if not dry_run:
        summary.run_id = _record_run(session, summary, parsed.file_hash, "imported", started_by)
        bump_directory_version(session)
    return summary


def _refresh_statistics(session: Session) -> None:
    """PostgreSQL plans queries from table statistics; stale ones (empty tables that this
    import has just filled, in a transaction autovacuum cannot see) make it scan and
    nest-loop whole tables — in the next chunks' look-ups and in the duplicate search. Run
    once per import, after the first chunk that created many records."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for table in ("organization", "location", "service", "service_at_location", "phone"):
        session.execute(text(f"ANALYZE {table}"))


def _record_rejection(session: Session, summary: ImportSummary, started_by: str | None):
    """Keep a trace of a rejected import (after its savepoint was rolled back).

    The source is recorded even when this was its first attempt, so that its runs list
    shows what went wrong.
    """
    source_row = session.scalar(select(Source).where(Source.name == summary.source))
    if source_row is None:
        source_row = Source(name=summary.source)
        session.add(source_row)
        session.flush()
    summary.run_id = _record_run(session, summary, None, "rejected", started_by, source_row.id)
    return summary.run_id


def _record_run(session, summary, digest, status, started_by, source_id=None) -> str:
    if source_id is None:
        source_id = session.scalar(select(Source.id).where(Source.name == summary.source))
    run = ImportRun(
        source_id=source_id,
        path=summary.path,
        file_hash=digest,
        format=summary.format,
        status=status,
        dry_run=summary.dry_run,
        started_by=started_by,
        finished_at=utcnow(),
        **{name: getattr(summary, name) for name in COUNTS},
    )
    problems = sorted([*summary.errors, *summary.warnings], key=lambda p: (p.line or 0, p.severity))
    run.errors = [
        ImportRowError(position=i, severity=p.severity, **p.as_dict())
        for i, p in enumerate(problems)
    ]
    session.add(run)
    session.flush()
    return run.id


class _Writer:
    """Writes chunks of records; ids, diffs and the source's existing records carry over."""

    TABLES = ("organizations", "locations", "services", "service_at_locations")

    def __init__(self, session, source, summary, dry_run: bool, progress, keep_ids: bool):
        self.session = session
        self.source_id = source.id if source else None
        self.summary = summary
        self.dry_run = dry_run
        self.progress = progress or (lambda stage, done, total: None)
        self.records = RecordSet()  # the chunk being written
        # Ids of this chunk's records and of the records they refer to; rebuilt per chunk so
        # memory does not grow with the file.
        self.ids: dict[str, dict[str, str]] = {table: {} for table in self.TABLES}
        self.existing: dict[str, dict[str, tuple[str, int, bool]]] = {}
        # Full mode needs every external id the file had, to deactivate the others.
        self.present: dict[str, set[str]] | None = (
            {table: set() for table in self.TABLES} if keep_ids else None
        )
        self._terms: dict[tuple[str, str], str] = {}
        self.analyzed = False
        for table in self.TABLES:
            summary.diffs.setdefault(table, EntityDiff())

    def write(self, records: RecordSet) -> None:
        self.records = records
        self.ids = {table: {} for table in self.TABLES}
        models = dict(zip(self.TABLES, (Organization, Location, Service, ServiceAtLocation),
                          strict=True))  # fmt: skip
        for table, items in records.tables().items():
            self.existing[table] = self.load_existing(models[table], list(items))
            if self.present is not None:
                self.present[table].update(items)
        self.resolve_references(records, models)
        changed = {
            "organizations": self.upsert(
                "organizations", Organization, records.organizations, self.organization_row
            ),
            "locations": self.upsert("locations", Location, records.locations, self.location_row),
            "services": self.upsert("services", Service, records.services, self.service_row),
            "service_at_locations": self.upsert(
                "service_at_locations", ServiceAtLocation, records.service_at_locations,
                lambda r: {"service_id": self.ids["services"].get(r.service_external_id),
                           "location_id": self.ids["locations"].get(r.location_external_id),
                           "description": r.description},
            ),
        }  # fmt: skip
        if self.dry_run:
            return
        self.ensure_term_ids()
        for table, model, column, make_rows in self.children():
            self.write_children(table, model, column, make_rows, *changed[table])
        if not self.analyzed and sum(len(c[0]) for c in changed.values()) >= ANALYZE_AFTER:
            _refresh_statistics(self.session)
            self.analyzed = True
        touched = [self.ids["services"][ext] for ext in (*changed["services"][0],
                                                        *changed["services"][1])]  # fmt: skip
        self.summary.duplicate_candidates += find_duplicate_candidates(self.session, touched)

    def resolve_references(self, records: RecordSet, models: dict) -> None:
        """Ids of records this chunk refers to but an earlier chunk (or import) holds."""
        wanted = {
            "organizations": {r.organization_external_id for r in records.services.values()}
            | {r.organization_external_id for r in records.locations.values()
               if r.organization_external_id},
            "services": {r.service_external_id for r in records.service_at_locations.values()},
            "locations": {r.location_external_id
                          for r in records.service_at_locations.values()},
        }  # fmt: skip
        for table, external_ids in wanted.items():
            own = records.tables()[table]
            missing = [ext for ext in external_ids if ext not in own]
            for ext, (id_, _digest, _active) in self.load_existing(models[table], missing).items():
                self.ids[table][ext] = id_

    def children(self):
        """(parent table, child model, its parent column, rows for one parent record)."""
        return [
            ("organizations", Phone, Phone.organization_id, _phones("organization_id")),
            ("locations", Address, Address.location_id, _address_rows),
            ("locations", Phone, Phone.location_id, _phones("location_id")),
            ("locations", Schedule, Schedule.location_id, _schedules("location_id")),
            ("locations", Language, Language.location_id, _languages("location_id")),
            ("services", ServiceTaxonomy, ServiceTaxonomy.service_id, self.term_rows),
            ("services", EligibilityRule, EligibilityRule.service_id, _rule_rows),
            ("services", Language, Language.service_id, _languages("service_id")),
            ("services", ServiceArea, ServiceArea.service_id, _service_area_rows),
            ("services", Phone, Phone.service_id, _phones("service_id")),
            ("services", Schedule, Schedule.service_id, _schedules("service_id")),
            ("service_at_locations", Phone, Phone.service_at_location_id,
             _phones("service_at_location_id")),
            ("service_at_locations", Schedule, Schedule.service_at_location_id,
             _schedules("service_at_location_id")),
        ]  # fmt: skip

    # -- parents -----------------------------------------------------------------------

    def upsert(
        self, table: str, model, records: dict[str, Any], to_row: Callable
    ) -> tuple[list[str], list[str]]:
        """Insert new and update changed records; return this chunk's (created, updated)."""
        diff = self.summary.diffs[table]
        created: list[str] = []
        updated: list[str] = []
        existing = self.existing[table]
        ids = self.ids[table]
        inserter = None if self.dry_run else BulkInserter(self.session, model.__table__)
        inserts: list[dict[str, Any]] = []
        updates: list[dict[str, Any]] = []
        changed_old: list[str] = []
        now = utcnow()
        total = len(records)
        for done, record in enumerate(records.values(), 1):
            if done % 5000 == 0:
                self.progress(table, done, total)
            digest = record.content_hash()
            digest_key = hash(digest)
            found = existing.get(record.external_id)
            if found is None:
                ids[record.external_id] = fast_id()
                diff.add_created(record.external_id)
                created.append(record.external_id)
                if not self.dry_run:
                    inserts.append(
                        {**to_row(record), "id": ids[record.external_id],
                         "source_id": self.source_id, "external_id": record.external_id,
                         "content_hash": digest, "active": True, "created_at": now,
                         "updated_at": now}
                    )  # fmt: skip
                    if len(inserts) >= BATCH:  # written as we go: memory stays flat
                        inserter.insert(inserts)
                        inserts = []
                continue
            ids[record.external_id] = found[0]
            if found[1] == digest_key and found[2]:
                diff.unchanged += 1
                continue
            diff.updated[record.external_id] = [] if found[1] != digest_key else ["active"]
            updated.append(record.external_id)
            if found[1] != digest_key:
                changed_old.append(found[0])
            if not self.dry_run:
                updates.append(
                    {**to_row(record), "id": found[0], "content_hash": digest,
                     "active": True, "updated_at": now}
                )  # fmt: skip
        self.progress(table, total, total)
        if inserter is not None:
            inserter.insert(inserts)
        if changed_old:
            self.describe_changes(model, table, diff, changed_old, to_row)
        for batch in _batches(updates):
            self.session.execute(update(model), batch)
        return created, updated

    def load_existing(self, model, external_ids: list[str]) -> dict[str, tuple[str, int, bool]]:
        """The source's records among these external ids: id, hash of content hash, active."""
        found: dict[str, tuple[str, int, bool]] = {}
        if self.source_id is None:
            return found
        # One query per chunk and table (a chunk holds at most a few thousand ids).
        postgresql = self.session.get_bind().dialect.name == "postgresql"
        for batch in _batches(external_ids, LOOKUP_BATCH):
            # PostgreSQL takes the ids as one array parameter: thousands of placeholders
            # cost more to build and parse than the look-up itself.
            listed = (
                model.external_id == any_(bindparam("ids", list(batch), type_=ARRAY(String)))
                if postgresql
                else model.external_id.in_(batch)
            )
            rows = self.session.execute(
                select(model.external_id, model.id, model.content_hash, model.active).where(
                    model.source_id == self.source_id, listed
                )
            )
            # hash() of the digest is all a comparison needs, at a fraction of the memory.
            found.update((ext, (id_, hash(digest), active)) for ext, id_, digest, active in rows)
        return found

    def describe_changes(self, model, table, diff: EntityDiff, old_ids, to_row) -> None:
        """Fill the changed field names of each updated record (the dry-run diff)."""
        records = self.records.tables()[table]
        for batch in _batches(old_ids, 500):
            for current in self.session.scalars(select(model).where(model.id.in_(batch))):
                new = to_row(records[current.external_id])
                fields = [k for k, v in new.items() if getattr(current, k, None) != v]
                diff.updated[current.external_id] = fields or ["details"]

    def deactivate_missing(self) -> None:
        """Full mode: the source's active records this file no longer has become inactive."""
        models = dict(zip(self.TABLES, (Organization, Location, Service, ServiceAtLocation),
                          strict=True))  # fmt: skip
        for table, model in models.items():
            present = self.present[table] if self.present is not None else set()
            gone = [
                (ext, id_)
                for ext, id_ in self.session.execute(
                    select(model.external_id, model.id).where(
                        model.source_id == self.source_id, model.active
                    )
                )
                if ext not in present
            ] if self.source_id is not None else []  # fmt: skip
            self.summary.diffs[table].deactivated = [ext for ext, _ in gone]
            if self.dry_run:
                continue
            now = utcnow()
            for batch in _batches([id_ for _, id_ in gone], 500):
                self.session.execute(
                    update(model.__table__)
                    .where(model.__table__.c.id.in_(batch))
                    .values(active=False, updated_at=now)
                )

    def organization_row(self, r: OrganizationRecord) -> dict[str, Any]:
        return {
            "name": r.name,
            "alternate_name": r.alternate_name,
            "description": r.description,
            "email": r.email,
            "website": r.website,
        }

    def location_row(self, r: LocationRecord) -> dict[str, Any]:
        org = r.organization_external_id
        return {
            "organization_id": self.ids["organizations"].get(org) if org else None,
            "location_type": r.location_type,
            "name": r.name,
            "description": r.description,
            "transportation": r.transportation,
            "latitude": r.latitude,
            "longitude": r.longitude,
            "geocode_precision": r.geocode_precision,
            "time_zone": r.time_zone,
            "accessibility": r.accessibility,
            "confidential": r.confidential,
        }

    def service_row(self, r: ServiceRecord) -> dict[str, Any]:
        minimum, maximum = age_limits(_rules(r.eligibility_description))
        return {
            # .get: in a dry run, a record created by an earlier chunk has no row to point at.
            "organization_id": self.ids["organizations"].get(r.organization_external_id),
            "name": r.name,
            "alternate_name": r.alternate_name,
            "description": r.description,
            "url": r.url,
            "email": r.email,
            "status": r.status,
            "application_process": r.application_process,
            "interpretation_services": r.interpretation_services,
            "fees_description": r.fees_description,
            "eligibility_description": r.eligibility_description,
            # Ages the source gives as fields win over ages read from its prose.
            "minimum_age": r.minimum_age if r.minimum_age is not None else minimum,
            "maximum_age": r.maximum_age if r.maximum_age is not None else maximum,
            "assured_date": r.assured_date,
            "accepting_referrals": r.accepting_referrals,
            "capacity_available": r.capacity_available,
            "capacity_updated": r.capacity_updated,
        }

    # -- children ----------------------------------------------------------------------

    def write_children(
        self, table, model, parent_column, make_rows, created: list[str], updated: list[str]
    ) -> None:
        """Replace the child rows of this chunk's created or updated parents, in batches."""
        ids = self.ids[table]
        records = self.records.tables()[table]
        stale = [ids[ext] for ext in updated]
        for batch in _batches(stale, 500):
            self.session.execute(delete(model).where(parent_column.in_(batch)))
        inserter = BulkInserter(self.session, model.__table__)
        rows: list[dict[str, Any]] = []
        for ext in [*created, *updated]:
            rows.extend({"id": fast_id(), **row} for row in make_rows(ids[ext], records[ext]))
            if len(rows) >= BATCH:
                inserter.insert(rows)
                rows = []
        inserter.insert(rows)

    def term_rows(self, service_id: str, r: ServiceRecord):
        """The service's own terms, plus the need terms its needs imply.

        A need term the source did not file the service under (read from its text, or from
        another vocabulary's term names) is marked inferred, so exports leave it out and a
        re-import of an export reads the same terms back.
        """
        terms = self._terms
        linked: dict[str, bool] = {}
        for term in r.terms:
            linked.setdefault(terms[(term.taxonomy, term.code)], False)
        for slug in r.needs:
            code = NEEDS_BY_SLUG[slug].term[0]
            linked.setdefault(terms[(OPEN_ELIGIBILITY, code)], r.needs_inferred or bool(r.terms))
        for term_id, inferred in linked.items():
            yield {"service_id": service_id, "taxonomy_term_id": term_id, "inferred": inferred}

    def ensure_term_ids(self) -> None:
        """Create the taxonomy terms this chunk's services use that are not known yet."""
        new = {
            (t.taxonomy, t.code): t
            for s in self.records.services.values()
            for t in s.terms
            if (t.taxonomy, t.code) not in self._terms
        }
        if new or not self._terms:
            self._terms.update(ensure_terms(self.session, list(new.values())))


def _phones(parent_column: str):
    def rows(parent_id: str, record):
        for phone in record.phones:
            yield {
                parent_column: parent_id,
                "number": phone.number,
                "extension": phone.extension,
                "type": phone.type,
                "description": phone.description,
            }

    return rows


@lru_cache(maxsize=16384)
def _schedule_fields(schedule) -> dict[str, Any]:
    """A schedule record's columns (records repeat: most listings share a few hours texts)."""
    return dataclasses.asdict(schedule)


def _schedules(parent_column: str):
    def rows(parent_id: str, record):
        for schedule in record.schedules:
            yield {parent_column: parent_id, **_schedule_fields(schedule)}
        if record.hours and not record.schedules:
            yield {parent_column: parent_id, "description": record.hours}

    return rows


def _languages(parent_column: str):
    def rows(parent_id: str, record):
        for language in record.languages:
            yield {parent_column: parent_id, "name": language.name, "code": language.code}

    return rows


def _address_rows(location_id: str, r: LocationRecord):
    if not (r.address_1 or r.city or r.postal_code):
        return
    yield {
        "location_id": location_id,
        "address_1": r.address_1,
        "address_2": r.address_2,
        "city": r.city,
        "region": r.county,
        "state_province": r.state,
        "postal_code": r.postal_code,
        "country": "US",
        "address_type": "physical",
    }


def _rule_rows(service_id: str, r: ServiceRecord):
    for position, rule in enumerate(_rules(r.eligibility_description)):
        yield {
            "service_id": service_id,
            "position": position,
            "kind": rule.kind,
            "values": rule.values,
            "source_text": rule.text,
            "span_start": rule.start,
            "span_end": rule.end,
            "confidence": rule.confidence,
        }


def _service_area_rows(service_id: str, r: ServiceRecord):
    for area in r.service_areas:
        yield {
            "service_id": service_id,
            "name": area.name,
            "description": area.description,
            "extent_type": area.extent_type,
        }


@lru_cache(maxsize=4096)
def _rules(text: str | None) -> tuple[ParsedRule, ...]:
    """Agencies repeat the same eligibility wording across many services: parse it once."""
    return tuple(parse_eligibility(text))


def _batches(items: Sequence[Any], size: int = BATCH):
    for start in range(0, len(items), size):
        yield items[start : start + size]
