"""Distances and coordinate sanity checks."""

from __future__ import annotations

import math

from geopy.distance import EARTH_RADIUS

#: Relative margin on a bounding box, against rounding at its edges.
BOX_MARGIN = 1e-6


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
    """(min_lat, max_lat, min_lon, max_lon) enclosing every point within ``radius_km``.

    Exact for the sphere of :func:`distance_km` (plus a hair of margin), so a pre-filter by
    the box never drops a point the distance would keep. Near a pole the box takes every
    longitude; near the antimeridian ``min_lon`` < -180 or ``max_lon`` > 180 (the caller
    wraps).
    """
    angle = radius_km / EARTH_RADIUS * (1 + BOX_MARGIN)
    dlat = math.degrees(angle)
    if lat + dlat >= 90 or lat - dlat <= -90 or angle >= math.pi / 2:
        return max(lat - dlat, -90.0), min(lat + dlat, 90.0), -180.0, 180.0
    dlon = math.degrees(math.asin(min(1.0, math.sin(angle) / math.cos(math.radians(lat)))))
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
