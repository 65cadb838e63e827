"""The logic layer: every behaviour a face (web page, JSON API, CLI, kiosk) can ask for.

Each operation is a verb_noun function taking the acting :class:`~resource_directory.actor.Actor`
first and the unit of work's :class:`Context` second. It asks :mod:`resource_directory.policy`
whether the actor may, calls the engines, and flushes; the face that called it commits or
rolls back once (one request hook, one CLI helper).
"""

from .audit import list_audit_events
from .context import Context, Settings
from .directory import describe_directory, list_needs
from .edits import ServiceEdit, update_service
from .export import export_hsds
from .imports import ImportSummary, import_listings
from .matching import match_services
from .runs import list_import_runs
from .schema import upgrade_schema
from .services import show_service
from .taxonomy import ensure_need_terms

__all__ = [
    "Context",
    "ImportSummary",
    "ServiceEdit",
    "Settings",
    "describe_directory",
    "ensure_need_terms",
    "export_hsds",
    "import_listings",
    "list_audit_events",
    "list_import_runs",
    "list_needs",
    "match_services",
    "show_service",
    "update_service",
    "upgrade_schema",
]
