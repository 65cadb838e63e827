"""Every real dataset is read without a crash: imported, or refused with a clear reason."""

from pathlib import Path

import pytest

from importers import UnsupportedFormat, read_file

from .conftest import REAL_DATA

pytestmark = pytest.mark.realdata


def candidates() -> list[Path]:
    """Each data file, and each folder that holds tables, under the real-data folder."""
    if not REAL_DATA.exists():
        return []
    found: list[Path] = []
    for path in sorted(REAL_DATA.rglob("*")):
        if path.is_file() and path.suffix.lower() in {".csv", ".json", ".txt", ".tsv"}:
            found.append(path)
        elif path.is_dir() and any(child.suffix == ".csv" for child in path.iterdir()):
            found.append(path)
    return found


@pytest.mark.parametrize("path", candidates(), ids=lambda p: str(p.relative_to(REAL_DATA)))
def test_reads_or_refuses_clearly(path):
    try:
        parsed = read_file(path)
    except UnsupportedFormat as exc:
        assert path.name in str(exc) or "does not exist" in str(exc)
        return
    for problem in [*parsed.report.errors, *parsed.report.warnings]:
        assert problem.code and problem.message
        assert problem.file, problem
