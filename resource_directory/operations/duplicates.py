"""find_duplicate_candidates: the same service listed by two sources, for a person to review.

Two listings are candidates when they are close (same building or block) and their
organization + service names are alike, or they share a phone number or website. Nothing is
merged automatically: candidates are stored with their score and reasons.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from rapidfuzz import fuzz
from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from ..geo import distance_km
from ..models import (
    DuplicateCandidate,
    Location,
    Organization,
    Phone,
    Service,
    ServiceAtLocation,
)

#: Listings further apart than this are never the same place.
NEAR_KM = 0.25
#: rapidfuzz token_set_ratio of "organization service" names that counts as alike.
NAME_SIMILARITY = 85
#: Grid cell size in degrees (about 1.1 km north–south), so neighbours are found cheaply.
CELL = 0.01


@dataclass(frozen=True)
class _Listing:
    service_id: str
    source_id: str | None
    name: str
    lat: float
    lon: float
    phones: frozenset[str]
    site: str | None


def find_duplicate_candidates(session: Session, service_ids: Iterable[str]) -> int:
    """Compare the given services with other sources' services nearby; store new candidates."""
    wanted = set(service_ids)
    if not wanted or session.scalar(select(func.count(distinct(Service.source_id)))) < 2:
        return 0
    mine = _listings(session, wanted)
    if not mine:
        return 0
    cells = {_cell(item.lat, item.lon) for item in mine}
    neighbours = {(a + da, b + db) for a, b in cells for da in (-1, 0, 1) for db in (-1, 0, 1)}
    others = _listings_in_cells(session, neighbours, {item.source_id for item in mine})
    grid: dict[tuple[int, int], list[_Listing]] = defaultdict(list)
    for item in others:
        grid[_cell(item.lat, item.lon)].append(item)

    existing = _existing_pairs(session, wanted)
    found: dict[tuple[str, str], DuplicateCandidate] = {}
    for item in mine:
        a, b = _cell(item.lat, item.lon)
        for da in (-1, 0, 1):
            for db in (-1, 0, 1):
                for other in grid.get((a + da, b + db), ()):
                    if other.source_id == item.source_id or other.service_id == item.service_id:
                        continue
                    pair = tuple(sorted((item.service_id, other.service_id)))
                    if pair in existing or pair in found:
                        continue
                    candidate = _compare(item, other)
                    if candidate is not None:
                        found[pair] = DuplicateCandidate(
                            service_id=pair[0], other_service_id=pair[1],
                            score=candidate[0], reasons=candidate[1],
                        )  # fmt: skip
    session.add_all(found.values())
    session.flush()
    return len(found)


def _compare(a: _Listing, b: _Listing) -> tuple[float, list[str]] | None:
    km = distance_km(a.lat, a.lon, b.lat, b.lon)
    if km > NEAR_KM:
        return None
    similarity = fuzz.token_set_ratio(a.name, b.name)
    reasons = [f"{km * 1000:.0f} m apart"]
    shared_phone = a.phones & b.phones
    same_site = a.site is not None and a.site == b.site
    if similarity >= NAME_SIMILARITY:
        reasons.append(f"names {similarity:.0f}% alike")
    if shared_phone:
        reasons.append(f"same phone {sorted(shared_phone)[0]}")
    if same_site:
        reasons.append(f"same website {a.site}")
    if len(reasons) == 1:
        return None
    score = min(1.0, similarity / 100 * 0.6 + 0.25 * bool(shared_phone) + 0.15 * same_site)
    return round(score, 3), reasons


def _cell(lat: float, lon: float) -> tuple[int, int]:
    return math.floor(lat / CELL), math.floor(lon / CELL)


def _base_query():
    return (
        select(
            Service.id, Service.source_id, Organization.name, Service.name, Service.url,
            Location.latitude, Location.longitude,
        )
        .join(Organization, Service.organization_id == Organization.id)
        .join(ServiceAtLocation, ServiceAtLocation.service_id == Service.id)
        .join(Location, ServiceAtLocation.location_id == Location.id)
        .where(Service.active, Location.latitude.is_not(None), Location.longitude.is_not(None))
    )  # fmt: skip


def _listings(session: Session, service_ids: set[str]) -> list[_Listing]:
    rows = []
    ids = list(service_ids)
    for start in range(0, len(ids), 500):
        rows.extend(session.execute(_base_query().where(Service.id.in_(ids[start : start + 500]))))
    return _with_phones(session, rows)


def _listings_in_cells(
    session: Session, cells: set[tuple[int, int]], exclude_sources: set[str | None]
) -> list[_Listing]:
    """Other sources' listings in the given grid cells (one bounding-box query)."""
    if not cells:
        return []
    lats = [c[0] for c in cells]
    lons = [c[1] for c in cells]
    rows = session.execute(
        _base_query().where(
            Location.latitude.between(min(lats) * CELL, (max(lats) + 1) * CELL),
            Location.longitude.between(min(lons) * CELL, (max(lons) + 1) * CELL),
            Service.source_id.not_in([s for s in exclude_sources if s is not None]),
        )
    ).all()
    return [item for item in _with_phones(session, rows) if _cell(item.lat, item.lon) in cells]


def _with_phones(session: Session, rows) -> list[_Listing]:
    ids = list({row[0] for row in rows})
    phones: dict[str, set[str]] = defaultdict(set)
    for start in range(0, len(ids), 500):
        batch = ids[start : start + 500]
        for service_id, number in session.execute(
            select(ServiceAtLocation.service_id, Phone.number)
            .join(Phone, Phone.service_at_location_id == ServiceAtLocation.id)
            .where(ServiceAtLocation.service_id.in_(batch))
        ):
            phones[service_id].add(number)
        for service_id, number in session.execute(
            select(Phone.service_id, Phone.number).where(Phone.service_id.in_(batch))
        ):
            phones[service_id].add(number)
    return [
        _Listing(
            service_id=sid, source_id=source_id, name=f"{org} {name}", lat=lat, lon=lon,
            phones=frozenset(phones.get(sid, ())), site=_site(url),
        )
        for sid, source_id, org, name, url, lat, lon in rows
    ]  # fmt: skip


def _site(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).netloc.lower()
    return host.removeprefix("www.") or None


def _existing_pairs(session: Session, service_ids: set[str]) -> set[tuple[str, str]]:
    pairs: set[tuple[str, str]] = set()
    ids = list(service_ids)
    for start in range(0, len(ids), 500):
        batch = ids[start : start + 500]
        for a, b in session.execute(
            select(DuplicateCandidate.service_id, DuplicateCandidate.other_service_id).where(
                DuplicateCandidate.service_id.in_(batch)
                | DuplicateCandidate.other_service_id.in_(batch)
            )
        ):
            pairs.add((a, b))
    return pairs
