"""Open Referral HSDS reader: 3.x CSV tables (with or without ``datapackage.json``), 3.x JSON,
and 1.x / 2.x datapackages.

PATH is a folder of CSV tables, a ``datapackage.json`` or an HSDS 3 JSON file. Every shape
becomes the same table rows (``tables.py``, ``json_reader.py``, older names via
``legacy.py``), then one assembler checks the links between tables and builds the records
(``links.py``, ``assemble.py``). The records keep the file's own ids as external ids.

Fatal (the import is rejected unless bad rows are skipped): unreadable files and JSON,
missing required columns, core rows without an id/name/organization, repeated core ids,
coordinates that are not numbers, and every link to an id the package does not have
(``unknown_reference``: a service's organization, a listing's service or location, and any
phone, address, schedule, language, area, term link… whose record is missing).
Warnings (imported): a location's unknown organization (dropped), rows that name no record,
schedule rows that are not HSDS (read as hours prose), unplaceable locations (kept without
coordinates), and the shared value checks (phones, URLs, emails, dates, ZIPs, points).
"""

from __future__ import annotations

from pathlib import Path

from ..files import (
    csv_header,
    csv_reader,
    detect_encoding,
    file_hash,
    inside,
    open_text,
    parse_json,
)
from ..records import ImportReport, ParsedFile
from .assemble import assemble
from .json_reader import flatten, is_tabular, items_of, kind_of, load_json
from .legacy import table_for
from .rows import Tables
from .tables import DATAPACKAGE, column_name, read_tables

FORMAT = "hsds"
#: Larger JSON files are recognised by their extension and a key near the start.
_SNIFF_JSON_BYTES = 50 << 20


def sniff(path: Path) -> bool:
    """A folder or datapackage of HSDS tables, or an HSDS 3 JSON file."""
    try:
        if path.is_dir():
            descriptor = path / DATAPACKAGE
            if descriptor.is_file() and _describes_hsds(_json(descriptor)):
                return True
            return _folder_is_hsds(path)
        if path.suffix.lower() != ".json" or not path.is_file():
            return False
        if path.stat().st_size > _SNIFF_JSON_BYTES:
            with path.open("rb") as handle:
                head = handle.read(1 << 20)
            return b'"service_at_locations"' in head or b'"organization_id"' in head
        data = _json(path)
        if isinstance(data, dict) and "resources" in data:
            return _describes_hsds(data)
        if is_tabular(data):
            return _names_hsds(str(k).rsplit(".", 1)[0] for k in data)
        return any(kind_of(item) for item in items_of(data))
    except (OSError, ValueError, UnicodeDecodeError):
        return False


def read(path: Path, mapping: Path | None = None) -> ParsedFile:
    """Read an HSDS package or JSON file into records and a report of every problem."""
    report = ImportReport()
    default_source = None
    if path.is_file() and path.suffix.lower() == ".json" and not _is_descriptor(path):
        data = load_json(path, report)
        tables = flatten(data, path.name, report) if data is not None else Tables()
        digest = file_hash(path)
    else:
        tables, default_source, digest = read_tables(path, report)
    if not report.fatal and not any(tables.rows.values()):
        report.error(
            path.name, None, None, "empty_file",
            f"{path.name} holds no HSDS organizations, services or locations",
        )  # fmt: skip
    records = assemble(tables, report)
    return ParsedFile(str(path), FORMAT, digest, records, report, default_source)


def _json(path: Path):
    encoding, _ = detect_encoding(path)
    return parse_json(path.read_text(encoding=encoding))


def _is_descriptor(path: Path) -> bool:
    if path.name.lower() == DATAPACKAGE:
        return True
    try:
        data = _json(path)
    except (OSError, ValueError, UnicodeDecodeError):
        return False
    return isinstance(data, dict) and isinstance(data.get("resources"), list)


def _describes_hsds(descriptor) -> bool:
    resources = descriptor.get("resources") if isinstance(descriptor, dict) else None
    if not isinstance(resources, list):
        return False
    return _names_hsds(str(r.get("name", "")) for r in resources if isinstance(r, dict))


def _names_hsds(names) -> bool:
    tables = {(table_for(n) or ("", None))[0] for n in names}
    return bool(tables & {"service", "service_at_location"}) and "organization" in tables


def _folder_is_hsds(folder: Path) -> bool:
    """HSDS tables link services to organizations and locations through service_at_location;
    Ohana's (which share many file names) hang services off locations instead."""
    for csv_path in folder.glob("*.csv"):
        kind = table_for(csv_path.stem)
        if kind and kind[0] == "service_at_location":
            return True
        if kind and kind[0] == "service" and inside(folder, csv_path):
            encoding, _ = detect_encoding(csv_path)
            with open_text(csv_path, encoding) as handle:
                header = {column_name(h) for h in csv_header(csv_reader(handle))}
            if "organization_id" in header:
                return True
    return False
