"""Who may do what: one rule per action, and scopes that narrow what an actor may see.

Every operation calls :func:`authorize` before it does anything; queries for records an
actor reads or edits are narrowed by the scope functions (as Ohana's policy scopes do), so
a record outside the scope is simply not found. Rules take the actor and, where it
matters, the target (a service for ``update_service``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import ColumnElement, false, true

from .actor import ADMIN, AGENCY_EDITOR, ANONYMOUS, COORDINATOR, Actor
from .errors import Forbidden
from .models import Service

Rule = Callable[[Actor, Any], bool]


def _anyone(actor: Actor, target: Any) -> bool:
    return True


def _admin(actor: Actor, target: Any) -> bool:
    return actor.role == ADMIN


def _searcher(actor: Actor, target: Any) -> bool:
    """Coordinators and agency staff search; an anonymous visitor only at a kiosk."""
    return actor.role != ANONYMOUS or actor.channel.startswith("kiosk:")


def _editor_of(actor: Actor, service: Any) -> bool:
    """Administrators edit any listing; agency editors those of their organizations."""
    if actor.role == ADMIN:
        return True
    return (
        actor.role == AGENCY_EDITOR
        and service is not None
        and service.organization_id in actor.organization_ids
    )


#: action → rule. An action missing here is refused to everyone.
RULES: dict[str, Rule] = {
    "describe_directory": _anyone,
    "list_needs": _anyone,
    "show_service": _anyone,
    "match_services": _searcher,
    "update_service": _editor_of,
    "import_listings": _admin,
    "list_import_runs": _admin,
    "list_audit_events": _admin,
    "export_hsds": _admin,
    "upgrade_schema": _admin,
}


def can(actor: Actor, action: str, target: Any = None) -> bool:
    rule = RULES.get(action)
    return rule is not None and rule(actor, target)


def authorize(actor: Actor, action: str, target: Any = None) -> None:
    """Raise :class:`Forbidden` unless ``actor`` may do ``action`` (to ``target``)."""
    if not can(actor, action, target):
        raise Forbidden(f"{actor.label} may not {action.replace('_', ' ')}")


# -- scopes: what an actor may see, as a WHERE clause ------------------------------------


def visible_services(actor: Actor) -> ColumnElement[bool]:
    """Active listings are public; staff also see inactive ones (a coordinator's earlier
    referral, an agency's own withdrawn service)."""
    if actor.role in (ADMIN, COORDINATOR):
        return true()
    if actor.role == AGENCY_EDITOR and actor.organization_ids:
        return Service.active | Service.organization_id.in_(sorted(actor.organization_ids))
    return Service.active


def editable_services(actor: Actor) -> ColumnElement[bool]:
    if actor.role == ADMIN:
        return true()
    if actor.role == AGENCY_EDITOR and actor.organization_ids:
        return Service.organization_id.in_(sorted(actor.organization_ids))
    return false()


def visible_import_runs(actor: Actor) -> ColumnElement[bool]:
    return true() if actor.role == ADMIN else false()
