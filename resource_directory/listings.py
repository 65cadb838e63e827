"""How a listing is shown: addresses (confidential ones hidden), phones, hours."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import joinedload, selectinload

from importers.normalize import format_phone

from .models import Address, Location, Phone, Schedule, Service, ServiceAtLocation, ServiceTaxonomy

CONFIDENTIAL_ADDRESS = "Confidential location — call for address"


def display_address(location: Location) -> str:
    """One-line address; never the street of a confidential location."""
    return format_address(location.physical_address, location.confidential, location.name)


def format_address(address: Address | None, confidential: bool, site_name: str | None) -> str:
    """One line from an address (or anything with its fields); a confidential site's city only."""
    if confidential:
        if address and address.city:
            return f"{CONFIDENTIAL_ADDRESS} ({address.city}, {address.state_province or ''})"
        return CONFIDENTIAL_ADDRESS
    if address is None:
        return site_name or ""
    place = " ".join(p for p in (address.state_province, address.postal_code) if p)
    parts = [address.address_1, address.address_2, address.city, place]
    return ", ".join(p for p in parts if p)


def display_phones(listing: ServiceAtLocation) -> tuple[str, ...]:
    """The listing's own numbers first, then the service's, the site's (no repeats)."""
    return unique_phones([*listing.phones, *listing.service.phones, *listing.location.phones])


def unique_phones(phones: Iterable[Phone]) -> tuple[str, ...]:
    """Formatted numbers in the order given, each once (anything with number and extension)."""
    return tuple(dict.fromkeys(format_phone(p.number, p.extension) for p in phones))


def display_hours(listing: ServiceAtLocation) -> tuple[str, ...]:
    """Hours as the agency wrote them (each parsed row keeps that text), most specific first."""
    schedules = listing.schedules or listing.service.schedules or listing.location.schedules
    return hours_as_written(schedules)


def hours_as_written(schedules: Iterable[Schedule]) -> tuple[str, ...]:
    """Each distinct description of some schedule rows, in order."""
    return tuple(dict.fromkeys(s.description for s in schedules if s.description))


def public_point(location: Location) -> tuple[float | None, float | None]:
    """The point shown to others: a confidential location's is already its ZIP centre."""
    return location.latitude, location.longitude


def service_display_options() -> tuple:
    """Eager loads for showing a service: its organization and source joined in, one query
    per other related table, never one per row."""
    return (
        joinedload(Service.organization),
        joinedload(Service.source),
        selectinload(Service.terms).joinedload(ServiceTaxonomy.term),
        selectinload(Service.languages),
        selectinload(Service.phones),
        selectinload(Service.schedules),
    )


def listing_display_options() -> tuple:
    """Eager loads for showing where a service is offered (site, phones, hours)."""
    return (
        joinedload(ServiceAtLocation.location).options(
            selectinload(Location.addresses),
            selectinload(Location.phones),
            selectinload(Location.schedules),
        ),
        selectinload(ServiceAtLocation.phones),
        selectinload(ServiceAtLocation.schedules),
    )
