"""HSDS table rows → the project's records (organizations, locations, services, listings).

What maps where (HSDS 3 names; ``legacy.py`` renames older ones first):

- organization: name, alternate_name, description (dropped when it only repeats the name,
  as exports that must fill it do), email, website, phones.
- location: name, description, transportation, location_type, latitude/longitude + the
  physical (else postal) address, accessibility rows as text, languages, phones, schedules.
- service: name, alternate_name, description, url, email, status, interpretation_services,
  application_process, fees_description (else 1.x ``fees``, else the cost_option rows as
  text), eligibility_description (else the 1.x eligibility rows), minimum_age/maximum_age,
  assured_date, languages, service_areas, phones, schedules, and the taxonomy terms linked by
  ``attribute`` rows (link_entity "service"), 1.x ``service_taxonomy`` rows or an inline
  ``taxonomy_ids`` column; needs come from those terms, else from the service's words.
- service_at_location: description, phones, schedules. A 1.0-style service with a
  ``location_id`` and no service_at_location row gets one, named "<service>@<location>".

Schedule rows map 1:1 to ScheduleRecord; a row that is not valid HSDS becomes hours prose
for the shared hours parser (warning ``invalid_value``). Tables no record can hold (contact,
required_document, program, funding, metadata…) are read by nobody.
"""

from __future__ import annotations

from collections.abc import Callable

from ..normalize import normalize_email, normalize_url, parse_date
from ..records import (
    ImportReport,
    OrganizationRecord,
    RecordSet,
    ScheduleRecord,
    ServiceAtLocationRecord,
    ServiceRecord,
)
from .children import (
    accessibility_text,
    cost_text,
    read_languages,
    read_phone,
    read_schedule,
    read_service_area,
)
from .links import Links
from .locations import build_location, pick_address
from .rows import Row, Tables
from .terms import needs_for
from .values import STATUSES, canonical, joined, parse_age

_LISTING, _SERVICE, _LOCATION, _ORGANIZATION = (
    "service_at_location", "service", "location", "organization",
)  # fmt: skip
#: Child table → (the records it may belong to, most specific first; columns that carry
#: its content — a row with none of them is skipped unread).
CHILDREN: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "address": ((_LOCATION,), ("address_1", "address_2", "city", "postal_code")),
    "accessibility": ((_LOCATION,), ("description", "details")),
    "phone": ((_LISTING, _SERVICE, _LOCATION, _ORGANIZATION), ("number",)),
    "schedule": ((_LISTING, _SERVICE, _LOCATION), (
        "weekday", "freq", "byday", "bymonthday", "opens_at", "closes_at", "valid_from",
        "valid_to", "dtstart", "until", "description", "notes", "start_date", "end_date",
    )),
    "language": ((_SERVICE, _LOCATION), ("name", "code")),
    "service_area": ((_SERVICE, _LISTING), ("name", "description")),
    "cost_option": ((_SERVICE,), ("option", "amount", "amount_description")),
    "eligibility": ((_SERVICE,), ("eligibility",)),
    "service_taxonomy": ((_SERVICE,), ("taxonomy_term_id",)),
}  # fmt: skip


def assemble(tables: Tables, report: ImportReport) -> RecordSet:
    """Check the package's links and build its records from the rows that pass."""
    links = Links(tables, report)
    _read_children(links, tables, report)
    records = RecordSet()
    builder = _Builder(links, report)
    for ident, row in links.rows[_ORGANIZATION].items():
        records.organizations[ident] = builder.organization(row)
    for ident, row in links.rows[_LOCATION].items():
        location = builder.location(row)
        if location is not None:
            records.locations[ident] = location
    for ident, row in links.rows[_SERVICE].items():
        records.services[ident] = builder.service(row)
    listed: set[str] = set()
    for ident, row in links.rows[_LISTING].items():
        records.service_at_locations[ident] = builder.listing(row)
        listed.add(row.get("service_id"))
    for ident, row in links.rows[_SERVICE].items():
        location = row.get("location_id")
        if location and ident not in listed:
            name = f"{ident}@{location}"
            records.service_at_locations[name] = ServiceAtLocationRecord(
                external_id=name, service_external_id=ident, location_external_id=location,
                origin=row.origin,
            )  # fmt: skip
    return records


def _read_children(links: Links, tables: Tables, report: ImportReport) -> None:
    for row in links.rows[_SERVICE].values():
        if row.get("taxonomy_ids"):
            links.term(row, row.id, "taxonomy_ids")
    for table, (owners, content) in CHILDREN.items():
        for row in tables[table]:
            if not any(row.get(c) for c in content):
                continue
            owner = links.owner(row, owners)
            if owner is not None:
                _read_child(links, report, table, row, owner)
    for row in tables["attribute"]:
        entity, service = row.get("link_entity").lower(), row.get("link_id")
        # HSDS 3 attributes also tag organizations, locations…: only a service's are terms.
        if entity == _SERVICE or (not entity and service in links.known[_SERVICE]):
            if service in links.known[_SERVICE]:
                links.term(row, service)
            else:
                links.dangling(row, "link_id", _SERVICE, service)


def _read_child(links: Links, report: ImportReport, table: str, row: Row, owner) -> None:
    if table == "address":
        links.add(owner, "addresses", row)
    elif table == "accessibility":
        links.add(owner, "accessibility", accessibility_text(row))
    elif table == "phone":
        links.add(owner, "phones", read_phone(row, report))
    elif table == "language":
        for language in read_languages(row):
            links.add(owner, "languages", language)
    elif table == "service_area":
        if owner[0] == _LISTING:  # HSDS 3.1 lets an area name a listing: it is its service's
            listing = links.rows[_LISTING].get(owner[1])
            if listing is None:
                return
            owner = (_SERVICE, listing.get("service_id"))
        links.add(owner, "service_areas", read_service_area(row))
    elif table == "cost_option":
        links.add(owner, "fees", cost_text(row))
    elif table == "eligibility":
        links.add(owner, "eligibility", row.get("eligibility"))
    elif table == "service_taxonomy":
        links.term(row, owner[1])
    elif table == "schedule":
        entry = read_schedule(row, report)
        if entry.bad:
            column = entry.bad[0]
            report.warn(
                row.file, row.line, row.column(column), "invalid_value",
                f"the schedule row is not valid HSDS ({column} {row.get(column)!r}); read as "
                f"the hours {entry.prose!r}",
            )  # fmt: skip
            links.add(owner, "hours", entry.prose)
        elif entry.schedule is not None:
            links.add(owner, "schedules", entry.schedule)


class _Builder:
    def __init__(self, links: Links, report: ImportReport) -> None:
        self.links = links
        self.report = report

    def organization(self, row: Row) -> OrganizationRecord:
        name, description = row.get("name"), row.get("description")
        return OrganizationRecord(
            external_id=row.id,
            name=name,
            alternate_name=row.get("alternate_name") or None,
            description=description if description and description != name else None,
            email=self.cleaned(row, "email", normalize_email, "invalid_email"),
            website=self.cleaned(row, "website", normalize_url, "invalid_website"),
            phones=canonical(self.links.part(_ORGANIZATION, row.id, "phones")),
            origin=row.origin,
        )

    def location(self, row: Row):
        part = self.links.part
        address = pick_address(row, part(_LOCATION, row.id, "addresses"), self.report)
        schedules, hours = self.schedules(_LOCATION, row.id)
        return build_location(
            row, address, self.report, self.links.organization_of(row),
            accessibility=joined(part(_LOCATION, row.id, "accessibility")),
            phones=canonical(part(_LOCATION, row.id, "phones")),
            schedules=schedules,
            hours=hours,
            languages=canonical(part(_LOCATION, row.id, "languages")),
        )  # fmt: skip

    def service(self, row: Row) -> ServiceRecord:
        part, ident = self.links.part, row.id
        term_ids = part(_SERVICE, ident, "terms")
        terms = canonical(self.links.terms.record(t) for t in term_ids)
        name, description = row.get("name"), row.get("description") or None
        needs, inferred = needs_for(terms, name, description)
        schedules, hours = self.schedules(_SERVICE, ident)
        return ServiceRecord(
            external_id=ident,
            organization_external_id=row.get("organization_id"),
            name=name,
            description=description,
            url=self.cleaned(row, "url", normalize_url, "invalid_website"),
            email=self.cleaned(row, "email", normalize_email, "invalid_email"),
            fees_description=row.get("fees_description", "fees")
            or joined(part(_SERVICE, ident, "fees")),
            eligibility_description=row.get("eligibility_description")
            or joined(part(_SERVICE, ident, "eligibility")),
            languages=canonical(part(_SERVICE, ident, "languages")),
            needs=needs,
            needs_inferred=inferred,
            assured_date=self.date(row, "assured_date"),
            alternate_name=row.get("alternate_name") or None,
            status=self.status(row),
            application_process=row.get("application_process") or None,
            interpretation_services=row.get("interpretation_services") or None,
            minimum_age=self.age(row, "minimum_age"),
            maximum_age=self.age(row, "maximum_age"),
            terms=terms,
            service_areas=canonical(part(_SERVICE, ident, "service_areas")),
            phones=canonical(part(_SERVICE, ident, "phones")),
            schedules=schedules,
            hours=hours,
            origin=row.origin,
        )

    def listing(self, row: Row) -> ServiceAtLocationRecord:
        schedules, hours = self.schedules(_LISTING, row.id)
        return ServiceAtLocationRecord(
            external_id=row.id,
            service_external_id=row.get("service_id"),
            location_external_id=row.get("location_id"),
            phones=canonical(self.links.part(_LISTING, row.id, "phones")),
            hours=hours,
            schedules=schedules,
            description=row.get("description") or None,
            origin=row.origin,
        )

    # -- values --------------------------------------------------------------------------

    def schedules(self, table: str, ident: str) -> tuple[tuple[ScheduleRecord, ...], str | None]:
        """Structured rows, and the prose of rows that were not: as ``hours`` for the shared
        hours parser when there is nothing else, else as text-only schedule rows."""
        rows = self.links.part(table, ident, "schedules")
        prose = joined(self.links.part(table, ident, "hours"))
        if prose is None or not rows:
            return canonical(rows), prose
        extra = [ScheduleRecord(description=p) for p in self.links.part(table, ident, "hours")]
        return canonical(rows + extra), None

    def cleaned(self, row: Row, column: str, clean: Callable, code: str) -> str | None:
        raw = row.get(column)
        if not raw:
            return None
        value = clean(raw)
        if value is None:
            self.warn(row, column, code, f"{raw!r} is not valid; ignored")
        return value

    def date(self, row: Row, column: str):
        raw = row.get(column)
        value = parse_date(raw) if raw else None
        if raw and value is None:
            self.warn(row, column, "invalid_date", f"{raw!r} is not a date (YYYY-MM-DD); ignored")
        return value

    def age(self, row: Row, column: str) -> int | None:
        raw = row.get(column)
        value = parse_age(raw) if raw else None
        if raw and value is None:
            self.warn(row, column, "invalid_value", f"{raw!r} is not an age in years; ignored")
        return value

    def status(self, row: Row) -> str:
        raw = row.get("status").lower()
        if raw and raw not in STATUSES:
            self.warn(
                row, "status", "invalid_value",
                f"status {raw!r} is not active, inactive, defunct or temporarily closed; read "
                "as active",
            )  # fmt: skip
        return raw if raw in STATUSES else "active"

    def warn(self, row: Row, column: str, code: str, message: str) -> None:
        self.report.warn(row.file, row.line, row.column(column), code, message)
