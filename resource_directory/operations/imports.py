"""import_listings: write an importer's records into the directory as one upsert.

Records are matched on (source, external_id); a content hash tells unchanged records from
updated ones, so importing the same file twice changes nothing the second time. Rows are
written with bulk statements in batches; an updated record's child rows (address, phones,
schedules, languages, terms, eligibility rules) are replaced as a whole.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from importers import ParsedFile, RowError, read_file
from importers.records import LocationRecord, ServiceAtLocationRecord, ServiceRecord

from ..eligibility import ParsedRule, age_limits, parse_eligibility
from ..errors import ImportRejected
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
    ServiceAtLocation,
    ServiceTaxonomy,
    Source,
    new_id,
    utcnow,
)
from .taxonomy import ensure_need_terms

BATCH = 1000
#: The counts an import run records (the same names on ImportSummary and ImportRun).
COUNTS = ("created", "updated", "unchanged", "removed", "organizations", "locations", "services")


@dataclass
class EntityDiff:
    """What an import does to one table: ids created, updated (with changed fields), kept."""

    created: list[str] = field(default_factory=list)
    updated: dict[str, list[str]] = field(default_factory=dict)
    unchanged: int = 0


@dataclass
class ImportSummary:
    source: str
    path: str
    format: str
    dry_run: bool
    organizations: int = 0
    locations: int = 0
    services: int = 0
    diffs: dict[str, EntityDiff] = field(default_factory=dict)
    removed: int = 0
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    run_id: str | None = None

    @property
    def created(self) -> int:
        return sum(len(d.created) for d in self.diffs.values())

    @property
    def updated(self) -> int:
        return sum(len(d.updated) for d in self.diffs.values())

    @property
    def unchanged(self) -> int:
        return sum(d.unchanged for d in self.diffs.values())

    def as_json(self) -> dict[str, Any]:
        """The ``import --json`` contract (DESIGN.md), plus warnings and the per-table diff."""
        return {
            "source": self.source,
            "dry_run": self.dry_run,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "removed": self.removed,
            "organizations": self.organizations,
            "locations": self.locations,
            "services": self.services,
            "errors": [e.as_dict() for e in self.errors],
            "warnings": [w.as_dict() for w in self.warnings],
            "changes": {
                table: {
                    "created": len(diff.created),
                    "updated": [
                        {"external_id": ext, "fields": fields}
                        for ext, fields in diff.updated.items()
                    ],
                    "unchanged": diff.unchanged,
                }
                for table, diff in self.diffs.items()
            },
        }


def import_listings(
    session: Session,
    path: Path,
    *,
    format: str = "auto",
    source: str | None = None,
    dry_run: bool = False,
    started_by: str | None = None,
) -> ImportSummary:
    """Import a file's listings (upsert by source + external id); flushes, never commits.

    Raises :class:`ImportRejected` — before writing anything — when the file has any fatal
    error; the exception's ``report`` lists all of them.
    """
    parsed = read_file(path, format)
    summary = ImportSummary(
        source=source or path.stem,
        path=str(path),
        format=parsed.format,
        dry_run=dry_run,
        organizations=len(parsed.records.organizations),
        locations=len(parsed.records.locations),
        services=len(parsed.records.services),
        errors=list(parsed.report.errors),
        warnings=list(parsed.report.warnings),
    )
    if parsed.report.fatal:
        raise ImportRejected(summary)
    source_row = session.scalar(select(Source).where(Source.name == summary.source))
    if source_row is None and not dry_run:
        source_row = Source(name=summary.source)
        session.add(source_row)
        session.flush()
    _Writer(session, source_row, parsed, summary, dry_run).run()
    if not dry_run:
        summary.run_id = _record_run(session, summary, parsed.file_hash, "imported", started_by)
    return summary


def record_rejected_import(session: Session, summary: ImportSummary, started_by: str | None):
    """Keep a trace of a rejected import (run by the caller after rolling back)."""
    source_row = session.scalar(select(Source).where(Source.name == summary.source))
    summary.run_id = _record_run(
        session, summary, None, "rejected", started_by, source_row.id if source_row else None
    )
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
    def __init__(self, session, source, parsed: ParsedFile, summary, dry_run: bool):
        self.session = session
        self.source_id = source.id if source else None
        self.records = parsed.records
        self.summary = summary
        self.dry_run = dry_run
        self.ids: dict[str, dict[str, str]] = {}

    def run(self) -> None:
        records = self.records
        self.upsert(
            "organizations", Organization, records.organizations.values(),
            lambda r: {"name": r.name, "description": r.description, "email": r.email,
                       "website": r.website},
        )  # fmt: skip
        self.upsert("locations", Location, records.locations.values(), self.location_row)
        self.upsert("services", Service, records.services.values(), self.service_row)
        self.upsert(
            "service_at_locations", ServiceAtLocation, records.service_at_locations.values(),
            lambda r: {"service_id": self.ids["services"][r.service_external_id],
                       "location_id": self.ids["locations"][r.location_external_id]},
        )  # fmt: skip
        if self.dry_run:
            return
        self.write_children(
            "locations", Address, Address.location_id, records.locations, self.address_rows
        )
        self.write_children(
            "services", ServiceTaxonomy, ServiceTaxonomy.service_id, records.services,
            self.term_rows,
        )  # fmt: skip
        self.write_children(
            "services", EligibilityRule, EligibilityRule.service_id, records.services,
            self.rule_rows,
        )  # fmt: skip
        self.write_children(
            "services", Language, Language.service_id, records.services, self.language_rows
        )
        self.write_children(
            "service_at_locations", Phone, Phone.service_at_location_id,
            records.service_at_locations, self.phone_rows,
        )  # fmt: skip
        self.write_children(
            "service_at_locations", Schedule, Schedule.service_at_location_id,
            records.service_at_locations, self.schedule_rows,
        )  # fmt: skip

    # -- parents -----------------------------------------------------------------------

    def upsert(self, table: str, model, records: Iterable[Any], to_row: Callable) -> None:
        diff = EntityDiff()
        self.summary.diffs[table] = diff
        existing: dict[str, tuple[str, str | None]] = {}
        if self.source_id is not None:
            rows = self.session.execute(
                select(model.external_id, model.id, model.content_hash).where(
                    model.source_id == self.source_id
                )
            )
            existing = {ext: (id_, digest) for ext, id_, digest in rows}
        ids: dict[str, str] = {}
        inserts: list[dict[str, Any]] = []
        updates: list[dict[str, Any]] = []
        changed_old: list[str] = []
        now = utcnow()
        for record in records:
            digest = record.content_hash()
            found = existing.get(record.external_id)
            if found is None:
                ids[record.external_id] = new_id()
                diff.created.append(record.external_id)
                if not self.dry_run:
                    row = to_row(record)
                    inserts.append(
                        {**row, "id": ids[record.external_id], "source_id": self.source_id,
                         "external_id": record.external_id, "content_hash": digest,
                         "active": True, "created_at": now, "updated_at": now}
                    )  # fmt: skip
                continue
            ids[record.external_id] = found[0]
            if found[1] == digest:
                diff.unchanged += 1
                continue
            diff.updated[record.external_id] = []
            changed_old.append(found[0])
            if not self.dry_run:
                updates.append(
                    {**to_row(record), "id": found[0], "content_hash": digest,
                     "active": True, "updated_at": now}
                )  # fmt: skip
        self.ids[table] = ids
        if changed_old:
            self.describe_changes(model, table, diff, changed_old, to_row)
        for batch in _batches(inserts):
            self.session.execute(insert(model.__table__), batch)
        for batch in _batches(updates):
            self.session.execute(update(model), batch)

    def describe_changes(self, model, table, diff: EntityDiff, old_ids, to_row) -> None:
        """Fill the changed field names of each updated record (the dry-run diff)."""
        records = {
            "organizations": self.records.organizations,
            "locations": self.records.locations,
            "services": self.records.services,
            "service_at_locations": self.records.service_at_locations,
        }[table]
        for batch in _batches(old_ids, 500):
            for current in self.session.scalars(select(model).where(model.id.in_(batch))):
                new = to_row(records[current.external_id])
                fields = [k for k, v in new.items() if getattr(current, k, None) != v]
                diff.updated[current.external_id] = fields or ["details"]

    def location_row(self, r: LocationRecord) -> dict[str, Any]:
        org = r.organization_external_id
        return {
            "organization_id": self.ids["organizations"].get(org) if org else None,
            "name": r.name,
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
            "organization_id": self.ids["organizations"][r.organization_external_id],
            "name": r.name,
            "description": r.description,
            "url": r.url,
            "email": r.email,
            "status": "active",
            "fees_description": r.fees_description,
            "eligibility_description": r.eligibility_description,
            "minimum_age": minimum,
            "maximum_age": maximum,
            "assured_date": r.assured_date,
        }

    # -- children ----------------------------------------------------------------------

    def write_children(self, table, model, parent_column, records: dict, make_rows) -> None:
        diff = self.summary.diffs[table]
        ids = self.ids[table]
        stale = [ids[ext] for ext in diff.updated]
        for batch in _batches(stale, 500):
            self.session.execute(delete(model).where(parent_column.in_(batch)))
        rows: list[dict[str, Any]] = []
        for ext in [*diff.created, *diff.updated]:
            rows.extend({"id": new_id(), **row} for row in make_rows(ids[ext], records[ext]))
            if len(rows) >= BATCH:
                self.session.execute(insert(model.__table__), rows)
                rows = []
        if rows:
            self.session.execute(insert(model.__table__), rows)

    def address_rows(self, location_id: str, r: LocationRecord):
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

    def term_rows(self, service_id: str, r: ServiceRecord):
        terms = self.need_terms()
        for slug in r.needs:
            yield {
                "service_id": service_id,
                "taxonomy_term_id": terms[slug],
                "inferred": r.needs_inferred,
            }

    def need_terms(self) -> dict[str, str]:
        if not hasattr(self, "_need_terms"):
            self._need_terms = ensure_need_terms(self.session)
        return self._need_terms

    def rule_rows(self, service_id: str, r: ServiceRecord):
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

    def language_rows(self, service_id: str, r: ServiceRecord):
        for language in r.languages:
            yield {"service_id": service_id, "name": language.name, "code": language.code}

    def phone_rows(self, listing_id: str, r: ServiceAtLocationRecord):
        for phone in r.phones:
            yield {
                "service_at_location_id": listing_id,
                "number": phone.number,
                "extension": phone.extension,
                "type": phone.type,
            }

    def schedule_rows(self, listing_id: str, r: ServiceAtLocationRecord):
        if r.hours:
            yield {"service_at_location_id": listing_id, "description": r.hours}


@lru_cache(maxsize=4096)
def _rules(text: str | None) -> tuple[ParsedRule, ...]:
    """Agencies repeat the same eligibility wording across many services: parse it once."""
    return tuple(parse_eligibility(text))


def _batches(items: Sequence[Any], size: int = BATCH):
    for start in range(0, len(items), size):
        yield items[start : start + size]
