"""What every page says about the directory as a whole, and the needs vocabulary."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from ..actor import Actor
from ..models import Service, Source
from ..policy import authorize
from ..taxonomy import NEEDS, Need
from .context import Context

#: Name of the source the bundled demonstration dataset is imported as (Makefile).
DEMO_SOURCE = "demo"


@dataclass(frozen=True)
class DirectoryInfo:
    #: The bundled demonstration listings are loaded (pages show a banner saying so).
    demo_data: bool


def describe_directory(actor: Actor, ctx: Context) -> DirectoryInfo:
    authorize(actor, "describe_directory")
    demo = ctx.session.scalar(
        select(Service.id)
        .join(Source, Service.source_id == Source.id)
        .where(Source.name == DEMO_SOURCE, Service.active)
        .limit(1)
    )
    return DirectoryInfo(demo_data=demo is not None)


def list_needs(actor: Actor) -> tuple[Need, ...]:
    """The needs clients may ask for."""
    authorize(actor, "list_needs")
    return NEEDS
