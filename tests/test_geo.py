"""Offline geocoding (ZIP, address, city), bad input, and the cached street geocoder."""

from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from resource_directory.errors import GeocodeFailed
from resource_directory.geo import Geocoder, distance_km, locate, nearest_zip
from resource_directory.geo.address import parse_address
from resource_directory.geo.geocode import GeopyGeocoder, geocoder_from_config
from resource_directory.models import GeocodeCache

OFFLINE = Geocoder()


def test_zip_is_located_at_its_centroid_with_place_names():
    point = locate(None, OFFLINE, zip_code="21218-1234")
    assert (point.lat, point.lon, point.precision) == (39.3265, -76.6048, "zip")
    assert (point.zip, point.city, point.state) == ("21218", "Baltimore", "MD")
    assert point.timezone == "America/New_York"


def test_street_address_is_parsed_and_located_by_its_zip():
    point = locate(None, OFFLINE, address="1200 N Charles St, Baltimore, MD 21201")
    assert (point.zip, point.precision) == ("21201", "zip")
    parsed = parse_address("1200 N Charles St, Baltimore, MD 21201")
    assert (parsed.street, parsed.city, parsed.state, parsed.zip) == (
        "1200 N Charles St",
        "Baltimore",
        "MD",
        "21201",
    )


def test_city_and_state_without_zip_give_city_precision():
    point = locate(None, OFFLINE, address="Towson, MD")
    assert point.precision == "city"
    assert distance_km(point.lat, point.lon, 39.40, -76.60) < 5


def test_coordinates_are_kept_and_placed_in_a_county():
    point = locate(None, OFFLINE, lat=39.29, lon=-76.61)
    assert (point.lat, point.lon, point.precision) == (39.29, -76.61, "point")
    assert point.county.lower() == "baltimore city"
    assert nearest_zip(0.5, -150.0) is None  # mid-ocean: no county, no made-up ZIP


@pytest.mark.parametrize(
    ("kwargs", "field", "text"),
    [
        ({"zip_code": "2121"}, "zip", "not a 5-digit US ZIP"),
        ({"zip_code": "00000"}, "zip", "not in the ZIP table"),
        ({"address": "somewhere over the rainbow"}, "address", "could not locate"),
        ({"address": "12 Main St, Nowhereville, ZZ"}, "address", "could not"),
        ({"address": "   "}, "address", "give an address"),
        ({"lat": 0.0, "lon": 0.0}, "lat", "not a valid point"),
        ({"lat": 39.3}, "lon", "give both"),
        ({}, "address", "give an address"),
    ],
)
def test_unlocatable_input_is_a_clear_error_never_zero_zero(kwargs, field, text):
    with pytest.raises(GeocodeFailed) as caught:
        locate(None, OFFLINE, **kwargs)
    assert caught.value.field == field
    assert text in str(caught.value)


def test_geopy_geocoder_is_configurable_and_cached(session, monkeypatch):
    geocoder = geocoder_from_config(
        {"GEOCODER": "nominatim", "GEOCODER_USER_AGENT": "tests", "GEOCODER_TIMEOUT": 1.0}
    )
    assert isinstance(geocoder, GeopyGeocoder)
    calls = []

    def fake_geocode(query, **kwargs):  # stands in for the network service
        calls.append(query)
        return SimpleNamespace(latitude=39.2986, longitude=-76.6150)

    monkeypatch.setattr(geocoder._geocoder, "geocode", fake_geocode)
    address = "1200 N Charles St, Baltimore, MD 21201"
    first = locate(session, geocoder, address=address)
    second = locate(session, geocoder, address=address.upper())
    assert (first.lat, first.lon, first.precision) == (39.2986, -76.615, "street")
    assert second == first
    assert len(calls) == 1
    cached = session.scalar(select(GeocodeCache))
    assert address not in (cached.query_hash, cached.provider)  # never the address itself
    assert session.scalar(select(func.count()).select_from(GeocodeCache)) == 1


def test_failing_street_geocoder_falls_back_to_zip(session, monkeypatch):
    geocoder = GeopyGeocoder("nominatim", "tests", 1.0)

    def broken(query, **kwargs):
        raise TimeoutError("no network")

    monkeypatch.setattr(geocoder._geocoder, "geocode", broken)
    point = locate(session, geocoder, address="1200 N Charles St, Baltimore, MD 21201")
    assert (point.precision, point.zip) == ("zip", "21201")
