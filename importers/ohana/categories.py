"""A service's categories: taxonomy.csv terms, named by services.taxonomy_ids (codes) or by
service_categories.json ({service id: [taxonomy.csv row id, …]}, as CHARMcare exports them),
and the AIRS codes of service_icarol_categories.json (:mod:`.icarol`).

Ohana's category tree is Open Eligibility's (101 Emergency, 102 Food …), so every term of
taxonomy.csv is filed under the "open-eligibility" taxonomy with its parent's code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from resource_directory.taxonomy import OPEN_ELIGIBILITY, files_a_service

from ..records import TermRecord
from .icarol import read_icarol_codes
from .tables import Row
from .values import Folder, read_json_lists, split_list, unknown_reference

CATEGORIES_JSON = "service_categories.json"


def is_service_category(code: str) -> bool:
    """Does the Open Eligibility code name a kind of service (not an audience facet)?"""
    return files_a_service(OPEN_ELIGIBILITY, code)


@dataclass
class Categories:
    by_code: dict[str, TermRecord] = field(default_factory=dict)
    #: {service id: terms} from the JSON file.
    by_service: dict[str, list[TermRecord]] = field(default_factory=dict)

    #: {service id: AIRS terms} from service_icarol_categories.json.
    airs_by_service: dict[str, list[TermRecord]] = field(default_factory=dict)

    def for_service(self, folder: Folder, row: Row) -> tuple[TermRecord, ...]:
        """The service's terms from every source, in (taxonomy, code) order (stable across
        imports)."""
        service = row.get("id")
        terms = {(t.taxonomy, t.code): t for t in self.by_service.get(service, [])}
        for code in split_list(row.get("taxonomy_ids")):
            if code in self.by_code:
                terms[(OPEN_ELIGIBILITY, code)] = self.by_code[code]
            elif "taxonomy.csv" not in folder.broken:
                folder.report.error(
                    row.file, row.line, "taxonomy_ids", "unknown_reference",
                    f"taxonomy_id {code!r} is not in taxonomy.csv",
                )  # fmt: skip
        terms.update(((t.taxonomy, t.code), t) for t in self.airs_by_service.get(service, []))
        return tuple(terms[key] for key in sorted(terms))


def read_categories(folder: Folder, path: Path) -> Categories:
    """The taxonomy and the JSON links (services are checked against services.csv)."""
    rows = folder.rows("taxonomy.csv")
    codes = {row.get("taxonomy_id") for row in rows}
    code_of_row = {row.get("id"): row.get("taxonomy_id") for row in rows if row.get("id")}
    categories = Categories()
    by_row_id: dict[str, TermRecord] = {}
    for row in rows:
        code, parent = row.get("taxonomy_id"), row.get("parent_id")
        # Ohana names the parent by its code; a row id is accepted too.
        parent_code = parent if parent in codes else code_of_row.get(parent)
        term = TermRecord(code, row.get("name"), OPEN_ELIGIBILITY, parent_code or None)
        categories.by_code[code] = term
        if row.get("id"):
            by_row_id[row.get("id")] = term
    categories.airs_by_service = read_icarol_codes(folder, path)
    links = read_json_lists(folder, path / CATEGORIES_JSON, "taxonomy.csv row ids")
    if links is None or not _has_row_ids(folder, path):
        return categories
    services, taxonomy_rows = folder.seen("services.csv"), folder.seen("taxonomy.csv")
    for service, row_ids in links.items():
        if service not in services:
            message = f"service {service!r} is not in services.csv"
            unknown_reference(folder, CATEGORIES_JSON, message)
            continue
        terms = []
        for row_id in row_ids:
            if row_id in by_row_id:
                terms.append(by_row_id[row_id])
            elif row_id not in taxonomy_rows:
                unknown_reference(
                    folder, CATEGORIES_JSON,
                    f"service {service!r} names taxonomy.csv row {row_id!r}, which is not in "
                    "taxonomy.csv",
                )  # fmt: skip
        categories.by_service[service] = terms
    return categories


def _has_row_ids(folder: Folder, path: Path) -> bool:
    table = folder.tables.get("taxonomy.csv")
    if table is None:
        if (path / "taxonomy.csv").is_file():
            return False  # its header's errors are reported already
        folder.report.error(
            "taxonomy.csv", None, None, "missing_required",
            f"{CATEGORIES_JSON} names taxonomy.csv rows, but the folder has no taxonomy.csv",
        )  # fmt: skip
        return False
    if "id" not in table.columns:
        folder.report.error(
            "taxonomy.csv", 1, "id", "missing_column",
            f"{CATEGORIES_JSON} names taxonomy.csv rows by id, but there is no id column",
        )  # fmt: skip
        return False
    return True
