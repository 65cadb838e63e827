"""Importers: agency files → typed records + a report of row errors.

Importers never talk HTTP and never write to the database; the logic layer's
``import_listings`` does that, in the caller's transaction.
"""

from __future__ import annotations

import csv
from pathlib import Path

from .files import detect_encoding, open_text
from .flat import looks_like_flat, read_flat
from .records import ImportReport, ParsedFile, RecordSet, RowError

FORMATS = ("auto", "flat")
READERS = {"flat": read_flat}


class UnsupportedFormat(ValueError):
    """The file's format could not be detected, or is not one we read."""


def detect_format(path: Path) -> str:
    """Guess a file's format from its name and first line."""
    if path.is_file() and path.suffix.lower() in {".csv", ".tsv", ".txt"}:
        encoding, _ = detect_encoding(path)
        with open_text(path, encoding) as handle:
            header = next(csv.reader(handle), [])
        if looks_like_flat(header):
            return "flat"
    raise UnsupportedFormat(
        f"cannot tell the format of {path.name}; supported: flat CSV "
        "(columns listing_id, service_id, location_id …)"
    )


def read_file(path: Path, format: str = "auto") -> ParsedFile:
    """Read any supported file into records and a report."""
    if not path.exists():
        raise UnsupportedFormat(f"{path} does not exist")
    chosen = detect_format(path) if format == "auto" else format
    if chosen not in READERS:
        raise UnsupportedFormat(f"unknown format {format!r}; choose from {', '.join(FORMATS)}")
    return READERS[chosen](path)


__all__ = [
    "FORMATS",
    "ImportReport",
    "ParsedFile",
    "RecordSet",
    "RowError",
    "UnsupportedFormat",
    "detect_format",
    "read_file",
]
