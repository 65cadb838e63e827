"""What an operation works with besides the actor: the unit of work's session, the
settings it reads, and the process's shared services (geocoder, search index).

Faces build one :class:`Context` per request or command (``resource_directory.app``);
operations never reach for Flask or the environment themselves.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from ..geo import Geocoder
from ..matching.freshness import IndexHolder


@dataclass(frozen=True)
class Settings:
    """The settings operations read (from ``app.config``; see ``config.py``)."""

    default_radius_km: float = 25.0
    default_limit: int = 20

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> Settings:
        return cls(
            default_radius_km=float(config["DEFAULT_RADIUS_KM"]),
            default_limit=int(config["DEFAULT_LIMIT"]),
        )


@dataclass(frozen=True)
class Context:
    session: Session
    settings: Settings = field(default_factory=Settings)
    geocoder: Geocoder = field(default_factory=Geocoder)
    #: The process's search index (rebuilt when an import moves the directory's version);
    #: without one, each search builds its own.
    search_index: IndexHolder | None = None

    def index(self):
        """The search index for the directory as this unit of work sees it."""
        holder = self.search_index or IndexHolder()
        return holder.get(self.session)
