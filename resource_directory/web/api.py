"""JSON API (HSDS-compatible listings come later; matching is here now)."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, request

from ..db import db
from ..matching import match_services
from ..matching.request import build_profile, parse_match_request
from ..taxonomy import NEEDS

bp = Blueprint("api", __name__)


@bp.post("/match")
def match():
    """Rank services for a client: the body takes the fields of ``match --json``."""
    payload = request.get_json(silent=True)
    if payload is None:
        return jsonify(
            {"message": "send a JSON object", "errors": {"_body": ["expected a JSON object."]}}
        ), 400
    data = parse_match_request(payload)
    profile = build_profile(db.session, current_app.extensions["geocoder"], data)
    response = match_services(db.session, profile)
    db.session.commit()  # geocoder cache entries, if a street geocoder is configured
    return jsonify(response.as_json())


@bp.get("/needs")
def needs():
    """The needs vocabulary clients may ask for."""
    return jsonify([{"slug": n.slug, "label": n.label, "label_es": n.label_es} for n in NEEDS])
