"""Rows → flat-field values → records, through the flat reader's own row logic.

The mapping's specs turn a source row into the flat format's fields; ids the source does
not have are derived from the row's values, and ``importers.flat.RowBuilder`` checks the
values and builds the records exactly as for a flat CSV.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from typing import Any

from resource_directory import airs
from resource_directory.taxonomy import AIRS

from ..flat import Row, RowBuilder
from ..records import ImportReport, Origin, TermRecord
from .mapping import Mapping
from .sources import SourceRow
from .specs import MAPPING_ONLY, FieldSpec, text

#: How a list (a split column, a JSON array) is written into a flat field.
LIST_SEPARATORS = {"needs": ";", "phone": ";", "languages": ", "}
#: What a derived location id is made of: every location-level field, so that rows which
#: describe a site differently are different locations rather than a conflict.
LOCATION_FIELDS = ("location_name", "address", "city", "state", "zip", "lat", "lon",
                   "accessibility", "confidential")  # fmt: skip
_SLUG = re.compile(r"[^a-z0-9]+")
_OPEN_ELIGIBILITY_CODES = re.compile(r"\d{3}(?:-\d{2})*")
_ONLY_CODES = re.compile(r"\s*\d{3}(?:-\d{2})*(?:\s*[,;]\s*\d{3}(?:-\d{2})*)*\s*")


def digest(*parts: str) -> str:
    """A short stable id for a composite key (16 hex digits of SHA-256)."""
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]


def organization_id(name: str) -> str:
    """Readable and unique: 'st-mary-s-pantry-1a2b3c4d' for "St. Mary's Pantry"."""
    slug = _SLUG.sub("-", name.lower()).strip("-")[:48]
    return f"{slug}-{digest(name)[:8]}" if slug else digest(name)


class RowMapper:
    """Reads each source row through the mapping into the file's records."""

    def __init__(self, mapping: Mapping, file: str, builder: RowBuilder, report: ImportReport):
        self.mapping, self.file, self.builder, self.report = mapping, file, builder, report
        self.labels = {t: spec.label for t, spec in mapping.fields.items()}
        for derived, basis in (("organization_id", "organization"), ("service_id", "service")):
            self.labels.setdefault(derived, self.labels.get(basis, basis))
        self.seen: dict[str, tuple[str, int]] = {}  # listing id → (where, hash of the values)
        self._terms: dict[tuple[str, str], TermRecord] = {}

    def add(self, row: SourceRow, prefix: str = "") -> None:
        if not self.wanted(row):
            return
        fields = self.mapping.fields
        values = {t: self.evaluate(s, row) for t, s in fields.items() if t not in MAPPING_ONLY}
        terms = self.terms(fields["terms"], row) if "terms" in fields else ()
        self.fill_defaults(values)
        if row.line is None:  # JSON: point at the record by its index in the list
            where = f"record {prefix}[{row.index}]"
            columns = {t: f"{prefix}[{row.index}].{label}" for t, label in self.labels.items()}
        else:
            where, columns = f"line {row.line}", self.labels
        listing_id = values.get("listing_id", "")
        fingerprint = hash((tuple(sorted(values.items())), terms))
        if listing_id in self.seen and self.seen[listing_id][1] == fingerprint:
            self.report.warn(
                self.file, row.line, columns.get("listing_id"), "duplicate_id",
                f"the row repeats {self.seen[listing_id][0]} exactly; skipped",
            )  # fmt: skip
            return
        self.seen.setdefault(listing_id, (where, fingerprint))
        self.builder.add(Row(values, Origin(self.file, row.line), columns, where, terms))

    def wanted(self, row: SourceRow) -> bool:
        for column, kept in self.mapping.include.items():
            if text(row.get(column)).casefold() not in kept:
                return False
        return not any(
            text(row.get(column)).casefold() in skipped
            for column, skipped in self.mapping.exclude.items()
        )

    # -- one field ---------------------------------------------------------------------

    def evaluate(self, spec: FieldSpec, row: SourceRow) -> str:
        kind, target = spec.kind, spec.target
        if kind == "value":
            return spec.value
        if kind == "split":
            items = [i for source in spec.sources for i in self.items(spec, row.get(source))]
            value = LIST_SEPARATORS.get(target, "; ").join(dict.fromkeys(items))
        elif kind == "join":
            parts = [self.scalar(spec, row.get(s), target) for s in spec.sources]
            if target.endswith("_id"):
                value = digest(*parts) if any(parts) else ""
            else:
                value = (spec.sep or " ").join(dict.fromkeys(p for p in parts if p))
        elif kind == "first":
            raw = [row.get(s) for s in spec.sources]
            found = (self.scalar(spec, r, target) for r in raw)
            # When every candidate is a placeholder, keep the first so the checks report it.
            value = next((v for v in found if v), "") or next(
                (t for t in (text(r) for r in raw if not isinstance(r, dict | list)) if t), ""
            )
        elif kind == "template":
            filled = {s: self.scalar(spec, row.get(s), target) for s in spec.sources}
            value = self.fill(spec.template, filled) if any(filled.values()) else ""
        else:
            value = self.scalar(spec, row.get(spec.sources[0]), target)
        if kind != "split":
            value = self.translate(spec, value)
        return value or spec.default

    def scalar(self, spec: FieldSpec, raw: Any, target: str) -> str:
        if isinstance(raw, list):
            return LIST_SEPARATORS.get(target, "; ").join(self.items(spec, raw))
        value = text(raw) if not isinstance(raw, dict) else ""
        return "" if self.is_empty(spec, value) else value

    def items(self, spec: FieldSpec, raw: Any) -> list[str]:
        if isinstance(raw, list):
            parts = [text(v) for v in raw if not isinstance(v, dict | list)]
        else:
            parts = text(raw).split(spec.sep or ",")
        cleaned = (self.translate(spec, p.strip()) for p in parts if not self.is_empty(spec, p))
        return list(dict.fromkeys(p for p in cleaned if p))

    def is_empty(self, spec: FieldSpec, value: str) -> bool:
        folded = value.strip().casefold()
        return folded in spec.empty or folded in self.mapping.empty_values

    def terms(self, spec: FieldSpec, row: SourceRow) -> tuple[TermRecord, ...]:
        """The taxonomy terms a row's category cells name: each item (a split's, or the
        value) read as codes, or for AIRS as a well-known term's name; items that are
        neither are left out."""
        if spec.kind == "split":
            items = [i for source in spec.sources for i in self.items(spec, row.get(source))]
        else:
            items = [self.evaluate(spec, row)]
        found: dict[str, TermRecord] = {}
        for item in items:
            for code, name in self.term_codes(spec.taxonomy, item):
                found.setdefault(code, self._term(spec.taxonomy, code, name))
        return tuple(found[code] for code in sorted(found))

    @staticmethod
    def term_codes(taxonomy: str | None, item: str) -> list[tuple[str, str]]:
        if taxonomy == AIRS:
            return airs.terms_in(item)
        codes = _OPEN_ELIGIBILITY_CODES.findall(item)
        return [(code, code) for code in codes] if _ONLY_CODES.fullmatch(item) else []

    def _term(self, taxonomy: str | None, code: str, name: str) -> TermRecord:
        """One record per term for the whole file (rows share them)."""
        key = (taxonomy or "", code)
        if key not in self._terms:
            self._terms[key] = TermRecord(code, name, taxonomy or AIRS)
        return self._terms[key]

    @staticmethod
    def translate(spec: FieldSpec, value: str) -> str:
        if value and spec.map is not None:
            mapped = spec.map.get(value.casefold())
            value = mapped if mapped is not None else ("" if spec.drop_unmapped else value)
        if value and spec.zfill and value.isdigit():
            value = value.zfill(spec.zfill)
        for pattern in spec.dates:
            try:
                return datetime.strptime(value, pattern).date().isoformat()
            except ValueError:
                continue
        return value

    @staticmethod
    def fill(template: str, values: dict[str, str]) -> str:
        for name, value in values.items():
            template = template.replace("{" + name + "}", value)
        return " ".join(template.split())

    # -- ids and needs the source does not state ---------------------------------------

    def fill_defaults(self, values: dict[str, str]) -> None:
        # Derived even from blanks: a missing name is reported once, as itself.
        if not values.get("organization_id"):
            values["organization_id"] = organization_id(values.get("organization", ""))
        org = values["organization_id"]
        if not values.get("service_id"):
            values["service_id"] = digest(org, values.get("service", ""))
        if not values.get("location_id"):
            values["location_id"] = digest(org, *(values.get(k, "") for k in LOCATION_FIELDS))
        if self.mapping.needs:
            given = [n for n in values.get("needs", "").split(";") if n.strip()]
            values["needs"] = ";".join(dict.fromkeys([*self.mapping.needs, *given]))
