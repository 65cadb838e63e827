"""Taxonomy terms a service is filed under, and the needs they (or its words) point to.

A term's code is its ``code``, or its ``id`` when it has none (ORServices' Open Eligibility
terms carry names only); its vocabulary is the term's ``taxonomy`` (1.x ``vocabulary``), else
the name of the ``taxonomy`` row its ``taxonomy_id`` names. Spellings of Open Eligibility and
of the AIRS / 211 LA County taxonomy are read as the project's ``open-eligibility`` and
``airs`` so their codes map to needs.
"""

from __future__ import annotations

import re

from resource_directory.taxonomy import (
    AIRS,
    OPEN_ELIGIBILITY,
    classify_text,
    needs_for_terms,
    says_who,
)

from ..records import TermRecord
from .rows import Row, Tables

#: "AIRS", "AIRS/211 LA County Taxonomy", "211 LA", "211LA County".
_AIRS_NAME = re.compile(r"\bairs\b|\b211\s*-?\s*la\b", re.I)
#: The vocabulary of terms that name none.
UNSPECIFIED = "unspecified"


def vocabulary(name: str) -> str:
    squashed = re.sub(r"[^a-z]", "", name.lower())
    if squashed in {"openeligibility", "oe"}:
        return OPEN_ELIGIBILITY
    if _AIRS_NAME.search(name):
        return AIRS
    return name.strip() or UNSPECIFIED


class TermIndex:
    """The package's taxonomy terms by id."""

    def __init__(self, tables: Tables) -> None:
        self.vocabularies = {r.id: r.get("name") for r in tables["taxonomy"] if r.id}
        self.rows: dict[str, Row] = {}
        for row in tables["taxonomy_term"]:
            if row.id:
                self.rows.setdefault(row.id, row)
        self._records: dict[str, TermRecord] = {}

    def __contains__(self, term_id: str) -> bool:
        return term_id in self.rows

    def record(self, term_id: str) -> TermRecord:
        found = self._records.get(term_id)
        if found is None:
            row = self.rows[term_id]
            code = row.get("code") or row.id
            parent = self.rows.get(row.get("parent_id"))
            found = TermRecord(
                code=code,
                name=row.get("name") or code,
                taxonomy=vocabulary(
                    row.get("taxonomy") or self.vocabularies.get(row.get("taxonomy_id"), "")
                ),
                # A parent outside the file cannot be linked; naming it would make the
                # record depend on an id the directory never sees.
                parent_code=(parent.get("code") or parent.id) if parent else None,
            )
            self._records[term_id] = found
        return found


def needs_for(
    terms: tuple[TermRecord, ...], name: str, description: str | None
) -> tuple[tuple[str, ...], bool]:
    """(need slugs, inferred): from Open Eligibility codes, else the terms' names (both the
    source's own filing), else the service's name and description (inferred)."""
    found = needs_for_terms((t.taxonomy, t.code) for t in terms)
    if found:
        return found, False
    if categories := [t.name for t in terms if not says_who(t.taxonomy)]:
        from_names = tuple(classify_text(*categories))
        if from_names:
            return from_names, False
    return tuple(classify_text(name, description)), True
