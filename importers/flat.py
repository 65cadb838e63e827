"""The project's own flat CSV format: one row = one service offered at one location.

Rows sharing a ``service_id`` (or ``location_id``, ``organization_id``) describe the same
record and must agree on its columns. See README "The flat CSV format".
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from resource_directory.models import Language
from resource_directory.models.limits import limit_of
from resource_directory.taxonomy import (
    NEEDS_BY_SLUG,
    classify_text,
    files_a_service,
    needs_for_terms,
)

from .files import csv_header, csv_reader, csv_rows, detect_encoding, file_hash, open_text
from .limits import unstorable_fields
from .normalize import (
    normalize_email,
    normalize_url,
    parse_bool,
    parse_count,
    parse_date,
    parse_languages,
    parse_referrals,
    read_phones,
)
from .places import Columns, place_location, repair_zip
from .seen import SeenIds

if TYPE_CHECKING:
    from . import ChunkedFile
from .records import (
    ERROR,
    WARNING,
    ImportReport,
    LanguageRecord,
    LocationRecord,
    OrganizationRecord,
    Origin,
    ParsedFile,
    RecordSet,
    RowError,
    ServiceAtLocationRecord,
    ServiceRecord,
    TermRecord,
)

FORMAT = "flat"
REQUIRED_COLUMNS = (
    "listing_id",
    "organization_id",
    "organization",
    "service_id",
    "service",
    "location_id",
)
COLUMNS = REQUIRED_COLUMNS + (
    "description", "needs", "location_name", "address", "city", "state", "zip", "lat", "lon",
    "phone", "website", "email", "hours", "eligibility", "languages", "fees", "accessibility",
    "confidential", "last_verified", "accepting_referrals", "capacity", "capacity_updated",
)  # fmt: skip
#: Earlier names of columns, still read (messages name the column as the file does).
COLUMN_ALIASES = {"referrals": "accepting_referrals"}
#: Longer unrecognised "languages" are sentences about languages (longer than the column).
MAX_LANGUAGE_NAME = limit_of(Language.__table__.c.name).length
#: Columns whose values commonly repeat from row to row.
SHARED_COLUMNS = frozenset({
    "city", "state", "zip", "hours", "eligibility", "languages", "fees", "accessibility",
    "needs", "last_verified", "confidential",
})  # fmt: skip
#: Which column a record field was read from, to name it in errors.
FIELD_COLUMNS = {
    "organization_id": {"name": "organization"},
    "service_id": {
        "name": "service", "url": "website", "fees_description": "fees",
        "eligibility_description": "eligibility", "needs_inferred": "needs",
        "assured_date": "last_verified", "organization_external_id": "organization_id",
        "capacity_available": "capacity",
    },
    "location_id": {
        "name": "location_name", "address_1": "address", "postal_code": "zip", "latitude": "lat",
        "longitude": "lon", "county": "zip", "time_zone": "zip", "geocode_precision": "lat",
        "organization_external_id": "organization_id",
    },
    "listing_id": {
        "phones": "phone", "schedules": "hours", "service_external_id": "service_id",
        "location_external_id": "location_id",
    },
}  # fmt: skip


#: The kind of record each id column names, in messages.
KINDS = {"organization_id": "organization", "location_id": "location",
         "service_id": "service", "listing_id": "listing"}  # fmt: skip


def _column_of(id_column: str, field_name: str) -> str:
    """The flat column a record's field ("name", "phones.number") was read from."""
    name = field_name.split(".")[0]
    if name == "external_id":
        return id_column
    return FIELD_COLUMNS[id_column].get(name, name)


def sniff(path: Path) -> bool:
    """A CSV file whose header has the flat format's id columns."""
    if not path.is_file() or path.suffix.lower() not in {".csv", ".txt"}:
        return False
    encoding, _ = detect_encoding(path)
    with open_text(path, encoding) as handle:
        header = csv_header(csv_reader(handle))
    names = {_column_name(h) for h in header}
    return {"listing_id", "service_id", "location_id"} <= names


#: Listings per chunk when a flat file is imported in chunks.
CHUNK_ROWS = 5000


def read(path: Path, mapping: Path | None = None) -> ParsedFile:
    """Read a flat CSV file into records and a report of every problem found."""
    chunked = read_chunks(path, chunk_rows=0)
    records = next(chunked.chunks)
    chunked.chunks.close()  # finishes the reader (removes its temporary files)
    return ParsedFile(chunked.path, FORMAT, chunked.file_hash, records, chunked.report)


def read_chunks(
    path: Path, mapping: Path | None = None, chunk_rows: int | None = None
) -> ChunkedFile:
    """Read a flat CSV file as a stream of record chunks (``chunk_rows`` listings each,
    default :data:`CHUNK_ROWS`; 0 reads the whole file as one chunk)."""
    from . import ChunkedFile

    report = ImportReport()
    size = CHUNK_ROWS if chunk_rows is None else chunk_rows
    return ChunkedFile(
        str(path), FORMAT, file_hash(path), report, None, _chunks(path, report, size)
    )


def _chunks(path: Path, report: ImportReport, chunk_rows: int | None) -> Iterator[RecordSet]:
    name = path.name
    encoding, problem = detect_encoding(path)
    if problem:
        report.add(RowError(name, None, None, "bad_encoding", problem, WARNING))
    builder = RowBuilder(name, RecordSet(), report)
    try:
        with open_text(path, encoding) as handle:
            reader = csv_reader(handle)
            header = csv_header(reader, name, report)
            columns = [_column_name(h) for h in header]
            as_written = {COLUMN_ALIASES[c]: c for c in columns if c in COLUMN_ALIASES}
            columns = [COLUMN_ALIASES.get(c, c) for c in columns]
            if not _check_header(name, columns, report):
                yield builder.take()
                return
            # Values that repeat across rows (cities, hours, eligibility wording…) are stored
            # once: a large file's records would otherwise hold a copy per row.
            shared: dict[str, str] = {}
            pooled = [c in SHARED_COLUMNS for c in columns]
            for line, values in csv_rows(reader, len(columns), name, report):
                row = {}
                for i, column in enumerate(columns):
                    value = values[i].strip() if i < len(values) else ""
                    row[column] = shared.setdefault(value, value) if pooled[i] else value
                builder.add(Row(row, Origin(name, line), as_written))
                if chunk_rows and len(builder.records.service_at_locations) >= chunk_rows:
                    shared.clear()  # shared within a chunk: records live as long as it does
                    yield builder.take()
        yield builder.take()
    finally:
        builder.close()


def _place(first: int | str | None) -> str:
    return first if isinstance(first, str) else f"line {first}"


def _postal_code(raw: str) -> str | None:
    """An unknown ZIP is kept as written if it could be one; a list of ZIPs is not."""
    return raw if raw and len(raw) <= len("12345-6789") else None


def _column_name(header: str) -> str:
    return header.strip().strip("\ufeff").lower().replace(" ", "_").replace("-", "_")


def _check_header(name: str, columns: list[str], report: ImportReport) -> bool:
    if not columns:
        report.add(RowError(name, 1, None, "empty_file", "the file has no header row"))
        return False
    ok = True
    for column in REQUIRED_COLUMNS:
        if column not in columns:
            report.add(
                RowError(
                    name, 1, column, "missing_column", f"required column {column!r} is missing"
                )
            )
            ok = False
    seen: set[str] = set()
    for column in columns:
        if column in seen:
            report.add(
                RowError(name, 1, column, "duplicate_column", f"column {column!r} appears twice")
            )
            ok = False
        seen.add(column)
        if column and column not in COLUMNS:
            report.add(
                RowError(
                    name, 1, column, "unknown_column",
                    f"column {column!r} is not part of the flat format and is ignored",
                    WARNING,
                )
            )  # fmt: skip
    return ok


@dataclass(frozen=True)
class Row:
    """One row's flat-field values, where it was read, and what its source calls each field.

    ``columns`` names the source's column for a flat field in messages (a mapped
    spreadsheet's "Zip Code" for ``zip``); ``where`` points at the row in messages about a
    later row ("line 12", "record 3").
    """

    values: Mapping[str, str]
    origin: Origin
    columns: Mapping[str, str] = field(default_factory=dict)
    where: str | None = None
    #: Taxonomy terms the row files its service under (a mapped spreadsheet's category
    #: codes); their needs join the ``needs`` column's.
    terms: tuple[TermRecord, ...] = ()

    def get(self, name: str) -> str:
        return self.values.get(name) or ""

    def column(self, name: str) -> str:
        return self.columns.get(name, name)

    @property
    def line(self) -> int | None:
        return self.origin.line

    @property
    def place(self) -> str:
        return self.where or f"line {self.origin.line}"


@dataclass
class RowBuilder:
    """Builds the records of one file from its rows of flat-field values.

    Every reader of one-row-per-listing files (the flat CSV, mapped spreadsheets) calls
    :meth:`add` so that all of them check and build records the same way.
    ``location_required=False`` keeps a location that cannot be placed but has an address
    (without coordinates) and skips, with a warning, a row with neither.
    """

    file: str
    records: RecordSet
    report: ImportReport
    location_required: bool = True

    def __post_init__(self) -> None:
        # Where each id was first seen (a line number, or a place such as "record 3" for
        # JSON) and, once handed over, a fingerprint of its record.
        self.seen = SeenIds()
        self._languages: dict[str, tuple[LanguageRecord, ...]] = {}

    def take(self) -> RecordSet:
        """Hand over the records built so far and start a new chunk."""
        chunk = self.records
        # hash() leaves out ``origin`` (compare=False) and is all a comparison needs.
        self.seen.settle(
            {
                (id_column, external_id): hash(record)
                for id_column, table in (
                    ("organization_id", chunk.organizations),
                    ("location_id", chunk.locations),
                    ("service_id", chunk.services),
                )
                for external_id, record in table.items()
            }
        )
        self.records = RecordSet()
        self._languages.clear()
        return chunk

    def close(self) -> None:
        self.seen.close()

    # -- reporting ---------------------------------------------------------------------

    def problem(self, row: Row, field_name: str | None, code: str, message: str, severity=ERROR):
        column = row.column(field_name) if field_name else None
        self.report.add(RowError(self.file, row.line, column, code, message, severity))

    # -- one row -----------------------------------------------------------------------

    def add(self, row: Row) -> None:
        """Check one row and add its organization, location, service and listing."""
        errors_before = len(self.report.errors)
        for column in REQUIRED_COLUMNS:
            if not row.get(column):
                self.problem(row, column, "missing_required", f"{column} is required")
        if len(self.report.errors) > errors_before:
            return

        listing_id = row.get("listing_id")
        earlier = self.seen.get("listing", listing_id)
        if earlier is not None:
            first = _place(earlier[0])
            self.problem(
                row, "listing_id", "duplicate_id",
                f"listing_id {listing_id!r} is already used on {first}",
            )  # fmt: skip
            return
        self.seen.add("listing", listing_id, row.where or row.line)

        organization = OrganizationRecord(
            external_id=row.get("organization_id"),
            name=row.get("organization"),
            origin=row.origin,
        )
        location = self.location(row)
        service = self.service(row)
        listing = ServiceAtLocationRecord(
            external_id=listing_id,
            service_external_id=row.get("service_id"),
            location_external_id=row.get("location_id"),
            phones=read_phones(row.get("phone"), self.report, row.origin, row.column("phone")),
            hours=row.get("hours") or None,
            origin=row.origin,
        )
        if location is not None:
            self.check_storable(row, (("organization_id", organization),
                                      ("location_id", location), ("service_id", service),
                                      ("listing_id", listing)))  # fmt: skip
        if len(self.report.errors) > errors_before or location is None:
            return
        self.keep(row, "organization_id", self.records.organizations, organization)
        self.keep(row, "location_id", self.records.locations, location)
        self.keep(row, "service_id", self.records.services, service)
        if len(self.report.errors) == errors_before:  # a row that disagrees is left out whole
            self.records.service_at_locations[listing_id] = listing

    def keep(self, row: Row, id_column: str, table: dict[str, Any], record: Any) -> None:
        """Store a record, or report which columns disagree with its first appearance."""
        seen = table.get(record.external_id)
        if seen is None:
            earlier = self.seen.get(id_column, record.external_id)
            if earlier is None:
                table[record.external_id] = record
                self.seen.add(id_column, record.external_id, row.where or row.line)
            elif earlier[1] != hash(record):
                first = _place(earlier[0])
                self.report.error(
                    self.file, row.line, row.column(id_column), "conflicting_values",
                    f"{id_column} {record.external_id!r} has different values than on {first}; "
                    "rows describing the same record must agree",
                )  # fmt: skip
            return
        if seen == record:
            return
        first = _place(self.seen.get(id_column, record.external_id)[0])
        old, new = asdict(seen), asdict(record)
        names = FIELD_COLUMNS[id_column]
        differing = list(
            dict.fromkeys(
                row.column(names.get(k, k)) for k in new if new[k] != old[k] and k != "origin"
            )
        )
        self.report.error(
            self.file, row.line, differing[0], "conflicting_values",
            f"{id_column} {record.external_id!r} has different {', '.join(differing)} than on "
            f"{first}; rows describing the same record must agree",
        )  # fmt: skip

    def check_storable(self, row: Row, records: tuple[tuple[str, Any], ...]) -> None:
        """Report the values of the row's records that no database could store."""
        for id_column, record in records:
            for bad in unstorable_fields(record):
                column = _column_of(id_column, bad.field)
                self.problem(
                    row, column, bad.code,
                    bad.message(KINDS[id_column], record.external_id, row.column(column)),
                )  # fmt: skip

    # -- fields ------------------------------------------------------------------------

    def location(self, row: Row) -> LocationRecord | None:
        origin = row.origin
        zip_info = repair_zip(
            row.get("zip"), self.report, origin, row.column("zip"),
            state=row.get("state"), city=row.get("city"),
        )  # fmt: skip
        confidential = self.flag(row, "confidential")
        columns = Columns(lat=row.column("lat"), lon=row.column("lon"), zip=row.column("zip"))
        placed = place_location(
            self.report, origin, row.get("lat"), row.get("lon"), zip_info,
            columns=columns, confidential=confidential, required=self.location_required,
        )  # fmt: skip
        if placed is None and (self.location_required or not row.get("address")):
            return None
        place = placed.place if placed else None
        return LocationRecord(
            external_id=row.get("location_id"),
            organization_external_id=row.get("organization_id"),
            name=row.get("location_name") or None,
            address_1=row.get("address") or None,
            address_2=None,
            city=row.get("city") or (place.city if place else None),
            state=(row.get("state") or (place.state if place else "")).upper() or None,
            postal_code=(placed.postal_code if placed else None) or _postal_code(row.get("zip")),
            county=place.county if place else None,
            latitude=placed.lat if placed else None,
            longitude=placed.lon if placed else None,
            geocode_precision=placed.precision if placed else None,
            time_zone=place.timezone if place else None,
            accessibility=row.get("accessibility") or None,
            confidential=confidential,
            origin=origin,
        )

    def service(self, row: Row) -> ServiceRecord:
        needs, inferred = self.needs(row)
        return ServiceRecord(
            external_id=row.get("service_id"),
            organization_external_id=row.get("organization_id"),
            name=row.get("service"),
            description=row.get("description") or None,
            url=self.cleaned(row, "website", normalize_url),
            email=self.cleaned(row, "email", normalize_email),
            fees_description=row.get("fees") or None,
            eligibility_description=row.get("eligibility") or None,
            languages=self.languages(row),
            needs=needs,
            needs_inferred=inferred,
            terms=row.terms,
            assured_date=self.date(row, "last_verified"),
            accepting_referrals=self.accepting_referrals(row),
            capacity_available=self.count(row, "capacity"),
            capacity_updated=self.date(row, "capacity_updated"),
            origin=row.origin,
        )

    def date(self, row: Row, column: str) -> date | None:
        return self.parsed(
            row, column, parse_date, "is not a date (YYYY-MM-DD); ignored", WARNING, "invalid_date"
        )

    def accepting_referrals(self, row: Row) -> str:
        found = self.parsed(
            row, "accepting_referrals", parse_referrals,
            "is not one of open, waitlist, closed (do not refer)",
        )  # fmt: skip
        return found or "open"

    def count(self, row: Row, column: str) -> int | None:
        return self.parsed(row, column, parse_count, "is not a whole number of places (0 or more)")

    def parsed(self, row: Row, column: str, parse, problem: str, severity=ERROR, code=None):
        """The column's value read by ``parse``; a value it cannot read is reported."""
        raw = row.get(column)
        if not raw:
            return None
        found = parse(raw)
        if found is None:
            self.problem(row, column, code or "invalid_value", f"{raw!r} {problem}", severity)
        return found

    def needs(self, row: Row) -> tuple[tuple[str, ...], bool]:
        given = [n.strip().lower() for n in row.get("needs").replace(",", ";").split(";")]
        # The vocabulary's own strings, so rows share them instead of each holding copies.
        known = [NEEDS_BY_SLUG[n].slug for n in dict.fromkeys(given) if n in NEEDS_BY_SLUG]
        for unknown in (n for n in given if n and n not in NEEDS_BY_SLUG):
            self.problem(
                row, "needs", "unknown_need",
                f"{unknown!r} is not a need slug (valid: {', '.join(NEEDS_BY_SLUG)}); ignored",
                WARNING,
            )  # fmt: skip
        terms = [(t.taxonomy, t.code) for t in row.terms]
        known += [n for n in needs_for_terms(terms) if n not in known]
        if known or any(files_a_service(*term) for term in terms):
            return tuple(known), False  # filed under kinds of service that name no need
        return tuple(classify_text(row.get("service"), row.get("description") or None)), True

    def languages(self, row: Row) -> tuple[LanguageRecord, ...]:
        text = row.get("languages")
        if text in self._languages:
            return self._languages[text]
        found = []
        for name, code in parse_languages(text):
            if code is None and len(name) > MAX_LANGUAGE_NAME:  # prose, not a language name
                self.problem(
                    row, "languages", "invalid_value",
                    f"{name[:60]!r}… is not a language; ignored", WARNING,
                )  # fmt: skip
            else:
                found.append(LanguageRecord(name, code))
        if not any(c is None and len(n) > MAX_LANGUAGE_NAME for n, c in parse_languages(text)):
            self._languages[text] = tuple(found)  # only texts without per-row warnings
        return tuple(found)

    def cleaned(self, row: Row, column: str, clean) -> str | None:
        return self.parsed(
            row, column, clean, "is not valid; ignored", WARNING, f"invalid_{column}"
        )

    def flag(self, row: Row, column: str) -> bool:
        value = parse_bool(row.get(column))
        if value is None:
            self.problem(
                row, column, "invalid_value", f"{row.get(column)!r} is not yes/no; read as no",
                WARNING,
            )  # fmt: skip
            return False
        return value
