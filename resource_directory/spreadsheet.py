"""CSV for people to open in a spreadsheet (reports, not data exchange).

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, in some, a tab
or carriage return) as a formula, so text an agency or a client typed — a listing's name,
an error quoting a row — could compute, or fetch a URL, on the reader's machine. Every
report meant for a spreadsheet is written through :func:`write_spreadsheet_csv`, which
prefixes such a cell with a single quote. Exports meant for other programs (the HSDS
export) keep values exact and do not use this.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value: Any) -> Any:
    """``value`` as a spreadsheet shows it without running it: text that would start a
    formula gets a leading single quote; everything else is unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_spreadsheet_csv(
    handle: TextIO, header: Sequence[str], rows: Iterable[Sequence[Any]]
) -> None:
    """Write a header and rows as CSV, every cell made safe to open in a spreadsheet."""
    writer = csv.writer(handle)
    writer.writerow([spreadsheet_cell(name) for name in header])
    for row in rows:
        writer.writerow([spreadsheet_cell(value) for value in row])
