"""service_icarol_categories.json: the AIRS / 211 LA County codes each service is filed under
({service id: ["BD-1800.2000", "YB-8000", …]}, as CHARMcare's iCarol export gives them).

Each code becomes a term of the "airs" taxonomy, named as the folder's
taxonomy_mapping.csv names it (its "211 Code" and "211 Name" columns; CHARMcare's crosswalk
of 211 codes to Open Eligibility), else as the taxonomy's well-known terms are named, else
by the code itself.
"""

from __future__ import annotations

import csv
from pathlib import Path

from resource_directory import airs

from ..files import csv_reader, detect_encoding, open_text
from ..records import TermRecord
from .values import Folder, read_json_lists, unknown_reference

ICAROL_JSON = "service_icarol_categories.json"
NAMES_CSV = "taxonomy_mapping.csv"


def read_icarol_codes(folder: Folder, path: Path) -> dict[str, list[TermRecord]]:
    """{service id: its AIRS terms}; services not in services.csv and text that is not a
    code are reported."""
    links = read_json_lists(folder, path / ICAROL_JSON, "AIRS codes")
    if not links:
        return {}
    names = read_code_names(path / NAMES_CSV)
    services = folder.seen("services.csv")
    found: dict[str, list[TermRecord]] = {}
    terms: dict[str, TermRecord] = {}  # one record per code, shared by its services
    for service, codes in links.items():
        if service not in services:
            unknown_reference(folder, ICAROL_JSON, f"service {service!r} is not in services.csv")
            continue
        kept = []
        for code in dict.fromkeys(c.strip() for c in codes):
            if not airs.is_code(code):
                folder.report.warn(
                    ICAROL_JSON, None, None, "invalid_value",
                    f"service {service!r}: {code!r} is not an AIRS code; ignored",
                )  # fmt: skip
                continue
            if code not in terms:
                name = names.get(code) or airs.name_of(code) or code
                terms[code] = TermRecord(code, name, airs.VOCABULARY)
            kept.append(terms[code])
        found[service] = kept
    return found


def read_code_names(path: Path) -> dict[str, str]:
    """{211 code: name} from a crosswalk's "211 Code" and "211 Name" columns ({} without)."""
    if not path.is_file():
        return {}
    encoding, _ = detect_encoding(path)
    names: dict[str, str] = {}
    try:
        with open_text(path, encoding) as handle:
            reader = csv_reader(handle)
            header = [h.strip().strip("\ufeff").casefold() for h in next(reader, [])]
            if "211 code" not in header or "211 name" not in header:
                return {}
            code_at, name_at = header.index("211 code"), header.index("211 name")
            for row in reader:
                if len(row) > max(code_at, name_at):
                    # A reviewer's "*" marks a note on the code, not part of it.
                    code, name = row[code_at].strip().rstrip("*").strip(), row[name_at].strip()
                    if code and name and airs.is_code(code):
                        names.setdefault(code, name)
    except (UnicodeDecodeError, csv.Error):
        pass  # names are a nicety: the codes are read without them
    return names
