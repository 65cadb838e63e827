"""A service's categories: taxonomy.csv terms, named by services.taxonomy_ids (codes) or by
service_categories.json ({service id: [taxonomy.csv row id, …]}, as CHARMcare exports them).

Ohana's category tree is Open Eligibility's (101 Emergency, 102 Food …), so every term is
filed under the "open-eligibility" taxonomy with its parent's code. Other JSON files a
folder may carry (CHARMcare's service_icarol_categories.json, AIRS codes) are not read.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from resource_directory.taxonomy import OPEN_ELIGIBILITY

from ..files import detect_encoding, read_all_text
from ..records import TermRecord
from .tables import Row
from .values import Folder, split_list

CATEGORIES_JSON = "service_categories.json"
#: Open Eligibility's service branches (101 Emergency … 111 Legal); the codes after them
#: (112 Age Group, 116 Disability, 123 Housing status …) describe who is served, not what.
SERVICE_BRANCHES = frozenset(str(code) for code in range(101, 112))


def is_service_category(code: str) -> bool:
    """Does the code name a kind of service (not an audience facet)?"""
    return code.split("-", 1)[0] in SERVICE_BRANCHES


@dataclass
class Categories:
    by_code: dict[str, TermRecord] = field(default_factory=dict)
    #: {service id: terms} from the JSON file.
    by_service: dict[str, list[TermRecord]] = field(default_factory=dict)

    def for_service(self, folder: Folder, row: Row) -> tuple[TermRecord, ...]:
        """The service's terms from both sources, in code order (stable across imports)."""
        terms = {t.code: t for t in self.by_service.get(row.get("id"), [])}
        for code in split_list(row.get("taxonomy_ids")):
            if code in self.by_code:
                terms[code] = self.by_code[code]
            elif "taxonomy.csv" not in folder.broken:
                folder.report.error(
                    row.file, row.line, "taxonomy_ids", "unknown_reference",
                    f"taxonomy_id {code!r} is not in taxonomy.csv",
                )  # fmt: skip
        return tuple(terms[code] for code in sorted(terms))


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
    links = _read_json(folder, path / CATEGORIES_JSON)
    if links is None or not _has_row_ids(folder, path):
        return categories
    services, taxonomy_rows = folder.seen("services.csv"), folder.seen("taxonomy.csv")
    for service, row_ids in links.items():
        if service not in services:
            _unknown(folder, f"service {service!r} is not in services.csv")
            continue
        terms = []
        for row_id in row_ids:
            if row_id in by_row_id:
                terms.append(by_row_id[row_id])
            elif row_id not in taxonomy_rows:
                _unknown(folder, f"service {service!r} names taxonomy.csv row {row_id!r}, "
                         "which is not in taxonomy.csv")  # fmt: skip
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


def _unknown(folder: Folder, message: str) -> None:
    folder.report.error(CATEGORIES_JSON, None, None, "unknown_reference", message)


def _read_json(folder: Folder, path: Path) -> dict[str, list[str]] | None:
    """{service id: [row id, …]} with ids as text, or None when absent or unreadable."""
    if not path.is_file():
        return None
    encoding, problem = detect_encoding(path)
    if problem:
        folder.report.warn(CATEGORIES_JSON, None, None, "bad_encoding", problem)
    try:
        data = json.loads(read_all_text(path, encoding))
    except (UnicodeDecodeError, ValueError) as exc:
        folder.report.error(CATEGORIES_JSON, None, None, "invalid_json", f"not JSON: {exc}")
        return None
    if not isinstance(data, dict) or not all(isinstance(v, list) for v in data.values()):
        folder.report.error(
            CATEGORIES_JSON, None, None, "invalid_json",
            "expected an object of service id → list of taxonomy.csv row ids",
        )  # fmt: skip
        return None
    return {str(key): [str(v) for v in values] for key, values in data.items()}
