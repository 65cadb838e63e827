"""Free-text US address parsing (usaddress), offline."""

from __future__ import annotations

from dataclasses import dataclass

import usaddress

from .zipcodes import normalize_zip

_STREET_PARTS = (
    "AddressNumber",
    "StreetNamePreDirectional",
    "StreetNamePreType",
    "StreetName",
    "StreetNamePostType",
    "StreetNamePostDirectional",
)


@dataclass(frozen=True)
class ParsedAddress:
    street: str | None
    city: str | None
    state: str | None
    zip: str | None


def parse_address(text: str) -> ParsedAddress:
    """Split an address into street / city / state / ZIP; parts it cannot find are None."""
    try:
        tagged, _kind = usaddress.tag(text)
    except usaddress.RepeatedLabelError as exc:
        # Ambiguous strings ("Main St Main St 21201") still have usable pieces.
        tagged = {}
        for token, label in exc.parsed_string:
            tagged.setdefault(label, token)
    street = " ".join(tagged[p] for p in _STREET_PARTS if p in tagged) or None
    state = tagged.get("StateName")
    return ParsedAddress(
        street=street,
        city=(tagged.get("PlaceName") or "").strip(" ,") or None,
        state=state.strip(" ,.").upper() if state else None,
        zip=normalize_zip(tagged.get("ZipCode")),
    )
