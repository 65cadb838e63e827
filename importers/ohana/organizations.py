"""organizations.csv → organization records; programs.csv → which organization runs a program.

Ohana's funding_sources, legal_status, licenses, tax_id, tax_status, accreditations and
date_incorporated have no place in the directory's records and are not read.
"""

from __future__ import annotations

from ..normalize import normalize_email, normalize_url
from ..records import OrganizationRecord
from .values import Folder, text


def read_organizations(folder: Folder) -> dict[str, OrganizationRecord]:
    found: dict[str, OrganizationRecord] = {}
    for row in folder.rows("organizations.csv"):
        found[row.get("id")] = OrganizationRecord(
            external_id=row.get("id"),
            name=row.get("name"),
            alternate_name=text(row, "alternate_name"),
            description=text(row, "description"),
            email=folder.cleaned(row, "email", normalize_email),
            website=folder.cleaned(row, "website", normalize_url),
            origin=row.origin,
        )
    return found


def read_programs(folder: Folder, organizations: dict[str, OrganizationRecord]) -> dict[str, str]:
    """{program id: organization id} — a service without a location belongs to its program's."""
    owners: dict[str, str] = {}
    for row in folder.rows("programs.csv"):
        owner = folder.target(row, "organization_id", "organizations.csv", organizations)
        if owner is not None:
            owners[row.get("id")] = owner
    return owners
