"""Importer robustness: damaged, hostile and strange files, generated from good ones.

Every case goes through ``resource-directory import PATH --json`` as an administrator
would run it, on every test database, and must:

- exit 0, 1 or 2 with one JSON object on standard output, never a traceback;
- on a rejection (exit 1) leave every content table exactly as it was (row counts and a
  checksum of the rows), record the rejected run, and name each error's file, line,
  column and code;
- on exit 2 (a file that cannot be read at all) write nothing and say why as JSON.

The cases are built from the good fixtures by a seeded generator (byte flips, truncation
mid-row and mid-character, NUL bytes, oversized values and numbers, other delimiters and
encodings) and by hand for the hostile ones (deep nesting, entity and alias bombs,
resource paths out of the package, pipes).
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from resource_directory.cli import cli
from resource_directory.models import Base, ImportRun

from .conftest import FIXTURES

FLAT = FIXTURES / "flat_small.csv"
OHANA = FIXTURES / "ohana" / "good"
HSDS_CSV = FIXTURES / "hsds" / "hsds3_csv"
HSDS_JSON = FIXTURES / "hsds" / "hsds3_organizations.json"
SITES = FIXTURES / "tabular" / "sites.csv"
SITES_MAPPING = FIXTURES / "tabular" / "sites.yaml"
FEED = FIXTURES / "tabular" / "feed.json"
FEED_MAPPING = FIXTURES / "tabular" / "feed.yaml"
#: Tables an import may write to whatever happens (the record of its run).
RUN_TABLES = {"import_run", "import_error"}
SEED = 20261204
#: Generated variants of each kind per good file.
PER_KIND = 4


@dataclass(frozen=True)
class Case:
    """A file (or folder) to import and the options to import it with."""

    id: str
    build: Callable[[Path], Path]
    options: tuple[str, ...] = ()

    def __repr__(self) -> str:
        return self.id


# -- the generator ----------------------------------------------------------------------------


def _write(tmp: Path, name: str, data: bytes) -> Path:
    path = tmp / name
    path.write_bytes(data)
    return path


def _flipped(data: bytes, rng: random.Random, flips: int) -> bytes:
    out = bytearray(data)
    for _ in range(flips):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def _mutations(name: str, data: bytes) -> Iterator[tuple[str, bytes]]:
    """Damaged copies of one good CSV file, each named for what was done to it."""
    rng = random.Random(f"{SEED}-{name}")
    lines = data.split(b"\n")
    for i in range(PER_KIND):
        yield f"flip{i}", _flipped(data, rng, rng.randint(1, 12))
    for i in range(PER_KIND):
        yield f"cut{i}", data[: rng.randrange(len(lines[0]) + 1, len(data))]
    # Just after the first comma of the first row: inside its second value.
    value = data.index(b",", len(lines[0]) + 1) + 1
    inserted = lambda text: data[:value] + text + data[value:]  # noqa: E731
    yield "cut_mid_character", inserted("é".encode())[: value + 1]
    for i in range(PER_KIND):
        at = rng.randrange(len(lines[0]) + 1, len(data))
        yield f"nul{i}", data[:at] + b"\x00" + data[at:]
    yield "huge_value", inserted(b"g" * 200_000)
    yield "long_value", inserted(b"g" * 5_000)
    yield "huge_number", inserted(b"9" * 5_000)
    yield "semicolons", data.replace(b",", b";")
    yield "tabs", data.replace(b",", b"\t")
    yield "utf16", data.decode("utf-8").encode("utf-16")
    yield "utf32", data.decode("utf-8").encode("utf-32")
    yield "cp1252", data.decode("utf-8").encode("cp1252", errors="replace")
    yield "bom_crlf", b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n")
    yield "lone_cr", data.replace(b"\n", b"\r")
    yield "unclosed_quote", inserted(b'"')
    yield "header_only", lines[0] + b"\n"
    yield "empty", b""
    yield "long_header", data.replace(b"listing_id,", b"listing_id," + b"h" * 300 + b",", 1)
    yield "surrogate_escapes", inserted(b"\xed\xa0\x80")


def _flat_cases() -> Iterator[Case]:
    data = FLAT.read_bytes()
    for label, damaged in _mutations("flat", data):
        yield Case(f"flat-{label}", lambda tmp, d=damaged: _write(tmp, "listings.csv", d))


def _folder_copy(source: Path, tmp: Path, name: str) -> Path:
    folder = tmp / name
    shutil.copytree(source, folder)
    return folder


def _folder_cases(kind: str, source: Path, table: str) -> Iterator[Case]:
    """One table of a folder format damaged, the rest of the folder intact."""
    data = (source / table).read_bytes()
    for label, damaged in _mutations(f"{kind}-{table}", data):

        def build(tmp: Path, damaged: bytes = damaged) -> Path:
            folder = _folder_copy(source, tmp, kind)
            (folder / table).write_bytes(damaged)
            return folder

        options = ("--format", "ohana") if kind == "ohana" else ()
        yield Case(f"{kind}-{table}-{label}", build, options)


def _tabular_cases() -> Iterator[Case]:
    data = SITES.read_bytes()
    for label, damaged in _mutations("sites", data):
        yield Case(
            f"tabular-{label}",
            lambda tmp, d=damaged: _write(tmp, "sites.csv", d),
            ("--mapping", str(SITES_MAPPING)),
        )


def _json_cases() -> Iterator[Case]:
    hsds = HSDS_JSON.read_bytes()
    feed = FEED.read_bytes()
    rng = random.Random(f"{SEED}-json")
    for i in range(PER_KIND):
        cut = hsds[: rng.randrange(1, len(hsds))]
        yield Case(f"hsds-json-cut{i}", lambda tmp, d=cut: _write(tmp, "hsds.json", d))
    for i in range(PER_KIND):
        flipped = _flipped(hsds, rng, rng.randint(1, 6))
        yield Case(f"hsds-json-flip{i}", lambda tmp, d=flipped: _write(tmp, "hsds.json", d))
    text = hsds.decode()
    first_name = text.index('"name"')
    surrogate = (text[:first_name] + '"alternate_name": "\\ud800", ' + text[first_name:]).encode()
    yield Case("hsds-json-lone-surrogate", lambda tmp: _write(tmp, "hsds.json", surrogate))
    deep = ("[" * 5_000 + "]" * 5_000).encode()
    yield Case("hsds-json-deep", lambda tmp: _write(tmp, "hsds.json", deep))
    nested = text.replace('"name"', '"extra": ' + "[" * 3_000 + "]" * 3_000 + ', "name"', 1)
    yield Case("hsds-json-deep-inside", lambda tmp: _write(tmp, "hsds.json", nested.encode()))
    digits = feed.decode()
    huge = digits.replace(":", ": " + "9" * 10_000 + ', "x":', 1).encode()
    mapping = ("--mapping", str(FEED_MAPPING))
    yield Case("feed-huge-int", lambda tmp: _write(tmp, "feed.json", huge), mapping)
    for i in range(PER_KIND):
        cut = feed[: rng.randrange(1, len(feed))]
        yield Case(f"feed-cut{i}", lambda tmp, d=cut: _write(tmp, "feed.json", d), mapping)
    deep_feed = ("[" * 5_000 + "]" * 5_000).encode()
    yield Case("feed-deep", lambda tmp: _write(tmp, "feed.json", deep_feed), mapping)


def _mapping_bomb(tmp: Path) -> Path:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for before, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{', '.join([f'*{before}'] * 9)}]")
    (tmp / "bomb.yaml").write_text("\n".join(lines) + "\n")
    return shutil.copy(SITES, tmp / "sites.csv")


def _xlsx(tmp: Path, sheet_xml: str) -> Path:
    """A workbook whose one sheet is ``sheet_xml`` (written by hand: no library writes
    entities)."""
    path = tmp / "sheet.xlsx"
    with zipfile.ZipFile(path, "w") as book:
        book.writestr("[Content_Types].xml", (
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxml'
            'formats-package.relationships+xml"/><Default Extension="xml" ContentType='
            '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override '
            'PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.worksheet+xml"/></Types>'
        ))  # fmt: skip
        book.writestr("_rels/.rels", (
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"><Relationship Id="r1" Type="http://schemas.openxml'
            'formats.org/officeDocument/2006/relationships/officeDocument" Target='
            '"xl/workbook.xml"/></Relationships>'
        ))  # fmt: skip
        book.writestr("xl/workbook.xml", (
            '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/'
            'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships"><sheets><sheet name="Sites" sheetId="1" r:id="rId1"/></sheets>'
            "</workbook>"
        ))  # fmt: skip
        book.writestr("xl/_rels/workbook.xml.rels", (
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxml'
            'formats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/'
            'sheet1.xml"/></Relationships>'
        ))  # fmt: skip
        book.writestr("xl/worksheets/sheet1.xml", sheet_xml)
    return path


_LAUGHS = "".join(
    f'<!ENTITY l{i} "{"".join([f"&l{i - 1};"] * 10) if i else "lol"}">' for i in range(10)
)
_SHEET = (
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    '<row r="1"><c r="A1" t="inlineStr"><is><t>{value}</t></is></c></row></sheetData>'
    "</worksheet>"
)


def _hostile_cases() -> Iterator[Case]:
    yield Case("mapping-alias-bomb", _mapping_bomb, ("--mapping", "bomb.yaml"))
    yield Case(
        "xlsx-billion-laughs",
        lambda tmp: _xlsx(tmp, f'<?xml version="1.0"?><!DOCTYPE w [{_LAUGHS}]>'
                               + _SHEET.format(value="&l9;")),
        ("--mapping", str(SITES_MAPPING)),
    )  # fmt: skip
    yield Case(
        "xlsx-external-entity",
        lambda tmp: _xlsx(tmp, '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM '
                               '"file:///etc/passwd">]>' + _SHEET.format(value="&x;")),
        ("--mapping", str(SITES_MAPPING)),
    )  # fmt: skip

    def traversal(tmp: Path) -> Path:
        outside = tmp / "outside"
        outside.mkdir()
        (outside / "phones.csv").write_text("id,service_id,number\nX1,S1,410-555-0199\n")
        package = _folder_copy(HSDS_CSV, tmp, "package")
        descriptor = json.loads((package / "datapackage.json").read_text())
        descriptor["resources"].append({"name": "phone", "path": "../outside/phones.csv"})
        (package / "datapackage.json").write_text(json.dumps(descriptor))
        return package / "datapackage.json"

    yield Case("hsds-traversal", traversal)

    def fifo(tmp: Path) -> Path:
        package = _folder_copy(HSDS_CSV, tmp, "package")
        os.mkfifo(package / "more_phones.csv")
        return package

    yield Case("hsds-fifo", fifo)
    yield Case("path-is-a-fifo", lambda tmp: (os.mkfifo(tmp / "x.csv"), tmp / "x.csv")[1])


CASES = [
    *_flat_cases(),
    *_folder_cases("ohana", OHANA, "locations.csv"),
    *_folder_cases("hsds", HSDS_CSV, "services.csv"),
    *_tabular_cases(),
    *_json_cases(),
    *_hostile_cases(),
]


# -- the checks -------------------------------------------------------------------------------


def content_state(session) -> dict[str, tuple[int, str]]:
    """(row count, checksum of every row) of each table an import may change."""
    state = {}
    for table in Base.metadata.sorted_tables:
        if table.name in RUN_TABLES:
            continue
        rows = session.execute(select(table).order_by(*table.primary_key.columns)).all()
        digest = hashlib.sha256(repr([tuple(row) for row in rows]).encode()).hexdigest()
        state[table.name] = (len(rows), digest)
    return state


def rejected_runs(session) -> int:
    return len(session.scalars(select(ImportRun).where(ImportRun.status == "rejected")).all())


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_a_damaged_or_hostile_file_is_answered_never_crashed_on(app, tmp_path, case):
    from resource_directory.db import db

    work = tmp_path / "work"
    work.mkdir()
    path = case.build(work)
    options = tuple(str(work / o) if o.endswith(".yaml") and "/" not in o else o
                    for o in case.options)  # fmt: skip
    with app.app_context():
        before, runs_before = content_state(db.session), rejected_runs(db.session)
    result = CliRunner().invoke(cli, ["import", str(path), *options, "--json"], obj=app)
    assert result.exit_code in (0, 1, 2), (result.exit_code, result.output[-2000:])
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), result.exception
    body = json.loads(result.output)
    with app.app_context():
        after, runs_after = content_state(db.session), rejected_runs(db.session)
    if result.exit_code == 0:
        assert body["errors"] == [] or "--skip-invalid" in options
        return
    assert after == before, "a rejected or unreadable import changed the directory"
    assert body["errors"], "a refusal must say why"
    for problem in body["errors"]:
        assert {"file", "line", "column", "code", "message"} <= set(problem)
        assert problem["file"] and problem["code"]
    if result.exit_code == 1:
        assert runs_after == runs_before + 1, "the rejected run is recorded"
