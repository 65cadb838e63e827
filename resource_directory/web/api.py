"""JSON API (HSDS-compatible listings come later; matching is here now)."""

from __future__ import annotations

from flask import Blueprint, jsonify, request

from ..errors import InvalidInput
from ..i18n import render_reason
from ..operations import list_needs, match_services
from . import context, current_actor

bp = Blueprint("api", __name__)


@bp.post("/match")
def match():
    """Rank services for a client: the body takes the fields of ``match --json``."""
    payload = request.get_json(silent=True)
    if payload is None:
        raise InvalidInput({"_body": ["expected a JSON object."]})
    response = match_services(current_actor(), context(), payload)
    return jsonify(response.as_json(render_reason))


@bp.get("/needs")
def needs():
    """The needs vocabulary clients may ask for."""
    return jsonify(
        [
            {"slug": n.slug, "label": n.label, "label_es": n.label_es}
            for n in list_needs(current_actor())
        ]
    )
