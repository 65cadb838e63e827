"""Checking the links between HSDS tables, and sorting each child row to its record.

Core rows (organization, service, location, service_at_location) are indexed by id; a
row missing a required value or repeating an id is an error and builds nothing. Every
other row names the record(s) it belongs to: each id it names must be in the package
(``unknown_reference``, an error: the row is not imported), and it is attached to the most
specific record it names that a record can hold — a service_at_location (named, or found
from its service_id + location_id), else the service, else the location, else the
organization. A row that names none is ignored with a warning.

One link is optional and only warned about: a location's ``organization_id`` (a location
stands on its own in HSDS 3 and its services carry their organization); it is dropped.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from typing import Any

from ..records import ImportReport
from .rows import Row, Tables
from .terms import TermIndex

CORE_REQUIRED: dict[str, tuple[str, ...]] = {
    "organization": ("id", "name"),
    "service": ("id", "name", "organization_id"),
    "location": ("id",),
    "service_at_location": ("service_id", "location_id"),
}


class Links:
    """The package's core rows by id and every child row's parts by owning record."""

    def __init__(self, tables: Tables, report: ImportReport) -> None:
        self.tables = tables
        self.report = report
        self.rows: dict[str, dict[str, Row]] = {t: {} for t in CORE_REQUIRED}
        self.known: dict[str, set[str]] = {t: set() for t in CORE_REQUIRED}
        self.pairs: dict[tuple[str, str], str] = {}
        self.parts: defaultdict[tuple[str, str, str], list[Any]] = defaultdict(list)
        self.terms = TermIndex(tables)
        for table in CORE_REQUIRED:
            self._index(table)
        self._check_location_organizations()

    def part(self, table: str, ident: str, name: str) -> list[Any]:
        return self.parts.get((table, ident, name), [])

    def add(self, owner: tuple[str, str], name: str, value: Any) -> None:
        self.parts[(owner[0], owner[1], name)].append(value)

    # -- core rows -----------------------------------------------------------------------

    def _index(self, table: str) -> None:
        unnamed: list[Row] = []
        for row in self.tables[table]:
            if table == "service_at_location" and not row.id:
                row = _named_listing(row)
                unnamed.append(row)
            missing = [c for c in CORE_REQUIRED[table] if not row.get(c)]
            for column in missing:
                self.error(row, column, "missing_required", f"{column} is required")
            if row.id:
                self.known[table].add(row.id)
            if missing:
                continue
            first = self.rows[table].get(row.id)
            if first is not None:
                where = f"line {first.line}" if first.line else "an earlier row"
                self.error(
                    row, "id", "duplicate_id", f"{table} id {row.id!r} is already used on {where}"
                )
                continue
            self.rows[table][row.id] = row
            if table == "service_at_location":
                self.pairs.setdefault((row.get("service_id"), row.get("location_id")), row.id)
        if unnamed:
            self.report.warn(
                unnamed[0].file, unnamed[0].line, "id", "missing_required",
                f"{len(unnamed)} service_at_location rows have no id; each is identified by "
                "its service_id and location_id instead",
            )  # fmt: skip

    def _check_location_organizations(self) -> None:
        for row in self.rows["location"].values():
            organization = row.get("organization_id")
            if organization and organization not in self.known["organization"]:
                self.report.warn(
                    row.file, row.line, row.column("organization_id"), "unknown_reference",
                    f"{row.label()} refers to organization {organization!r}, which is not in "
                    "the file; the location is kept without an organization",
                )  # fmt: skip

    def organization_of(self, location: Row) -> str | None:
        organization = location.get("organization_id")
        return organization if organization in self.known["organization"] else None

    # -- child rows ----------------------------------------------------------------------

    def owner(self, row: Row, links: tuple[str, ...]) -> tuple[str, str] | None:
        """The record a child row belongs to, or None (after reporting why)."""
        broken = False
        for table in links:
            ref = row.get(f"{table}_id")
            if ref and ref not in self.known[table]:
                self.dangling(row, f"{table}_id", table, ref)
                broken = True
        if broken:
            return None
        named = [(t, row.get(f"{t}_id")) for t in links if row.get(f"{t}_id")]
        if not named:
            present = [f"{t}_id" for t in links if f"{t}_id" in row.values]
            self.report.warn(
                row.file, row.line, row.column(present[0]) if present else None, "invalid_value",
                f"{row.label()} names no {' or '.join(links)}; ignored",
            )  # fmt: skip
            return None
        if links[0] == "service_at_location" and named[0][0] != "service_at_location":
            pair = (row.get("service_id"), row.get("location_id"))
            if pair in self.pairs:
                return "service_at_location", self.pairs[pair]
        return named[0]

    def term(self, row: Row, service_id: str, column: str = "taxonomy_term_id") -> None:
        """Link a service to a taxonomy term the row names (an error when it is unknown)."""
        for term_id in (t.strip() for t in row.get(column).split(",")):
            if not term_id:
                continue
            if term_id in self.terms:
                self.add(("service", service_id), "terms", term_id)
            else:
                self.dangling(row, column, "taxonomy_term", term_id)

    def dangling(self, row: Row, column: str, table: str, ref: str) -> None:
        self.error(
            row, column, "unknown_reference",
            f"{row.label()} refers to {table} {ref!r}, which is not in the file",
        )  # fmt: skip

    def error(self, row: Row, column: str | None, code: str, message: str) -> None:
        self.report.error(row.file, row.line, row.column(column) if column else None, code, message)


def _named_listing(row: Row) -> Row:
    """A service_at_location without an id (a transformer's output) is named by its pair."""
    service, location = row.get("service_id"), row.get("location_id")
    if not (service and location):
        return row
    return dataclasses.replace(row, values={**row.values, "id": f"{service}@{location}"})
