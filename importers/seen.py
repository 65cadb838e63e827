"""Which ids a file has already defined: first place and content fingerprint, per id column.

A large file defines hundreds of thousands of ids; keeping them in dicts made an import's
memory grow with the file. Ids of the chunk being read stay in memory; those of chunks
already handed over move to a temporary SQLite database, so memory stays flat. It is
SQLite's own anonymous temporary database (an empty file name): its file is unlinked as
soon as it is opened, so nothing is left behind even when the import is killed.
"""

from __future__ import annotations

import sqlite3


class SeenIds:
    def __init__(self) -> None:
        self._db = sqlite3.connect("")
        self._db.executescript(
            """
            PRAGMA journal_mode=OFF;
            PRAGMA synchronous=OFF;
            PRAGMA cache_size=-4096;
            CREATE TABLE seen (kind TEXT, id TEXT, place TEXT, fingerprint INTEGER,
                               PRIMARY KEY (kind, id)) WITHOUT ROWID;
            """
        )
        self._recent: dict[tuple[str, str], tuple[int | str, int | None]] = {}
        self.handed_over = 0

    def get(self, kind: str, external_id: str) -> tuple[int | str, int | None] | None:
        """(first place, fingerprint) of an id seen before, or None."""
        found = self._recent.get((kind, external_id))
        if found is not None or not self.handed_over:
            return found
        row = self._db.execute(
            "SELECT place, fingerprint FROM seen WHERE kind = ? AND id = ?", (kind, external_id)
        ).fetchone()
        if row is None:
            return None
        place = int(row[0]) if row[0].isdigit() else row[0]
        return place, row[1]

    def add(self, kind: str, external_id: str, place: int | str) -> None:
        self._recent[(kind, external_id)] = (place, None)

    def settle(self, fingerprints: dict[tuple[str, str], int]) -> None:
        """Move the chunk's ids to disk, with the fingerprints of the records handed over."""
        self._db.executemany(
            "INSERT OR REPLACE INTO seen VALUES (?, ?, ?, ?)",
            (
                (kind, ext, str(place), fingerprints.get((kind, ext)))
                for (kind, ext), (place, _) in self._recent.items()
            ),
        )
        self._recent = {}
        self.handed_over += 1

    def close(self) -> None:
        self._db.close()
