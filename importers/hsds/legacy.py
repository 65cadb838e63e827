"""HSDS 1.x / 2.x names mapped onto HSDS 3: tables, columns and weekday numbers.

Real packages name their files in the singular or the plural, and older versions split or
renamed tables (``physical_addresses``, ``regular_schedules``, ``services_at_location``,
``accessibility_for_disabilities``, ``service_taxonomy``, ORServices' ``service_attributes``)
and columns (``organization.url``, ``taxonomy.vocabulary``, ``taxonomy_term.term``,
``service_area.service_area``, ``language.language``). Everything downstream sees HSDS 3
names only.
"""

from __future__ import annotations

from collections.abc import Iterable

#: (HSDS 3 table, variant, names it goes by in files and datapackage resources).
_TABLES: tuple[tuple[str, str | None, tuple[str, ...]], ...] = (
    ("organization", None, ("organization", "organizations")),
    ("service", None, ("service", "services")),
    ("location", None, ("location", "locations")),
    ("service_at_location", None, (
        "service_at_location", "service_at_locations", "services_at_location",
        "services_at_locations",
    )),
    ("address", None, ("address", "addresses")),
    ("address", "physical", ("physical_address", "physical_addresses")),
    ("address", "postal", ("postal_address", "postal_addresses")),
    ("phone", None, ("phone", "phones")),
    ("schedule", None, ("schedule", "schedules")),
    ("schedule", "regular", ("regular_schedule", "regular_schedules")),
    ("schedule", "holiday", ("holiday_schedule", "holiday_schedules")),
    ("language", None, ("language", "languages")),
    ("service_area", None, ("service_area", "service_areas")),
    ("taxonomy_term", None, ("taxonomy_term", "taxonomy_terms")),
    ("taxonomy", None, ("taxonomies",)),
    ("attribute", None, ("attribute", "attributes")),
    ("service_taxonomy", None, (
        "service_taxonomy", "service_taxonomies", "services_taxonomy", "service_attribute",
        "service_attributes",
    )),
    ("accessibility", None, (
        "accessibility", "accessibilities", "accessibility_for_disabilities",
    )),
    ("cost_option", None, ("cost_option", "cost_options")),
    ("eligibility", None, ("eligibility", "eligibilities")),
    ("contact", None, ("contact", "contacts")),
    ("required_document", None, ("required_document", "required_documents")),
)  # fmt: skip
TABLE_NAMES: dict[str, tuple[str, str | None]] = {
    name: (table, variant) for table, variant, names in _TABLES for name in names
}
#: HSDS tables whose content no record holds (read by nobody, reported as nothing).
IGNORED_TABLES = frozenset(
    {
        "program", "programs", "funding", "fundings", "metadata", "meta_table_description",
        "meta_table_descriptions", "organization_identifier", "organization_identifiers",
        "payment_accepted", "payments_accepted", "service_capacity", "service_capacities",
        "unit", "units", "taxonomy_type", "taxonomy_types", "url", "urls",
    }
)  # fmt: skip
#: Older column names → HSDS 3 names, per HSDS 3 table (used only when the new name is absent).
COLUMN_ALIASES: dict[str, dict[str, str]] = {
    "organization": {"url": "website"},
    "taxonomy_term": {"term": "name", "vocabulary": "taxonomy"},
    "service_area": {"service_area": "name"},
    "language": {"language": "name"},
    "service_taxonomy": {"taxonomy_id": "taxonomy_term_id"},
    "accessibility": {"accessibility": "description"},
}
#: Columns a table cannot be read without (HSDS 3 names).
REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    "organization": ("id", "name"),
    "service": ("id", "name", "organization_id"),
    "location": ("id",),
    "service_at_location": ("service_id", "location_id"),
    "address": ("location_id",),
    "phone": ("number",),
    "accessibility": ("location_id",),
    "cost_option": ("service_id",),
    "eligibility": ("service_id", "eligibility"),
    "attribute": ("link_id", "taxonomy_term_id"),
    "service_taxonomy": ("service_id", "taxonomy_term_id"),
    "taxonomy_term": ("id",),
}
_TERM_COLUMNS = {"parent_id", "parent_name", "vocabulary", "code", "term", "taxonomy_id"}


def table_for(name: str, header: Iterable[str] = ()) -> tuple[str, str | None] | None:
    """The HSDS 3 table (and variant) a file or resource name stands for, or None.

    ``taxonomy`` is HSDS 1.x's table of terms but HSDS 3's table of vocabularies: the
    header tells them apart.
    """
    key = name.strip().lower().replace("-", "_").replace(" ", "_")
    if key == "taxonomy":
        return ("taxonomy_term", None) if _TERM_COLUMNS & set(header) else ("taxonomy", None)
    return TABLE_NAMES.get(key)


def canonical_columns(table: str, header: list[str]) -> list[str]:
    """The HSDS 3 name of each column of ``header`` (older names renamed when unambiguous)."""
    aliases = COLUMN_ALIASES.get(table, {})
    present = set(header)
    return [aliases[c] if c in aliases and aliases[c] not in present else c for c in header]


DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def weekday_code(raw: str) -> str | None:
    """HSDS 1.x ``weekday`` → RRULE day: 1 = Monday … 7 = Sunday (ISO 8601, as the HSDS 1.1.1
    reference clarified), or a day's name, abbreviation or RRULE code."""
    value = raw.strip().lower().rstrip(".")
    if value.isdigit():
        number = int(value)
        return DAY_CODES[number - 1] if 1 <= number <= 7 else None
    for code, name in zip(DAY_CODES, _DAY_NAMES, strict=True):
        if value == code.lower() or (len(value) >= 3 and name.startswith(value)):
            return code
    return None
