"""Coordinator pages: the search form with ranked, explained results; service details.

Client facts are posted, never put in URLs (they would land in access logs and history).
"""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, abort, current_app, render_template, request
from marshmallow import EXCLUDE
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..db import db
from ..errors import GeocodeFailed, InvalidInput
from ..listings import (
    display_address,
    display_hours,
    display_phones,
    listing_display_options,
    service_display_options,
)
from ..matching import match_services
from ..matching.request import build_profile, parse_match_request
from ..models import Service
from ..taxonomy import NEEDS_BY_SLUG, needs_for_terms

bp = Blueprint("coordinator", __name__)

LANGUAGES = [
    ("", "Any"), ("en", "English"), ("es", "Spanish"), ("zh", "Chinese"), ("ko", "Korean"),
    ("vi", "Vietnamese"), ("fr", "French"), ("ru", "Russian"), ("ar", "Arabic"),
    ("am", "Amharic"), ("ht", "Haitian Creole"), ("ase", "American Sign Language"),
]  # fmt: skip
_FORM_NUMBERS = ("age", "household_size", "annual_income", "radius_km")


@bp.get("/")
def search_form():
    return render_template("search.html", form={}, errors={}, response=None, languages=LANGUAGES)


@bp.post("/search")
def search():
    form = request.form
    errors: dict[str, list[str]] = {}
    response = None
    try:
        data = parse_match_request(_form_to_request(form), unknown=EXCLUDE)
        profile = build_profile(db.session, current_app.extensions["geocoder"], data)
        response = match_services(db.session, profile)
        db.session.commit()
    except (InvalidInput, GeocodeFailed) as exc:
        errors = exc.fields
    status = 400 if errors else 200
    return render_template(
        "search.html", form=form, errors=errors, response=response, languages=LANGUAGES
    ), status


@bp.get("/services/<service_id>")
def service_detail(service_id: str):
    service = db.session.scalar(
        select(Service)
        .where(Service.id == service_id)
        .options(
            *service_display_options(),
            selectinload(Service.locations).options(*listing_display_options()),
        )
    )
    if service is None:
        abort(404)
    needs = needs_for_terms((t.term.taxonomy, t.term.code) for t in service.terms)
    sites = [
        {
            "name": listing.location.name,
            "address": display_address(listing.location),
            "confidential": listing.location.confidential,
            "accessibility": listing.location.accessibility,
            "phones": display_phones(listing),
            "hours": display_hours(listing),
        }
        for listing in sorted(service.locations, key=lambda sal: sal.location.name or "")
        if listing.active
    ]
    return render_template(
        "service.html",
        service=service,
        needs=[NEEDS_BY_SLUG[n] for n in needs],
        sites=sites,
    )


def _form_to_request(form) -> dict[str, Any]:
    """The search form's strings → the match request's fields (blank means not given)."""
    data: dict[str, Any] = {"needs": form.getlist("needs")}
    where = form.get("where", "").strip()
    if re.fullmatch(r"\d{5}(-\d{4})?", where):
        data["zip"] = where
    elif where:
        data["address"] = where
    for name in _FORM_NUMBERS:
        value = form.get(name, "").strip().replace(",", "").lstrip("$")
        if value:
            data[name] = value
    for name in ("query", "language", "gender", "at", "housing_status"):
        if form.get(name, "").strip():
            data[name] = form[name].strip()
    for name in ("veteran", "disability", "pregnant"):
        if form.get(name) in {"yes", "no"}:
            data[name] = form[name] == "yes"
    data["include_ineligible"] = form.get("include_ineligible") == "on"
    return data
