"""The columns of each kind of imported record, as the writer stores them.

Foreign keys come from the ids the writer has resolved so far (``ids``: table → external id
→ directory id); in a dry run a record created by an earlier chunk has no row to point at,
hence the ``.get``.
"""

from __future__ import annotations

from typing import Any

from importers.records import (
    LocationRecord,
    OrganizationRecord,
    ServiceAtLocationRecord,
    ServiceRecord,
)

from ...eligibility import age_limits
from .children import rules_of


class Columns:
    def __init__(self, ids: dict[str, dict[str, str]]):
        self.ids = ids

    def of(self, table: str):
        """The row maker of a record-set table ("services" …)."""
        return {
            "organizations": self.organization_row,
            "locations": self.location_row,
            "services": self.service_row,
            "service_at_locations": self.listing_row,
        }[table]

    def organization_row(self, r: OrganizationRecord) -> dict[str, Any]:
        return {
            "name": r.name,
            "alternate_name": r.alternate_name,
            "description": r.description,
            "email": r.email,
            "website": r.website,
        }

    def location_row(self, r: LocationRecord) -> dict[str, Any]:
        org = r.organization_external_id
        return {
            "organization_id": self.ids["organizations"].get(org) if org else None,
            "location_type": r.location_type,
            "name": r.name,
            "description": r.description,
            "transportation": r.transportation,
            "latitude": r.latitude,
            "longitude": r.longitude,
            "geocode_precision": r.geocode_precision,
            "time_zone": r.time_zone,
            "accessibility": r.accessibility,
            "confidential": r.confidential,
        }

    def service_row(self, r: ServiceRecord) -> dict[str, Any]:
        minimum, maximum = age_limits(rules_of(r.eligibility_description))
        return {
            "organization_id": self.ids["organizations"].get(r.organization_external_id),
            "name": r.name,
            "alternate_name": r.alternate_name,
            "description": r.description,
            "url": r.url,
            "email": r.email,
            "status": r.status,
            "application_process": r.application_process,
            "interpretation_services": r.interpretation_services,
            "fees_description": r.fees_description,
            "eligibility_description": r.eligibility_description,
            # Ages the source gives as fields win over ages read from its prose.
            "minimum_age": r.minimum_age if r.minimum_age is not None else minimum,
            "maximum_age": r.maximum_age if r.maximum_age is not None else maximum,
            "assured_date": r.assured_date,
            "accepting_referrals": r.accepting_referrals,
            "capacity_available": r.capacity_available,
            "capacity_updated": r.capacity_updated,
        }

    def listing_row(self, r: ServiceAtLocationRecord) -> dict[str, Any]:
        return {
            "service_id": self.ids["services"].get(r.service_external_id),
            "location_id": self.ids["locations"].get(r.location_external_id),
            "description": r.description,
        }
