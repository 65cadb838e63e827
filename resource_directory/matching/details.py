"""What a search shows of the few results it returns, read in two queries.

The index holds only what ranking needs; the description, address, phones and provenance
of the services that made the cut come from the database here, so they are always current
and the index stays small.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import bindparam, or_, select
from sqlalchemy.orm import Session

from ..listings import format_address, unique_phones
from ..models import Address, Location, Organization, Phone, Service, ServiceAtLocation, Source


@dataclass(frozen=True)
class ListingDetails:
    description: str | None
    url: str | None
    external_id: str | None
    source: str | None
    organization: str
    address: str
    phones: tuple[str, ...]


def listing_details(session: Session, listing_ids: Sequence[str]) -> dict[str, ListingDetails]:
    """Details by listing (service at location) id."""
    if not listing_ids:
        return {}
    rows = session.execute(_DETAILS, {"ids": list(listing_ids)}).all()
    owners = list(dict.fromkeys((row[0], row[1], row[2]) for row in rows))
    phones = _phones(session, owners)
    details: dict[str, ListingDetails] = {}
    for row in rows:
        if row[0] in details:
            continue  # a second physical address: the first one is shown
        address = row if row.city or row.address_1 or row.postal_code else None
        details[row[0]] = ListingDetails(
            description=row.description,
            url=row.url,
            external_id=row.external_id,
            source=row[6],
            organization=row[7],
            address=format_address(address, bool(row.confidential), row[8]),
            phones=phones[row[0]],
        )
    return details


def _phones(session: Session, listings: list[tuple[str, str, str]]) -> dict[str, tuple[str, ...]]:
    """Each listing's numbers: its own first, then its service's, then its site's."""
    rows = session.execute(
        _PHONES,
        {
            "listings": list({listing for listing, _, _ in listings}),
            "services": list({service for _, service, _ in listings}),
            "sites": list({site for _, _, site in listings}),
        },
    ).all()
    found = {}
    for listing, service, site in listings:
        own = [r for r in rows if r.service_at_location_id == listing]
        of_service = [r for r in rows if r.service_id == service]
        of_site = [r for r in rows if r.location_id == site]
        found[listing] = unique_phones([*own, *of_service, *of_site])
    return found


# Built once: constructing a statement costs more than running it on a few rows.
_DETAILS = (
    select(
        ServiceAtLocation.id,
        ServiceAtLocation.service_id,
        ServiceAtLocation.location_id,
        Service.description,
        Service.url,
        Service.external_id,
        Source.name,
        Organization.name,
        Location.name,
        Location.confidential,
        Address.address_1,
        Address.address_2,
        Address.city,
        Address.state_province,
        Address.postal_code,
    )
    .join(Service, Service.id == ServiceAtLocation.service_id)
    .join(Organization, Organization.id == Service.organization_id)
    .join(Location, Location.id == ServiceAtLocation.location_id)
    .outerjoin(Source, Source.id == Service.source_id)
    .outerjoin(Address, (Address.location_id == Location.id) & (Address.address_type == "physical"))
    .where(ServiceAtLocation.id.in_(bindparam("ids", expanding=True)))
    .order_by(ServiceAtLocation.id, Address.id)
)
_PHONES = (
    select(
        Phone.service_at_location_id,
        Phone.service_id,
        Phone.location_id,
        Phone.number,
        Phone.extension,
    )
    .where(
        or_(
            Phone.service_at_location_id.in_(bindparam("listings", expanding=True)),
            Phone.service_id.in_(bindparam("services", expanding=True)),
            Phone.location_id.in_(bindparam("sites", expanding=True)),
        )
    )
    .order_by(Phone.id)
)
