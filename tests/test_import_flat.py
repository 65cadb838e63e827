"""Flat CSV import: upsert, idempotency, dry runs, rejection with exact errors, warnings."""

import json
import shutil

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from importers import read_file
from resource_directory.cli import cli
from resource_directory.errors import ImportRejected
from resource_directory.models import (
    EligibilityRule,
    ImportRun,
    Location,
    Organization,
    Phone,
    Service,
    ServiceAtLocation,
)
from resource_directory.operations import Context, import_listings

from .conftest import ADMIN, FIXTURES

CONTRACT_KEYS = {
    "source", "dry_run", "created", "updated", "unchanged", "removed", "organizations",
    "locations", "services", "errors",
}  # fmt: skip


def counts(session):
    return {
        model.__tablename__: session.scalar(select(func.count()).select_from(model))
        for model in (Organization, Location, Service, ServiceAtLocation, Phone, EligibilityRule)
    }


def test_import_creates_records_with_children(session, small_directory):
    assert (small_directory.organizations, small_directory.locations) == (4, 4)
    assert small_directory.services == 5
    assert small_directory.created == 4 + 4 + 5 + 5
    senior = session.scalar(select(Service).where(Service.external_id == "t-S2"))
    assert senior.minimum_age == 60 and senior.maximum_age is None
    assert senior.organization.name == "Test Harbor Pantry"
    youth = session.scalar(select(Service).where(Service.external_id == "t-S3"))
    assert (youth.minimum_age, youth.maximum_age) == (14, 24)
    counselling = session.scalar(select(Service).where(Service.external_id == "t-S4"))
    assert counselling.url == "https://www.counsel.example.org"
    assert [(lang.name, lang.code) for lang in counselling.languages] == [
        ("English", "en"),
        ("Spanish", "es"),
    ]
    listing = counselling.locations[0]
    assert [(p.number, p.extension) for p in listing.phones] == [("+14105550104", "7")]
    assert listing.location.geocode_precision == "zip"  # no lat/lon in the file
    assert listing.location.physical_address.region == "Baltimore County"


def test_reimport_of_same_file_changes_nothing(session, small_directory):
    before = counts(session)
    again = import_listings(ADMIN, Context(session), FIXTURES / "flat_small.csv", source="test")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 18)
    assert counts(session) == before


def test_changed_row_is_updated_with_its_fields(session, small_directory, tmp_path):
    changed = tmp_path / "flat_small.csv"
    text = (FIXTURES / "flat_small.csv").read_text()
    changed.write_text(text.replace("Seniors 60+", "Seniors 65+"))
    dry = import_listings(ADMIN, Context(session), changed, source="test", dry_run=True)
    assert (dry.created, dry.updated) == (0, 1)
    assert dry.as_json()["changes"]["services"]["updated"] == [
        {"external_id": "t-S2", "fields": ["eligibility_description", "minimum_age"]}
    ]
    service = session.scalar(select(Service).where(Service.external_id == "t-S2"))
    assert service.minimum_age == 60  # the dry run wrote nothing

    result = import_listings(ADMIN, Context(session), changed, source="test")
    assert (result.created, result.updated) == (0, 1)
    session.expire_all()
    service = session.scalar(select(Service).where(Service.external_id == "t-S2"))
    assert service.minimum_age == 65
    assert [r.source_text for r in service.eligibility_rules] == ["Seniors 65+"]


def test_same_external_ids_under_another_source_are_separate_records(session, small_directory):
    other = import_listings(
        ADMIN, Context(session), FIXTURES / "flat_small.csv", source="another agency"
    )
    assert other.created == 18
    assert session.scalar(select(func.count()).select_from(Service)) == 10


def test_bad_file_is_rejected_with_every_error_and_writes_nothing(session, small_directory):
    before = counts(session)
    with pytest.raises(ImportRejected) as caught:
        import_listings(ADMIN, Context(session), FIXTURES / "flat_bad.csv", source="bad")
    errors = [(e.line, e.column, e.code) for e in caught.value.report.errors]
    assert errors == [
        (3, "service", "missing_required"),
        (4, "listing_id", "duplicate_id"),
        (5, "lat", "invalid_number"),
        (6, "service", "conflicting_values"),
        (7, "zip", "missing_location"),
    ]
    messages = [e.message for e in caught.value.report.errors]
    assert "already used on line 2" in messages[1]
    assert "'39.29x' is not a number" in messages[2]
    assert "different service, description than on line 2" in messages[3]
    session.rollback()
    assert counts(session) == before


def test_recoverable_mistakes_are_warnings_and_fixed(session):
    summary = import_listings(
        ADMIN, Context(session), FIXTURES / "flat_warnings.csv", source="warn"
    )
    found = sorted((w.line, w.column, w.code) for w in summary.warnings)
    assert found == [
        (1, "notes", "unknown_column"),
        (2, "last_verified", "invalid_date"),
        (2, "lat", "swapped_coordinates"),
        (2, "phone", "invalid_phone"),
        (3, "confidential", "invalid_value"),
        (3, "lat", "invalid_coordinates"),
        (3, "needs", "unknown_need"),
        (3, "website", "invalid_website"),
        (4, "lat", "coordinates_far_from_zip"),
    ]
    located = {
        loc.external_id: (loc.latitude, loc.longitude, loc.geocode_precision)
        for loc in session.scalars(select(Location))
    }
    assert located["w-P1"] == (39.3265, -76.6048, "point")  # swapped back
    assert located["w-P2"][2] == "zip" and located["w-P3"][2] == "zip"
    rides = session.scalar(select(Service).where(Service.external_id == "w-S3"))
    assert [(t.term.code, t.inferred) for t in rides.terms] == [("105", True)]  # from its text


def test_encoding_problems_are_reported_not_guessed(session, tmp_path):
    cp1252 = tmp_path / "cp1252.csv"
    text = (FIXTURES / "flat_small.csv").read_text().replace("Test Harbor", "Café Harbor")
    cp1252.write_bytes(text.encode("cp1252"))
    parsed = read_file(cp1252)
    assert [w.code for w in parsed.report.warnings] == ["bad_encoding"]
    assert parsed.records.organizations["t-O1"].name == "Café Harbor Pantry"

    bom_crlf = tmp_path / "bom.csv"
    bom_crlf.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    parsed = read_file(bom_crlf)
    assert not parsed.report.warnings and not parsed.report.errors
    assert len(parsed.records.service_at_locations) == 5


def test_cli_import_json_contract_and_exit_codes(app, tmp_path):
    runner = CliRunner()
    result = runner.invoke(
        cli, ["import", str(FIXTURES / "flat_small.csv"), "--source", "cli", "--json"], obj=app
    )
    assert result.exit_code == 0, result.output
    body = json.loads(result.output)
    assert CONTRACT_KEYS <= set(body)
    assert (body["source"], body["dry_run"], body["created"], body["errors"]) == (
        "cli",
        False,
        18,
        [],
    )

    again = runner.invoke(
        cli, ["import", str(FIXTURES / "flat_small.csv"), "--source", "cli", "--json"], obj=app
    )
    assert (json.loads(again.output)["created"], json.loads(again.output)["updated"]) == (0, 0)

    rejected = runner.invoke(cli, ["import", str(FIXTURES / "flat_bad.csv"), "--json"], obj=app)
    assert rejected.exit_code == 1
    errors = json.loads(rejected.output)["errors"]
    assert errors[0] == {
        "file": "flat_bad.csv",
        "line": 3,
        "column": "service",
        "code": "missing_required",
        "message": "service is required",
    }
    with app.app_context():
        from resource_directory.db import db

        runs = db.session.scalars(select(ImportRun).order_by(ImportRun.started_at)).all()
        assert [r.status for r in runs] == ["imported", "imported", "rejected"]
        assert len(runs[-1].errors) == 5

    missing = runner.invoke(cli, ["import", str(tmp_path / "nope.csv")], obj=app)
    assert missing.exit_code == 2 and "does not exist" in missing.output
    unknown = tmp_path / "other.csv"
    unknown.write_text("a,b\n1,2\n")
    assert runner.invoke(cli, ["import", str(unknown)], obj=app).exit_code == 2


def test_cli_dry_run_writes_nothing(app, tmp_path):
    source = tmp_path / "listings.csv"
    shutil.copy(FIXTURES / "flat_small.csv", source)
    result = CliRunner().invoke(cli, ["import", str(source), "--dry-run", "--json"], obj=app)
    assert result.exit_code == 0, result.output
    body = json.loads(result.output)
    assert (body["dry_run"], body["created"], body["source"]) == (True, 18, "listings")
    with app.app_context():
        from resource_directory.db import db

        assert db.session.scalar(select(func.count()).select_from(Service)) == 0
        assert db.session.scalar(select(func.count()).select_from(ImportRun)) == 0


def test_mixed_encodings_are_replaced_and_reported(tmp_path):
    mixed = tmp_path / "mixed.csv"
    text = (FIXTURES / "flat_small.csv").read_bytes()
    # UTF-8 "é" in one row, a byte that is neither UTF-8 nor Windows-1252 in another.
    mixed.write_bytes(
        text.replace(b"Test Harbor", b"Caf\xc3\xa9 Harbor", 1).replace(
            b"Test Youth", b"Test \x81Youth"
        )
    )
    parsed = read_file(mixed)
    assert [w.code for w in parsed.report.warnings] == ["bad_encoding"]
    assert "1 damaged line(s): 4 (invalid bytes replaced" in parsed.report.warnings[0].message
    assert parsed.records.organizations["t-O2"].name == "Test \ufffdYouth Shelter"
    assert parsed.records.organizations["t-O1"].name == "Café Harbor Pantry"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_a_file_saved_as_unicode_text_is_read(tmp_path, encoding):
    """Spreadsheets save "Unicode text" as UTF-16 with a byte-order mark: read, not NULs."""
    text = (FIXTURES / "flat_small.csv").read_text()
    path = tmp_path / "unicode.csv"
    mark = "\ufeff" if encoding == "utf-16-be" else ""  # the plain codecs write their own
    path.write_bytes((mark + text).encode(encoding))
    parsed = read_file(path)
    assert parsed.report.errors == []
    assert parsed.records.organizations["t-O2"].name == "Test Youth Shelter"


def test_one_bad_byte_damages_its_line_only(tmp_path):
    """A Windows-1252 dash pasted into one row of a UTF-8 file: that line is read as
    Windows-1252, every other line stays exact UTF-8, and the warning names the line."""
    damaged = tmp_path / "damaged.csv"
    ascii_only = "".join(c for c in (FIXTURES / "flat_small.csv").read_text() if c.isascii())
    text = ascii_only.encode()
    damaged.write_bytes(
        text.replace(b"Test Youth", "Services – Youth".encode()).replace(
            b"Groceries every week", b"Groceries \x96 every week"
        )
    )
    parsed = read_file(damaged)
    (warning,) = [w for w in parsed.report.warnings if w.code == "bad_encoding"]
    assert "damaged line(s): 2 (read as Windows-1252)" in warning.message
    assert parsed.records.organizations["t-O2"].name == "Services – Youth Shelter"
    assert (
        parsed.records.services["t-S1"].description == "Groceries – every week for local families."
    )


def test_a_file_cut_inside_a_character_replaces_that_character_only(tmp_path):
    cut = tmp_path / "cut.csv"
    text = (FIXTURES / "flat_small.csv").read_bytes()
    text = text.replace(b"Test Harbor", "Café Harbor".encode(), 1).rstrip(b"\n")
    cut.write_bytes(text + b"\n" + text.splitlines()[-1][:-1] + "é".encode()[:1])
    parsed = read_file(cut)
    assert "invalid bytes replaced" in parsed.report.warnings[0].message
    assert parsed.records.organizations["t-O1"].name == "Café Harbor Pantry"


# -- files cut short or unreadable: named errors, nothing written ---------------------------


def _errors(parsed):
    return [(e.file, e.line, e.code) for e in parsed.report.errors]


def test_a_file_cut_mid_row_is_an_error_not_a_blanked_record(tmp_path):
    cut = tmp_path / "cut.csv"
    text = (FIXTURES / "flat_small.csv").read_text().rstrip("\n")
    last = len(text.splitlines())
    cut.write_text(text[: text.rindex(",", 0, len(text) - 40)])  # cut inside the last row
    parsed = read_file(cut)
    assert _errors(parsed) == [("cut.csv", last, "truncated_row")]
    assert "values: the file seems cut short" in parsed.report.errors[0].message


def test_short_rows_are_still_read_where_the_writer_drops_trailing_cells(tmp_path):
    short = tmp_path / "short.csv"
    lines = (FIXTURES / "flat_small.csv").read_text().splitlines()
    # Every row ends with empty cells the writer left out, the last one too.
    short.write_text("\n".join([lines[0], *(line.rstrip(",") for line in lines[1:])]) + "\n")
    assert _errors(read_file(short)) == []


def test_an_unclosed_quote_is_named_where_it_opens(tmp_path):
    broken = tmp_path / "quote.csv"
    lines = (FIXTURES / "flat_small.csv").read_text().splitlines()
    lines[2] = lines[2].replace("Free grocery delivery", '"Free grocery delivery', 1)
    broken.write_text("\n".join(lines) + "\n")
    parsed = read_file(broken)
    assert _errors(parsed) == [("quote.csv", 3, "unclosed_quote")]
    assert "value 6 of line 3 is not closed" in parsed.report.errors[0].message


def test_a_field_over_the_csv_size_limit_is_an_error_not_a_traceback(app, tmp_path):
    huge = tmp_path / "huge.csv"
    lines = (FIXTURES / "flat_small.csv").read_text().splitlines()
    lines[2] = lines[2].replace("Free grocery delivery", "x" * 200_000, 1)
    huge.write_text("\n".join(lines) + "\n")
    result = CliRunner().invoke(cli, ["import", str(huge), "--json"], obj=app)
    assert result.exit_code == 1, result.output
    report = json.loads(result.output)
    assert [(e["line"], e["code"]) for e in report["errors"]] == [(3, "field_too_large")]
    with app.app_context():
        from resource_directory.db import db

        assert db.session.scalar(select(func.count()).select_from(Service)) == 0


def test_a_zip_repair_must_agree_with_the_rows_state(tmp_path):
    """ "2121" on a Baltimore, Maryland row is not Dorchester's 02121: left unrepaired, said so;
    "2134" on a Massachusetts row is Allston's 02134."""
    import csv

    rows = list(csv.DictReader((FIXTURES / "flat_small.csv").open()))
    rows[0].update(zip="2121", lat="", lon="")  # Baltimore, MD
    rows[2].update(zip="2134", state="Massachusetts", city="Boston", lat="", lon="")
    path = tmp_path / "zips.csv"
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    parsed = read_file(path)
    found = {(w.line, w.code): w.message for w in parsed.report.warnings if "zip" in w.code}
    assert (
        "02121 would be, but it is in Dorchester, MA, not MD: left unrepaired"
        in found[(2, "invalid_zip")]
    )
    assert (4, "repaired_zip") in found
    assert [e.code for e in parsed.report.errors if e.line == 2] == ["missing_location"]


def test_a_killed_import_leaves_no_temporary_files(tmp_path):
    """The ids a large import has seen spill to SQLite's anonymous temporary database,
    whose file is unlinked when opened: a kill -9 leaves nothing in the temp folder."""
    import os
    import signal
    import subprocess
    import sys
    import time

    temp = tmp_path / "tmp"
    temp.mkdir()
    script = (
        "import importers.flat, time, sys\n"
        "from importers.seen import SeenIds\n"
        "seen = SeenIds(); seen.add('service', 'x', 2); seen.settle({})\n"
        "print('ready', flush=True); time.sleep(60)\n"
    )
    child = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True,
        env={**os.environ, "TMPDIR": str(temp)}, cwd=str(FIXTURES.parent.parent),
    )  # fmt: skip
    try:
        assert child.stdout.readline().strip() == "ready"
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=30)
    time.sleep(0.1)
    assert list(temp.iterdir()) == []


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("empty.csv", b""),
        ("utf16.csv", "listing_id,service_id\n1,2\n".encode("utf-16")),
        ("semicolons.csv", b"listing_id;service_id;location_id\n1;2;3\n"),
        ("cut.json", b'{"organizations": [{"id": "o1", "name": "Cut'),
    ],
)
def test_a_file_whose_format_cannot_be_told_answers_json_with_json(app, tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    result = CliRunner().invoke(cli, ["import", str(path), "--json"], obj=app)
    assert result.exit_code == 2, result.output
    (problem,) = json.loads(result.output)["errors"]
    assert (problem["file"], problem["code"]) == (name, "unsupported_format")
    assert "cannot tell the format" in problem["message"]
