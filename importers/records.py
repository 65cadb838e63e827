"""Typed records every importer produces, and the report of what went wrong where.

Readers of every format (flat, Ohana, HSDS, mapped spreadsheets) produce the same records;
``import_listings`` writes them. A record's ``origin`` (file and line) is kept for error
messages but is not part of its content, so moving a row does not make it "updated".
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True, slots=True)
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


#: Warnings of one code listed in a report; the rest are counted (an 8 MB file of unknown
#: needs would otherwise hold 1.4 million of them).
WARNINGS_LISTED = 1000


@dataclass
class ImportReport:
    """Every error and warning of one read, in file order; errors are fatal. Of each warning
    code the first ``WARNINGS_LISTED`` are listed and the rest counted (``unlisted``)."""

    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    #: Warnings not listed, by code, and the file of the first of them.
    unlisted: dict[str, tuple[int, str]] = field(default_factory=dict)
    _listed: Counter[str] = field(default_factory=Counter)

    def add(self, problem: RowError) -> None:
        if problem.severity == ERROR:
            self.errors.append(problem)
            return
        code = problem.code
        if self._listed[code] >= WARNINGS_LISTED:
            count, file = self.unlisted.get(code, (0, problem.file))
            self.unlisted[code] = (count + 1, file)
            return
        self._listed[code] += 1
        self.warnings.append(problem)

    def all_warnings(self) -> list[RowError]:
        """The warnings listed, and for each code with more, one saying how many more."""
        more = [
            RowError(file, None, None, code,
                     f"{count:,} more {code} warnings like those above, not listed", WARNING)
            for code, (count, file) in self.unlisted.items()
        ]  # fmt: skip
        return self.warnings + more

    def error(self, file: str, line: int | None, column: str | None, code: str, message: str):
        self.add(RowError(file, line, column, code, message, ERROR))

    def warn(self, file: str, line: int | None, column: str | None, code: str, message: str):
        self.add(RowError(file, line, column, code, message, WARNING))

    @property
    def fatal(self) -> bool:
        return bool(self.errors)


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a record was read: the file and the line of its row (or None for JSON)."""

    file: str
    line: int | None = None


def _origin() -> Any:
    return field(default=None, compare=False, repr=False)


class _Hashed:
    """Records hash their own content so a re-import can tell unchanged from updated."""

    __slots__ = ()

    def content_hash(self) -> str:
        # A frozen dataclass's repr lists every field (nested records too) in a fixed order;
        # ``origin`` is left out of it.
        return hashlib.sha256(repr(self).encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class PhoneRecord:
    number: str  # E.164 ("+14105550142") when it could be normalised, else as written
    extension: str | None = None
    type: str | None = None  # voice | fax | text | cell | video | pager | textphone
    description: str | None = None


@dataclass(frozen=True, slots=True)
class ScheduleRecord:
    """An HSDS 3 schedule row: structured (freq/byday/opens_at/closes_at) or text only."""

    freq: str | None = None  # WEEKLY | MONTHLY
    byday: str | None = None  # "MO,TU" or "3SA"
    bymonthday: str | None = None
    opens_at: str | None = None  # "HH:MM" local time
    closes_at: str | None = None
    description: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    notes: str | None = None
    interval: int | None = None  # 2: every other week
    season_from: str | None = None  # "MM-DD" / "~MM-DD": the yearly season it holds in
    season_to: str | None = None


@dataclass(frozen=True, slots=True)
class TermRecord:
    """A taxonomy term a service is filed under (``taxonomy`` names the vocabulary)."""

    code: str
    name: str
    taxonomy: str = "open-eligibility"
    parent_code: str | None = None


@dataclass(frozen=True, slots=True)
class LanguageRecord:
    name: str
    code: str | None


@dataclass(frozen=True, slots=True)
class ServiceAreaRecord:
    name: str
    description: str | None = None
    extent_type: str | None = None


@dataclass(frozen=True, slots=True)
class OrganizationRecord(_Hashed):
    external_id: str
    name: str
    alternate_name: str | None = None
    description: str | None = None
    email: str | None = None
    website: str | None = None
    phones: tuple[PhoneRecord, ...] = ()
    origin: Origin | None = _origin()


@dataclass(frozen=True, slots=True)
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
    description: str | None = None
    transportation: str | None = None
    location_type: str = "physical"
    phones: tuple[PhoneRecord, ...] = ()
    schedules: tuple[ScheduleRecord, ...] = ()
    hours: str | None = None  # free text, parsed into schedules when written
    languages: tuple[LanguageRecord, ...] = ()
    origin: Origin | None = _origin()


@dataclass(frozen=True, slots=True)
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
    alternate_name: str | None = None
    status: str = "active"
    #: "open", "waitlist" or "closed" (the agency asks not to refer for now).
    accepting_referrals: str = "open"
    capacity_available: int | None = None
    capacity_updated: date | None = None
    application_process: str | None = None
    interpretation_services: str | None = None
    #: Ages the source states as fields (HSDS minimum_age/maximum_age), besides the prose.
    minimum_age: int | None = None
    maximum_age: int | None = None
    terms: tuple[TermRecord, ...] = ()
    service_areas: tuple[ServiceAreaRecord, ...] = ()
    phones: tuple[PhoneRecord, ...] = ()
    schedules: tuple[ScheduleRecord, ...] = ()
    hours: str | None = None
    origin: Origin | None = _origin()


@dataclass(frozen=True, slots=True)
class ServiceAtLocationRecord(_Hashed):
    external_id: str
    service_external_id: str
    location_external_id: str
    phones: tuple[PhoneRecord, ...] = ()
    hours: str | None = None
    schedules: tuple[ScheduleRecord, ...] = ()
    description: str | None = None
    origin: Origin | None = _origin()


@dataclass
class RecordSet:
    """What one file holds, keyed by external id, in first-seen order."""

    organizations: dict[str, OrganizationRecord] = field(default_factory=dict)
    locations: dict[str, LocationRecord] = field(default_factory=dict)
    services: dict[str, ServiceRecord] = field(default_factory=dict)
    service_at_locations: dict[str, ServiceAtLocationRecord] = field(default_factory=dict)

    def tables(self) -> dict[str, dict[str, Any]]:
        return {
            "organizations": self.organizations,
            "locations": self.locations,
            "services": self.services,
            "service_at_locations": self.service_at_locations,
        }


@dataclass
class ParsedFile:
    """An importer's answer: the records it could read and the report of the rest."""

    path: str
    format: str
    file_hash: str
    records: RecordSet
    report: ImportReport
    #: A source name the file itself suggests (e.g. a datapackage's name), if any.
    default_source: str | None = None
