"""update_service: an edit to a listing, made by an administrator or the agency's editor.

Each changed field is audited and marked edited (``edited_fields``), so later imports of
the listing's source keep it and say so (``kept_edits``). An edited eligibility text is
read again into rules (and ages), as an import would.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, pre_load, validate, validates
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from importers.normalize import normalize_email, normalize_url, parse_referrals

from ..actor import Actor
from ..eligibility import age_limits
from ..errors import InvalidInput, NotFound
from ..models import Service, Source, bump_directory_version
from ..policy import authorize, visible_services
from .audit import AuditTrail
from .context import Context
from .imports.children import ELIGIBILITY_RULES, rules_of, sync_children

#: Text fields that an empty value clears.
_CLEARABLE = (
    "alternate_name", "description", "url", "email", "fees_description",
    "eligibility_description", "application_process", "interpretation_services",
    "capacity_available", "capacity_updated", "assured_date",
)  # fmt: skip


class ServiceEditSchema(Schema):
    """The fields of a service an edit may change (the rest come from its source)."""

    class Meta:
        unknown = RAISE

    name = fields.String(validate=validate.Length(min=1, max=500))
    alternate_name = fields.String(allow_none=True)
    description = fields.String(allow_none=True)
    url = fields.String(allow_none=True, validate=validate.Length(max=1000))
    email = fields.String(allow_none=True, validate=validate.Length(max=320))
    fees_description = fields.String(allow_none=True)
    eligibility_description = fields.String(allow_none=True)
    application_process = fields.String(allow_none=True)
    interpretation_services = fields.String(allow_none=True)
    accepting_referrals = fields.String()
    capacity_available = fields.Integer(allow_none=True, validate=validate.Range(0, 2**31 - 1))
    capacity_updated = fields.Date(allow_none=True)
    assured_date = fields.Date(allow_none=True)

    @pre_load
    def _blank_clears(self, data: Any, **_kwargs: Any) -> Any:
        if not isinstance(data, dict):
            return data
        return {
            key: None if key in _CLEARABLE and isinstance(value, str) and not value.strip()
            else value.strip() if isinstance(value, str) else value
            for key, value in data.items()
        }  # fmt: skip

    @validates("url")
    def _url(self, value: str | None, **_kwargs: Any) -> None:
        if value is not None and normalize_url(value) is None:
            raise ValidationError(f"{value!r} is not a web address.")

    @validates("email")
    def _email(self, value: str | None, **_kwargs: Any) -> None:
        if value is not None and normalize_email(value) is None:
            raise ValidationError(f"{value!r} is not an e-mail address.")

    @validates("accepting_referrals")
    def _referrals(self, value: str, **_kwargs: Any) -> None:
        if parse_referrals(value) is None:
            raise ValidationError(f"{value!r} is not one of open, waitlist, closed.")


_SCHEMA = ServiceEditSchema()
EDITABLE = tuple(_SCHEMA.fields)


@dataclass(frozen=True)
class ServiceEdit:
    service_id: str
    #: field → (previous, new) for each field the edit changed.
    changed: dict[str, tuple[Any, Any]]


def update_service(
    actor: Actor,
    ctx: Context,
    service_id: str,
    changes: dict[str, Any],
    *,
    source: str | None = None,
) -> ServiceEdit:
    """Change some of a service's fields; audit each change and keep it from imports.

    ``service_id`` is the directory's id, or with ``source`` that source's external id.
    Raises :class:`InvalidInput` naming each bad field, :class:`NotFound` when there is no
    such service the actor may see, :class:`Forbidden` when they may not edit it."""
    session = ctx.session
    which = (
        Service.id == service_id
        if source is None
        else (Service.external_id == service_id)
        & Service.source_id.in_(select(Source.id).where(Source.name == source))
    )
    service = session.scalar(
        select(Service)
        .where(which, visible_services(actor))
        .options(selectinload(Service.eligibility_rules))
    )
    if service is None:
        raise NotFound(
            f"no service {service_id!r}" + (f" from source {source!r}" if source else "")
        )
    authorize(actor, "update_service", service)
    if not changes:
        raise InvalidInput({"_": [f"name a field to change: {', '.join(EDITABLE)}."]})
    try:
        values = _SCHEMA.load(changes)
    except ValidationError as exc:
        raise InvalidInput({k: [str(m) for m in v] for k, v in exc.messages.items()}) from None
    values = _normalized(values)
    read_ages = age_limits(rules_of(service.eligibility_description))
    if "eligibility_description" in values and read_ages == (
        service.minimum_age,
        service.maximum_age,
    ):  # the ages were read from the old text (not given as fields): read the new one
        minimum, maximum = age_limits(rules_of(values["eligibility_description"]))
        values.update(minimum_age=minimum, maximum_age=maximum)
    trail = AuditTrail(session, actor, "update_service")
    changed = {
        name: (getattr(service, name), value)
        for name, value in values.items()
        if getattr(service, name) != value
    }
    for name, (previous, new) in changed.items():
        setattr(service, name, new)
        trail.changed(Service.__tablename__, service.id, name, previous, new)
    if changed.keys() & {"eligibility_description", "description", "name"}:
        _read_rules_again(ctx, trail, service)  # the rules read from any of these
    if changed:
        service.edited_fields = sorted({*service.edited_fields, *changed})
        session.flush()
        trail.write()
        bump_directory_version(session)
    return ServiceEdit(service.id, changed)


def _normalized(values: dict[str, Any]) -> dict[str, Any]:
    if values.get("url"):
        values["url"] = normalize_url(values["url"])
    if values.get("accepting_referrals"):
        values["accepting_referrals"] = parse_referrals(values["accepting_referrals"])
    return values


def _read_rules_again(ctx: Context, trail: AuditTrail, service: Service) -> None:
    """Replace the service's eligibility rules by those its new text reads as (ids by
    content, as imports give them)."""
    ctx.session.flush()
    kind = ELIGIBILITY_RULES
    for change in sync_children(ctx.session, kind, [(service.id, service)], write=True):
        trail.changed(Service.__tablename__, service.id, kind.field, change.previous,
                      change.replacement)  # fmt: skip
    ctx.session.expire(service, ["eligibility_rules"])
