"""HSDS 3 JSON (the API's shapes) flattened into the same table rows as the CSV tables.

A file holds one object or a list of them, or a paginated response ``{"contents": [...]}``;
each object is a service (nested ``organization``, ``service_at_locations`` → ``location``
→ ``addresses``/``phones``/``schedules``…, ``attributes`` → ``taxonomy_term``), an
organization (nested ``services``, ``locations``, ``phones``) or a service_at_location
(nested ``service`` and ``location``). The spec's ``tabular.json`` (``{"services.csv":
[rows…]}``) is read as tables.

Nesting is what links a child to its parent. The same record often appears several times
(a location under each of its service_at_locations, a phone under its service and its
location): rows with the same id are merged, the first non-empty value of each field
winning, and a different non-empty value is reported as ``conflicting_values``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..files import UnreadableJson, detect_encoding, parse_json
from ..records import ImportReport
from .legacy import canonical_columns, table_for
from .rows import Row, Tables

#: Keys that only a service, an organization or a service_at_location has.
_SERVICE_KEYS = {
    "organization", "organization_id", "service_at_locations", "status", "url",
    "eligibility_description", "fees_description", "application_process", "minimum_age",
}  # fmt: skip
_LOCATION_KEYS = {"location_type", "latitude", "longitude", "addresses", "transportation"}
_ORGANIZATION_KEYS = {
    "services", "locations", "website", "tax_status", "legal_status", "year_incorporated",
    "parent_organization_id", "organization_identifiers",
}  # fmt: skip


def load_json(path: Path, report: ImportReport) -> Any:
    """The file's JSON, or None after reporting why it cannot be read."""
    encoding, problem = detect_encoding(path)
    if problem:
        report.warn(path.name, None, None, "bad_encoding", problem)
    try:
        return parse_json(path.read_text(encoding=encoding))
    except UnreadableJson as exc:
        report.error(path.name, exc.line, None, exc.code, str(exc))
        return None


def items_of(data: Any) -> list[Any]:
    if isinstance(data, dict) and isinstance(data.get("contents"), list):
        return data["contents"]
    if isinstance(data, list):
        return data
    return [data]


def kind_of(item: Any) -> str | None:
    """'service_at_location', 'organization', 'service', 'location' or None for an HSDS 3
    object."""
    if not isinstance(item, dict) or "id" not in item:
        return None
    keys = set(item)
    if isinstance(item.get("service"), dict) and isinstance(item.get("location"), dict):
        return "service_at_location"
    if isinstance(item.get("services"), list) or isinstance(item.get("locations"), list):
        return "organization"
    if keys & _LOCATION_KEYS and not keys & (_SERVICE_KEYS - {"url"}):
        return "location"
    if keys & _SERVICE_KEYS and "name" in keys:
        return "service"
    if keys & _ORGANIZATION_KEYS and "name" in keys:
        return "organization"
    return None


def is_tabular(data: Any) -> bool:
    return isinstance(data, dict) and any(
        isinstance(k, str) and k.lower().endswith(".csv") and isinstance(v, list)
        for k, v in data.items()
    )


def flatten(data: Any, file: str, report: ImportReport) -> Tables:
    """Table rows for every record in an HSDS 3 JSON document."""
    flattener = _Flattener(file, report)
    if is_tabular(data):
        flattener.tabular(data)
    else:
        for item in items_of(data):
            kind = kind_of(item)
            if kind is not None:
                getattr(flattener, kind)(item)
    return flattener.tables()


def _text(value: Any) -> str:
    if value is None or isinstance(value, dict | list):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).strip()


class _Flattener:
    def __init__(self, file: str, report: ImportReport) -> None:
        self.file = file
        self.report = report
        self.rows: dict[tuple[str, str], dict[str, str]] = {}
        self.order: list[tuple[str, str]] = []
        self.anonymous: list[tuple[str, dict[str, str]]] = []

    def tables(self) -> Tables:
        tables = Tables()
        for table, values in [(key[0], self.rows[key]) for key in self.order] + self.anonymous:
            tables.add(Row(table, self.file, None, values))
        return tables

    def add(self, table: str, item: dict[str, Any], **links: str) -> str:
        """Add (or merge into) one row; returns its id."""
        values = {k: _text(v) for k, v in item.items() if not isinstance(v, dict | list)}
        values.update({k: v for k, v in links.items() if v})
        ident = values.get("id", "")
        if not ident:
            self.anonymous.append((table, values))
            return ""
        key = (table, ident)
        seen = self.rows.get(key)
        if seen is None:
            self.rows[key] = values
            self.order.append(key)
            return ident
        for name, value in values.items():
            if not value:
                continue
            if not seen.get(name):
                seen[name] = value
            elif seen[name] != value and name not in links:
                self.report.warn(
                    self.file, None, name, "conflicting_values",
                    f"{table} {ident!r} appears more than once with different {name} "
                    f"({seen[name]!r} and {value!r}); the first is kept",
                )  # fmt: skip
        return ident

    def children(self, item: dict[str, Any], key: str, table: str, **links: str) -> None:
        for child in item.get(key) or []:
            if isinstance(child, dict):
                self.add(table, child, **links)

    # -- the three top-level shapes ------------------------------------------------------

    def organization(self, item: dict[str, Any]) -> str:
        ident = self.add("organization", item)
        self.children(item, "phones", "phone", organization_id=ident)
        for location in item.get("locations") or []:
            if isinstance(location, dict):
                self.location(location, organization_id=ident)
        for service in item.get("services") or []:
            if isinstance(service, dict):
                self.service(service, organization_id=ident)
        return ident

    def service(self, item: dict[str, Any], organization_id: str = "") -> str:
        organization = item.get("organization")
        if isinstance(organization, dict):
            organization_id = self.organization(organization) or organization_id
        ident = self.add("service", item, organization_id=_text(item.get("organization_id")) or
                         organization_id)  # fmt: skip
        for key, table in (
            ("phones", "phone"), ("schedules", "schedule"), ("service_areas", "service_area"),
            ("languages", "language"), ("cost_options", "cost_option"),
        ):  # fmt: skip
            self.children(item, key, table, service_id=ident)
        for attribute in item.get("attributes") or []:
            if isinstance(attribute, dict):
                self.attribute(attribute, ident)
        for listing in item.get("service_at_locations") or []:
            if isinstance(listing, dict):
                self.service_at_location(listing, service_id=ident)
        return ident

    def service_at_location(self, item: dict[str, Any], service_id: str = "") -> str:
        if isinstance(item.get("service"), dict):
            service_id = self.service(item["service"]) or service_id
        location_id = _text(item.get("location_id"))
        if isinstance(item.get("location"), dict):
            location_id = self.location(item["location"]) or location_id
        ident = self.add(
            "service_at_location", item,
            service_id=_text(item.get("service_id")) or service_id, location_id=location_id,
        )  # fmt: skip
        self.children(item, "phones", "phone", service_at_location_id=ident)
        self.children(item, "schedules", "schedule", service_at_location_id=ident)
        return ident

    def location(self, item: dict[str, Any], organization_id: str = "") -> str:
        ident = self.add("location", item, organization_id=_text(item.get("organization_id"))
                         or organization_id)  # fmt: skip
        for key, table in (
            ("addresses", "address"), ("phones", "phone"), ("schedules", "schedule"),
            ("languages", "language"), ("accessibility", "accessibility"),
        ):  # fmt: skip
            self.children(item, key, table, location_id=ident)
        return ident

    def attribute(self, item: dict[str, Any], service_id: str) -> None:
        term = item.get("taxonomy_term")
        term_id = _text(item.get("taxonomy_term_id"))
        if isinstance(term, dict):
            detail = term.get("taxonomy_detail")
            vocabulary = _text(detail.get("name")) if isinstance(detail, dict) else ""
            term_id = self.add("taxonomy_term", term, taxonomy=_text(term.get("taxonomy"))
                               or vocabulary) or term_id  # fmt: skip
        # Nesting, not link_entity, says what the attribute belongs to.
        self.add("attribute", item, link_id=service_id, link_entity="service",
                 taxonomy_term_id=term_id)  # fmt: skip

    # -- the spec's tabular.json -----------------------------------------------------------

    def tabular(self, data: dict[str, Any]) -> None:
        for name, rows in data.items():
            if not isinstance(rows, list):
                continue
            first = rows[0] if rows and isinstance(rows[0], dict) else {}
            kind = table_for(Path(name).stem, [str(k).lower() for k in first])
            if kind is None:
                continue
            for row in rows:
                if not isinstance(row, dict):
                    continue
                header = [str(k).lower() for k in row]
                columns = canonical_columns(kind[0], header)
                values = {c: _text(row[k]) for c, k in zip(columns, row, strict=True)}
                self.anonymous.append((kind[0], values))
