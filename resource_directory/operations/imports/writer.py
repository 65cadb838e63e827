"""Writing one import's records, chunk by chunk: upsert by (source, external id), child rows
kept where their content did not change, edited fields kept, every change audited.

A record's content hash says whether the source changed it since the last import. For a
changed record, each column is compared with the stored row: the changed ones are written
and audited one by one, and a field changed through an edit (``edited_fields``) keeps its
edited value — the diff lists it under ``kept``. Child rows are compared by their
content-derived ids (:mod:`.children`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import String, any_, bindparam, cast, select, text, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from importers.records import RecordSet

from ...models import Location, Organization, Service, ServiceAtLocation, utcnow
from ..audit import AuditTrail
from ..bulk import BulkInserter, fast_id
from ..duplicates import find_duplicate_candidates
from .children import child_kinds, insert_children, sync_children
from .columns import Columns
from .summary import EntityDiff, ImportSummary
from .terms import TermLinks

BATCH = 5000
LOOKUP_BATCH = 5000
#: Records created before PostgreSQL's statistics are refreshed (see refresh_statistics).
ANALYZE_AFTER = 1000
TABLES = ("organizations", "locations", "services", "service_at_locations")
MODELS = dict(zip(TABLES, (Organization, Location, Service, ServiceAtLocation), strict=True))


class Existing(NamedTuple):
    """A stored record of the source: its id, hash() of its content hash, whether it is
    active, and whether any of its fields were edited."""

    id: str
    digest: int
    active: bool
    edited: bool


class ChunkWriter:
    """Writes chunks of records; ids, diffs and the source's existing records carry over.

    ``dry_run`` computes the same diff and writes nothing; ``trail`` (none in a dry run)
    receives an audit event per created record and per changed field.
    """

    def __init__(
        self,
        session: Session,
        source_id: str | None,
        summary: ImportSummary,
        trail: AuditTrail | None,
        progress: Callable[[str, int, int], None] | None,
        keep_ids: bool,
    ):
        self.session = session
        self.source_id = source_id
        self.summary = summary
        self.trail = trail
        self.dry_run = trail is None
        self.progress = progress or (lambda stage, done, total: None)
        self.records = RecordSet()  # the chunk being written
        # Ids of this chunk's records and of the records they refer to; rebuilt per chunk so
        # memory does not grow with the file.
        self.ids: dict[str, dict[str, str]] = {table: {} for table in TABLES}
        self.existing: dict[str, dict[str, Existing]] = {}
        # Full mode needs every external id the file had, to deactivate the others.
        self.present: dict[str, set[str]] | None = (
            {table: set() for table in TABLES} if keep_ids else None
        )
        self.terms = TermLinks(session)
        self.columns = Columns(self.ids)
        self.kinds = child_kinds(self.terms.rows)
        self.analyzed = False
        for table in TABLES:
            summary.diffs.setdefault(table, EntityDiff())

    def write(self, records: RecordSet) -> None:
        self.records = records
        self.ids = {table: {} for table in TABLES}
        for table, items in records.tables().items():
            self.existing[table] = self.load_existing(MODELS[table], list(items))
            if self.present is not None:
                self.present[table].update(items)
        self.resolve_references(records)
        self.columns.ids = self.ids
        changed = {table: self.upsert(table, self.columns.of(table)) for table in TABLES}
        self.terms.ensure(records.services.values(), self.dry_run)
        for kind in self.kinds:
            created, updated = changed[kind.parent]
            ids, records_of = self.ids[kind.parent], records.tables()[kind.parent]
            if not self.dry_run:
                insert_children(self.session, kind, [(ids[e], records_of[e]) for e in created])
            by_id = {ids[ext]: ext for ext in updated}
            describe = self.terms.describe if kind.field == "taxonomy_terms" else None
            for change in sync_children(
                self.session, kind, [(ids[e], records_of[e]) for e in updated],
                write=not self.dry_run, describe=describe,
            ):  # fmt: skip
                diff = self.summary.diffs[kind.parent]
                diff.children.setdefault(by_id[change.parent_id], []).append(kind.field)
                if self.trail is not None:
                    self.trail.changed(
                        MODELS[kind.parent].__tablename__, change.parent_id, kind.field,
                        change.previous, change.replacement,
                    )  # fmt: skip
        for table in TABLES:
            self.settle(table, changed[table][1])
        if self.dry_run:
            return
        self.trail.write()
        if not self.analyzed and sum(len(c[0]) for c in changed.values()) >= ANALYZE_AFTER:
            refresh_statistics(self.session)
            self.analyzed = True
        touched = [self.ids["services"][ext] for ext in (*changed["services"][0],
                                                        *changed["services"][1])]  # fmt: skip
        self.summary.duplicate_candidates += find_duplicate_candidates(self.session, touched)

    def settle(self, table: str, updated: list[str]) -> None:
        """A record whose content hash moved but whose stored columns and child rows all read
        as before (or differ only in kept edits) is unchanged."""
        diff = self.summary.diffs[table]
        for ext in updated:
            if not diff.updated[ext] and not diff.children.get(ext):
                del diff.updated[ext]
                diff.unchanged += 1

    def resolve_references(self, records: RecordSet) -> None:
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
            for ext, found in self.load_existing(MODELS[table], missing).items():
                self.ids[table][ext] = found.id

    # -- parents -----------------------------------------------------------------------

    def upsert(self, table: str, to_row: Callable) -> tuple[list[str], list[str]]:
        """Insert new and update changed records; return this chunk's (created, updated)."""
        model, records = MODELS[table], self.records.tables()[table]
        diff, existing, ids = self.summary.diffs[table], self.existing[table], self.ids[table]
        created: list[str] = []
        inserter = None if self.dry_run else BulkInserter(self.session, model.__table__)
        inserts: list[dict[str, Any]] = []
        compare: list[tuple[Any, Existing, str]] = []
        now = utcnow()
        total = len(records)
        for done, record in enumerate(records.values(), 1):
            if done % 5000 == 0:
                self.progress(table, done, total)
            digest = record.content_hash()
            found = existing.get(record.external_id)
            if found is None:
                ids[record.external_id] = fast_id()
                diff.add_created(record.external_id)
                created.append(record.external_id)
                if inserter is not None:
                    inserts.append(
                        {**to_row(record), "id": ids[record.external_id],
                         "source_id": self.source_id, "external_id": record.external_id,
                         "content_hash": digest, "active": True, "created_at": now,
                         "updated_at": now}
                    )  # fmt: skip
                    self.trail.created(model.__tablename__, ids[record.external_id])
                    if len(inserts) >= BATCH:  # written as we go: memory stays flat
                        inserter.insert(inserts)
                        inserts = []
                continue
            ids[record.external_id] = found.id
            if found.digest == hash(digest) and found.active and not found.edited:
                diff.unchanged += 1
                continue
            compare.append((record, found, digest))
        self.progress(table, total, total)
        if inserter is not None:
            inserter.insert(inserts)
        updated = self.update(table, model, to_row, compare, now)
        return created, updated

    def update(self, table, model, to_row, compare, now) -> list[str]:
        """Compare records with their stored rows; write and audit the changed fields."""
        diff, records = self.summary.diffs[table], self.records.tables()[table]
        stored = self.stored_rows(model, [found.id for _, found, _ in compare])
        updated: list[str] = []
        updates: list[dict[str, Any]] = []
        for record, found, digest in compare:
            ext, current = record.external_id, stored[found.id]
            edited = current["edited_fields"] or ()
            source_row = to_row(record)
            kept = [f for f in edited if f in source_row and current[f] != source_row[f]]
            if kept:
                diff.kept[ext] = kept
            changing = found.digest != hash(digest) or not found.active
            if not changing:
                diff.unchanged += 1
                continue
            if edited:  # the edited values stand; children read them too
                record = records[ext] = _with_values(record, current, edited)
            new = to_row(record) if edited else source_row
            fields = [name for name, value in new.items() if current[name] != value]
            if self.trail is not None:
                for name in fields:
                    self.trail.changed(model.__tablename__, found.id, name, current[name],
                                       new[name])  # fmt: skip
                if not found.active:
                    self.trail.activity(model.__tablename__, found.id, True)
            diff.updated[ext] = [*fields, *([] if found.active else ["active"])]
            updated.append(ext)
            updates.append(
                {**new, "id": found.id, "content_hash": digest, "active": True, "updated_at": now}
            )
        if not self.dry_run:
            for start in range(0, len(updates), BATCH):
                self.session.execute(update(model), updates[start : start + BATCH])
        return updated

    def load_existing(self, model, external_ids: list[str]) -> dict[str, Existing]:
        """The source's records among these external ids."""
        found: dict[str, Existing] = {}
        if self.source_id is None:
            return found
        # One query per chunk and table (a chunk holds at most a few thousand ids).
        postgresql = self.session.get_bind().dialect.name == "postgresql"
        for start in range(0, len(external_ids), LOOKUP_BATCH):
            batch = external_ids[start : start + LOOKUP_BATCH]
            # PostgreSQL takes the ids as one array parameter: thousands of placeholders
            # cost more to build and parse than the look-up itself.
            listed = (
                model.external_id == any_(bindparam("ids", list(batch), type_=ARRAY(String)))
                if postgresql
                else model.external_id.in_(batch)
            )
            # Whether fields were edited, as text: no JSON to decode for the many that were not.
            edited = cast(model.edited_fields, String) != "[]"
            rows = self.session.execute(
                select(model.external_id, model.id, model.content_hash, model.active, edited)
                .where(model.source_id == self.source_id, listed)
            )  # fmt: skip
            # hash() of the digest is all a comparison needs, at a fraction of the memory.
            found.update(
                (ext, Existing(id_, hash(digest), active, bool(was_edited)))
                for ext, id_, digest, active, was_edited in rows
            )
        return found

    def stored_rows(self, model, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        table = model.__table__
        rows: dict[str, dict[str, Any]] = {}
        for start in range(0, len(ids), 500):
            stmt = select(table).where(table.c.id.in_(ids[start : start + 500]))
            rows.update((row["id"], dict(row)) for row in self.session.execute(stmt).mappings())
        return rows

    def missing(self) -> dict[str, tuple[list[tuple[str, str]], int]]:
        """Full mode: per kind of record, the source's active ones this file no longer has
        ((external id, id) each) and how many are active."""
        found: dict[str, tuple[list[tuple[str, str]], int]] = {}
        if self.source_id is None:
            return found
        for table, model in MODELS.items():
            present = self.present[table] if self.present is not None else set()
            active = list(
                self.session.execute(
                    select(model.external_id, model.id)
                    .where(model.source_id == self.source_id, model.active)
                    .order_by(model.external_id)  # listed in the same order on any database
                )
            )
            found[table] = ([(ext, id_) for ext, id_ in active if ext not in present], len(active))
        return found

    def deactivate(self, gone: dict[str, list[tuple[str, str]]]) -> None:
        """Mark the records ``missing`` found inactive (a dry run only lists them)."""
        for table, model in MODELS.items():
            missing = gone.get(table, [])
            self.summary.diffs[table].deactivated = [ext for ext, _ in missing]
            if self.dry_run:
                continue
            now = utcnow()
            for _, id_ in missing:
                self.trail.activity(model.__tablename__, id_, False)
            for start in range(0, len(missing), 500):
                batch = [id_ for _, id_ in missing[start : start + 500]]
                self.session.execute(
                    update(model.__table__)
                    .where(model.__table__.c.id.in_(batch))
                    .values(active=False, updated_at=now)
                )
        if self.trail is not None:
            self.trail.write()


def refresh_statistics(session: Session) -> None:
    """PostgreSQL plans queries from table statistics; stale ones (empty tables that this
    import has just filled, in a transaction autovacuum cannot see) make it scan and
    nest-loop whole tables — in the next chunks' look-ups and in the duplicate search. Run
    once per import, after the first chunk that created many records."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for table in ("organization", "location", "service", "service_at_location", "phone"):
        session.execute(text(f"ANALYZE {table}"))


@cache
def _fields_of(record_type: type) -> frozenset[str]:
    return frozenset(f.name for f in dataclasses.fields(record_type))


def _with_values(record, stored: dict[str, Any], names: Sequence[str]):
    """The record with the stored values of the named fields (those it has)."""
    fields = _fields_of(type(record))
    return dataclasses.replace(record, **{n: stored[n] for n in names if n in fields})
