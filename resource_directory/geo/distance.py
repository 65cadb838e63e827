"""Distances and coordinate sanity checks."""

from __future__ import annotations

import math

from geopy.distance import EARTH_RADIUS

#: Kilometres per degree of latitude (and of longitude at the equator).
KM_PER_DEGREE = 111.32


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres (within 0.5 % of geodesic at city scale).

    The same haversine formula and Earth radius as geopy's ``great_circle``, written out
    because imports and matching call it for every row and every candidate, and building
    geopy Point objects costs ten times the arithmetic (tests check the two agree).
    """
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS * math.asin(min(1.0, math.sqrt(a)))


def bounding_box(lat: float, lon: float, radius_km: float) -> tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lon, max_lon) enclosing a circle, for a cheap pre-filter."""
    dlat = radius_km / KM_PER_DEGREE
    cos_lat = max(math.cos(math.radians(lat)), 0.01)
    dlon = min(radius_km / (KM_PER_DEGREE * cos_lat), 180.0)
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon


def valid_point(lat: float, lon: float) -> bool:
    """In range, finite and not the (0, 0) placeholder."""
    return (
        math.isfinite(lat)
        and math.isfinite(lon)
        and -90 <= lat <= 90
        and -180 <= lon <= 180
        and not (lat == 0 and lon == 0)
    )
