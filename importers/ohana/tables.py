"""Reading the CSV files of an Ohana folder into checked rows, each with its first line.

Every file is read whole (the tables refer to each other, so they are joined after
reading); rows with a missing required value, a duplicate id or too many values are
reported and left out, so later steps only see rows they can use.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..files import csv_header, csv_reader, csv_rows, detect_encoding, inside, open_text
from ..records import ImportReport, Origin


@dataclass(frozen=True)
class FileSpec:
    """What one Ohana CSV file must and may hold."""

    name: str
    #: Columns the header must have and every row must fill.
    required: tuple[str, ...]
    #: Columns the header must have but a row may leave empty.
    needed: tuple[str, ...] = ()
    #: Other columns of the Ohana layout (read or knowingly ignored); None: any column.
    known: tuple[str, ...] | None = ()
    #: Columns whose values must not repeat within the file.
    unique: tuple[str, ...] = ("id",)
    #: Whether the folder must have this file.
    mandatory: bool = False


_LINKS = ("location_id", "organization_id", "service_id")
_ADDRESS = ("id", "address_1", "address_2", "city", "state_province", "postal_code", "country")

SPECS: dict[str, FileSpec] = {
    spec.name: spec
    for spec in (
        FileSpec(
            "organizations.csv", ("id", "name"), (),
            ("accreditations", "alternate_name", "date_incorporated", "description", "email",
             "funding_sources", "legal_status", "licenses", "tax_id", "tax_status", "website"),
            mandatory=True,
        ),
        FileSpec(
            "locations.csv", ("id", "organization_id"), (),
            ("accessibility", "admin_emails", "alternate_name", "description", "email",
             "languages", "latitude", "longitude", "name", "short_desc", "transportation",
             "virtual", "website"),
            mandatory=True,
        ),
        FileSpec(
            "services.csv", ("id", "name"), ("location_id",),
            ("program_id", "accepted_payments", "alternate_name", "application_process",
             "audience", "description", "eligibility", "email", "fees", "funding_sources",
             "interpretation_services", "keywords", "languages", "required_documents",
             "service_areas", "status", "taxonomy_ids", "wait_time", "website"),
            mandatory=True,
        ),
        FileSpec("addresses.csv", ("location_id",), (), _ADDRESS, ("id", "location_id")),
        FileSpec("mail_addresses.csv", ("location_id",), (), (*_ADDRESS, "attention")),
        FileSpec(
            "phones.csv", ("number",), (),
            ("id", "contact_id", *_LINKS, "country_prefix", "department", "extension",
             "number_type", "vanity_number"),
        ),
        FileSpec("programs.csv", ("id", "organization_id", "name"), (), ("alternate_name",)),
        FileSpec(
            "regular_schedules.csv", ("weekday", "opens_at", "closes_at"), (),
            ("id", "location_id", "service_id"),
        ),
        FileSpec(
            "holiday_schedules.csv", ("start_date", "end_date"), (),
            ("id", "location_id", "service_id", "closed", "opens_at", "closes_at"),
        ),
        # Folders add their own facet columns to the category tree; none of them is an error.
        FileSpec("taxonomy.csv", ("taxonomy_id", "name"), (), None, ("id", "taxonomy_id")),
    )
}  # fmt: skip


@dataclass(frozen=True)
class Row:
    file: str
    line: int  # the row's first physical line (quoted fields may span several)
    values: dict[str, str]

    def get(self, column: str) -> str:
        return self.values.get(column, "")

    @property
    def origin(self) -> Origin:
        return Origin(self.file, self.line)


@dataclass
class Table:
    spec: FileSpec
    columns: list[str]
    rows: list[Row] = field(default_factory=list)
    #: Every id the file states, also on rows left out for their errors: a reference to one
    #: of those is not reported again (its row's own error is the cause).
    seen: set[str] = field(default_factory=set)


def column_name(header: str) -> str:
    return header.strip().strip("\ufeff").lower().replace(" ", "_").replace("-", "_")


def read_table(folder: Path, spec: FileSpec, report: ImportReport) -> Table | None:
    """The file's usable rows, or None when it is absent or its header is unusable."""
    name = spec.name
    path = folder / name
    if path.exists() and not inside(folder, path):
        report.error(
            name, None, None, "unsafe_path",
            f"{name} is not a regular file inside the folder (a link out of it, a pipe…); "
            "not read",
        )  # fmt: skip
        return None
    if not path.is_file():
        if spec.mandatory:
            report.error(name, None, None, "missing_required", f"the folder has no {name}")
        return None
    encoding, problem = detect_encoding(path)
    if problem:
        report.warn(name, None, None, "bad_encoding", problem)
    with open_text(path, encoding) as handle:
        reader = csv_reader(handle)
        try:
            columns = [column_name(h) for h in csv_header(reader, name, report)]
            if not _check_header(spec, columns, report):
                return None
            table = Table(spec, columns)
            _read_rows(table, reader, report)
        except UnicodeDecodeError as exc:  # only the few bytes Windows-1252 leaves undefined
            report.error(name, None, None, "bad_encoding", f"cannot be decoded: {exc}")
            return None
    return table


def _check_header(spec: FileSpec, columns: list[str], report: ImportReport) -> bool:
    name = spec.name
    if not any(columns):
        report.error(name, 1, None, "empty_file", "the file has no header row")
        return False
    ok = True
    for column in (*spec.required, *spec.needed):
        if column not in columns:
            report.error(
                name, 1, column, "missing_column", f"required column {column!r} is missing"
            )
            ok = False
    seen: set[str] = set()
    allowed = {*spec.required, *spec.needed, *(spec.known or ())}
    for column in columns:
        if column in seen:
            report.error(name, 1, column, "duplicate_column", f"column {column!r} appears twice")
            ok = False
        seen.add(column)
        if column and spec.known is not None and column not in allowed:
            report.warn(
                name, 1, column, "unknown_column",
                f"column {column!r} is not part of the Ohana {name} layout and is ignored",
            )  # fmt: skip
    return ok


def _read_rows(table: Table, reader, report: ImportReport) -> None:
    spec, columns = table.spec, table.columns
    first_line: dict[tuple[str, str], int] = {}
    for row_line, values in csv_rows(reader, len(columns), spec.name, report):
        row = {c: (values[i].strip() if i < len(values) else "") for i, c in enumerate(columns)}
        if row.get("id"):
            table.seen.add(row["id"])
        missing = [c for c in spec.required if not row[c]]
        for column in missing:
            report.error(spec.name, row_line, column, "missing_required", f"{column} is required")
        if missing or not _unique(spec, row, row_line, first_line, report):
            continue
        table.rows.append(Row(spec.name, row_line, row))


def _unique(spec, row, line, first_line, report: ImportReport) -> bool:
    keys = [(column, row[column]) for column in spec.unique if row.get(column)]
    for column, value in keys:
        if (column, value) in first_line:
            report.error(
                spec.name, line, column, "duplicate_id",
                f"{column} {value!r} is already used on line {first_line[(column, value)]}",
            )  # fmt: skip
            return False
    first_line.update(dict.fromkeys(keys, line))
    return True
