"""Fast bulk inserts for imports: rows go to the driver as tuples, in one statement per batch.

SQLAlchemy's executemany builds and processes a parameter dict per row, which costs more
than the database's own work for the hundreds of thousands of child rows a large import
writes. Here each column's bind processor (the same conversion SQLAlchemy applies) is
looked up once, rows become tuples, and PostgreSQL receives them through COPY.
"""

from __future__ import annotations

import itertools
import os
import time
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import Table
from sqlalchemy.orm import Session

_sequence = itertools.count()


def fast_id() -> str:
    """A time-ordered (version 7) UUID as text, at a third of ``str(uuid.uuid4())``'s cost.

    Ids that grow with time are appended to the primary-key and foreign-key indexes instead
    of landing on random pages, which makes large imports markedly faster. The 12 bits after
    the millisecond timestamp count calls, so ids made in the same millisecond still sort.
    """
    millis = time.time_ns() // 1_000_000
    sequence = next(_sequence) & 0xFFF
    tail = os.urandom(8).hex()
    return (
        f"{millis >> 16:08x}-{millis & 0xFFFF:04x}-7{sequence:03x}-"
        f"{'89ab'[int(tail[0], 16) & 3]}{tail[1:4]}-{tail[4:16]}"
    )


class BulkInserter:
    """Insert dict rows into one table; missing columns take their scalar defaults or NULL."""

    def __init__(self, session: Session, table: Table):
        self.session = session
        self.table = table
        connection = session.connection()
        self.dialect = connection.dialect
        self.columns = [column.name for column in table.columns]
        self.defaults: list[Any] = []
        self.processors: list[Callable[[Any], Any] | None] = []
        for column in table.columns:
            default = column.default
            scalar = default is not None and default.is_scalar
            self.defaults.append(default.arg if scalar else None)
            self.processors.append(
                column.type.dialect_impl(self.dialect).bind_processor(self.dialect)
            )
        self.spec = list(zip(self.columns, self.defaults, self.processors, strict=True))

    def insert(self, rows: Iterable[dict[str, Any]], shared: dict[str, Any] | None = None) -> int:
        """Insert the rows; ``shared`` holds values every row has, converted only once."""
        values = self._shared_tuples(rows, shared) if shared else [self._tuple(r) for r in rows]
        if not values:
            return 0
        quote = self.dialect.identifier_preparer.quote
        names = ", ".join(quote(name) for name in self.columns)
        table = quote(self.table.name)
        if self.dialect.name == "postgresql":
            cursor = self.session.connection().connection.driver_connection.cursor()
            with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for value in values:
                    copy.write_row(value)
        else:
            marks = ", ".join("?" for _ in self.columns)
            self.session.connection().exec_driver_sql(
                f"INSERT INTO {table} ({names}) VALUES ({marks})", values
            )
        return len(values)

    def _shared_tuples(self, rows: Iterable[dict[str, Any]], shared: dict[str, Any]) -> list:
        template = list(self._tuple(shared))
        varying = [
            (i, name, default, process)
            for i, (name, default, process) in enumerate(self.spec)
            if name not in shared
        ]
        values = []
        for row in rows:
            get, slots = row.get, template.copy()
            for i, name, default, process in varying:
                value = get(name, default)
                slots[i] = process(value) if process is not None and value is not None else value
            values.append(tuple(slots))
        return values

    def _tuple(self, row: dict[str, Any]) -> tuple[Any, ...]:
        get = row.get
        return tuple(
            [
                process(value) if process is not None and value is not None else value
                for name, default, process in self.spec
                for value in (get(name, default),)
            ]
        )
