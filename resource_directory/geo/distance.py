"""Distances and coordinate sanity checks."""

from __future__ import annotations

import math

from geopy.distance import great_circle

#: Kilometres per degree of latitude (and of longitude at the equator).
KM_PER_DEGREE = 111.32


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres (geopy; within 0.5 % of geodesic at city scale)."""
    return great_circle((lat1, lon1), (lat2, lon2)).km


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
