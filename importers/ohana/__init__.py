"""Ohana API's CSV folder (a precursor of HSDS 1.0): organizations, locations, services …

The folder holds organizations.csv, locations.csv and services.csv, usually with
addresses.csv, mail_addresses.csv, phones.csv and contacts.csv, and optionally
programs.csv, regular_schedules.csv, holiday_schedules.csv, taxonomy.csv,
service_categories.json and (iCarol exports) service_icarol_categories.json with its
taxonomy_mapping.csv. An Ohana service belongs to one location, so each service becomes
one service record (of its location's organization) and one listing whose external id is
the service's. contacts.csv names staff members and is not read.
"""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

from ..files import file_hash
from ..records import ImportReport, ParsedFile, RecordSet
from .categories import CATEGORIES_JSON, read_categories
from .icarol import ICAROL_JSON, NAMES_CSV
from .locations import read_locations
from .organizations import read_organizations, read_programs
from .phones import read_phones_by_owner
from .schedules import read_schedules
from .services import read_services
from .tables import SPECS, read_table
from .values import Folder

FORMAT = "ohana"
#: Files whose presence (without an HSDS datapackage.json) marks an Ohana folder.
MARKERS = ("organizations.csv", "locations.csv", "services.csv")


def sniff(path: Path) -> bool:
    """A folder with organizations.csv, locations.csv and services.csv but no datapackage."""
    try:
        return (
            path.is_dir()
            and all((path / name).is_file() for name in MARKERS)
            and not (path / "datapackage.json").exists()
        )
    except OSError:
        return False


def read(path: Path, mapping: Path | None = None) -> ParsedFile:
    """Read an Ohana CSV folder (or a file inside one) into records and a report."""
    directory = path if path.is_dir() else path.parent
    report = ImportReport()
    tables = {name: read_table(directory, spec, report) for name, spec in SPECS.items()}
    broken = {n for n, t in tables.items() if t is None and (directory / n).is_file()}
    folder = Folder(tables, report, broken)
    records = RecordSet()
    if all(folder.tables[name] is not None for name in MARKERS):
        _build(folder, directory, records)
    return ParsedFile(str(path), FORMAT, _folder_hash(directory), records, report)


def _build(folder: Folder, directory: Path, records: RecordSet) -> None:
    records.organizations = read_organizations(folder)
    programs = read_programs(folder, records.organizations)
    records.locations = read_locations(folder, records.organizations)
    categories = read_categories(folder, directory)
    records.services, records.service_at_locations = read_services(
        folder, records.locations, programs, categories
    )
    phones = read_phones_by_owner(folder, records)
    schedules = read_schedules(folder, records)
    for table, items in records.tables().items():
        for ext, record in items.items():
            extra = {}
            if (table, ext) in phones:
                extra["phones"] = tuple(phones[(table, ext)])
            if (table, ext) in schedules:
                extra["schedules"] = tuple(schedules[(table, ext)])
            if extra:
                items[ext] = dataclasses.replace(record, **extra)


def _folder_hash(directory: Path) -> str:
    """One digest of the files read, so an unchanged folder is recognised as such."""
    digest = hashlib.sha256()
    for name in sorted([*SPECS, CATEGORIES_JSON, ICAROL_JSON, NAMES_CSV]):
        if (directory / name).is_file():
            digest.update(f"{name}:{file_hash(directory / name)}\n".encode())
    return digest.hexdigest()


__all__ = ["FORMAT", "read", "sniff"]
