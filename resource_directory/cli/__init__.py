"""Command line: ``resource-directory`` (also ``python -m resource_directory``).

Each command parses its options, calls one operation inside :func:`.base.unit_of_work` (one
commit, or one rollback) and prints the result.
"""

from __future__ import annotations

import sys

from . import data, directory  # noqa: F401  (their commands register on the group)
from .base import cli, unit_of_work

__all__ = ["cli", "main", "unit_of_work"]


def main() -> None:
    cli(prog_name="resource-directory")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
