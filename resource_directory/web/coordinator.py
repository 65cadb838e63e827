"""Coordinator pages: the search form with ranked, explained results; service details.

Client facts are posted, never put in URLs (they would land in access logs and history).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, request
from marshmallow import EXCLUDE

from ..errors import GeocodeFailed, InvalidInput
from ..operations import match_services, show_service
from . import client_facts, context, current_actor

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
@client_facts
def search():
    form = request.form
    errors: dict[str, list[str]] = {}
    response = None
    try:
        response = match_services(
            current_actor(), context(), _form_to_request(form), unknown=EXCLUDE
        )
    except (InvalidInput, GeocodeFailed) as exc:
        errors = exc.fields
    status = 400 if errors else 200
    return render_template(
        "search.html", form=form, errors=errors, response=response, languages=LANGUAGES
    ), status


@bp.get("/services/<service_id>")
def service_detail(service_id: str):
    return render_template(
        "service.html", service=show_service(current_actor(), context(), service_id)
    )


def _form_to_request(form) -> dict[str, Any]:
    """The search form's strings → the match request's fields (blank means not given)."""
    data: dict[str, Any] = {"needs": form.getlist("needs"), "where": form.get("where", "")}
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
