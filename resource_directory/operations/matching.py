"""match_services: validate a client's request, locate them, and rank what fits."""

from __future__ import annotations

from typing import Any

from marshmallow import RAISE

from ..actor import Actor
from ..matching import MatchResponse, rank_services
from ..policy import authorize
from .context import Context
from .match_request import build_profile, parse_match_request


def match_services(
    actor: Actor, ctx: Context, request: Any, *, unknown: str = RAISE
) -> MatchResponse:
    """Rank services for a client's request (the fields of ``POST /api/match``).

    Raises :class:`InvalidInput` naming each bad field, or :class:`GeocodeFailed` when the
    client cannot be located. ``unknown`` says what to do with fields the request does not
    define (a web form sends a few of its own: ``EXCLUDE``)."""
    authorize(actor, "match_services")
    data = parse_match_request(request, unknown=unknown)
    profile = build_profile(ctx.session, ctx.geocoder, ctx.settings, data)
    return rank_services(ctx.session, profile, ctx.index())
