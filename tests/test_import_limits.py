"""Values no database can store, and inputs past Python's own limits: named errors, never a
traceback, the same on SQLite and PostgreSQL (issue 17, items 5 and 6)."""

import csv
import hashlib
import json
import shutil
import zipfile

import pytest
from click.testing import CliRunner
from openpyxl import Workbook
from sqlalchemy import func, select

from importers.files import MAX_JSON_DEPTH
from resource_directory.cli import cli
from resource_directory.models import (
    Address,
    ImportRun,
    Location,
    Organization,
    Phone,
    Service,
    ServiceAtLocation,
    Source,
)
from resource_directory.models.limits import Limit, limit_of, problem

from .conftest import FIXTURES

CONTENT = (Source, Organization, Location, Address, Service, ServiceAtLocation, Phone)


def _state(app):
    """Row counts and a checksum of the content tables, and the runs by status."""
    from resource_directory.db import db

    with app.app_context():
        digest = hashlib.sha256()
        counts = {}
        for model in CONTENT:
            table = model.__table__
            skip = {"created_at", "updated_at"}
            columns = [c for c in table.c if c.name not in skip]
            rows = db.session.execute(select(*columns).order_by(table.c.id)).all()
            counts[table.name] = len(rows)
            digest.update(repr(rows).encode())
        runs = db.session.execute(
            select(ImportRun.status, func.count()).group_by(ImportRun.status)
        ).all()
        return counts, digest.hexdigest(), dict(runs)


def _import(app, *args):
    result = CliRunner().invoke(cli, ["import", *map(str, args), "--json"], obj=app)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


@pytest.fixture
def loaded(app):
    """A directory with the small flat file in it, and its state."""
    assert _import(app, FIXTURES / "flat_small.csv", "--source", "base").exit_code == 0
    return _state(app)


def _rejected(app, loaded, *args):
    """Import under the existing source; expect a rejection that changed nothing but the
    record of the run."""
    before = _state(app)
    result = _import(app, *args, "--source", "base")
    assert result.exit_code == 1, result.output
    counts, digest, runs = _state(app)
    assert (counts, digest) == before[:2] == loaded[:2]
    assert runs.get("rejected", 0) == before[2].get("rejected", 0) + 1
    return json.loads(result.output)["errors"]


def _flat(path, **changes):
    """The small flat file with columns changed on every row (``listing_id`` on the first)."""
    with (FIXTURES / "flat_small.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for name, value in changes.items():
        for row in rows[:1] if name == "listing_id" else rows:
            row[name] = value
    header = list(rows[0])
    with path.open("w", newline="", encoding="utf-8", errors="surrogatepass") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.mark.parametrize(
    ("column", "value", "code"),
    [
        ("capacity", str(2**63), "number_out_of_range"),
        ("capacity", str(2**31), "number_out_of_range"),
        ("capacity", "9" * 5000, "number_out_of_range"),
        ("organization", "Harbor\x00Pantry", "invalid_text"),
        ("description", "Groceries\x00", "invalid_text"),
        ("service", "n" * 501, "value_too_long"),
        ("email", "a" * 320 + "@x.org", "value_too_long"),
        ("website", "https://x.org/" + "a" * 1000, "value_too_long"),
        ("listing_id", "L" * 256, "value_too_long"),
        ("city", "c" * 201, "value_too_long"),
        ("state", "s" * 101, "value_too_long"),
        ("phone", "4" * 51, "value_too_long"),
    ],
)
def test_a_value_no_column_holds_is_a_named_error(app, loaded, tmp_path, column, value, code):
    errors = _rejected(app, loaded, _flat(tmp_path / "bad.csv", **{column: value}))
    assert {(e["file"], e["column"], e["code"]) for e in errors} == {("bad.csv", column, code)}
    assert errors[0]["line"] == 2
    assert column in errors[0]["message"]


def test_the_limits_are_the_columns(app):
    assert limit_of(Service.__table__.c.name) == Limit(length=500)
    assert limit_of(Service.__table__.c.capacity_available) == Limit(low=-(2**31), high=2**31 - 1)
    assert problem("x" * 500, limit_of(Service.__table__.c.name)) is None
    assert problem(2**31 - 1, limit_of(Service.__table__.c.capacity_available)) is None


def test_skip_invalid_leaves_out_only_the_row_that_cannot_be_stored(app, tmp_path):
    with (FIXTURES / "flat_small.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    last = rows[-1]
    last["service"] = "n" * 600
    bad = tmp_path / "bad.csv"
    with bad.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    result = _import(app, bad, "--skip-invalid")
    assert result.exit_code == 0, result.output
    body = json.loads(result.output)
    assert [e["code"] for e in body["errors"]] == ["value_too_long"]
    assert body["services"] == len({r["service_id"] for r in rows}) - 1


def _hsds_json(tmp_path, old, new):
    text = (FIXTURES / "hsds" / "hsds3_organizations.json").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "services.json"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_a_lone_surrogate_in_hsds_json_is_invalid_text(app, loaded, tmp_path):
    path = _hsds_json(tmp_path, '"Harbor Food Bank"', '"Harbor \\ud800 Bank"')
    errors = _rejected(app, loaded, path)
    assert [(e["column"], e["code"]) for e in errors] == [("name", "invalid_text")]
    assert "U+D800" in errors[0]["message"]


def test_a_long_phone_extension_in_hsds_is_value_too_long(app, loaded, tmp_path):
    path = _hsds_json(
        tmp_path, '"type": "voice"', '"type": "voice", "extension": "' + "9" * 21 + '"'
    )
    errors = _rejected(app, loaded, path)
    assert [(e["column"], e["code"]) for e in errors] == [("phones.extension", "value_too_long")]


def _feed(tmp_path, text):
    shutil.copy(FIXTURES / "tabular" / "feed.yaml", tmp_path / "feed.yaml")
    (tmp_path / "feed.json").write_text(text, encoding="utf-8")
    return tmp_path / "feed.json", "--mapping", tmp_path / "feed.yaml"


def test_a_ten_thousand_digit_number_in_a_feed_is_out_of_range(app, loaded, tmp_path):
    text = (FIXTURES / "tabular" / "feed.json").read_text(encoding="utf-8")
    errors = _rejected(
        app, loaded, *_feed(tmp_path, text.replace('"id": 101', '"id": ' + "9" * 10_000))
    )
    assert [(e["line"], e["code"]) for e in errors] == [(6, "number_out_of_range")]
    assert "10,000-digit" in errors[0]["message"]


@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 5000])
def test_json_nested_too_deep_is_an_error(app, loaded, tmp_path, depth):
    nested = "[" * depth + "]" * depth
    feed = _rejected(app, loaded, *_feed(tmp_path, '{"data": {"locations": ' + nested + "}}"))
    assert [e["code"] for e in feed] == ["invalid_json"]
    (tmp_path / "deep.json").write_text(nested)
    hsds = _rejected(app, loaded, tmp_path / "deep.json", "--format", "hsds")
    assert [e["code"] for e in hsds] == ["invalid_json"]
    assert f"nested over {MAX_JSON_DEPTH} levels" in hsds[0]["message"]
    # Not recognised as any format: a usage error, not a traceback.
    assert _import(app, tmp_path / "deep.json").exit_code == 2


def _workbook_with(tmp_path, name, doctype, value):
    """A one-row workbook whose sheet XML declares ``doctype`` and holds ``value`` raw."""
    book = Workbook()
    book.active.append(["id", "name", "zip"])
    book.active.append(["1", "Kitchen", "21218"])
    plain = tmp_path / "plain.xlsx"
    book.save(plain)
    path = tmp_path / name
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = (doctype + data.decode().replace("Kitchen", value)).encode()
            dst.writestr(item, data)
    (tmp_path / "map.yaml").write_text(
        "format: xlsx\nfields:\n  listing_id: id\n  organization: name\n"
        "  service: {value: Meals}\n  zip: zip\n"
    )
    return path, "--mapping", tmp_path / "map.yaml"


LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol0 "lol">'
    + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    + "]>"
)


@pytest.mark.parametrize(
    ("doctype", "value"),
    [
        (LAUGHS, "&lol9;"),
        ('<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', "&xxe;"),
    ],
    ids=["billion-laughs", "xxe"],
)
def test_entities_in_a_workbook_are_refused(app, loaded, tmp_path, doctype, value):
    errors = _rejected(app, loaded, *_workbook_with(tmp_path, "sites.xlsx", doctype, value))
    assert [(e["file"], e["code"]) for e in errors] == [("sites.xlsx", "malformed_xlsx")]
    assert "root:" not in json.dumps(errors)


def test_a_source_name_too_long_is_a_usage_error(app, loaded):
    result = _import(app, FIXTURES / "flat_small.csv", "--source", "s" * 201)
    assert result.exit_code == 2
    assert "at most 200" in result.output
    assert _state(app) == loaded


def test_a_long_unknown_header_is_a_warning_the_run_can_record(app, tmp_path):
    path = _flat(tmp_path / "extra.csv", **{"h" * 300 + "\x00": "x"})
    result = _import(app, path)
    assert result.exit_code == 0, result.output
    (warning,) = [w for w in json.loads(result.output)["warnings"] if w["code"] == "unknown_column"]
    assert len(warning["column"]) == 301
    from resource_directory.db import db

    with app.app_context():
        run = db.session.scalars(select(ImportRun)).one()
        (stored,) = [e for e in run.errors if e.code == "unknown_column"]
        assert len(stored.column) == 200 and stored.column.endswith("…")
        assert "\\x00" in stored.message
