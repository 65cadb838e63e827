"""The one place a match request is validated and turned into a client profile, whichever
face it came through."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from marshmallow import (
    RAISE,
    Schema,
    ValidationError,
    fields,
    pre_load,
    validate,
    validates_schema,
)
from sqlalchemy.orm import Session

from ..errors import InvalidInput
from ..geo import Geocoder, locate
from ..matching import ClientProfile
from ..models.limits import unstorable
from ..schedules.open_now import DEFAULT_TIME_ZONE
from ..taxonomy import NEED_SLUGS, validate_needs
from .context import Settings

HOUSING_STATUSES = ("homeless", "at_risk", "housed")
_ZIP = re.compile(r"\s*\d{5}(-\d{4})?\s*")
#: Years an ``at`` may fall in: open-now looks weeks ahead and converts between time zones,
#: which must stay inside what a ``datetime`` can hold.
AT_YEARS = (1900, 2999)
CHOOSE_A_NEED = f"choose at least one need ({', '.join(NEED_SLUGS)}) or a query."


class Text(fields.String):
    """A string every database can store (no NUL, no unpaired surrogate)."""

    default_error_messages = {"unstorable": "contains {problem}, which is not allowed."}

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        if (problem := unstorable(text)) is not None:
            raise self.make_error("unstorable", problem=problem)
        return text


class WholeNumber(fields.Integer):
    """An integer, given as a number or as text: ``59.9`` and ``"59.9"`` are both refused
    alike (never cut to 59), while ``60``, ``60.0`` and ``"60"`` are all 60."""

    default_error_messages = {
        "not_whole": "must be a whole number.",
        "too_large": "Number too large.",
    }
    #: Digits beyond which a number is refused before it is expanded (``"1e999999999"``).
    MAX_DIGITS = 18

    def _format_num(self, value: Any) -> int:
        if isinstance(value, int):
            return value
        try:
            number = Decimal(value.strip() if isinstance(value, str) else value)
        except (InvalidOperation, TypeError):
            raise ValueError(value) from None
        if not number.is_finite():
            raise ValueError(value)
        if number.adjusted() >= self.MAX_DIGITS:
            raise self.make_error("too_large")
        if number != number.to_integral_value():
            raise self.make_error("not_whole")
        return int(number)


def _within_at_years(moment: datetime) -> None:
    first, last = AT_YEARS
    if not first <= moment.year <= last:
        raise ValidationError(f"must be between the years {first} and {last}.")


class MatchRequestSchema(Schema):
    """Fields of ``POST /api/match`` (and the CLI's and search form's equivalents)."""

    class Meta:
        unknown = RAISE

    address = Text(validate=validate.Length(min=1, max=500))
    zip = fields.String(
        validate=validate.Regexp(r"^\s*\d{5}(-\d{4})?\s*$", error="must be a 5-digit US ZIP code.")
    )
    lat = fields.Float(validate=validate.Range(-90, 90))
    lon = fields.Float(validate=validate.Range(-180, 180))
    needs = fields.List(
        Text(),
        load_default=list,
        validate=validate.Length(
            max=len(NEED_SLUGS), error=f"at most {len(NEED_SLUGS)} needs (one of each)."
        ),
    )
    query = Text(validate=validate.Length(min=1, max=200))
    age = WholeNumber(validate=validate.Range(0, 120), allow_none=True)
    household_size = WholeNumber(validate=validate.Range(1, 30), allow_none=True)
    annual_income = fields.Float(validate=validate.Range(0, 10_000_000), allow_none=True)
    veteran = fields.Boolean(allow_none=True)
    disability = fields.Boolean(allow_none=True)
    pregnant = fields.Boolean(allow_none=True)
    housing_status = fields.String(validate=validate.OneOf(HOUSING_STATUSES), allow_none=True)
    children_ages = fields.List(
        WholeNumber(validate=validate.Range(0, 25)),
        validate=validate.Length(max=20),
        allow_none=True,
    )
    gender = Text(validate=validate.Length(max=50), allow_none=True)
    language = fields.String(
        validate=validate.Regexp(r"^[a-z]{2,3}$", error="must be an ISO 639 code such as 'es'."),
        allow_none=True,
    )
    radius_km = fields.Float(validate=validate.Range(min=0.1, max=500))
    limit = fields.Integer(validate=validate.Range(min=1, max=200))
    #: When the client would go; without a UTC offset it is local time where the client is.
    at = fields.DateTime(allow_none=True, validate=_within_at_years)
    include_ineligible = fields.Boolean(load_default=False)

    @pre_load
    def _where(self, data: Any, **_kwargs: Any) -> Any:
        """``where`` is what a person types in one box: a ZIP code, or else an address."""
        if not isinstance(data, dict) or "where" not in data:
            return data
        data = dict(data)
        where = data.pop("where")
        if isinstance(where, str) and where.strip():
            data["zip" if _ZIP.fullmatch(where) else "address"] = where.strip()
        elif where not in (None, ""):
            data["address"] = where  # not text: the address field's error names it
        return data

    @validates_schema(skip_on_field_errors=False, pass_original=True)
    def _location_and_need(self, data: dict[str, Any], original: Any, **_kwargs: Any) -> None:
        errors: dict[str, list[str]] = {}
        has_point = "lat" in data or "lon" in data
        if has_point and ("lat" not in data or "lon" not in data):
            errors["lat" if "lat" not in data else "lon"] = ["give both lat and lon."]
        if not (has_point or data.get("zip") or data.get("address")):
            errors["address"] = ["give an address, a zip, or lat and lon."]
        # Needs or a query that were given but refused have their own messages already.
        given = isinstance(original, dict) and (original.get("needs") or original.get("query"))
        if not data.get("needs") and not data.get("query") and not given:
            errors["needs"] = [CHOOSE_A_NEED]
        if errors:
            raise ValidationError(errors)


@cache
def _schema(unknown: str) -> MatchRequestSchema:
    """One schema per ``unknown`` policy: building one costs more than validating."""
    return MatchRequestSchema(unknown=unknown)


def parse_match_request(payload: Any, *, unknown: str = RAISE) -> dict[str, Any]:
    """Validate a request body; raise :class:`InvalidInput` naming each bad field."""
    if not isinstance(payload, dict):
        raise InvalidInput({"_body": ["expected a JSON object."]})
    try:
        data = _schema(unknown).load(payload)
    except ValidationError as exc:
        raise InvalidInput(_flatten(exc.messages)) from None
    data["needs"] = validate_needs(data.get("needs") or [])
    if not data["needs"] and not data.get("query"):  # needs that were all blank
        raise InvalidInput({"needs": [CHOOSE_A_NEED]})
    return data


def build_profile(
    session: Session, geocoder: Geocoder, settings: Settings, data: dict[str, Any]
) -> ClientProfile:
    """Locate the client and fill the defaults: a ready-to-match profile."""
    location = locate(
        session,
        geocoder,
        address=data.get("address"),
        zip_code=data.get("zip"),
        lat=data.get("lat"),
        lon=data.get("lon"),
    )
    return ClientProfile(
        location=location,
        needs=tuple(data["needs"]),
        query=data.get("query"),
        age=data.get("age"),
        household_size=data.get("household_size"),
        annual_income=data.get("annual_income"),
        veteran=data.get("veteran"),
        gender=data.get("gender"),
        disability=data.get("disability"),
        pregnant=data.get("pregnant"),
        housing_status=data.get("housing_status"),
        children_ages=_children_ages(data),
        language=data.get("language"),
        radius_km=data.get("radius_km") or settings.default_radius_km,
        limit=data.get("limit") or settings.default_limit,
        at=_aware(data.get("at"), location.timezone),
        include_ineligible=data.get("include_ineligible", False),
    )


def _aware(moment: datetime | None, time_zone: str | None) -> datetime:
    if moment is None:
        return datetime.now(UTC)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=ZoneInfo(time_zone or DEFAULT_TIME_ZONE))
    return moment


def _flatten(messages: Any, prefix: str = "") -> dict[str, list[str]]:
    """marshmallow's nested messages → {"field" or "needs.0": [messages]}."""
    flat: dict[str, list[str]] = {}
    if isinstance(messages, list):
        return {prefix or "_body": [str(m) for m in messages]}
    for key, value in messages.items():
        name = f"{prefix}.{key}" if prefix else str(key)
        if isinstance(value, dict):
            flat.update(_flatten(value, name))
        else:
            flat[name] = [str(m) for m in value]
    return flat


__all__ = ["MatchRequestSchema", "build_profile", "parse_match_request"]


def _children_ages(data: dict[str, Any]) -> tuple[int, ...] | None:
    """The children's ages entered; none when the household is the client alone (a
    household of one has no children in it); unknown otherwise."""
    if data.get("children_ages") is not None:
        return tuple(data["children_ages"])
    return () if data.get("household_size") == 1 else None
