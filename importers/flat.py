"""The project's own flat CSV format: one row = one service offered at one location.

Rows sharing a ``service_id`` (or ``location_id``, ``organization_id``) describe the same
record and must agree on its columns. See README "The flat CSV format".
"""

from __future__ import annotations

import csv
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from resource_directory.geo import distance_km, lookup_zip, nearest_zip, valid_point
from resource_directory.taxonomy import NEEDS_BY_SLUG, classify_text

from .files import detect_encoding, file_hash, open_text
from .normalize import (
    normalize_email,
    normalize_phone,
    normalize_url,
    parse_bool,
    parse_date,
    parse_languages,
)
from .records import (
    ERROR,
    WARNING,
    ImportReport,
    LanguageRecord,
    LocationRecord,
    OrganizationRecord,
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
#: A stated point further than this from its ZIP's centre is treated as a mistake.
MAX_KM_FROM_ZIP = 30.0


def looks_like_flat(header: list[str]) -> bool:
    names = {_column_name(h) for h in header}
    return {"listing_id", "service_id", "location_id"} <= names


def read_flat(path: Path) -> ParsedFile:
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
            external_id=row["organization_id"], name=row["organization"]
        )
        location = self.location(line, row)
        service = self.service(line, row)
        listing = ServiceAtLocationRecord(
            external_id=listing_id,
            service_external_id=row["service_id"],
            location_external_id=row["location_id"],
            phones=self.phones(line, row.get("phone", "")),
            hours=row.get("hours") or None,
        )
        if len(self.report.errors) > errors_before or location is None:
            return
        self.keep(line, "organization_id", self.records.organizations, organization)
        self.keep(line, "location_id", self.records.locations, location)
        self.keep(line, "service_id", self.records.services, service)
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
        zip_raw = row.get("zip", "")
        zip_info = lookup_zip(zip_raw) if zip_raw else None
        if zip_raw and zip_info is None and len(zip_raw) == 4 and zip_raw.isdigit():
            zip_info = lookup_zip("0" + zip_raw)
            if zip_info:
                self.problem(
                    line, "zip", "repaired_zip",
                    f"ZIP {zip_raw!r} lost its leading zero; read as {zip_info.zip}", WARNING,
                )  # fmt: skip
        if zip_raw and zip_info is None:
            self.problem(line, "zip", "invalid_zip", f"{zip_raw!r} is not a known US ZIP", WARNING)
        confidential = self.flag(line, row, "confidential")
        point = self.point(line, row, zip_info)
        if point is None:
            return None
        lat, lon, precision = point
        if confidential and zip_info is not None:
            # Never keep the exact point of a confidential site: its ZIP centre serves matching.
            lat, lon, precision = zip_info.lat, zip_info.lon, "zip"
        place = zip_info or nearest_zip(lat, lon)
        return LocationRecord(
            external_id=row["location_id"],
            organization_external_id=row["organization_id"],
            name=row.get("location_name") or None,
            address_1=row.get("address") or None,
            address_2=None,
            city=row.get("city") or (place.city if place else None),
            state=(row.get("state") or (place.state if place else "")).upper() or None,
            postal_code=zip_info.zip if zip_info else (zip_raw or None),
            county=place.county if place else None,
            latitude=round(lat, 6),
            longitude=round(lon, 6),
            geocode_precision=precision,
            time_zone=place.timezone if place else None,
            accessibility=row.get("accessibility") or None,
            confidential=confidential,
        )

    def point(self, line: int, row: dict[str, str], zip_info) -> tuple[float, float, str] | None:
        """The location's point, checked against its ZIP; falls back to the ZIP centroid."""
        lat_raw, lon_raw = row.get("lat", ""), row.get("lon", "")
        fallback = (zip_info.lat, zip_info.lon, "zip") if zip_info else None
        if not lat_raw and not lon_raw:
            if fallback is None:
                self.problem(
                    line, "zip", "missing_location",
                    "no lat/lon and no known ZIP code: the location cannot be placed on the map",
                )  # fmt: skip
            return fallback
        try:
            lat, lon = float(lat_raw), float(lon_raw)
        except ValueError:
            column = "lon" if _is_float(lat_raw) else "lat"
            value = row.get(column, "")
            self.problem(line, column, "invalid_number", f"{column} {value!r} is not a number")
            return None
        if not valid_point(lat, lon):
            return self.replace_point(
                line, "invalid_coordinates", f"({lat}, {lon}) is not a real location", fallback
            )
        if zip_info is None:
            return lat, lon, "point"
        if distance_km(lat, lon, zip_info.lat, zip_info.lon) <= MAX_KM_FROM_ZIP:
            return lat, lon, "point"
        if valid_point(lon, lat) and (
            distance_km(lon, lat, zip_info.lat, zip_info.lon) <= MAX_KM_FROM_ZIP
        ):
            self.problem(
                line, "lat", "swapped_coordinates",
                f"lat {lat} and lon {lon} are swapped; read as ({lon}, {lat})", WARNING,
            )  # fmt: skip
            return lon, lat, "point"
        far = distance_km(lat, lon, zip_info.lat, zip_info.lon)
        return self.replace_point(
            line, "coordinates_far_from_zip",
            f"({lat}, {lon}) is {far:.0f} km from ZIP {zip_info.zip}", fallback,
        )  # fmt: skip

    def replace_point(self, line, code, message, fallback):
        if fallback is None:
            self.problem(line, "lat", code, message + "; no ZIP code to fall back on")
            return None
        self.problem(line, "lat", code, message + "; using the ZIP code's centre", WARNING)
        return fallback

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
        phones = []
        for part in (p.strip() for p in raw.split(";")):
            if not part:
                continue
            parsed = normalize_phone(part)
            if parsed is None:
                self.problem(
                    line, "phone", "invalid_phone",
                    f"{part!r} is not a 10-digit US phone number; kept as written", WARNING,
                )  # fmt: skip
                phones.append(PhoneRecord(number=part))
            else:
                phones.append(PhoneRecord(number=parsed[0], extension=parsed[1], type="voice"))
        return tuple(phones)

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


def _is_float(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True
