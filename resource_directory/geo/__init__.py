"""Geography: ZIP centroids, address parsing, geocoding and distances."""

from .distance import bounding_box, distance_km, valid_point
from .geocode import Geocoder, GeoPoint, geocoder_from_config, locate
from .zipcodes import ZipInfo, lookup_zip, nearest_zip, normalize_zip

__all__ = [
    "GeoPoint",
    "Geocoder",
    "ZipInfo",
    "bounding_box",
    "distance_km",
    "geocoder_from_config",
    "locate",
    "lookup_zip",
    "nearest_zip",
    "normalize_zip",
    "valid_point",
]
