"""HSDS CSV tables: find them (datapackage resources, else file names) and stream their rows.

PATH is a folder of CSV files or a ``datapackage.json``. A resource's ``name`` says which
table a file is (its ``path`` may be stale: a transformer's template pointing at
``resources/*.csv`` is looked for beside the descriptor too); CSV files the descriptor does
not list are recognised by their names, singular or plural, HSDS 3 or 1.x.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..files import (
    UnreadableJson,
    csv_header,
    csv_reader,
    csv_rows,
    detect_encoding,
    file_hash,
    inside,
    open_text,
    parse_json,
)
from ..records import ImportReport
from .legacy import IGNORED_TABLES, REQUIRED_COLUMNS, canonical_columns, table_for
from .rows import Row, Tables

DATAPACKAGE = "datapackage.json"
#: Tables without which the package says nothing: an empty file here is an error.
CORE_TABLES = ("organization", "service", "location", "service_at_location")
#: The order tables are read in (so the report lists problems in a stable order).
TABLE_ORDER = (
    *CORE_TABLES, "taxonomy", "taxonomy_term", "address", "accessibility", "phone", "schedule",
    "language", "service_area", "cost_option", "eligibility", "attribute", "service_taxonomy",
    "contact", "required_document",
)  # fmt: skip


@dataclass(frozen=True)
class TableFile:
    path: Path
    name: str  # the resource or file name that says which table it is


def locate(path: Path) -> tuple[Path, Path | None]:
    """(folder holding the tables, its datapackage.json if any) for a folder, a descriptor or
    one of the package's CSV files."""
    folder = path if path.is_dir() else path.parent
    if path.is_file() and path.suffix.lower() == ".json":
        return folder, path
    descriptor = folder / DATAPACKAGE  # a folder, or one of its CSV tables
    return folder, descriptor if descriptor.is_file() else None


def load_descriptor(path: Path | None, report: ImportReport) -> dict[str, Any]:
    if path is None:
        return {}
    try:
        descriptor = parse_json(path.read_text(encoding="utf-8-sig"))
    except (UnreadableJson, UnicodeDecodeError) as exc:
        report.warn(
            path.name, getattr(exc, "line", None), None, "invalid_json",
            f"the datapackage descriptor cannot be read ({exc}); tables are found by "
            "their file names",
        )  # fmt: skip
        return {}
    return descriptor if isinstance(descriptor, dict) else {}


def table_files(
    folder: Path, descriptor: dict[str, Any], report: ImportReport | None = None
) -> list[TableFile]:
    """The package's CSV files with the name that identifies each: regular files inside
    the package folder only (a resource that points elsewhere is an ``unsafe_path`` error)."""
    found: dict[Path, TableFile] = {}
    for resource in descriptor.get("resources") or []:
        if not isinstance(resource, dict):
            continue
        where = resource.get("path")
        where = where[0] if isinstance(where, list) and where else where
        if not isinstance(where, str):
            continue
        for candidate in (folder / where, folder / Path(where).name):
            if candidate.suffix.lower() != ".csv" or not candidate.exists():
                continue
            if not inside(folder, candidate):
                if report is not None:
                    report.error(
                        DATAPACKAGE, None, "path", "unsafe_path",
                        f"resource {resource.get('name', '')!r} path {where!r} is not a "
                        "regular file inside the package folder; not read",
                    )  # fmt: skip
                break
            found.setdefault(candidate, TableFile(candidate, str(resource.get("name", ""))))
            break
    for candidate in sorted(folder.glob("*.csv")) + sorted(folder.glob("*.CSV")):
        if inside(folder, candidate):
            found.setdefault(candidate, TableFile(candidate, candidate.stem))
        elif report is not None and candidate not in found:
            report.error(
                candidate.name, None, None, "unsafe_path",
                f"{candidate.name} is not a regular file inside the package folder; not read",
            )  # fmt: skip
    return list(found.values())


def package_hash(files: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(f"{path.name}:{file_hash(path)}\n".encode())
    return digest.hexdigest()


def read_tables(path: Path, report: ImportReport) -> tuple[Tables, str | None, str]:
    """Every row of every HSDS table in the package, the package's name, and its hash."""
    folder, descriptor_path = locate(path)
    descriptor = load_descriptor(descriptor_path, report)
    tables = Tables()
    files = table_files(folder, descriptor, report)
    known: list[tuple[int, str, TableFile]] = []
    for item in files:
        kind = _kind(item, _header(item.path))
        if kind is None:
            if item.path.stem.lower() not in IGNORED_TABLES:
                report.warn(
                    item.path.name, None, None, "unknown_table",
                    f"{item.path.name} is not an HSDS table; ignored",
                )  # fmt: skip
            continue
        order = TABLE_ORDER.index(kind[0]) if kind[0] in TABLE_ORDER else len(TABLE_ORDER)
        known.append((order, item.path.name, item))
    for _order, _name, item in sorted(known, key=lambda k: (k[0], k[1])):
        _read_csv(item, tables, report)
    name = descriptor.get("name")
    hashed = [p.path for p in files] + ([descriptor_path] if descriptor_path else [])
    return tables, name if isinstance(name, str) and name else None, package_hash(hashed)


def column_name(header: str) -> str:
    return header.strip().strip("\ufeff").lower().replace(" ", "_").replace("-", "_")


def _kind(item: TableFile, header: list[str]) -> tuple[str, str | None] | None:
    return table_for(item.name, header) or table_for(item.path.stem, header)


def _header(path: Path) -> list[str]:
    encoding, _ = detect_encoding(path)
    with open_text(path, encoding) as handle:
        return [column_name(h) for h in csv_header(csv_reader(handle))]


def _read_csv(item: TableFile, tables: Tables, report: ImportReport) -> None:
    name = item.path.name
    encoding, problem = detect_encoding(item.path)
    if problem:
        report.warn(name, None, None, "bad_encoding", problem)
    with open_text(item.path, encoding) as handle:
        reader = csv_reader(handle)
        header = [column_name(h) for h in csv_header(reader, name, report)]
        table, variant = _kind(item, header) or ("", None)
        if not any(header):
            if table in CORE_TABLES:
                report.error(name, 1, None, "empty_file", f"{name} has no header row")
            return
        columns = canonical_columns(table, header)
        if not _check_header(name, table, header, columns, report):
            return
        original = dict(zip(columns, header, strict=True))
        for line, values in csv_rows(reader, len(columns), name, report):
            # Short rows are read with the rest empty; their links are still checked.
            row = {c: (values[i].strip() if i < len(values) else "")
                   for i, c in enumerate(columns)}  # fmt: skip
            tables.add(Row(table, name, line, row, original, variant))


def _check_header(
    name: str, table: str, header: list[str], columns: list[str], report: ImportReport
) -> bool:
    ok = True
    seen: set[str] = set()
    for raw, column in zip(header, columns, strict=True):
        if column in seen and column:
            report.error(name, 1, raw, "duplicate_column", f"column {raw!r} appears twice")
            ok = False
        seen.add(column)
    for column in REQUIRED_COLUMNS.get(table, ()):
        if column not in seen:
            report.error(
                name, 1, column, "missing_column",
                f"required column {column!r} is missing; {name} is not read",
            )  # fmt: skip
            ok = False
    return ok
