"""locations.csv + addresses.csv → location records, placed on the map.

Each location has at most one physical address (addresses.csv). mail_addresses.csv holds
postal addresses — often a PO box or a person's name under ``attention`` — so it is not
shown as where to go; it is read only to place a location that has no physical address
(its city, state and ZIP, never its street lines).
"""

from __future__ import annotations

import re

from ..normalize import parse_languages
from ..places import Columns, place_location, repair_zip
from ..records import LanguageRecord, LocationRecord, OrganizationRecord
from .tables import Row
from .values import Folder, split_list, text

#: Ohana's accessibility codes and how the directory shows them.
ACCESSIBILITY = {
    "cd": "Information on CD",
    "deaf_interpreter": "Deaf interpreter",
    "disabled_parking": "Disabled parking",
    "elevator": "Elevator",
    "ramp": "Ramp",
    "restroom": "Accessible restroom",
    "tape_braille": "Information on tape or in Braille",
    "tty": "TTY",
    "wheelchair": "Wheelchair accessible",
    "wheelchair_van": "Wheelchair-accessible van",
}
_COLUMNS = Columns(lat="latitude", lon="longitude", zip="postal_code")
_WORD = re.compile(r"^[^\W\d_]+(?:-[^\W\d_]+)?$")
_NOT_LANGUAGES = {"none", "all", "other", "others", "various", "varies", "interpreters"}


def read_locations(
    folder: Folder, organizations: dict[str, OrganizationRecord]
) -> dict[str, LocationRecord]:
    physical = _addresses(folder)
    # Exports keep mail addresses of locations they no longer have (CHARMcare: 392 of
    # 1,874); as the file only helps place a location, those rows are not errors.
    postal: dict[str, Row] = {}
    for row in folder.rows("mail_addresses.csv"):
        postal.setdefault(row.get("location_id"), row)
    found: dict[str, LocationRecord] = {}
    for row in folder.rows("locations.csv"):
        organization = folder.target(row, "organization_id", "organizations.csv", organizations)
        if organization is None:
            continue
        ext = row.get("id")
        location = _location(folder, row, organization, physical.get(ext), postal.get(ext))
        if location is not None:
            found[ext] = location
    return found


def _addresses(folder: Folder) -> dict[str, Row]:
    """{location id: physical address}; one for a location the file lacks is an error."""
    locations = folder.seen("locations.csv")
    return {
        row.get("location_id"): row
        for row in folder.rows("addresses.csv")
        if folder.target(row, "location_id", "locations.csv", locations) is not None
    }


def _location(
    folder: Folder, row: Row, organization: str, address: Row | None, mail: Row | None
) -> LocationRecord | None:
    report = folder.report
    virtual = folder.flag(row, "virtual")
    # A virtual location is reached online or by phone: it has no place on the map.
    where = None if virtual else (address or mail)
    placed = place = None
    if not virtual:
        zip_info = None
        if where is not None:
            zip_info = repair_zip(
                where.get("postal_code"), report, where.origin, "postal_code",
                state=where.get("state_province"), city=where.get("city"),
            )  # fmt: skip
        errors = len(report.errors)
        # A location without a point or a known ZIP is kept (without coordinates) so that
        # its services are still listed; place_location has said why it could not place it.
        placed = place_location(
            report, row.origin, row.get("latitude"), row.get("longitude"), zip_info,
            columns=_COLUMNS, required=False,
        )  # fmt: skip
        if len(report.errors) > errors:  # a coordinate that is not a number
            return None
        place = placed.place if placed else zip_info
    street = None if virtual else address
    city = (where.get("city") if where else "") or (place.city if place else "")
    state = (where.get("state_province") if where else "") or (place.state if place else "")
    postal_code = (placed.postal_code if placed else None) or (
        where.get("postal_code") if where else None
    )
    return LocationRecord(
        external_id=row.get("id"),
        organization_external_id=organization,
        name=text(row, "name"),
        address_1=text(street, "address_1") if street else None,
        address_2=text(street, "address_2") if street else None,
        city=city or None,
        state=state.upper() or None,
        postal_code=postal_code or None,
        county=place.county if place else None,
        latitude=placed.lat if placed else None,
        longitude=placed.lon if placed else None,
        geocode_precision=placed.precision if placed else None,
        time_zone=place.timezone if place else None,
        accessibility=accessibility_text(row.get("accessibility")),
        description=text(row, "description", "short_desc"),
        transportation=text(row, "transportation"),
        location_type="virtual" if virtual else "physical",
        # The field's notes are dropped: a location record has no place for them (a
        # service's go to its interpretation_services).
        languages=languages(row.get("languages"))[0],
        origin=row.origin,
    )


def accessibility_text(raw: str) -> str | None:
    """'disabled_parking, ramp' → 'Disabled parking, Ramp' (unknown codes made readable)."""
    names = [
        ACCESSIBILITY.get(code.lower(), code.replace("_", " ").capitalize())
        for code in split_list(raw)
    ]
    return ", ".join(dict.fromkeys(names)) or None


def languages(raw: str) -> tuple[tuple[LanguageRecord, ...], str | None]:
    """Free text or Postgres array text ('{English,Spanish}') → (languages, notes).

    Exports write notes into this field ("Accommodations possible.", "Language Line
    available"): a part is a language when it has an ISO code or is one capitalised word
    such as "Hebrew"; the other parts are returned as notes about interpretation.
    """
    joined = ", ".join(split_list(raw)) if raw.strip().startswith("{") else raw
    found, notes = [], []
    for name, code in parse_languages(joined):
        if code is not None or (
            _WORD.match(name) and name[0].isupper() and name.lower() not in _NOT_LANGUAGES
        ):
            found.append(LanguageRecord(name, code))
        else:
            notes.append(name)
    return tuple(found), "; ".join(notes) or None
