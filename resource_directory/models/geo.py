"""Cached geocoder answers (keyed by a hash: client addresses are never stored as text)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, pk, utcnow


class GeocodeCache(Base):
    __tablename__ = "geocode_cache"

    id: Mapped[str] = pk()
    provider: Mapped[str] = mapped_column(String(50))
    query_hash: Mapped[str] = mapped_column(String(64), unique=True)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    precision: Mapped[str | None] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
