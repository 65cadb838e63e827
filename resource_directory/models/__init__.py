"""SQLAlchemy models (HSDS 3-aligned directory tables + the project's own tables)."""

from .audit import AuditEvent
from .base import Base, new_id, utcnow
from .directory import (
    Address,
    DuplicateCandidate,
    EligibilityRule,
    Language,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceTaxonomy,
    TaxonomyTerm,
)
from .geo import GeocodeCache
from .provenance import ImportRowError, ImportRun, Source
from .state import DirectoryState, bump_directory_version, directory_version

__all__ = [
    "Address",
    "AuditEvent",
    "Base",
    "DirectoryState",
    "DuplicateCandidate",
    "EligibilityRule",
    "GeocodeCache",
    "ImportRowError",
    "ImportRun",
    "Language",
    "Location",
    "Organization",
    "Phone",
    "Schedule",
    "Service",
    "ServiceArea",
    "ServiceAtLocation",
    "ServiceTaxonomy",
    "Source",
    "TaxonomyTerm",
    "bump_directory_version",
    "directory_version",
    "new_id",
    "utcnow",
]
