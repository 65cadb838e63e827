"""An HSDS location row + its address rows → a placed LocationRecord.

HSDS keeps the point on the location (``latitude``/``longitude``) and the ZIP on its address,
often in another file: the two are combined for the shared coordinate checks. A location
that cannot be placed (no usable point, no known ZIP) is kept without coordinates, with a
warning, so the services offered there are still listed; only a point that is not a number
is an error.
"""

from __future__ import annotations

from ..places import Columns, place_location, repair_zip
from ..records import ImportReport, LocationRecord
from .rows import Row
from .values import LOCATION_TYPES, joined

_ADDRESS_FIELDS = ("address_1", "address_2", "address_3", "address_4", "city", "region",
                   "state_province", "postal_code", "country")  # fmt: skip


def pick_address(location: Row, rows: list[Row], report: ImportReport) -> Row | None:
    """The physical address (else the postal one); a second, different one is reported."""
    by_type: dict[str, list[Row]] = {"physical": [], "postal": []}
    for row in rows:
        kind = row.get("address_type").lower() or row.variant or "physical"
        if kind in by_type:
            by_type[kind].append(row)
    chosen = by_type["physical"] or by_type["postal"]
    if not chosen:
        return None
    first = chosen[0]
    for other in chosen[1:]:
        if [other.get(f) for f in _ADDRESS_FIELDS] != [first.get(f) for f in _ADDRESS_FIELDS]:
            where = f"line {first.line}" if first.line else "the first"
            report.warn(
                other.file, other.line, other.column("address_1"), "conflicting_values",
                f"{location.label()} has more than one address; the one on {where} is used",
            )  # fmt: skip
    return first


def build_location(
    row: Row,
    address: Row | None,
    report: ImportReport,
    organization_id: str | None,
    **parts,
) -> LocationRecord | None:
    """The location record, or None when its coordinates are unreadable (an error)."""
    location_type = row.get("location_type").lower() or "physical"
    if location_type not in LOCATION_TYPES:
        report.warn(
            row.file, row.line, row.column("location_type"), "invalid_value",
            f"location_type {location_type!r} is not physical, postal or virtual; read as "
            "physical",
        )  # fmt: skip
        location_type = "physical"
    get = address.get if address else (lambda *names: "")
    zip_raw = get("postal_code")
    zip_info = (
        repair_zip(
            zip_raw,
            report,
            address.origin,
            address.column("postal_code"),
            state=get("state_province"),
            city=get("city"),
        )  # fmt: skip
        if address and zip_raw
        else None
    )
    lat, lon = row.get("latitude"), row.get("longitude")
    placed = None
    if location_type != "virtual" or lat or lon or zip_info:
        errors_before = len(report.errors)
        placed = place_location(
            report, row.origin, lat, lon, zip_info, required=False,
            columns=Columns(row.column("latitude"), row.column("longitude"), "postal_code"),
        )  # fmt: skip
        if len(report.errors) > errors_before:
            return None
    place = placed.place if placed else None
    state = get("state_province")
    state = state.upper() if len(state) == 2 else state

    return LocationRecord(
        external_id=row.id,
        organization_external_id=organization_id,
        name=row.get("name") or None,
        address_1=get("address_1") or None,
        address_2=joined([get("address_2"), get("address_3"), get("address_4")], ", "),
        city=get("city") or (place.city if place else None),
        state=state or (place.state if place else None),
        postal_code=(placed.postal_code if placed else None) or zip_raw or None,
        # HSDS "region" is free text ("Mid-Atlantic"); the ZIP's county is known to be one.
        county=(place.county if place else None) or get("region") or None,
        latitude=placed.lat if placed else None,
        longitude=placed.lon if placed else None,
        geocode_precision=_precision(placed, zip_info),
        time_zone=place.timezone if place else None,
        description=row.get("description") or None,
        transportation=row.get("transportation") or None,
        location_type=location_type,
        origin=row.origin,
        **parts,
    )


def _precision(placed, zip_info) -> str | None:
    """A stated point that is exactly its ZIP's centre is ZIP-level (an export of a location
    placed by its ZIP writes that centre as the point)."""
    if placed is None:
        return None
    if zip_info is not None and (placed.lat, placed.lon) == (
        round(zip_info.lat, 6),
        round(zip_info.lon, 6),
    ):
        return "zip"
    return placed.precision
