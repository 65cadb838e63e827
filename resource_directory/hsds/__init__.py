"""The official Open Referral HSDS 3 Frictionless descriptor, vendored (see NOTICE.md).

The project reads the schema from here at run time, never from the network or a shared
folder, so exports and checks work offline.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

DESCRIPTOR = Path(__file__).with_name("datapackage.json")
#: The openreferral/specification commit the descriptor was taken from (branch 3.0).
SPEC_COMMIT = "279fd2eb3552c349bf698c07c00cc25f5fc8249b"


@cache
def _descriptor() -> dict[str, Any]:
    return json.loads(DESCRIPTOR.read_text(encoding="utf-8"))


def load_datapackage() -> dict[str, Any]:
    """The whole HSDS 3 data package descriptor (a fresh copy the caller may change)."""
    return copy.deepcopy(_descriptor())


def resource(name: str) -> dict[str, Any]:
    """One table's resource descriptor (``path``, ``schema`` …), e.g. ``resource("service")``."""
    for item in _descriptor()["resources"]:
        if item["name"] == name:
            return copy.deepcopy(item)
    raise KeyError(f"HSDS 3 has no table named {name!r}")


def field_names(name: str) -> list[str]:
    """A table's column names, in the schema's order."""
    return [f["name"] for f in resource(name)["schema"]["fields"]]
