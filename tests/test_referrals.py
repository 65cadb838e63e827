"""Whether an agency takes referrals now, and the places it has: imported and ranked."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from resource_directory.errors import ImportRejected
from resource_directory.geo import Geocoder, locate
from resource_directory.matching import ClientProfile
from resource_directory.models import Service
from resource_directory.operations import Context, import_listings

from .conftest import ADMIN, english, rank, write_flat

AT = datetime(2026, 11, 24, 10, 30, tzinfo=ZoneInfo("America/New_York"))


def write(path, rows):
    """Pantries at one spot that differ only in what they say about referrals/places."""
    pantries = [
        {"service": f"Pantry {i}", "needs": "food", **values} for i, values in enumerate(rows)
    ]
    return write_flat(path, pantries, ("referrals", "capacity", "capacity_updated"))


def search(session):
    client = locate(None, Geocoder(), zip_code="21218")
    return rank(session, ClientProfile(location=client, needs=("food",), at=AT))


def test_referrals_and_places_are_read_in_the_ways_agencies_write_them(session, tmp_path):
    path = write(tmp_path / "r.csv", [
        {"referrals": "Do not refer"}, {"referrals": "wait-list"}, {"referrals": "Yes"},
        {"capacity": "12", "capacity_updated": "2026-11-23"}, {},
    ])  # fmt: skip
    import_listings(ADMIN, Context(session), path, source="r")
    found = {
        s.external_id: (s.accepting_referrals, s.capacity_available, s.capacity_updated)
        for s in session.scalars(select(Service))
    }
    assert [found[f"S{i}"][0] for i in range(5)] == ["closed", "waitlist", "open", "open", "open"]
    assert found["S3"][1] == 12 and str(found["S3"][2]) == "2026-11-23"
    assert found["S4"][1:] == (None, None)


def test_the_column_is_accepting_referrals_and_its_old_name_still_reads(session, tmp_path):
    pantries = [{"service": "Pantry 0", "needs": "food", "accepting_referrals": "waitlist"}]
    path = write_flat(tmp_path / "new.csv", pantries, ("accepting_referrals",))
    import_listings(ADMIN, Context(session), path, source="new")
    old = write(tmp_path / "old.csv", [{"referrals": "closed"}])
    import_listings(ADMIN, Context(session), old, source="old")
    found = {
        s.source.name: s.accepting_referrals
        for s in session.scalars(select(Service).where(Service.external_id == "S0"))
    }
    assert found == {"new": "waitlist", "old": "closed"}


def test_unclear_referrals_or_places_are_errors_naming_the_value(session, tmp_path):
    path = write(tmp_path / "bad.csv", [{"referrals": "maybe"}, {"capacity": "-3"}])
    with pytest.raises(ImportRejected) as caught:
        import_listings(ADMIN, Context(session), path, source="bad")
    errors = [(e.line, e.column, e.message) for e in caught.value.report.errors]
    assert errors == [
        (2, "referrals", "'maybe' is not one of open, waitlist, closed (do not refer)"),
        (3, "capacity", "'-3' is not a whole number of places (0 or more)"),
    ]


def test_services_that_cannot_take_the_client_rank_below_those_that_can(session, tmp_path):
    path = write(tmp_path / "rank.csv", [
        {"referrals": "closed"},
        {"referrals": "waitlist"},
        {"capacity": "0", "capacity_updated": "2026-11-23"},
        {"capacity": "0", "capacity_updated": "2026-06-01"},
        {"capacity": "4", "capacity_updated": "2026-11-24"},
        {},
    ])  # fmt: skip
    import_listings(ADMIN, Context(session), path, source="rank")
    results = {r.name: r for r in search(session).results}
    assert len(results) == 6  # none is hidden: the coordinator can still call
    score = {name: r.score for name, r in results.items()}
    assert score["Pantry 4"] == score["Pantry 5"] == score["Pantry 3"]  # old news does not count
    assert score["Pantry 5"] > score["Pantry 1"] > score["Pantry 2"] > score["Pantry 0"]
    assert "not taking referrals now — call before referring" in english(
        results["Pantry 0"].reasons
    )
    assert "waiting list — call first" in english(results["Pantry 1"].reasons)
    assert "no places available on Nov 23" in english(results["Pantry 2"].reasons)
    assert "no places available on Jun 1 — may have changed" in english(results["Pantry 3"].reasons)
    assert "4 places available on Nov 24" in english(results["Pantry 4"].reasons)
