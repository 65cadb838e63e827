"""What every step of the Ohana reader shares: the folder's tables, references, list cells."""

from __future__ import annotations

import csv
from collections.abc import Callable, Container
from dataclasses import dataclass
from pathlib import Path

from ..files import UnreadableJson, detect_encoding, parse_json, read_all_text
from ..normalize import parse_bool
from ..records import ImportReport, RecordSet
from .tables import Row, Table

#: Columns that tie a phone or schedule row to its record, most specific first.
OWNERS = (
    ("service_id", "services.csv", "services"),
    ("location_id", "locations.csv", "locations"),
    ("organization_id", "organizations.csv", "organizations"),
)


@dataclass
class Folder:
    """The tables read from one Ohana folder and the report every step writes to."""

    tables: dict[str, Table | None]
    report: ImportReport
    #: Files present but unreadable (bad header or encoding, reported already).
    broken: set[str]

    def rows(self, name: str) -> list[Row]:
        table = self.tables.get(name)
        return table.rows if table else []

    def seen(self, name: str) -> set[str]:
        table = self.tables.get(name)
        return table.seen if table else set()

    def target(self, row: Row, column: str, file: str, built: Container[str]) -> str | None:
        """The id ``row[column]`` names when that record was built, else None.

        A reference to an id the file does not have is an ``unknown_reference`` error; one
        to a row left out for its own errors, or into an unreadable file, is not reported
        twice.
        """
        value = row.get(column)
        if not value:
            return None
        if value in built:
            return value
        if value not in self.seen(file) and file not in self.broken:
            kind = column.removesuffix("_id")
            self.report.error(
                row.file, row.line, column, "unknown_reference",
                f"{kind} {value!r} is not in {file}",
            )  # fmt: skip
        return None

    def owner(
        self, row: Row, records: RecordSet, what: str, columns: tuple[str, ...]
    ) -> tuple[str, str] | None:
        """(table, external id) of the most specific record the row names, if it was built.

        A row naming none of ``columns`` is a ``missing_required`` error. Every id the row
        names is checked; the row belongs to the most specific one only (a service's phone
        is not also its location's).
        """
        if not any(row.get(column) for column in columns):
            self.report.error(
                row.file, row.line, None, "missing_required",
                f"a {what} needs {', '.join(columns[:-1])} or {columns[-1]}",
            )  # fmt: skip
            return None
        named = [
            (table, self.target(row, column, file, records.tables()[table]))
            for column, file, table in OWNERS
            if row.get(column)
        ]
        if not named or named[0][1] is None:
            return None
        table, ext = named[0]
        return table, ext

    def cleaned(self, row: Row, column: str, clean: Callable[[str], str | None]) -> str | None:
        """A URL or e-mail cleaned, or None with an ``invalid_<kind>`` warning."""
        raw = row.get(column)
        if not raw:
            return None
        value = clean(raw)
        if value is None:
            kind = "website" if column in {"website", "url"} else column
            self.report.warn(
                row.file, row.line, column, f"invalid_{kind}", f"{raw!r} is not valid; ignored"
            )
        return value

    def flag(self, row: Row, column: str) -> bool:
        value = parse_bool(row.get(column))
        if value is None:
            self.report.warn(
                row.file, row.line, column, "invalid_value",
                f"{row.get(column)!r} is not true/false; read as false",
            )  # fmt: skip
            return False
        return value


def split_list(raw: str) -> list[str]:
    """'a, b' and Postgres array text '{a,"b, c"}' → ['a', 'b'] / ['a', 'b, c']."""
    text = raw.strip()
    if text.startswith("{") and text.endswith("}"):
        text = text[1:-1]
    items = next(csv.reader([text], skipinitialspace=True), [])
    return [item.strip() for item in items if item.strip()]


def text(row: Row, *columns: str) -> str | None:
    """The first non-empty of the columns, or None."""
    for column in columns:
        if row.get(column):
            return row.get(column)
    return None


def unknown_reference(folder: Folder, file: str, message: str) -> None:
    folder.report.error(file, None, None, "unknown_reference", message)


def read_json_lists(folder: Folder, path: Path, items: str) -> dict[str, list[str]] | None:
    """{service id: [item, …]} with both as text, or None when absent or unreadable."""
    if not path.is_file():
        return None
    file = path.name
    encoding, problem = detect_encoding(path)
    if problem:
        folder.report.warn(file, None, None, "bad_encoding", problem)
    try:
        data = parse_json(read_all_text(path, encoding))
    except UnreadableJson as exc:
        folder.report.error(file, exc.line, None, exc.code, str(exc))
        return None
    if not isinstance(data, dict) or not all(isinstance(v, list) for v in data.values()):
        folder.report.error(
            file, None, None, "invalid_json", f"expected an object of service id → list of {items}"
        )
        return None
    return {str(key): [str(v) for v in values] for key, values in data.items()}
