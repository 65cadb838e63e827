"""Importers: agency files → typed records + a report of row errors.

Each format's reader module exposes ``FORMAT``, ``sniff(path) -> bool`` and
``read(path, mapping=None) -> ParsedFile``. After reading, references between records are
checked and hours prose is structured, the same way for every format. Importers never talk
HTTP and never write to the database; the logic layer's ``import_listings`` does that, in
the caller's transaction.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from resource_directory.errors import UnsupportedFormat

from .integrity import check_references
from .limits import drop_unstorable
from .prose import structure_hours
from .records import ImportReport, ParsedFile, RecordSet, RowError

#: Reader modules in detection order (the most specific first).
READER_MODULES = ("hsds", "ohana", "flat", "tabular")
FORMATS = ("auto", *READER_MODULES)


def _reader(name: str):
    return importlib.import_module(f"{__name__}.{name}")


def available_formats() -> list[str]:
    """Formats whose reader module is installed."""
    found = []
    for name in READER_MODULES:
        try:
            _reader(name)
        except ModuleNotFoundError:
            continue
        found.append(name)
    return found


def detect_format(path: Path, mapping: Path | None = None) -> str:
    """Guess a file's or folder's format from its name and contents."""
    if mapping is not None and "tabular" in available_formats():
        return "tabular"
    for name in available_formats():
        if name != "tabular" and _reader(name).sniff(path):
            return name
    raise UnsupportedFormat(
        f"cannot tell the format of {path.name}: expected a flat CSV (listing_id, service_id, "
        "location_id …), an Ohana CSV folder, an HSDS datapackage or JSON file, or a "
        "spreadsheet with --mapping"
    )


def read_file(
    path: Path, format: str = "auto", *, mapping: Path | None = None, skip_invalid: bool = False
) -> ParsedFile:
    """Read any supported file or folder into checked records and a report."""
    if not path.exists():
        raise UnsupportedFormat(f"{path} does not exist")
    chosen = detect_format(path, mapping) if format == "auto" else format
    if chosen not in available_formats():
        raise UnsupportedFormat(f"unknown format {format!r}; choose from {', '.join(FORMATS)}")
    parsed = _reader(chosen).read(path, mapping=mapping)
    drop_unstorable(parsed.records, parsed.report)  # before references: it leaves records out
    check_references(parsed.records, parsed.report, skip_invalid=skip_invalid)
    structure_hours(parsed.records, parsed.report)
    return parsed


@dataclass
class ChunkedFile:
    """A file read in chunks of records (a large flat file is never held whole in memory).

    ``report`` fills up as ``chunks`` is consumed: read it after the last chunk.
    """

    path: str
    format: str
    file_hash: str
    report: ImportReport
    default_source: str | None
    chunks: Iterator[RecordSet]


def read_file_chunks(
    path: Path, format: str = "auto", *, mapping: Path | None = None, skip_invalid: bool = False
) -> ChunkedFile:
    """Like :func:`read_file`, but in chunks where the format's reader can stream.

    Streaming readers build every row's records from that row alone (one row per listing),
    so their references are complete by construction; the others are read whole, checked,
    and handed over as one chunk.
    """
    if not path.exists():
        raise UnsupportedFormat(f"{path} does not exist")
    chosen = detect_format(path, mapping) if format == "auto" else format
    if chosen not in available_formats():
        raise UnsupportedFormat(f"unknown format {format!r}; choose from {', '.join(FORMATS)}")
    reader = _reader(chosen)
    if not hasattr(reader, "read_chunks"):
        parsed = read_file(path, chosen, mapping=mapping, skip_invalid=skip_invalid)
        return ChunkedFile(
            parsed.path, parsed.format, parsed.file_hash, parsed.report,
            parsed.default_source, iter([parsed.records]),
        )  # fmt: skip
    chunked = reader.read_chunks(path, mapping=mapping)
    chunked.chunks = _with_hours(chunked.chunks, chunked.report)
    return chunked


def _with_hours(chunks: Iterator[RecordSet], report: ImportReport) -> Iterator[RecordSet]:
    for records in chunks:
        structure_hours(records, report)
        yield records


__all__ = [
    "ChunkedFile",
    "FORMATS",
    "ImportReport",
    "ParsedFile",
    "RecordSet",
    "RowError",
    "UnsupportedFormat",
    "available_formats",
    "detect_format",
    "read_file",
    "read_file_chunks",
]
