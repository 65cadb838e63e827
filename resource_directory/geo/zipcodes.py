"""Offline ZIP code table: centroids, city, county and time zone for every US ZIP.

Data: ``geo/data/zipcodes.tsv.gz``, built by ``scripts/build_zip_table.py`` from the
``zipcodes`` package (derived from public USPS / GeoNames data; see README "Credits").
Loaded once per process, on first use (about 10 MB in memory).
"""

from __future__ import annotations

import csv
import gzip
import io
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from statistics import fmean

TABLE = Path(__file__).parent / "data" / "zipcodes.tsv.gz"

_ZIP = re.compile(r"^\s*(\d{5})(?:-\d{4})?\s*$")


@dataclass(frozen=True, slots=True)
class ZipInfo:
    zip: str
    lat: float
    lon: float
    city: str
    state: str
    county: str | None
    timezone: str | None
    standard: bool = True


@cache
def _table() -> dict[str, ZipInfo]:
    table: dict[str, ZipInfo] = {}
    with gzip.open(TABLE, "rb") as raw, io.TextIOWrapper(raw, encoding="utf-8") as text:
        for row in csv.DictReader(text, delimiter="\t"):
            table[row["zip"]] = ZipInfo(
                zip=row["zip"],
                lat=float(row["lat"]),
                lon=float(row["lon"]),
                city=row["city"],
                state=row["state"],
                county=row["county"] or None,
                timezone=row["timezone"] or None,
                standard=row["standard"] == "1",
            )
    return table


def normalize_zip(value: str | int | None) -> str | None:
    """'21218', '21218-1234' → '21218'; anything else → None."""
    if value is None:
        return None
    match = _ZIP.match(str(value))
    return match.group(1) if match else None


@lru_cache(maxsize=65536)  # imports look the same few ZIPs up row after row
def lookup_zip(value: str | int | None) -> ZipInfo | None:
    """The centroid and place names of a ZIP code, or None when unknown."""
    code = normalize_zip(value)
    return _table().get(code) if code else None


@cache
def _cities() -> dict[tuple[str, str], list[ZipInfo]]:
    cities: dict[tuple[str, str], list[ZipInfo]] = defaultdict(list)
    for info in _table().values():
        cities[(info.city.lower(), info.state)].append(info)
    return cities


def lookup_city(city: str, state: str) -> ZipInfo | None:
    """A city's centre (mean of its ZIP centroids) as a ZipInfo without a single ZIP."""
    infos = _cities().get((city.strip().lower(), state.strip().upper()))
    if not infos:
        return None
    counties = {i.county for i in infos}
    return ZipInfo(
        zip="",
        lat=round(fmean(i.lat for i in infos), 5),
        lon=round(fmean(i.lon for i in infos), 5),
        city=infos[0].city,
        state=infos[0].state,
        county=counties.pop() if len(counties) == 1 else None,
        timezone=infos[0].timezone,
    )


@cache
def _grid() -> dict[tuple[int, int], list[ZipInfo]]:
    grid: dict[tuple[int, int], list[ZipInfo]] = defaultdict(list)
    for info in _table().values():
        if not info.standard:  # PO-box and single-building ZIPs are not places
            continue
        grid[(int(info.lat // 1), int(info.lon // 1))].append(info)
    return grid


def nearest_zip(lat: float, lon: float, max_km: float = 40.0) -> ZipInfo | None:
    """The ZIP whose centroid is closest to a point (to derive city and county), if any."""
    from .distance import distance_km

    cell = (int(lat // 1), int(lon // 1))
    candidates = [
        info
        for dlat in (-1, 0, 1)
        for dlon in (-1, 0, 1)
        for info in _grid().get((cell[0] + dlat, cell[1] + dlon), ())
    ]
    best = min(candidates, key=lambda i: (i.lat - lat) ** 2 + (i.lon - lon) ** 2, default=None)
    if best is None or distance_km(lat, lon, best.lat, best.lon) > max_km:
        return None
    return best
