"""The client a search is for: where they are, what they need, and a few facts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..geo import GeoPoint


@dataclass(frozen=True)
class ClientProfile:
    location: GeoPoint
    needs: tuple[str, ...] = ()
    query: str | None = None
    age: int | None = None
    household_size: int | None = None
    annual_income: float | None = None
    veteran: bool | None = None
    gender: str | None = None
    disability: bool | None = None
    pregnant: bool | None = None
    #: "homeless", "at_risk" or "housed".
    housing_status: str | None = None
    #: Ages of the children in the household; () means none, None means not asked.
    children_ages: tuple[int, ...] | None = None
    language: str | None = None
    radius_km: float = 25.0
    limit: int = 20
    at: datetime | None = None
    include_ineligible: bool = False
