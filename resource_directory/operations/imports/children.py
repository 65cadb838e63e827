"""The child rows of imported records (addresses, phones, hours, languages, terms, rules,
service areas), with ids derived from their content.

A child row's id is its parent's id prefix (time-ordered, so inserts stay local in the
indexes) followed by a hash of the parent, the table and the row's content. Importing the
same content again gives the same ids: an unchanged child is never deleted and re-inserted,
and a re-import records no churn in the audit trail. For an updated parent, only the child
rows whose content changed are deleted and inserted.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from importers.records import LocationRecord, ServiceRecord

from ...eligibility import ParsedRule, named_audience, parse_eligibility, tagged_rules
from ...eligibility.parse import DESCRIBED
from ...models import (
    Address,
    EligibilityRule,
    Language,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceTaxonomy,
)
from ...taxonomy import says_who
from ..bulk import BulkInserter

BATCH = 5000
LOOKUP_BATCH = 500

RowMaker = Callable[[str, Any], Iterable[dict[str, Any]]]


@dataclass(frozen=True)
class ChildKind:
    """One kind of child row of one parent table."""

    #: The parent table in a record set ("services") and the audit trail's field name.
    parent: str
    field: str
    model: Any
    #: The child's column holding the parent's id.
    column: str
    rows: RowMaker
    #: Columns that describe a row to a person (in the audit trail).
    shown: tuple[str, ...]

    @property
    def table(self):
        return self.model.__table__


def child_id(parent_id: str, table: str, column: str, content: str, seen: int) -> str:
    """A stable id for a child row: same parent, table and ``content`` (the row's repr) →
    same id (``seen`` counts identical rows under one parent)."""
    content = f"{parent_id}\x1f{table}\x1f{column}\x1f{content}\x1f{seen}"
    digest = hashlib.blake2b(content.encode(), digest_size=8).hexdigest()
    return f"{parent_id[:19]}{digest[:4]}-{digest[4:]}"


def with_ids(kind: ChildKind, parent_id: str, record: Any) -> list[dict[str, Any]]:
    """The kind's rows for one parent record, each with its content-derived id."""
    rows: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for row in kind.rows(parent_id, record):
        key = repr(row)
        count = seen.get(key, 0)
        rows.append({"id": child_id(parent_id, kind.table.name, kind.column, key, count), **row})
        seen[key] = count + 1
    return rows


@dataclass
class ChildChange:
    """A parent whose rows of one kind changed: what they said before and after."""

    parent_id: str
    previous: str | None
    replacement: str | None


def insert_children(session: Session, kind: ChildKind, parents: Iterable[tuple[str, Any]]) -> None:
    """Insert the rows of newly created parents, in batches."""
    inserter = BulkInserter(session, kind.table)
    rows: list[dict[str, Any]] = []
    for parent_id, record in parents:
        rows.extend(with_ids(kind, parent_id, record))
        if len(rows) >= BATCH:
            inserter.insert(rows)
            rows = []
    inserter.insert(rows)


Describe = Callable[[dict[str, Any]], str]


def sync_children(
    session: Session,
    kind: ChildKind,
    parents: Sequence[tuple[str, Any]],
    *,
    write: bool,
    describe: Describe | None = None,
) -> list[ChildChange]:
    """Bring updated parents' rows of one kind to the records' content: delete the rows
    whose content is gone, insert the new ones, keep the rest (and their ids). Returns the
    parents whose rows read differently now (each row as ``describe`` words it, by default
    its ``shown`` columns); ``write=False`` (a dry run) only compares."""
    describe = describe or (lambda row: _shown(kind, row))
    changes: list[ChildChange] = []
    column = kind.table.c[kind.column]
    shown = [kind.table.c[name] for name in kind.shown]
    inserter = BulkInserter(session, kind.table) if write else None
    for start in range(0, len(parents), LOOKUP_BATCH):
        batch = parents[start : start + LOOKUP_BATCH]
        old: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
        for row in session.execute(
            select(kind.table.c.id, column, *shown).where(column.in_([p for p, _ in batch]))
        ).mappings():
            old[row[kind.column]][row["id"]] = dict(row)
        stale: list[str] = []
        fresh: list[dict[str, Any]] = []
        for parent_id, record in batch:
            before = old.get(parent_id, {})
            after = {row["id"]: row for row in with_ids(kind, parent_id, record)}
            if before.keys() == after.keys():
                continue
            stale.extend(i for i in before if i not in after)
            fresh.extend(row for i, row in after.items() if i not in before)
            said, says = _said(describe, before.values()), _said(describe, after.values())
            if said != says:  # rows re-keyed with the same content are no change
                changes.append(ChildChange(parent_id, said, says))
        if inserter is not None:
            for part in range(0, len(stale), LOOKUP_BATCH):
                ids = stale[part : part + LOOKUP_BATCH]
                session.execute(delete(kind.table).where(kind.table.c.id.in_(ids)))
            inserter.insert(fresh)
    return changes


def _shown(kind: ChildKind, row: dict[str, Any]) -> str:
    return " ".join(str(row[name]) for name in kind.shown if row.get(name) not in (None, ""))


def _said(describe: Describe, rows: Iterable[dict[str, Any]]) -> str | None:
    """The rows as one line of text, in a stable order (None when there are none)."""
    return "; ".join(sorted(describe(row) for row in rows)) or None


def child_kinds(term_rows: RowMaker) -> list[ChildKind]:
    """Every kind of child row, by parent table; ``term_rows`` links a service to its terms
    (it needs the import's term ids)."""
    phone_shown = ("number", "extension", "type", "description")
    hours_shown = ("description", "freq", "byday", "opens_at", "closes_at")
    return [
        ChildKind("organizations", "phones", Phone, "organization_id",
                  _phones("organization_id"), phone_shown),
        ChildKind("locations", "address", Address, "location_id", _address_rows,
                  ("address_1", "address_2", "city", "state_province", "postal_code")),
        ChildKind("locations", "phones", Phone, "location_id", _phones("location_id"),
                  phone_shown),
        ChildKind("locations", "schedules", Schedule, "location_id",
                  _schedules("location_id"), hours_shown),
        ChildKind("locations", "languages", Language, "location_id",
                  _languages("location_id"), ("name", "code")),
        ChildKind("services", "taxonomy_terms", ServiceTaxonomy, "service_id", term_rows,
                  ("taxonomy_term_id", "inferred")),
        ELIGIBILITY_RULES,
        ChildKind("services", "languages", Language, "service_id", _languages("service_id"),
                  ("name", "code")),
        ChildKind("services", "service_areas", ServiceArea, "service_id", _service_area_rows,
                  ("name", "extent_type")),
        ChildKind("services", "phones", Phone, "service_id", _phones("service_id"),
                  phone_shown),
        ChildKind("services", "schedules", Schedule, "service_id", _schedules("service_id"),
                  hours_shown),
        ChildKind("service_at_locations", "phones", Phone, "service_at_location_id",
                  _phones("service_at_location_id"), phone_shown),
        ChildKind("service_at_locations", "schedules", Schedule, "service_at_location_id",
                  _schedules("service_at_location_id"), hours_shown),
    ]  # fmt: skip


# -- row makers: one parent record → its child rows (without ids) ----------------------


def _phones(parent_column: str) -> RowMaker:
    def rows(parent_id: str, record) -> Iterator[dict[str, Any]]:
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


def _schedules(parent_column: str) -> RowMaker:
    def rows(parent_id: str, record) -> Iterator[dict[str, Any]]:
        for schedule in record.schedules:
            yield {parent_column: parent_id, **_schedule_fields(schedule)}
        if record.hours and not record.schedules:
            yield {parent_column: parent_id, "description": record.hours}

    return rows


def _languages(parent_column: str) -> RowMaker:
    def rows(parent_id: str, record) -> Iterator[dict[str, Any]]:
        for language in record.languages:
            yield {parent_column: parent_id, "name": language.name, "code": language.code}

    return rows


def _address_rows(location_id: str, r: LocationRecord) -> Iterator[dict[str, Any]]:
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


def _rule_rows(service_id: str, r: ServiceRecord) -> Iterator[dict[str, Any]]:
    for position, rule in enumerate(service_rules(r)):
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


#: A service's rules, read from its eligibility text (an edit of the text reads them again).
ELIGIBILITY_RULES = ChildKind(
    "services", "eligibility_rules", EligibilityRule, "service_id", _rule_rows,
    ("position", "kind", "source_text"),
)  # fmt: skip


def _service_area_rows(service_id: str, r: ServiceRecord) -> Iterator[dict[str, Any]]:
    for area in r.service_areas:
        yield {
            "service_id": service_id,
            "name": area.name,
            "description": area.description,
            "extent_type": area.extent_type,
        }


def service_rules(r: ServiceRecord | Service) -> tuple[ParsedRule, ...]:
    """The rules of a service: its eligibility text's, and the source's tags of whom it is
    for ("Seniors (55+)", "Women/Girls") for the kinds of rule the text does not state, as
    questions; where neither says, the groups its description and name say it serves ("for
    seniors (age 60 and over)", "for male substance abusers age 18-25"), as questions."""
    stated = rules_of(r.eligibility_description)
    said = {rule.kind for rule in stated if rule.kind != "unparsed"}
    tagged = tuple(rule for rule in _tagged(tuple(_who_tags(r))) if rule.kind not in said)
    if said:
        return stated + tagged
    said = {rule.kind for rule in tagged}
    described = tuple(
        replace(rule, confidence=min(rule.confidence, DESCRIBED))
        for text in (r.description, r.name)
        for rule in rules_of(text)
        if rule.kind != "unparsed" and rule.kind not in said
    )
    said |= {rule.kind for rule in described}
    return stated + tagged + described + named_audience(r.name, DESCRIBED, said)


def _who_tags(r: ServiceRecord | Service) -> Iterator[str]:
    """The names of a service's terms in a vocabulary of whom services are for (an import's
    term records, or a stored service's term links)."""
    for link in r.terms:
        term = getattr(link, "term", link)
        if says_who(term.taxonomy) and term.name:
            yield term.name


@lru_cache(maxsize=4096)
def _tagged(tags: tuple[str, ...]) -> tuple[ParsedRule, ...]:
    return tagged_rules(tags, DESCRIBED) if tags else ()


@lru_cache(maxsize=4096)
def rules_of(text: str | None) -> tuple[ParsedRule, ...]:
    """Agencies repeat the same eligibility wording across many services: parse it once."""
    return tuple(parse_eligibility(text))
