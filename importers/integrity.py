"""Checks across records: every reference points at a record the file (or source) has."""

from __future__ import annotations

from .records import ImportReport, Origin, RecordSet


def check_references(records: RecordSet, report: ImportReport, *, skip_invalid: bool) -> None:
    """Report ``unknown_reference`` for dangling ids; with ``skip_invalid`` drop those records.

    Dropping cascades: a service whose organization is missing takes its listings with it.
    """
    orgs = records.organizations
    for ext, service in list(records.services.items()):
        if service.organization_external_id not in orgs:
            _dangling(report, service.origin, "organization_id", "service", ext,
                      "organization", service.organization_external_id)  # fmt: skip
            if skip_invalid:
                del records.services[ext]
    for ext, location in list(records.locations.items()):
        org = location.organization_external_id
        if org is not None and org not in orgs:
            _dangling(report, location.origin, "organization_id", "location", ext,
                      "organization", org)  # fmt: skip
            if skip_invalid:
                del records.locations[ext]
    for ext, listing in list(records.service_at_locations.items()):
        missing = [
            (column, kind, ref)
            for column, kind, ref, table in (
                ("service_id", "service", listing.service_external_id, records.services),
                ("location_id", "location", listing.location_external_id, records.locations),
            )
            if ref not in table
        ]
        for column, kind, ref in missing:
            _dangling(report, listing.origin, column, "service_at_location", ext, kind, ref)
        if missing and skip_invalid:
            del records.service_at_locations[ext]


def _dangling(report, origin: Origin | None, column, kind, ext, target, ref) -> None:
    report.error(
        origin.file if origin else "",
        origin.line if origin else None,
        column,
        "unknown_reference",
        f"{kind} {ext!r} refers to {target} {ref!r}, which is not in the file",
    )
