"""The project's own flat CSV format: one row = one service offered at one location.

Rows sharing a ``service_id`` (or ``location_id``, ``organization_id``) describe the same
record and must agree on its columns. See README "The flat CSV format".
"""

from __future__ import annotations

import csv
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from resource_directory.taxonomy import NEEDS_BY_SLUG, classify_text

from .files import detect_encoding, file_hash, open_text
from .normalize import (
    normalize_email,
    normalize_url,
    parse_bool,
    parse_date,
    parse_languages,
    read_phones,
)
from .places import place_location, repair_zip
from .records import (
    ERROR,
    WARNING,
    ImportReport,
    LanguageRecord,
    LocationRecord,
    OrganizationRecord,
    Origin,
    ParsedFile,
    PhoneRecord,
    RecordSet,
    RowError,
    ServiceAtLocationRecord,
    ServiceRecord,
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
    "confidential", "last_verified",
)  # fmt: skip
#: Which column a record field was read from, to name it in errors.
FIELD_COLUMNS = {
    "organization_id": {"name": "organization"},
    "service_id": {
        "name": "service", "url": "website", "fees_description": "fees",
        "eligibility_description": "eligibility", "needs_inferred": "needs",
        "assured_date": "last_verified", "organization_external_id": "organization_id",
    },
    "location_id": {
        "name": "location_name", "address_1": "address", "postal_code": "zip", "latitude": "lat",
        "longitude": "lon", "county": "zip", "time_zone": "zip", "geocode_precision": "lat",
        "organization_external_id": "organization_id",
    },
}  # fmt: skip


def sniff(path: Path) -> bool:
    """A CSV file whose header has the flat format's id columns."""
    if not path.is_file() or path.suffix.lower() not in {".csv", ".txt"}:
        return False
    encoding, _ = detect_encoding(path)
    with open_text(path, encoding) as handle:
        header = next(csv.reader(handle), [])
    names = {_column_name(h) for h in header}
    return {"listing_id", "service_id", "location_id"} <= names


def read(path: Path, mapping: Path | None = None) -> ParsedFile:
    """Read a flat CSV file into records and a report of every problem found."""
    report = ImportReport()
    records = RecordSet()
    name = path.name
    encoding, problem = detect_encoding(path)
    if problem:
        report.add(RowError(name, None, None, "bad_encoding", problem, WARNING))
    with open_text(path, encoding) as handle:
        reader = csv.reader(handle)
        try:
            header = next(reader)
        except StopIteration:
            header = []
        except UnicodeDecodeError as exc:  # pragma: no cover - detect_encoding rules it out
            report.add(RowError(name, 1, None, "bad_encoding", str(exc)))
            header = []
        columns = [_column_name(h) for h in header]
        if not _check_header(name, columns, report):
            return ParsedFile(str(path), FORMAT, file_hash(path), records, report)
        reader_state = _Reader(name, columns, records, report)
        line = 2
        for values in reader:
            if any(v.strip() for v in values):
                reader_state.read_row(line, values)
            line = reader.line_num + 1
    return ParsedFile(str(path), FORMAT, file_hash(path), records, report)


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


@dataclass
class _Reader:
    file: str
    columns: list[str]
    records: RecordSet
    report: ImportReport

    def __post_init__(self) -> None:
        self.first_line: dict[tuple[str, str], int] = {}

    # -- reporting ---------------------------------------------------------------------

    def problem(self, line: int, column: str | None, code: str, message: str, severity=ERROR):
        self.report.add(RowError(self.file, line, column, code, message, severity))

    # -- one row -----------------------------------------------------------------------

    def read_row(self, line: int, values: list[str]) -> None:
        if len(values) > len(self.columns):
            self.problem(
                line, None, "too_many_values",
                f"row has {len(values)} values but the header has {len(self.columns)} columns",
            )  # fmt: skip
            return
        row = {
            c: (values[i].strip() if i < len(values) else "") for i, c in enumerate(self.columns)
        }
        errors_before = len(self.report.errors)
        for column in REQUIRED_COLUMNS:
            if not row[column]:
                self.problem(line, column, "missing_required", f"{column} is required")
        if len(self.report.errors) > errors_before:
            return

        listing_id = row["listing_id"]
        if ("listing", listing_id) in self.first_line:
            first = self.first_line[("listing", listing_id)]
            self.problem(
                line, "listing_id", "duplicate_id",
                f"listing_id {listing_id!r} is already used on line {first}",
            )  # fmt: skip
            return
        self.first_line[("listing", listing_id)] = line

        organization = OrganizationRecord(
            external_id=row["organization_id"],
            name=row["organization"],
            origin=Origin(self.file, line),
        )
        location = self.location(line, row)
        service = self.service(line, row)
        listing = ServiceAtLocationRecord(
            external_id=listing_id,
            service_external_id=row["service_id"],
            location_external_id=row["location_id"],
            phones=self.phones(line, row.get("phone", "")),
            hours=row.get("hours") or None,
            origin=Origin(self.file, line),
        )
        if len(self.report.errors) > errors_before or location is None:
            return
        self.keep(line, "organization_id", self.records.organizations, organization)
        self.keep(line, "location_id", self.records.locations, location)
        self.keep(line, "service_id", self.records.services, service)
        if len(self.report.errors) == errors_before:  # a row that disagrees is left out whole
            self.records.service_at_locations[listing_id] = listing

    def keep(self, line: int, id_column: str, table: dict[str, Any], record: Any) -> None:
        """Store a record, or report which columns disagree with its first appearance."""
        seen = table.get(record.external_id)
        if seen is None:
            table[record.external_id] = record
            self.first_line[(id_column, record.external_id)] = line
            return
        if seen == record:
            return
        first = self.first_line[(id_column, record.external_id)]
        old, new = asdict(seen), asdict(record)
        names = FIELD_COLUMNS[id_column]
        differing = list(dict.fromkeys(names.get(k, k) for k in new if new[k] != old[k]))
        self.problem(
            line, differing[0], "conflicting_values",
            f"{id_column} {record.external_id!r} has different {', '.join(differing)} than on "
            f"line {first}; rows describing the same record must agree",
        )  # fmt: skip

    # -- fields ------------------------------------------------------------------------

    def location(self, line: int, row: dict[str, str]) -> LocationRecord | None:
        origin = Origin(self.file, line)
        zip_info = repair_zip(row.get("zip"), self.report, origin, "zip")
        confidential = self.flag(line, row, "confidential")
        placed = place_location(
            self.report, origin, row.get("lat"), row.get("lon"), zip_info,
            confidential=confidential,
        )  # fmt: skip
        if placed is None:
            return None
        place = placed.place
        return LocationRecord(
            external_id=row["location_id"],
            organization_external_id=row["organization_id"],
            name=row.get("location_name") or None,
            address_1=row.get("address") or None,
            address_2=None,
            city=row.get("city") or (place.city if place else None),
            state=(row.get("state") or (place.state if place else "")).upper() or None,
            postal_code=placed.postal_code or (row.get("zip") or None),
            county=place.county if place else None,
            latitude=placed.lat,
            longitude=placed.lon,
            geocode_precision=placed.precision,
            time_zone=place.timezone if place else None,
            accessibility=row.get("accessibility") or None,
            confidential=confidential,
            origin=origin,
        )

    def service(self, line: int, row: dict[str, str]) -> ServiceRecord:
        needs, inferred = self.needs(line, row)
        verified = None
        if row.get("last_verified"):
            verified = parse_date(row["last_verified"])
            if verified is None:
                self.problem(
                    line, "last_verified", "invalid_date",
                    f"{row['last_verified']!r} is not a date (YYYY-MM-DD); ignored", WARNING,
                )  # fmt: skip
        return ServiceRecord(
            external_id=row["service_id"],
            organization_external_id=row["organization_id"],
            name=row["service"],
            description=row.get("description") or None,
            url=self.cleaned(line, row, "website", normalize_url),
            email=self.cleaned(line, row, "email", normalize_email),
            fees_description=row.get("fees") or None,
            eligibility_description=row.get("eligibility") or None,
            languages=tuple(
                LanguageRecord(name, code)
                for name, code in parse_languages(row.get("languages", ""))
            ),
            needs=needs,
            needs_inferred=inferred,
            assured_date=verified,
            origin=Origin(self.file, line),
        )

    def needs(self, line: int, row: dict[str, str]) -> tuple[tuple[str, ...], bool]:
        given = [n.strip().lower() for n in row.get("needs", "").replace(",", ";").split(";")]
        known = [n for n in dict.fromkeys(given) if n in NEEDS_BY_SLUG]
        for unknown in (n for n in given if n and n not in NEEDS_BY_SLUG):
            self.problem(
                line, "needs", "unknown_need",
                f"{unknown!r} is not a need slug (valid: {', '.join(NEEDS_BY_SLUG)}); ignored",
                WARNING,
            )  # fmt: skip
        if known:
            return tuple(known), False
        return tuple(classify_text(row["service"], row.get("description"))), True

    def phones(self, line: int, raw: str) -> tuple[PhoneRecord, ...]:
        return read_phones(raw, self.report, Origin(self.file, line), "phone")

    def cleaned(self, line: int, row: dict[str, str], column: str, clean) -> str | None:
        raw = row.get(column, "")
        if not raw:
            return None
        value = clean(raw)
        if value is None:
            self.problem(
                line, column, f"invalid_{column}", f"{raw!r} is not valid; ignored", WARNING
            )
        return value

    def flag(self, line: int, row: dict[str, str], column: str) -> bool:
        value = parse_bool(row.get(column, ""))
        if value is None:
            self.problem(
                line, column, "invalid_value", f"{row[column]!r} is not yes/no; read as no", WARNING
            )
            return False
        return value
