"""Row sources: CSV / TSV, XLSX and JSON files as a stream of rows with a place in the file.

Each source first tells which columns it has (a header, or the keys of the first JSON
records) so the mapping can be checked before any row is read, then yields rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from ..files import (
    UnreadableJson,
    csv_header,
    csv_reader,
    csv_rows,
    detect_encoding,
    open_text,
    parse_json,
    read_all_text,
)
from ..records import ImportReport
from .mapping import Mapping
from .specs import text

#: JSON paths are checked against this many records (later records may lack a key).
SAMPLE = 100
_DELIMITERS = ",;\t|"


@dataclass(frozen=True)
class SourceRow:
    line: int | None  # physical line (CSV) or sheet row (XLSX); None for JSON
    index: int  # 0-based position among the records
    data: Any  # a dict of column → value, or a JSON object

    def get(self, name: str) -> Any:
        return lookup(self.data, name)


@dataclass
class Source:
    """An opened file: its columns (or sample records) and its rows, read lazily."""

    rows: Iterator[SourceRow]
    header: list[str] | None = None  # CSV / XLSX
    sample: list[Any] | None = None  # JSON
    records_path: str = ""

    def has(self, name: str) -> bool:
        if self.header is not None:
            return name in self.header
        return any(_resolves(record, name) for record in self.sample or [])

    def known(self) -> list[str]:
        """Column names to suggest in messages."""
        if self.header is not None:
            return [h for h in self.header if h]
        return sorted({k for r in self.sample or [] if isinstance(r, dict) for k in r})


def lookup(data: Any, name: str) -> Any:
    """A column's value, or a dotted path's ("address.zip", "hours.0.day") in JSON."""
    if isinstance(data, dict) and name in data:
        return data[name]
    value = data
    for part in name.split("."):
        if isinstance(value, dict):
            value = value.get(part)
        elif isinstance(value, list) and part.isdigit():
            value = value[int(part)] if int(part) < len(value) else None
        else:
            return None
    return value


def _resolves(data: Any, name: str) -> bool:
    if isinstance(data, dict) and name in data:
        return True
    value = data
    for part in name.split("."):
        if isinstance(value, dict):
            if part not in value:
                return False
            value = value[part]
        elif isinstance(value, list) and part.isdigit():
            if int(part) >= len(value):
                return True  # lists vary in length from record to record
            value = value[int(part)]
        else:
            return value is None  # a null where an object may be
    return True


@contextmanager
def open_source(path: Path, mapping: Mapping, report: ImportReport) -> Iterator[Source | None]:
    """The file's rows; None (after reporting why) when the file cannot be read at all."""
    name = path.name
    if mapping.format == "xlsx":
        with _xlsx(path, mapping, report) as source:
            yield source
        return
    encoding, problem = detect_encoding(path)
    if problem:
        report.warn(name, None, None, "bad_encoding", problem)
    if mapping.format == "json":
        yield _json(path, encoding, mapping, report)
        return
    with open_text(path, encoding) as handle:
        delimiter = mapping.delimiter or ("\t" if mapping.format == "tsv" else None)
        if delimiter is None:
            delimiter = _sniff_delimiter(handle.read(1 << 16))
            handle.seek(0)
        reader = csv_reader(handle, delimiter=delimiter)
        header: list[str] = []
        for _ in range(mapping.header_row):
            header = csv_header(reader, name, report)
        if not any(h.strip() for h in header):
            report.error(
                name, mapping.header_row, None, "empty_file",
                f"the file has no header on row {mapping.header_row}",
            )  # fmt: skip
            yield None
            return
        columns = [h.strip().strip("\ufeff").strip() for h in header]
        yield Source(_csv_rows(reader, columns, name, report), header=columns)


def _sniff_delimiter(sample: str) -> str:
    """The most frequent candidate in the header line (headers rarely quote delimiters)."""
    first = sample.splitlines()[0] if sample else ""
    counts = {d: first.count(d) for d in _DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _csv_rows(reader, columns: list[str], name: str, report: ImportReport):
    for index, (line, values) in enumerate(csv_rows(reader, len(columns), name, report)):
        yield SourceRow(line, index, _first_wins(columns, values))


def _first_wins(columns: list[str], values: list[str]) -> dict[str, str]:
    """Column → value; a short row is padded, and a repeated column name keeps its first."""
    padded = values[: len(columns)] + [""] * (len(columns) - len(values))
    return dict(zip(reversed(columns), reversed(padded), strict=True))


@contextmanager
def _xlsx(path: Path, mapping: Mapping, report: ImportReport) -> Iterator[Source | None]:
    from openpyxl import load_workbook  # imported here: only spreadsheets need it

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        report.error(path.name, None, None, "malformed_xlsx", f"cannot open the workbook: {exc}")
        yield None
        return
    try:
        if mapping.sheet is not None and mapping.sheet not in book.sheetnames:
            report.error(
                mapping.path.name, mapping.lines.get("sheet"), "sheet", "invalid_mapping",
                f"sheet: {mapping.sheet!r}: the workbook has {', '.join(book.sheetnames)}",
            )  # fmt: skip
            yield None
            return
        sheet = book[mapping.sheet] if mapping.sheet else book.worksheets[0]
        errors = len(report.errors)
        rows = _sheet_rows(sheet, path.name, mapping.header_row, report)
        header = [_cell(v) for v in next(rows, (None, ()))[1]]
        if not any(header):
            if len(report.errors) == errors:  # else the sheet is unreadable, and said so
                report.error(
                    path.name, mapping.header_row, None, "empty_file",
                    f"sheet {sheet.title!r} has no header on row {mapping.header_row}",
                )  # fmt: skip
            yield None
            return
        yield Source(_xlsx_rows(rows, header), header=header)
    finally:
        book.close()


def _sheet_rows(sheet, file: str, first: int, report: ImportReport) -> Iterator[tuple[int, Any]]:
    """(row number, values) of the sheet's rows from ``first`` on. The sheet's XML is parsed
    as it is read (defusedxml refusing entities: a "billion laughs", an external file): a
    sheet that cannot be read is a ``malformed_xlsx`` error where it stops."""
    line = first - 1
    try:
        for line, values in enumerate(sheet.iter_rows(min_row=first, values_only=True), first):
            yield line, values
    except Exception as exc:  # XML, zip and value errors alike: the sheet is damaged
        report.error(
            file, line + 1, None, "malformed_xlsx",
            f"sheet {sheet.title!r} cannot be read from row {line + 1} on: "
            f"{type(exc).__name__}: {str(exc)[:200]}",
        )  # fmt: skip


def _xlsx_rows(rows, header: list[str]) -> Iterator[SourceRow]:
    index = 0
    for line, values in rows:
        cells = [_cell(v) for v in values]
        if any(cells):
            yield SourceRow(line, index, _first_wins(header, cells))
            index += 1


def _cell(value: Any) -> str:
    """A spreadsheet cell as text: whole floats lose '.0', dates become ISO dates."""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return text(value)


def _json(path: Path, encoding: str, mapping: Mapping, report: ImportReport) -> Source | None:
    name = path.name
    try:
        document = parse_json(read_all_text(path, encoding))
    except UnreadableJson as exc:
        report.error(name, exc.line, None, exc.code, str(exc))
        return None
    records = lookup(document, mapping.records) if mapping.records else document
    if not isinstance(records, list):
        where = f"records: {mapping.records!r}: " if mapping.records else ""
        found = type(records).__name__ if records is not None else "nothing"
        report.error(
            mapping.path.name, mapping.lines.get("records"), "records" if where else None,
            "invalid_mapping",
            f"{where}expected a list of records in {name} but found {found}"
            + ("" if where else "; name the list with `records:`"),
        )  # fmt: skip
        return None
    prefix = mapping.records or ""

    def rows() -> Iterator[SourceRow]:
        for index, record in enumerate(records):
            if isinstance(record, dict):
                yield SourceRow(None, index, record)
            else:
                report.error(
                    name, None, f"{prefix}[{index}]", "invalid_json",
                    f"record {index} is a {type(record).__name__}, not an object",
                )  # fmt: skip

    sample = [r for r in records[:SAMPLE] if isinstance(r, dict)]
    return Source(rows(), sample=sample, records_path=prefix)
