"""Locating a client or a listing: coordinates, ZIP centroid, or a parsed address.

Offline first: an address is parsed and located at its ZIP (or city) centroid, and the
answer says so (``precision``). A geopy geocoder can be configured for street precision;
its answers are cached in the database under a hash of the query.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import GeocodeFailed
from ..models import GeocodeCache
from .address import parse_address
from .distance import valid_point
from .zipcodes import ZipInfo, lookup_city, lookup_zip, nearest_zip, normalize_zip

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class GeoPoint:
    lat: float
    lon: float
    #: "point" (coordinates given), "street" (geocoder), "zip" or "city" (centroid).
    precision: str
    zip: str | None = None
    city: str | None = None
    county: str | None = None
    state: str | None = None
    timezone: str | None = None

    @classmethod
    def from_zip_info(cls, info: ZipInfo, precision: str) -> GeoPoint:
        return cls(
            lat=info.lat,
            lon=info.lon,
            precision=precision,
            zip=info.zip or None,
            city=info.city,
            county=info.county,
            state=info.state,
            timezone=info.timezone,
        )


class Geocoder:
    """Offline geocoder: ZIP and city centroids from the bundled ZIP table."""

    name = "offline"

    def geocode_street(self, session: Session, query: str) -> tuple[float, float] | None:
        return None


class GeopyGeocoder(Geocoder):
    """A geopy geocoder (e.g. Nominatim) for street precision, cached in ``geocode_cache``."""

    def __init__(self, service: str, user_agent: str, timeout: float):
        from geopy.geocoders import get_geocoder_for_service

        self.name = service
        self._geocoder = get_geocoder_for_service(service)(user_agent=user_agent, timeout=timeout)

    def geocode_street(self, session: Session, query: str) -> tuple[float, float] | None:
        key = hashlib.sha256(f"{self.name}\n{' '.join(query.lower().split())}".encode()).hexdigest()
        cached = session.scalar(select(GeocodeCache).where(GeocodeCache.query_hash == key))
        if cached is not None:
            if cached.latitude is None or cached.longitude is None:
                return None
            return cached.latitude, cached.longitude
        try:
            found = self._geocoder.geocode(query, exactly_one=True, country_codes="us")
        except Exception as exc:  # geopy raises many types; any of them means "fall back"
            # The exception's text can hold the address (in a URL): log only its type.
            log.warning(
                "geocoder %s failed (%s); falling back to ZIP centroid",
                self.name,
                type(exc).__name__,
            )
            return None
        point = (found.latitude, found.longitude) if found else None
        session.add(
            GeocodeCache(
                provider=self.name,
                query_hash=key,
                latitude=point[0] if point else None,
                longitude=point[1] if point else None,
                precision="street" if point else None,
            )
        )
        session.flush()
        return point


def geocoder_from_config(config: dict) -> Geocoder:
    name = (config.get("GEOCODER") or "offline").lower()
    if name == "offline":
        return Geocoder()
    return GeopyGeocoder(name, config["GEOCODER_USER_AGENT"], config["GEOCODER_TIMEOUT"])


def locate(
    session: Session,
    geocoder: Geocoder,
    *,
    address: str | None = None,
    zip_code: str | None = None,
    lat: float | None = None,
    lon: float | None = None,
) -> GeoPoint:
    """Locate from coordinates, a ZIP, or a free-text address (in that order of trust)."""
    if lat is not None or lon is not None:
        if lat is None or lon is None:
            raise GeocodeFailed("lat" if lat is None else "lon", "give both lat and lon.")
        if not valid_point(lat, lon):
            raise GeocodeFailed("lat", f"({lat}, {lon}) is not a valid point on the map.")
        near = nearest_zip(lat, lon)
        if near is None:
            return GeoPoint(lat=lat, lon=lon, precision="point")
        return GeoPoint(
            lat=lat,
            lon=lon,
            precision="point",
            zip=near.zip,
            city=near.city,
            county=near.county,
            state=near.state,
            timezone=near.timezone,
        )
    if zip_code is not None:
        code = normalize_zip(zip_code)
        if code is None:
            raise GeocodeFailed("zip", f"{zip_code!r} is not a 5-digit US ZIP code.")
        info = lookup_zip(code)
        if info is None:
            raise GeocodeFailed("zip", f"ZIP code {code} is not in the ZIP table.")
        return GeoPoint.from_zip_info(info, "zip")
    if address is not None and address.strip():
        return _locate_address(session, geocoder, address.strip())
    raise GeocodeFailed("address", "give an address, a ZIP code, or lat and lon.")


def _locate_address(session: Session, geocoder: Geocoder, address: str) -> GeoPoint:
    parsed = parse_address(address)
    code = parsed.zip or normalize_zip(address)
    info = lookup_zip(code) if code else None
    if parsed.street:
        point = geocoder.geocode_street(session, address)
        if point is not None:
            base = info or nearest_zip(*point)
            located = GeoPoint.from_zip_info(base, "street") if base else None
            if located is None:
                return GeoPoint(lat=point[0], lon=point[1], precision="street")
            return GeoPoint(
                **{**located.__dict__, "lat": point[0], "lon": point[1], "precision": "street"}
            )
    if info is not None:
        return GeoPoint.from_zip_info(info, "zip")
    if code:
        raise GeocodeFailed("address", f"ZIP code {code} in {address!r} is not in the ZIP table.")
    if parsed.city and parsed.state:
        city = lookup_city(parsed.city, parsed.state)
        if city is not None:
            return GeoPoint.from_zip_info(city, "city")
        raise GeocodeFailed(
            "address", f"could not find the city {parsed.city!r}, {parsed.state} in the ZIP table."
        )
    raise GeocodeFailed(
        "address",
        f"could not locate {address!r}: add a ZIP code (or city and state), "
        "or configure a street geocoder (GEOCODER).",
    )
