"""The layers hold: engines and importers load without the web framework, and the
import-linter contracts in pyproject.toml are kept (``make test`` also runs lint-imports)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT


@pytest.mark.parametrize(
    "module",
    [
        "importers.flat",
        "importers",
        "resource_directory.matching",
        "resource_directory.eligibility",
        "resource_directory.operations",
    ],
)
def test_engines_and_operations_load_without_flask(module):
    code = f"import sys, {module}; print(sorted(m for m in sys.modules if m.split('.')[0] in "
    code += "('flask', 'werkzeug', 'click', 'flask_wtf', 'flask_babel')))"
    found = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert found.stdout.strip() == "[]", found.stdout


def test_the_layer_contracts_are_kept():
    linter = Path(sys.executable).parent / "lint-imports"  # installed with the dev extras
    result = subprocess.run([str(linter), "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout
