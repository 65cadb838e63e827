"""export_hsds: write the directory's active records as an HSDS 3 tabular data package.

One CSV per HSDS table plus ``datapackage.json`` (the vendored official descriptor, cut down
to the tables written). Rows stream table by table from one query each, in batches, so the
size of the directory does not matter. Ids are the records' own primary keys; the few HSDS
rows the directory does not store as rows (taxonomy, accessibility) get name-based UUIDs.

Decisions:

- Only active records are exported, and only rows whose parents are exported: a service
  needs its organization, a listing its service and location; a location whose
  organization is not exported keeps no ``organization_id``.
- Confidential locations keep city, state and postal code; their street lines become
  :data:`CONFIDENTIAL_ADDRESS` and their point is left empty (HSDS allows it).
- Eligibility: the agency's own words stay in ``service.eligibility_description`` and the
  age limits go to ``minimum_age``/``maximum_age``; the parsed eligibility rules are the
  project's own reading of that text and are not exported.
- A service's taxonomy terms are ``attribute`` rows (link_entity "service", link_type
  "service_category"); fees stay in ``service.fees_description`` (no cost_option rows:
  the text rarely states an amount); no ``metadata`` rows (no change history is kept).
- HSDS 3.0 quirks: required descriptions fall back to the name; ``schedule.timezone`` is a
  number (a UTC offset) there, so the IANA zone is left out; times are written HH:MM:SS,
  and closing at midnight ("24:00") as 00:00:00.
"""

from __future__ import annotations

import csv
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.orm import Session

from ..actor import Actor
from ..errors import InvalidInput
from ..hsds import load_datapackage, resource
from ..models import (
    Address,
    Language,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceTaxonomy,
    TaxonomyTerm,
)
from ..policy import authorize
from .context import Context

BATCH = 1000
CONFIDENTIAL_ADDRESS = "Confidential location — call for address"
#: Namespace of the name-based ids given to rows the directory does not store as rows.
ID_NAMESPACE = uuid.UUID("6f1c3e52-3d0b-4f57-9a51-1b0e6a7c2d90")


@dataclass(frozen=True)
class ExportSummary:
    """Where the package was written and how many rows each table got (in file order)."""

    outdir: str
    counts: dict[str, int]

    def as_json(self) -> dict[str, Any]:
        return {"outdir": self.outdir, "tables": dict(self.counts)}


def export_hsds(actor: Actor, ctx: Context, outdir: Path, *, force: bool = False) -> ExportSummary:
    """Write the active directory as HSDS 3 CSV tables and ``datapackage.json`` in OUTDIR.

    Creates OUTDIR if needed; a folder that already holds files is written into (and the
    files it writes overwritten) only with ``force``. Reads only.
    """
    authorize(actor, "export_hsds")
    if outdir.exists() and not outdir.is_dir():
        raise InvalidInput({"outdir": [f"{outdir} is a file, not a folder"]})
    if outdir.exists() and any(outdir.iterdir()) and not force:
        raise InvalidInput({"outdir": [f"{outdir} is not empty; use --force to write into it"]})
    session = ctx.session
    outdir.mkdir(parents=True, exist_ok=True)
    scope = _Scope()
    counts: dict[str, int] = {}
    for table in TABLES:
        counts[table.name] = _write_table(session, outdir, table, scope)
    descriptor = _descriptor([t.name for t in TABLES])
    (outdir / "datapackage.json").write_text(
        json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return ExportSummary(str(outdir), counts)


class _Scope:
    """Subqueries selecting the ids of the records that are exported."""

    def __init__(self) -> None:
        self.organization = select(Organization.id).where(Organization.active)
        self.service = (
            select(Service.id)
            .join(Organization, Organization.id == Service.organization_id)
            .where(Service.active, Organization.active)
        )
        self.location = select(Location.id).where(Location.active)
        self.service_at_location = select(ServiceAtLocation.id).where(
            ServiceAtLocation.active,
            ServiceAtLocation.service_id.in_(self.service),
            ServiceAtLocation.location_id.in_(self.location),
        )

    def owns(self, model: Any):
        """A child row is exported when every parent it names is exported."""
        conditions = []
        for parent in ("organization", "service", "location", "service_at_location"):
            column = getattr(model, f"{parent}_id", None)
            if column is not None:
                conditions.append(or_(column.is_(None), column.in_(getattr(self, parent))))
        return and_(*conditions)


@dataclass(frozen=True)
class _Table:
    name: str
    query: Callable[[_Scope], Select]
    shape: Callable[[dict[str, Any]], dict[str, Any]] | None = None


def _columns(model: Any, *names: str) -> list[Any]:
    return [getattr(model, name) for name in names]


def _organization(row: dict[str, Any]) -> dict[str, Any]:
    return {**row, "description": row["description"] or row["name"]}


def _location(row: dict[str, Any]) -> dict[str, Any]:
    if row["confidential"]:
        return {**row, "latitude": None, "longitude": None}
    return row


def _address(row: dict[str, Any]) -> dict[str, Any]:
    if row["confidential"]:
        return {**row, "attention": None, "address_1": CONFIDENTIAL_ADDRESS, "address_2": None}
    return row


def _phone(row: dict[str, Any]) -> dict[str, Any]:
    extension = row["extension"]
    if extension and not extension.isdigit():
        # HSDS 3.0 types the extension as a number; keep a written one in the description.
        note = f"ext. {extension}"
        description = f"{row['description']}; {note}" if row["description"] else note
        return {**row, "extension": None, "description": description}
    return row


def _schedule(row: dict[str, Any]) -> dict[str, Any]:
    return {**row, "opens_at": _time(row["opens_at"]), "closes_at": _time(row["closes_at"])}


def _time(value: str | None) -> str | None:
    # Stored as local "HH:MM", closing at midnight as "24:00"; the time type wants a real
    # clock time "HH:MM:SS", and a closing time of 00:00 reads as the end of the day.
    if value == "24:00":
        return "00:00:00"
    return f"{value}:00" if value and len(value) == 5 else value


def _accessibility(row: dict[str, Any]) -> dict[str, Any]:
    return {**row, "id": _name_id("accessibility", row["location_id"])}


def _taxonomy(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": _name_id("taxonomy", row["name"]),
        "name": row["name"],
        "description": row["name"],
    }


def _taxonomy_term(row: dict[str, Any]) -> dict[str, Any]:
    return {
        **row,
        "description": row["description"] or row["name"],
        "taxonomy_id": _name_id("taxonomy", row["taxonomy"]),
    }


def _attribute(row: dict[str, Any]) -> dict[str, Any]:
    return {**row, "link_type": "service_category", "link_entity": "service"}


def _name_id(kind: str, name: str) -> str:
    return str(uuid.uuid5(ID_NAMESPACE, f"{kind}:{name}"))


_SCHEDULE_FIELDS = (
    "id", "service_id", "location_id", "service_at_location_id", "valid_from", "valid_to",
    "dtstart", "until", "count", "wkst", "freq", "interval", "byday", "byweekno", "bymonthday",
    "byyearday", "description", "opens_at", "closes_at", "attending_type", "notes",
)  # fmt: skip

TABLES: tuple[_Table, ...] = (
    _Table(
        "organization",
        lambda s: select(
            *_columns(Organization, "id", "name", "alternate_name", "description", "email",
                      "website")
        ).where(Organization.id.in_(s.organization)),
        _organization,
    ),
    _Table(
        "service",
        lambda s: select(
            *_columns(Service, "id", "organization_id", "name", "alternate_name", "description",
                      "url", "email", "status", "interpretation_services",
                      "application_process", "fees_description", "eligibility_description",
                      "minimum_age", "maximum_age", "assured_date"),
            Service.updated_at.label("last_modified"),
        ).where(Service.id.in_(s.service)),
    ),
    _Table(
        "location",
        lambda s: select(
            *_columns(Location, "id", "location_type", "name", "description", "transportation",
                      "latitude", "longitude", "confidential"),
            Organization.id.label("organization_id"),
        )
        .outerjoin(Organization, and_(Organization.id == Location.organization_id,
                                      Organization.active))
        .where(Location.active),
        _location,
    ),
    _Table(
        "service_at_location",
        lambda s: select(
            *_columns(ServiceAtLocation, "id", "service_id", "location_id", "description")
        ).where(ServiceAtLocation.id.in_(s.service_at_location)),
    ),
    _Table(
        "address",
        lambda s: select(
            *_columns(Address, "id", "location_id", "attention", "address_1", "address_2",
                      "city", "region", "state_province", "postal_code", "country",
                      "address_type"),
            Location.confidential,
        )
        .join(Location, Location.id == Address.location_id)
        .where(Location.active),
        _address,
    ),
    _Table(
        "phone",
        lambda s: select(
            *_columns(Phone, "id", "location_id", "service_id", "organization_id",
                      "service_at_location_id", "number", "extension", "type", "description")
        ).where(s.owns(Phone)),
        _phone,
    ),
    _Table(
        "schedule",
        lambda s: select(*_columns(Schedule, *_SCHEDULE_FIELDS)).where(s.owns(Schedule)),
        _schedule,
    ),
    _Table(
        "language",
        lambda s: select(
            *_columns(Language, "id", "service_id", "location_id", "name", "code", "note")
        ).where(s.owns(Language)),
    ),
    _Table(
        "service_area",
        lambda s: select(
            *_columns(ServiceArea, "id", "service_id", "name", "description", "extent",
                      "extent_type", "uri")
        ).where(s.owns(ServiceArea)),
    ),
    _Table(
        "accessibility",
        lambda s: select(
            Location.id.label("location_id"), Location.accessibility.label("description")
        ).where(Location.active, Location.accessibility.is_not(None),
                Location.accessibility != ""),
        _accessibility,
    ),
    _Table(
        "taxonomy",
        lambda s: select(TaxonomyTerm.taxonomy.label("name")).distinct(),
        _taxonomy,
    ),
    _Table(
        "taxonomy_term",
        lambda s: select(
            *_columns(TaxonomyTerm, "id", "code", "name", "description", "parent_id",
                      "taxonomy", "language", "term_uri")
        ),
        _taxonomy_term,
    ),
    _Table(
        "attribute",
        lambda s: select(
            ServiceTaxonomy.id,
            ServiceTaxonomy.service_id.label("link_id"),
            ServiceTaxonomy.taxonomy_term_id,
        ).where(
            ServiceTaxonomy.service_id.in_(s.service),
            # Our own inferences (needs read from text) are not the source's filing.
            ServiceTaxonomy.inferred.is_(False),
        ),
        _attribute,
    ),
)  # fmt: skip


def _write_table(session: Session, outdir: Path, table: _Table, scope: _Scope) -> int:
    spec = resource(table.name)
    fields = [f["name"] for f in spec["schema"]["fields"]]
    query = table.query(scope)
    # A stable order (by id, the first column) makes repeated exports byte-identical.
    query = query.order_by(query.selected_columns[0])
    result = session.execute(query.execution_options(yield_per=BATCH)).mappings()
    count = 0
    with open(outdir / spec["path"], "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(fields)
        for batch in result.partitions(BATCH):
            rows = [table.shape(dict(r)) if table.shape else r for r in batch]
            writer.writerows([_cell(row.get(name)) for name in fields] for row in rows)
            count += len(rows)
    return count


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _descriptor(names: list[str]) -> dict[str, Any]:
    """The HSDS 3 package descriptor for the tables written, keeping only their foreign keys."""
    package = load_datapackage()
    package["resources"] = []
    for name in names:
        spec = resource(name)
        schema = spec["schema"]
        schema["foreignKeys"] = [
            key for key in schema.get("foreignKeys", []) if key["reference"]["resource"] in names
        ]
        if not schema["foreignKeys"]:
            del schema["foreignKeys"]
        package["resources"].append(spec)
    return package
