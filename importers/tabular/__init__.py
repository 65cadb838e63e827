"""Any spreadsheet (CSV, TSV, XLSX) or JSON list of records, read through a mapping file.

The mapping (YAML or JSON; ``--mapping FILE``) says which column or JSON path feeds each
field of the flat format (README "The flat CSV format"); rows then go through the flat
reader's own row logic, so checks, warnings and records are the same as for a flat CSV.
Examples: ``importers/mappings/*.yaml``; reference: ``importers/mappings/README.md``.

Top-level keys::

    format: csv            # csv | tsv | xlsx | json (default: from the data file's extension)
    delimiter: ";"         # csv: default sniffed from the header line (, ; tab |)
    sheet: Sites           # xlsx: default the first sheet
    header_row: 1          # csv / xlsx: the row holding the column names
    records: data.items    # json: dotted path of the list of records (default: the top level)
    source: "Food Bank"    # default source name for the import
    need: [food]           # need slug(s) added to every service
    empty_values: ["-1"]   # values that mean "empty" in every column (case-insensitive)
    include: {Status: [Active]}     # keep only rows whose column has one of these values
    exclude: {Level: [Agency]}      # skip rows whose column has one of these values
    constants: {state: DC}          # a fixed value for a field
    fields:                         # flat field → column / dotted JSON path, or a spec
      listing_id: id                # required: a stable id per row

A spec is a column name (a dotted path in JSON: ``address.zip``, ``hours.0.day``), or an
object with one source:

- ``{column: NAME}``
- ``{join: [A, B], sep: ", "}``: the non-empty parts, repeats dropped (default sep " "); for
  an ``*_id`` field the parts are hashed into a 16-hex-digit id
- ``{first: [A, B]}``: the first non-empty value (when all are ``empty`` placeholders, the
  first of them, so the checks still report it)
- ``{split: NAME, sep: "|"}``: a JSON list, or text split on ``sep`` (default ","), written
  with the field's own separator (``;`` for needs and phone); ``split: [A, B]`` reads each
  column's items in turn
- ``{template: "Open {from} to {to}"}``: text with column values filled in
- ``{value: TEXT}``, or just ``{default: TEXT}``: a constant

The field ``terms`` (no flat column) reads taxonomy terms: ``{split: [TaxonomyCodes,
Categories], sep: ";", taxonomy: airs}`` takes each item as codes of the taxonomy (``airs``
or ``open-eligibility``) or as an AIRS term's well-known name; their needs join ``needs``.

and options: ``default`` (when empty), ``empty`` (values meaning empty), ``map`` (value →
value, case-insensitive, applied to each item of a split) with ``unmapped: keep | drop``,
``zfill: 5`` (left-pad digits), ``date: "%m/%d/%Y"`` (or a list; rewritten as YYYY-MM-DD).

Ids the file does not give are derived: ``organization_id`` from the organization name
(slug + hash), ``service_id`` from organization id + service name, ``location_id`` from
organization id + every location field (name, address, city, state, ZIP, coordinates,
accessibility, confidential), so rows that describe a site differently never conflict. A row that
repeats an earlier row exactly is skipped with a ``duplicate_id`` warning. A location that
cannot be placed is kept without coordinates when it has an address (warning
``missing_location``); a row with neither is skipped with that warning.

Errors in the mapping (``invalid_mapping``) and columns it names that the file lacks
(``missing_column``) name the mapping file, the key and its value, and stop the read
before any row. In JSON files rows have no line; columns in messages carry the record's
index instead (``[12].address.zip``).
"""

from __future__ import annotations

import difflib
from pathlib import Path

from ..files import file_hash
from ..flat import RowBuilder
from ..records import ImportReport, ParsedFile, RecordSet
from .build import RowMapper
from .mapping import Mapping, load_mapping
from .sources import Source, open_source

FORMAT = "tabular"


def sniff(path: Path) -> bool:
    """Never guessed: the registry routes a file given with ``--mapping`` here."""
    return False


def read(path: Path, mapping: Path | None = None) -> ParsedFile:
    """Read a spreadsheet or JSON feed through its mapping into records and a report."""
    report = ImportReport()
    records = RecordSet()
    parsed = ParsedFile(str(path), FORMAT, file_hash(path), records, report)
    if mapping is None:
        report.error(
            path.name, None, None, "invalid_mapping",
            "a spreadsheet or JSON feed needs a mapping file (--mapping); see "
            "importers/mappings/README.md",
        )  # fmt: skip
        return parsed
    loaded = load_mapping(mapping, path, report)
    if loaded is None:
        return parsed
    parsed.default_source = loaded.source
    with open_source(path, loaded, report) as source:
        if source is None or not _columns_exist(loaded, source, path.name, report):
            return parsed
        builder = RowBuilder(path.name, records, report, location_required=False)
        mapper = RowMapper(loaded, path.name, builder, report)
        try:
            for row in source.rows:
                mapper.add(row, source.records_path)
        finally:
            builder.close()
    return parsed


def _columns_exist(mapping: Mapping, source: Source, file: str, report: ImportReport) -> bool:
    ok = True
    for key, column in mapping.column_uses():
        if not source.has(column):
            close = difflib.get_close_matches(column, source.known(), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            report.error(
                mapping.path.name, mapping.lines.get(key), key, "missing_column",
                f"{key}: {column!r} is not a column of {file}{hint}",
            )  # fmt: skip
            ok = False
        elif source.header is not None and source.header.count(column) > 1:
            report.error(
                file, mapping.header_row, column, "duplicate_column",
                f"column {column!r} appears twice; the mapping cannot tell which to read",
            )  # fmt: skip
            ok = False
    return ok
