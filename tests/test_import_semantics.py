"""Import semantics shared by every format: full/partial modes, skipped rows, runs, duplicates."""

import csv
import json

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from resource_directory.cli import cli
from resource_directory.errors import ImportRejected
from resource_directory.models import (
    DuplicateCandidate,
    Service,
    ServiceAtLocation,
    directory_version,
)
from resource_directory.operations import Context, import_listings, list_import_runs

from .conftest import ADMIN, FIXTURES


def rewrite(tmp_path, name, keep=lambda row: True, change=lambda row: row):
    """A copy of the small fixture with some rows dropped or changed."""
    with (FIXTURES / "flat_small.csv").open(newline="") as handle:
        reader = csv.DictReader(handle)
        rows = [change(dict(row)) for row in reader if keep(row)]
        fields = reader.fieldnames
    path = tmp_path / name
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    return path


def active_services(session, source="test"):
    return sorted(
        session.scalars(
            select(Service.external_id).where(Service.active).order_by(Service.external_id)
        )
    )


def test_full_mode_deactivates_what_the_file_no_longer_has(session, small_directory, tmp_path):
    smaller = rewrite(tmp_path, "smaller.csv", keep=lambda row: row["listing_id"] != "t-L4")
    partial = import_listings(ADMIN, Context(session), smaller, source="test")
    assert partial.removed == 0 and "t-S4" in active_services(session)

    dry = import_listings(
        ADMIN, Context(session), smaller, source="test", mode="full", dry_run=True
    )
    assert dry.as_json()["changes"]["services"]["deactivated"] == ["t-S4"]
    assert "t-S4" in active_services(session)

    full = import_listings(ADMIN, Context(session), smaller, source="test", mode="full")
    # the service, its only listing, its location and its organization
    assert full.removed == 4
    assert "t-S4" not in active_services(session)
    assert session.scalar(select(func.count()).select_from(Service)) == 5  # never deleted

    back = import_listings(
        ADMIN, Context(session), FIXTURES / "flat_small.csv", source="test", mode="full"
    )
    assert (back.created, back.updated, back.removed) == (0, 4, 0)
    assert "t-S4" in active_services(session)


def test_a_full_import_skipping_invalid_rows_still_deactivates_what_the_file_lacks(
    session, small_directory, tmp_path
):
    """A bad row skipped with --skip-invalid does not stop --mode full doing its work."""
    smaller = rewrite(
        tmp_path, "smaller.csv", keep=lambda row: row["listing_id"] != "t-L4",
        change=lambda row: {**row, "lat": "north"} if row["listing_id"] == "t-L5" else row,
    )  # fmt: skip
    summary = import_listings(ADMIN, Context(session), smaller, source="test", mode="full",
                              skip_invalid=True)  # fmt: skip
    assert [e.code for e in summary.errors] == ["invalid_number"]
    assert "t-S4" in summary.as_json()["changes"]["services"]["deactivated"]
    assert "t-S4" not in active_services(session)


def test_a_full_import_that_would_deactivate_most_of_a_source_is_refused(
    session, small_directory, tmp_path
):
    """A file that lost most of its rows (a header-only export, a cut download) must not
    deactivate most of its source without being told to; the dry run says so too."""
    few = rewrite(tmp_path, "few.csv", keep=lambda row: row["listing_id"] == "t-L1")
    for dry_run in (True, False):
        with pytest.raises(ImportRejected) as caught:
            import_listings(
                ADMIN, Context(session), few, source="test", mode="full", dry_run=dry_run
            )
        codes = [e.code for e in caught.value.report.errors]
        assert set(codes) == {"mass_deactivation"}
        assert "would deactivate 4 of the 5 active services" in " ".join(
            e.message for e in caught.value.report.errors
        )
    session.rollback()
    assert len(active_services(session)) == 5
    allowed = import_listings(
        ADMIN, Context(session), few, source="test", mode="full", allow_mass_deactivation=True
    )
    assert allowed.as_json()["changes"]["services"]["deactivated"] == [
        "t-S2", "t-S3", "t-S4", "t-S5",
    ]  # fmt: skip


def test_a_file_with_a_header_and_no_rows_is_an_empty_file(session, small_directory, tmp_path):
    header_only = rewrite(tmp_path, "header.csv", keep=lambda row: False)
    for mode in ("partial", "full"):
        with pytest.raises(ImportRejected) as caught:
            import_listings(ADMIN, Context(session), header_only, source="test", mode=mode,
                            skip_invalid=True)  # fmt: skip
        assert [e.code for e in caught.value.report.errors] == ["empty_file"]
    session.rollback()
    assert len(active_services(session)) == 5


def test_skip_invalid_imports_good_rows_and_lists_bad_ones(session):
    summary = import_listings(
        ADMIN, Context(session), FIXTURES / "flat_bad.csv", source="bad", skip_invalid=True
    )
    assert [(e.line, e.code) for e in summary.errors] == [
        (3, "missing_required"),
        (4, "duplicate_id"),
        (5, "invalid_number"),
        (6, "conflicting_values"),
        (7, "missing_location"),
    ]
    assert active_services(session) == ["b-S1"]
    listings = session.scalars(select(ServiceAtLocation.external_id)).all()
    assert listings == ["b-L1"]


def test_runs_are_recorded_and_listed(app, small_directory, tmp_path):
    runner = CliRunner()
    runner.invoke(cli, ["import", str(FIXTURES / "flat_bad.csv"), "--source", "bad"], obj=app)
    result = runner.invoke(cli, ["imports", "--json"], obj=app)
    assert result.exit_code == 0, result.output
    runs = json.loads(result.output)
    assert [(r["source"], r["status"]) for r in runs] == [("bad", "rejected"), ("test", "imported")]
    assert runs[0]["errors"] == 5 and runs[1]["created"] == 18
    # Every run names who started it: the fixture imported as the tests' administrator.
    assert runs[1]["file_hash"] and runs[1]["started_by"] == ADMIN.label
    assert runs[0]["started_by"].startswith("cli:")
    detail = runner.invoke(cli, ["imports", "--run", runs[0]["id"][:8]], obj=app)
    assert "flat_bad.csv:3 [service] missing_required: service is required" in detail.output
    with app.app_context():
        from resource_directory.db import db

        assert len(list_import_runs(ADMIN, Context(db.session), limit=1)) == 1


def test_each_import_bumps_the_directory_version(session, small_directory):
    before = directory_version(session)
    import_listings(ADMIN, Context(session), FIXTURES / "flat_small.csv", source="test")
    assert directory_version(session) == before + 1
    import_listings(
        ADMIN, Context(session), FIXTURES / "flat_small.csv", source="test", dry_run=True
    )
    assert directory_version(session) == before + 1


def test_duplicate_candidates_across_sources_are_stored_not_merged(
    session, small_directory, tmp_path
):
    def other_agency(row):
        row["organization"] = row["organization"].replace("Test ", "The Test ")
        row["website"] = ""
        row["lat"] = row["lat"] and f"{float(row['lat']) + 0.0005:.6f}"  # ~55 m north
        return row

    copy = rewrite(tmp_path, "other.csv", change=other_agency)
    summary = import_listings(ADMIN, Context(session), copy, source="211 export")
    assert summary.duplicate_candidates == 5
    candidates = session.scalars(select(DuplicateCandidate)).all()
    assert all(c.status == "open" for c in candidates)
    reasons = {tuple(c.reasons[1:]) for c in candidates}
    assert ("names 100% alike", "same phone +14105550101") in reasons
    assert session.scalar(select(func.count()).select_from(Service)) == 10  # nothing merged
    again = import_listings(ADMIN, Context(session), copy, source="211 export")
    assert again.duplicate_candidates == 0  # unchanged services are not compared again


def test_large_files_are_written_in_chunks_with_the_same_result(session, monkeypatch, tmp_path):
    import importers.flat

    monkeypatch.setattr(importers.flat, "CHUNK_ROWS", 2)  # five listings → three chunks
    chunked = import_listings(
        ADMIN, Context(session), FIXTURES / "flat_small.csv", source="chunked"
    )
    assert (chunked.organizations, chunked.locations, chunked.services) == (4, 4, 5)
    assert (chunked.created, chunked.updated) == (18, 0)
    again = import_listings(ADMIN, Context(session), FIXTURES / "flat_small.csv", source="chunked")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 18)
    senior = session.scalar(select(Service).where(Service.external_id == "t-S2"))
    assert senior.minimum_age == 60 and senior.organization.name == "Test Harbor Pantry"
    listing = session.scalar(
        select(ServiceAtLocation).where(ServiceAtLocation.external_id == "t-L2")
    )
    assert listing.service is senior and listing.location.external_id == "t-P1"

    changed = rewrite(tmp_path, "changed.csv", change=lambda row: {**row, "fees": "Donation"})
    dry = import_listings(ADMIN, Context(session), changed, source="chunked", dry_run=True)
    assert (dry.created, dry.updated) == (0, 5)
    fresh = import_listings(ADMIN, Context(session), changed, source="other", dry_run=True)
    assert (fresh.created, fresh.updated) == (18, 0)
    assert session.scalar(select(func.count()).select_from(Service)) == 5


def test_rows_disagreeing_with_an_earlier_chunk_are_errors(session, monkeypatch, tmp_path):
    import importers.flat
    from resource_directory.errors import ImportRejected

    monkeypatch.setattr(importers.flat, "CHUNK_ROWS", 1)
    renamed = rewrite(
        tmp_path, "renamed.csv",
        change=lambda row: {**row, "organization": "Renamed"} if row["listing_id"] == "t-L2"
        else row,
    )  # fmt: skip
    try:
        import_listings(ADMIN, Context(session), renamed, source="chunks")
    except ImportRejected as exc:
        errors = [(e.line, e.column, e.code) for e in exc.report.errors]
        assert errors == [(3, "organization_id", "conflicting_values")]
        assert "different values than on line 2" in exc.report.errors[0].message
    else:
        raise AssertionError("the import should have been rejected")
    session.rollback()
    assert session.scalar(select(func.count()).select_from(Service)) == 0  # nothing written


def test_a_path_that_is_a_pipe_is_refused_not_read(session, tmp_path):
    import os

    from resource_directory.errors import InvalidInput

    os.mkfifo(tmp_path / "listings.csv")
    with pytest.raises(InvalidInput) as caught:
        import_listings(ADMIN, Context(session), tmp_path / "listings.csv")
    assert "not a regular file or a folder" in str(caught.value.fields["path"])
