"""HSDS rows as every input shape yields them: a table name, where the row was read, values.

CSV tables, a datapackage and nested JSON are all turned into these rows first, so one
assembler (``assemble.py``) checks links and builds records the same way for each.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..records import Origin


@dataclass(frozen=True)
class Row:
    """One row of one HSDS table, its values keyed by HSDS 3 column names.

    ``columns`` maps an HSDS 3 name back to the file's own column (``url`` for an HSDS 1.x
    organization's ``website``) so messages name what the user sees; ``variant`` tells
    apart tables that HSDS 1.x split (``physical``/``postal`` addresses, ``regular``/
    ``holiday`` schedules).
    """

    table: str
    file: str
    line: int | None
    values: Mapping[str, str]
    columns: Mapping[str, str] = field(default_factory=dict)
    variant: str | None = None

    @property
    def origin(self) -> Origin:
        return Origin(self.file, self.line)

    @property
    def id(self) -> str:
        return self.get("id")

    def get(self, *names: str) -> str:
        """The first non-empty value among ``names`` ("" when none)."""
        for name in names:
            value = self.values.get(name)
            if value:
                return value
        return ""

    def column(self, name: str) -> str:
        return self.columns.get(name, name)

    def label(self) -> str:
        """How messages name this row: its id, or its line when it has none."""
        if self.id:
            return f"{self.table} {self.id!r}"
        return f"the {self.table} row" + (f" on line {self.line}" if self.line else "")


@dataclass
class Tables:
    """Every row read, by HSDS 3 table name, in file order."""

    rows: dict[str, list[Row]] = field(default_factory=lambda: defaultdict(list))

    def add(self, row: Row) -> None:
        self.rows[row.table].append(row)

    def __getitem__(self, table: str) -> list[Row]:
        return self.rows.get(table, [])

    def __contains__(self, table: str) -> bool:
        return table in self.rows
