"""What a match returns: one explained result per service, best first.

Reasons stay data here; a face passes its renderer (a :class:`Reason` → text in the
reader's language) to ``as_json``, which gives the text and, beside it, the codes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..geo import GeoPoint
from ..reasons import Reason

Renderer = Callable[[Reason], str]


@dataclass(frozen=True)
class MatchResult:
    service_id: str
    service_at_location_id: str
    source: str | None
    external_id: str | None
    name: str
    organization: str
    organization_id: str
    description: str | None
    address: str
    lat: float | None
    lon: float | None
    distance_km: float
    score: float
    needs: tuple[str, ...]
    eligibility: str
    reasons: tuple[Reason, ...]
    open_now: bool | None
    phones: tuple[str, ...] = ()
    hours: tuple[str, ...] = ()
    url: str | None = None
    confidential: bool = False

    def as_json(self, render: Renderer) -> dict[str, Any]:
        return {
            "service_id": self.service_id,
            "service_at_location_id": self.service_at_location_id,
            "source": self.source,
            "external_id": self.external_id,
            "name": self.name,
            "organization": self.organization,
            "address": self.address,
            "lat": self.lat,
            "lon": self.lon,
            "distance_km": self.distance_km,
            "score": self.score,
            "needs": list(self.needs),
            "eligibility": self.eligibility,
            "reasons": [render(reason) for reason in self.reasons],
            "reason_codes": [reason.code for reason in self.reasons],
            "open_now": self.open_now,
            "phones": list(self.phones),
            "hours": list(self.hours),
            "url": self.url,
        }


@dataclass(frozen=True)
class MatchResponse:
    client: GeoPoint
    results: list[MatchResult] = field(default_factory=list)

    def as_json(self, render: Renderer) -> dict[str, Any]:
        return {
            "client": {
                "lat": self.client.lat,
                "lon": self.client.lon,
                "precision": self.client.precision,
            },
            "results": [r.as_json(render) for r in self.results],
        }
