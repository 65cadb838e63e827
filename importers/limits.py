"""Values the directory cannot store, found in records before anything is written.

Every record field is checked against the column it is written to — its size and range read
from the models (:mod:`resource_directory.models.limits`), not restated here — and every
text for NUL and unpaired surrogates, so a file is refused the same way on SQLite and on
PostgreSQL. Readers of one row per listing check each row's records as they build them;
the others' records are checked once read (:func:`drop_unstorable`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from resource_directory.models import (
    Address,
    Language,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    TaxonomyTerm,
)
from resource_directory.models.limits import Limit, limit_of, problem

from .records import (
    ImportReport,
    LanguageRecord,
    LocationRecord,
    OrganizationRecord,
    PhoneRecord,
    RecordSet,
    ScheduleRecord,
    ServiceAreaRecord,
    ServiceAtLocationRecord,
    ServiceRecord,
    TermRecord,
)

#: The table each kind of record is written to.
MODELS: dict[type, Any] = {
    OrganizationRecord: Organization,
    LocationRecord: Location,
    ServiceRecord: Service,
    ServiceAtLocationRecord: ServiceAtLocation,
    PhoneRecord: Phone,
    ScheduleRecord: Schedule,
    LanguageRecord: Language,
    ServiceAreaRecord: ServiceArea,
    TermRecord: TaxonomyTerm,
}
#: Fields written under another name, or to another table (a location's address row).
ELSEWHERE: dict[type, dict[str, Any]] = {
    LocationRecord: {
        "address_1": Address.address_1, "address_2": Address.address_2, "city": Address.city,
        "state": Address.state_province, "postal_code": Address.postal_code,
        "county": Address.region,
    },
    TermRecord: {"parent_code": TaxonomyTerm.code},
}  # fmt: skip
#: The kind of record in each table of a record set, as messages name it.
KINDS = {
    "organizations": "organization",
    "locations": "location",
    "services": "service",
    "service_at_locations": "service_at_location",
}


@dataclass(frozen=True)
class Unstorable:
    """A field of a record that no database could store: ``field`` is the record's name for
    it and ``column`` its column's, with the child's kind before them for a child row's
    ("phones.extension")."""

    field: str
    column: str
    code: str
    words: str

    def message(self, kind: str, external_id: str, column: str) -> str:
        return f"{column} {self.words} ({kind} {_shown(external_id)})"


@cache
def _columns(record_type: type) -> tuple[tuple[str, str, Limit], ...]:
    """(field, column name, limit) of each field of a kind of record, from its model."""
    table = MODELS[record_type].__table__
    moved = ELSEWHERE.get(record_type, {})
    found = []
    for item in dataclasses.fields(record_type):
        name = item.name
        if name in moved:
            column = moved[name].property.columns[0]
        elif name.endswith("external_id"):  # the record's own id, or one it refers to
            column = table.c.external_id
        else:
            column = table.c.get(name)
        found.append((name, column.name if column is not None else name,
                      limit_of(column) if column is not None else Limit()))  # fmt: skip
    return tuple(found)


def unstorable_fields(record: Any, prefix: str = "") -> Iterator[Unstorable]:
    """The fields of a record (and of its child records) that no database could store."""
    for name, column, limit in _columns(type(record)):
        value = getattr(record, name)
        if isinstance(value, tuple):  # child records, or texts (needs)
            for item in value:
                if type(item) in MODELS:
                    yield from unstorable_fields(item, f"{prefix}{name}.")
                elif (found := problem(item, limit)) is not None:
                    yield Unstorable(f"{prefix}{name}", f"{prefix}{column}", *found)
        elif (found := problem(value, limit)) is not None:
            yield Unstorable(f"{prefix}{name}", f"{prefix}{column}", *found)


def drop_unstorable(records: RecordSet, report: ImportReport) -> None:
    """Report each record holding a value no database could store, and leave it out with
    the records that refer to it (columns are named as HSDS names them)."""
    dropped: dict[str, set[str]] = {}
    for table, items in records.tables().items():
        dropped[table] = set()
        for ext, record in list(items.items()):
            origin = record.origin
            for bad in unstorable_fields(record):
                report.error(
                    origin.file if origin else "", origin.line if origin else None, bad.column,
                    bad.code, bad.message(KINDS[table], ext, bad.column),
                )  # fmt: skip
                dropped[table].add(ext)
            if ext in dropped[table]:
                del items[ext]
    orgs = dropped["organizations"]
    for table in ("services", "locations"):
        items = records.tables()[table]
        for ext in [e for e, r in items.items() if r.organization_external_id in orgs]:
            del items[ext]
            dropped[table].add(ext)
    listings = records.service_at_locations
    for ext, listing in list(listings.items()):
        if (listing.service_external_id in dropped["services"]
                or listing.location_external_id in dropped["locations"]):  # fmt: skip
            del listings[ext]


def _shown(text: str, length: int = 40) -> str:
    """An id as messages quote it: shortened, and escaped (it may be what is unstorable)."""
    return repr(text if len(text) <= length else text[: length - 1] + "…")
