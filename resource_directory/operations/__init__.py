"""The logic layer's operations (verb_noun); every face (web, API, CLI) calls these."""

from .imports import ImportSummary, import_listings, record_rejected_import
from .runs import list_import_runs
from .taxonomy import ensure_need_terms

__all__ = [
    "ImportSummary",
    "ensure_need_terms",
    "import_listings",
    "list_import_runs",
    "record_rejected_import",
]
