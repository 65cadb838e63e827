"""JSON API (HSDS-compatible listings come later; matching is here now)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, jsonify, request

from ..errors import InvalidInput
from ..i18n import render_reason
from ..operations import list_needs, match_services
from . import client_facts, context, current_actor

bp = Blueprint("api", __name__)


@bp.post("/match")
@client_facts
def match():
    """Rank services for a client: the body takes the fields of ``match --json``."""
    response = match_services(current_actor(), context(), _json_body())
    return jsonify(response.as_json(render_reason))


def _json_body() -> Any:
    """The request's JSON, or :class:`InvalidInput` saying why it is not JSON."""
    if not request.is_json:
        raise InvalidInput({"_body": ["expected a JSON object (Content-Type: application/json)."]})
    try:
        return current_app.json.loads(request.get_data(cache=False))
    except ValueError as exc:  # JSONDecodeError, UnicodeDecodeError, nested too deeply
        raise InvalidInput({"_body": [f"not valid JSON: {exc}"]}) from None


@bp.get("/needs")
def needs():
    """The needs vocabulary clients may ask for."""
    return jsonify(
        [
            {"slug": n.slug, "label": n.label, "label_es": n.label_es}
            for n in list_needs(current_actor())
        ]
    )
