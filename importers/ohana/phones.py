"""phones.csv → phone records on their service, location or organization.

Phones of contacts (named staff members' lines) are left out: the directory lists ways to
reach a service, not people. vanity_number and country_prefix are not read (numbers are
US numbers, and the vanity spelling is the same number).
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict

from ..normalize import read_phones
from ..records import PhoneRecord, RecordSet
from .values import Folder

#: Ohana's number_type values → HSDS 3 phone types.
PHONE_TYPES = {
    "voice": "voice", "fax": "fax", "tty": "textphone", "textphone": "textphone",
    "hotline": "voice", "sms": "text", "text": "text", "cell": "cell", "mobile": "cell",
    "video": "video", "pager": "pager",
}  # fmt: skip


def read_phones_by_owner(
    folder: Folder, records: RecordSet
) -> dict[tuple[str, str], list[PhoneRecord]]:
    """{(table, external id): phones} in file order."""
    found: dict[tuple[str, str], list[PhoneRecord]] = defaultdict(list)
    for row in folder.rows("phones.csv"):
        if row.get("contact_id"):
            continue
        owner = folder.owner(
            row, records, "phone", ("organization_id", "location_id", "service_id", "contact_id")
        )
        if owner is None:
            continue
        raw_type = row.get("number_type").lower()
        kind = PHONE_TYPES.get(raw_type or "voice")
        if kind is None:
            folder.report.warn(
                row.file, row.line, "number_type", "invalid_value",
                f"number_type {row.get('number_type')!r} is not a phone type; read as voice",
            )  # fmt: skip
            kind = "voice"
        for phone in read_phones(row.get("number"), folder.report, row.origin, "number", kind):
            found[owner].append(
                dataclasses.replace(
                    phone,
                    type=kind,
                    extension=row.get("extension") or phone.extension,
                    description=row.get("department") or None,
                )
            )
    return found
