"""The bundled dataset: big and varied enough, clearly fictional, and it imports cleanly."""

import csv
import importlib
import re
import sys
from collections import Counter

import pytest

from importers import read_file
from resource_directory.geo import Geocoder, distance_km, locate, lookup_zip
from resource_directory.matching import ClientProfile
from resource_directory.operations import Context, import_listings
from resource_directory.schedules import parse_hours

from .conftest import ADMIN, ROOT, rank

DATASET = ROOT / "data" / "resources.csv"
# The generator draws each point up to 1.5 km from a ZIP centroid and then addresses it by
# the nearest centroid, so no point is farther (the data's maximum is 1.49 km). Baltimore
# City's ZIP centroids are about 2.1 km from their nearest neighbour (median), so a looser
# bound would let a point sit in the next ZIP; the nearest-centroid check is finer still.
MAX_KM_FROM_ZIP_CENTRE = 1.5
# Other place names USPS accepts for a ZIP (the table holds one per ZIP).
CITY_ALIASES = {"21093": {"lutherville", "timonium"}, "21152": {"sparks", "glencoe"}}


@pytest.fixture(scope="module")
def generator():
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        yield importlib.import_module("generate_demo_dataset")
    finally:
        sys.path.remove(str(ROOT / "scripts"))


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


def test_generator_reproduces_the_file(generator):
    rows, _, _ = generator.generate()
    assert generator.render(rows) == DATASET.read_text(encoding="utf-8")


def test_addresses_agree_with_their_zip_and_point(parsed, generator):
    places = [entry for entries in generator.load_zips().values() for entry in entries]
    eligibility = {}
    for link in parsed.records.service_at_locations.values():
        service = parsed.records.services[link.service_external_id]
        text = eligibility.get(link.location_external_id, "")
        eligibility[link.location_external_id] = f"{text} {service.eligibility_description or ''}"
    for loc in parsed.records.locations.values():
        info = lookup_zip(loc.postal_code)
        assert info and info.state == loc.state == "MD", loc
        assert loc.city.lower() in {info.city.lower()} | CITY_ALIASES.get(info.zip, set()), loc
        far = distance_km(loc.latitude, loc.longitude, info.lat, info.lon)
        assert far <= MAX_KM_FROM_ZIP_CENTRE, (loc.external_id, far)
        # The ZIP is the place whose centroid is nearest, unless a service there is
        # restricted to named ZIPs (then the listing keeps the ZIP its text was written for).
        nearest = min(places, key=lambda p: distance_km(loc.latitude, loc.longitude, p[2], p[3]))
        if nearest[0] != info.zip:
            assert info.zip in eligibility[loc.external_id], (loc.external_id, nearest[0])


def test_streets_are_streets_of_their_zip(parsed, generator):
    streets = generator.parse_streets()
    for loc in parsed.records.locations.values():
        number, street = re.fullmatch(r"(\d+) ([^,]+)(, .*)?", loc.address_1).groups()[:2]
        ranges = {name: (low, high) for name, low, high in streets[loc.postal_code]}
        assert street in ranges, (loc.external_id, street, loc.postal_code)
        assert ranges[street][0] <= int(number) <= ranges[street][1], loc.address_1
