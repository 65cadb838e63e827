"""show_service: one service as a coordinator or a visitor sees it, with every active site."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..actor import Actor
from ..errors import NotFound
from ..listings import (
    display_address,
    display_hours,
    display_phones,
    listing_display_options,
    service_display_options,
)
from ..models import Service
from ..models.limits import unstorable
from ..policy import authorize, visible_services
from ..taxonomy import NEEDS_BY_SLUG, Need, needs_for_terms
from .context import Context


@dataclass(frozen=True)
class SiteView:
    name: str | None
    address: str
    confidential: bool
    accessibility: str | None
    phones: tuple[str, ...]
    hours: tuple[str, ...]


@dataclass(frozen=True)
class ServiceView:
    id: str
    name: str
    organization: str
    organization_id: str
    description: str | None
    eligibility_description: str | None
    minimum_age: int | None
    maximum_age: int | None
    fees_description: str | None
    languages: tuple[str, ...]
    url: str | None
    email: str | None
    assured_date: date | None
    source: str | None
    active: bool
    needs: tuple[Need, ...]
    #: Active sites, by name; a confidential one's street is never among them.
    sites: tuple[SiteView, ...]


def show_service(actor: Actor, ctx: Context, service_id: str) -> ServiceView:
    """A service with its organization, needs and active sites; :class:`NotFound` when there
    is none the actor may see."""
    authorize(actor, "show_service")
    if unstorable(service_id) is not None:  # no such id can exist; PostgreSQL would refuse it
        raise NotFound(f"no service {service_id!r}")
    service = ctx.session.scalar(
        select(Service)
        .where(Service.id == service_id, visible_services(actor))
        .options(
            *service_display_options(),
            selectinload(Service.locations).options(*listing_display_options()),
        )
    )
    if service is None:
        raise NotFound(f"no service {service_id!r}")
    needs = needs_for_terms((t.term.taxonomy, t.term.code) for t in service.terms)
    sites = tuple(
        SiteView(
            name=listing.location.name,
            address=display_address(listing.location),
            confidential=listing.location.confidential,
            accessibility=listing.location.accessibility,
            phones=display_phones(listing),
            hours=display_hours(listing),
        )
        for listing in sorted(service.locations, key=lambda sal: sal.location.name or "")
        if listing.active
    )
    return ServiceView(
        id=service.id,
        name=service.name,
        organization=service.organization.name,
        organization_id=service.organization_id,
        description=service.description,
        eligibility_description=service.eligibility_description,
        minimum_age=service.minimum_age,
        maximum_age=service.maximum_age,
        fees_description=service.fees_description,
        languages=tuple(lang.name for lang in service.languages if lang.name),
        url=service.url,
        email=service.email,
        assured_date=service.assured_date,
        source=service.source.name if service.source else None,
        active=service.active,
        needs=tuple(NEEDS_BY_SLUG[n] for n in needs),
        sites=sites,
    )
