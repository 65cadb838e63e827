"""What an import did (or, in a dry run, would do): counts, per-table diffs and problems."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from importers import RowError

#: How many created external ids a diff lists (large files create many).
CREATED_SAMPLE = 1000
#: The counts an import run records (the same names on ImportSummary and ImportRun).
COUNTS = ("created", "updated", "unchanged", "removed", "organizations", "locations", "services")


@dataclass
class EntityDiff:
    """What an import does to one table: created, updated (with the changed columns, and the
    kinds of child rows that changed), kept, deactivated because the file no longer has
    them (full mode), and the edited fields it kept instead of overwriting (``kept``)."""

    created_count: int = 0
    #: The first created external ids (for a dry run's listing).
    created: list[str] = field(default_factory=list)
    updated: dict[str, list[str]] = field(default_factory=dict)
    #: external id → kinds of child rows that changed ("phones", "schedules" …).
    children: dict[str, list[str]] = field(default_factory=dict)
    unchanged: int = 0
    deactivated: list[str] = field(default_factory=list)
    kept: dict[str, list[str]] = field(default_factory=dict)

    def add_created(self, external_id: str) -> None:
        self.created_count += 1
        if len(self.created) < CREATED_SAMPLE:
            self.created.append(external_id)


@dataclass
class ImportSummary:
    source: str
    path: str
    format: str
    dry_run: bool
    mode: str = "partial"
    organizations: int = 0
    locations: int = 0
    services: int = 0
    diffs: dict[str, EntityDiff] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    duplicate_candidates: int = 0
    run_id: str | None = None
    #: Audit events the import wrote (0 for a dry run, and for an unchanged re-import).
    audit_events: int = 0

    @property
    def created(self) -> int:
        return sum(d.created_count for d in self.diffs.values())

    @property
    def updated(self) -> int:
        return sum(len(d.updated) for d in self.diffs.values())

    @property
    def unchanged(self) -> int:
        return sum(d.unchanged for d in self.diffs.values())

    @property
    def removed(self) -> int:
        return sum(len(d.deactivated) for d in self.diffs.values())

    @property
    def kept_edits(self) -> int:
        """Records whose edited fields this import kept instead of overwriting."""
        return sum(len(d.kept) for d in self.diffs.values())

    def as_json(self) -> dict[str, Any]:
        """The ``import --json`` contract (DESIGN.md), plus warnings and the per-table diff."""
        return {
            "source": self.source,
            "dry_run": self.dry_run,
            "mode": self.mode,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "removed": self.removed,
            "kept_edits": self.kept_edits,
            "organizations": self.organizations,
            "locations": self.locations,
            "services": self.services,
            "duplicate_candidates": self.duplicate_candidates,
            "audit_events": self.audit_events,
            "errors": [e.as_dict() for e in self.errors],
            "warnings": [w.as_dict() for w in self.warnings],
            "changes": {
                table: {
                    "created": diff.created_count,
                    "updated": _listed(diff.updated),
                    # Of those, the records whose child rows changed, by kind ("phones"…).
                    "children_updated": _listed(diff.children),
                    "unchanged": diff.unchanged,
                    "deactivated": diff.deactivated,
                    "kept_edits": _listed(diff.kept),
                }
                for table, diff in self.diffs.items()
            },
        }


def _listed(fields_by_record: dict[str, list[str]]) -> list[dict[str, Any]]:
    return [{"external_id": ext, "fields": fields} for ext, fields in fields_by_record.items()]
