"""Typed records every importer produces, and the report of what went wrong where."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class RowError:
    """One problem in an input file. ``line`` is 1-based and counts the header line."""

    file: str
    line: int | None
    column: str | None
    code: str
    message: str
    severity: str = ERROR

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "message": self.message,
        }


@dataclass
class ImportReport:
    """Every error and warning of one read, in file order; errors are fatal."""

    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)

    def add(self, problem: RowError) -> None:
        (self.errors if problem.severity == ERROR else self.warnings).append(problem)

    @property
    def fatal(self) -> bool:
        return bool(self.errors)


class _Hashed:
    """Records hash their own content so a re-import can tell unchanged from updated."""

    def content_hash(self) -> str:
        # A frozen dataclass's repr lists every field (nested records too) in a fixed order.
        return hashlib.sha256(repr(self).encode()).hexdigest()


@dataclass(frozen=True)
class OrganizationRecord(_Hashed):
    external_id: str
    name: str
    description: str | None = None
    email: str | None = None
    website: str | None = None


@dataclass(frozen=True)
class LocationRecord(_Hashed):
    external_id: str
    organization_external_id: str | None
    name: str | None
    address_1: str | None
    address_2: str | None
    city: str | None
    state: str | None
    postal_code: str | None
    county: str | None
    latitude: float | None
    longitude: float | None
    geocode_precision: str | None
    time_zone: str | None
    accessibility: str | None = None
    confidential: bool = False


@dataclass(frozen=True)
class LanguageRecord:
    name: str
    code: str | None


@dataclass(frozen=True)
class ServiceRecord(_Hashed):
    external_id: str
    organization_external_id: str
    name: str
    description: str | None = None
    url: str | None = None
    email: str | None = None
    fees_description: str | None = None
    eligibility_description: str | None = None
    languages: tuple[LanguageRecord, ...] = ()
    needs: tuple[str, ...] = ()
    #: True when ``needs`` were read from the listing's text, not given by the source.
    needs_inferred: bool = False
    assured_date: date | None = None


@dataclass(frozen=True)
class PhoneRecord:
    number: str
    extension: str | None = None
    type: str | None = None


@dataclass(frozen=True)
class ServiceAtLocationRecord(_Hashed):
    external_id: str
    service_external_id: str
    location_external_id: str
    phones: tuple[PhoneRecord, ...] = ()
    hours: str | None = None


@dataclass
class RecordSet:
    """What one file holds, keyed by external id, in first-seen order."""

    organizations: dict[str, OrganizationRecord] = field(default_factory=dict)
    locations: dict[str, LocationRecord] = field(default_factory=dict)
    services: dict[str, ServiceRecord] = field(default_factory=dict)
    service_at_locations: dict[str, ServiceAtLocationRecord] = field(default_factory=dict)


@dataclass
class ParsedFile:
    """An importer's answer: the records it could read and the report of the rest."""

    path: str
    format: str
    file_hash: str
    records: RecordSet
    report: ImportReport
