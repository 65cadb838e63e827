"""The bundled dataset: big and varied enough, clearly fictional, and it imports cleanly."""

import csv
import re
from collections import Counter

import pytest

from importers import read_file
from resource_directory.geo import Geocoder, locate, lookup_zip
from resource_directory.matching import ClientProfile
from resource_directory.operations import Context, import_listings
from resource_directory.schedules import parse_hours

from .conftest import ADMIN, ROOT, rank

DATASET = ROOT / "data" / "resources.csv"


@pytest.fixture(scope="module")
def rows():
    with DATASET.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def parsed():
    return read_file(DATASET)


def test_size_and_mix_of_needs(rows):
    assert len(rows) >= 600
    per_need = Counter(n for row in rows for n in set(row["needs"].split(";")))
    for need in ("food", "transportation", "mental-health", "financial-aid"):
        assert per_need[need] >= 60, (need, per_need[need])
    assert per_need["housing"] + per_need["shelter"] >= 60
    for need in ("substance-use", "health", "legal", "employment", "education", "childcare"):
        assert per_need[need] > 0, need


def test_one_metro_area_with_real_zip_codes(parsed):
    locations = parsed.records.locations.values()
    assert {loc.state for loc in locations} == {"MD"}
    counties = Counter(loc.county for loc in locations)
    assert counties.most_common(1)[0][0].lower() == "baltimore city"
    metro = {"baltimore city", "baltimore county", "anne arundel county", "howard county",
             "harford county", "carroll county"}  # fmt: skip
    assert {county.lower() for county in counties} == metro
    assert all(lookup_zip(loc.postal_code) for loc in locations)


def test_clearly_demonstration_data(rows):
    for row in rows:
        if row["website"]:
            assert "example.org" in row["website"], row["website"]
        if row["email"]:
            assert row["email"].endswith("example.org"), row["email"]
        for number in filter(None, row["phone"].split(";")):
            assert re.search(r"555[-. ]?01", number), number


def test_varied_eligibility_and_hours(rows):
    eligibility = {row["eligibility"] for row in rows}
    hours = {row["hours"] for row in rows}
    assert len(eligibility) >= 30 and len(hours) >= 30
    text = " ".join(eligibility)
    for phrase in ("60+", "Veterans", "FPL", "County", "Youth", "photo ID", "No eligibility"):
        assert phrase in text, phrase
    assert "24/7" in hours and "By appointment" in hours


def test_imports_with_only_the_deliberate_mistakes_reported(parsed, rows):
    assert parsed.report.errors == []
    codes = Counter(w.code for w in parsed.report.warnings)
    # Every hours text that states hours is read ("Check-in 6pm–8pm nightly", "Rides Mon–Fri
    # 7am–6pm; book 48 hours ahead", "Late January to April 15: …"); what is still reported
    # states none ("Classes start monthly; call for schedule") and gets no invented rules.
    codes.pop("unparseable_hours", None)
    unread = [w for w in parsed.report.warnings if w.code == "unparseable_hours"]
    assert len(unread) < 0.03 * len(parsed.records.service_at_locations)
    for warning in unread:  # line 1 is the header
        assert parse_hours(rows[warning.line - 2]["hours"]).rules == (), warning.message
    assert codes == {
        "swapped_coordinates": 2,
        "invalid_coordinates": 1,
        "invalid_phone": 2,
        "invalid_date": 1,
        "unknown_need": 1,
    }
    by_zip = [loc for loc in parsed.records.locations.values() if loc.geocode_precision == "zip"]
    assert len(by_zip) >= 10  # rows with an address only are placed at their ZIP's centre


def test_app_runs_on_bundled_data(session):
    summary = import_listings(ADMIN, Context(session), DATASET, source="demo")
    assert summary.services >= 500 and not summary.errors
    again = import_listings(ADMIN, Context(session), DATASET, source="demo")
    assert (again.created, again.updated) == (0, 0)
    client = locate(None, Geocoder(), zip_code="21218")
    response = rank(session, ClientProfile(location=client, needs=("food",), age=40))
    assert len(response.results) >= 10
    assert all("food" in r.needs for r in response.results)
    assert all(r.eligibility != "ineligible" for r in response.results)
    distances = [r.distance_km for r in response.results]
    assert min(distances) < 3
