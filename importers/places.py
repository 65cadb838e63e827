"""Placing a location on the map, with every coordinate mistake reported, never imported silently.

Checks (0, 0), out-of-range and projected (Web Mercator metres) values, swapped latitude and
longitude, and points far from the stated ZIP; a bad point is replaced by the ZIP's centre
(precision "zip") where there is a ZIP, and is an error where there is not.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from resource_directory.eligibility.places import state_code
from resource_directory.geo import ZipInfo, distance_km, lookup_zip, nearest_zip, valid_point

from .records import ImportReport, Origin

#: A stated point further than this from its ZIP's centre is treated as a mistake.
MAX_KM_FROM_ZIP = 30.0
_EARTH_RADIUS_M = 6378137.0


@dataclass(frozen=True)
class Columns:
    """The names the source file uses, to name them in messages."""

    lat: str = "lat"
    lon: str = "lon"
    zip: str = "zip"


@dataclass(frozen=True)
class Placement:
    lat: float
    lon: float
    precision: str  # point | zip
    place: ZipInfo | None  # the ZIP (given, or nearest) for city, county and time zone
    postal_code: str | None


def parse_coordinate(raw: str | float | int | None) -> float | None:
    if raw is None or raw == "":
        return None
    try:
        value = float(raw)
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


def repair_zip(
    raw: str | None,
    report: ImportReport,
    origin: Origin,
    column: str,
    *,
    state: str | None = None,
    city: str | None = None,
) -> ZipInfo | None:
    """The ZIP's table entry; restores leading zeros that spreadsheets drop ("2134" → 02134)
    where the restored ZIP agrees with the row's own state (or, without one, its city):
    "2121" on a Baltimore, Maryland row is not Boston's 02121."""
    if not raw:
        return None
    text = str(raw).strip()
    if text.endswith(".0"):  # a ZIP that went through a float column
        text = text[:-2]
    info = lookup_zip(text)
    if info is None and text.isdigit() and 3 <= len(text) <= 4:
        info = lookup_zip(text.zfill(5))
        if info is not None:
            disagreeing = _disagreement(info, state, city)
            if disagreeing is None:
                report.warn(
                    origin.file, origin.line, column, "repaired_zip",
                    f"ZIP {raw!r} lost its leading zero(s); read as {info.zip}",
                )  # fmt: skip
                return info
            report.warn(
                origin.file, origin.line, column, "invalid_zip",
                f"{raw!r} is not a known US ZIP; {info.zip} would be, but it is in "
                f"{info.city}, {info.state}, not {disagreeing}: left unrepaired",
            )  # fmt: skip
            return None
    if info is None:
        report.warn(
            origin.file, origin.line, column, "invalid_zip", f"{raw!r} is not a known US ZIP"
        )
    return info


def _disagreement(info: ZipInfo, state: str | None, city: str | None) -> str | None:
    """The row's own state (or city) where the ZIP's differs from it, else None."""
    if state and state.strip():
        code = state_code(state)
        return None if code == info.state else state.strip()
    if city and city.strip():
        same = city.strip().casefold() == info.city.casefold()
        return None if same else city.strip()
    return None


def place_location(
    report: ImportReport,
    origin: Origin,
    lat_raw: str | float | None,
    lon_raw: str | float | None,
    zip_info: ZipInfo | None,
    *,
    columns: Columns = Columns(),
    confidential: bool = False,
    required: bool = True,
) -> Placement | None:
    """Check a stated point against its ZIP and return where to put the location.

    Returns None (after reporting why) when the location cannot be placed; that is an error
    only when ``required`` (formats where a location may legitimately have no point, such as
    a virtual service's, pass False and get a warning).
    """
    file, line = origin.file, origin.line
    fallback = (zip_info.lat, zip_info.lon) if zip_info else None
    lat, lon = parse_coordinate(lat_raw), parse_coordinate(lon_raw)
    point: tuple[float, float] | None = None
    if lat_raw in (None, "") and lon_raw in (None, ""):
        if fallback is None:
            message = "no coordinates and no known ZIP code: the location cannot be placed"
            if required:
                report.error(file, line, columns.zip, "missing_location", message)
            else:
                report.warn(file, line, columns.zip, "missing_location", message)
            return None
    elif lat is None or lon is None:
        column = columns.lat if lat is None else columns.lon
        value = lat_raw if lat is None else lon_raw
        report.error(file, line, column, "invalid_number", f"{column} {value!r} is not a number")
        return None
    else:
        point = _checked_point(report, origin, columns, lat, lon, zip_info)

    if point is None:
        if fallback is None:
            if required:
                report.error(
                    file, line, columns.lat, "invalid_coordinates",
                    "the coordinates are unusable and there is no ZIP code to fall back on",
                )  # fmt: skip
            return None
        point, precision = fallback, "zip"
    else:
        precision = "point"
    if confidential and zip_info is not None:
        # Never keep the exact point of a confidential site: its ZIP centre serves matching.
        point, precision = fallback, "zip"
    place = zip_info or nearest_zip(*point)
    return Placement(
        lat=round(point[0], 6),
        lon=round(point[1], 6),
        precision=precision,
        place=place,
        postal_code=zip_info.zip if zip_info else None,
    )


def _checked_point(report, origin, columns, lat, lon, zip_info) -> tuple[float, float] | None:
    file, line = origin.file, origin.line
    if not valid_point(lat, lon):
        projected = _from_web_mercator(lat, lon)
        if projected is not None and _near(projected, zip_info):
            report.warn(
                file, line, columns.lat, "projected_coordinates",
                f"({lat}, {lon}) look like Web Mercator metres; read as "
                f"({projected[0]:.6f}, {projected[1]:.6f})",
            )  # fmt: skip
            return projected
        if valid_point(lon, lat) and _near((lon, lat), zip_info):
            return _swapped(report, origin, columns, lat, lon)
        report.warn(
            file, line, columns.lat, "invalid_coordinates",
            f"({lat}, {lon}) is not a real location" + _fallback_note(zip_info),
        )  # fmt: skip
        return None
    if zip_info is None or _near((lat, lon), zip_info):
        return lat, lon
    if valid_point(lon, lat) and _near((lon, lat), zip_info):
        return _swapped(report, origin, columns, lat, lon)
    far = distance_km(lat, lon, zip_info.lat, zip_info.lon)
    report.warn(
        file, line, columns.lat, "coordinates_far_from_zip",
        f"({lat}, {lon}) is {far:.0f} km from ZIP {zip_info.zip}" + _fallback_note(zip_info),
    )  # fmt: skip
    return None


def _swapped(report, origin, columns, lat, lon) -> tuple[float, float]:
    report.warn(
        origin.file, origin.line, columns.lat, "swapped_coordinates",
        f"{columns.lat} {lat} and {columns.lon} {lon} are swapped; read as ({lon}, {lat})",
    )  # fmt: skip
    return lon, lat


def _fallback_note(zip_info: ZipInfo | None) -> str:
    return "; using the ZIP code's centre" if zip_info else ""


def _near(point: tuple[float, float], zip_info: ZipInfo | None) -> bool:
    if zip_info is None:
        return valid_point(*point) and _in_us(point)
    return distance_km(point[0], point[1], zip_info.lat, zip_info.lon) <= MAX_KM_FROM_ZIP


def _in_us(point: tuple[float, float]) -> bool:
    """Roughly the US with Alaska, Hawaii and the territories (for points without a ZIP)."""
    lat, lon = point
    return 13 <= lat <= 72 and (-180 <= lon <= -64 or 144 <= lon <= 146)


def _from_web_mercator(y: float, x: float) -> tuple[float, float] | None:
    """EPSG:3857 metres → WGS84 degrees, trying (y, x) and (x, y) as given."""
    for northing, easting in ((y, x), (x, y)):
        if abs(easting) > 20037508.35 or abs(northing) > 20048966.1:
            continue
        lon = math.degrees(easting / _EARTH_RADIUS_M)
        lat = math.degrees(2 * math.atan(math.exp(northing / _EARTH_RADIUS_M)) - math.pi / 2)
        if abs(lat) > 1 or abs(lon) > 1:  # tiny values are not plausibly projected metres
            return lat, lon
    return None
