"""Keeping each process's search index current after imports, without a restart.

Every write to the directory bumps a version stamp in the database (see
:mod:`resource_directory.models.state`). Each search reads that one row (a primary-key
lookup) and compares it with the version its process's index was built from, so each of
several gunicorn workers notices an import on its next search. A small directory is rebuilt
there and then; a large one is rebuilt in a background thread while the previous index keeps
answering, so no search waits seconds for a rebuild.
"""

from __future__ import annotations

import gc
import logging
import threading
import time
from collections.abc import Callable

from sqlalchemy.orm import Session

from ..models import directory_version
from .index import DirectoryIndex

log = logging.getLogger(__name__)

#: Rebuilds expected to take longer than this (judged by the last one) run in the background.
INLINE_REBUILD_SECONDS = 0.5


class IndexHolder:
    """One process's index, rebuilt when the directory's version moves."""

    def __init__(
        self, session_factory: Callable[[], Session] | None = None, check_seconds: float = 0.0
    ):
        self._session_factory = session_factory
        self._check_seconds = check_seconds
        self._checked_at = float("-inf")
        self._index: DirectoryIndex | None = None
        self._lock = threading.Lock()
        self._rebuilding = False
        self.build_seconds = 0.0

    def get(self, session: Session) -> DirectoryIndex:
        """The index for the directory as ``session`` sees it (rebuilt if out of date).

        The version is read at most every ``check_seconds`` (a busy server then spends no
        query per search on it; an import shows up within that time)."""
        index = self._index
        now = time.monotonic()
        if index is not None and now - self._checked_at < self._check_seconds:
            return index
        self._checked_at = now
        version = directory_version(session)
        if index is not None and index.version >= version:
            # Equal: current. Newer: this session's snapshot predates an import that the
            # index already has (a restored, older database needs a restart).
            return index
        if index is None or self._session_factory is None or not self._slow():
            with self._lock:
                if self._index is None or self._index.version < version:
                    self._install(self._build(session))
                return self._index  # type: ignore[return-value]
        self._rebuild_in_background()
        return index

    def _install(self, fresh: DirectoryIndex) -> None:
        """Use ``fresh`` unless a newer index was installed meanwhile (call with the lock)."""
        if self._index is None or fresh.version >= self._index.version:
            self._index = fresh

    def _slow(self) -> bool:
        return self.build_seconds > INLINE_REBUILD_SECONDS

    def _build(self, session: Session) -> DirectoryIndex:
        started = time.perf_counter()
        index = DirectoryIndex.build(session)
        settle(index)
        self.build_seconds = time.perf_counter() - started
        log.info(
            "search index built: %d listings, version %d, %.2f s",
            len(index),
            index.version,
            self.build_seconds,
        )
        return index

    def _rebuild_in_background(self) -> None:
        with self._lock:
            if self._rebuilding:
                return
            self._rebuilding = True
        try:
            threading.Thread(target=self._rebuild, name="index-rebuild", daemon=True).start()
        except RuntimeError:  # no thread to be had: the old index answers, the next tries
            self._rebuilding = False
            log.exception("search index rebuild could not start")

    def _rebuild(self) -> None:
        assert self._session_factory is not None
        try:
            with self._session_factory() as session:
                fresh = self._build(session)
            with self._lock:
                self._install(fresh)
        except Exception:  # the old index keeps answering; the next search tries again
            log.exception("search index rebuild failed")
        finally:
            self._rebuilding = False


#: From this many listings on, a new index is kept out of the garbage collector's sight.
FREEZE_FROM = 20_000


def settle(index: DirectoryIndex) -> None:
    """Keep a large index out of the cyclic garbage collector's way.

    An index of a million listings is a few million long-lived objects; every full
    collection would walk them all (a pause of a third of a second in the middle of a
    search). ``gc.freeze`` moves everything alive now to a generation the collector skips.
    The index holds no reference cycles, so when an import replaces it, reference counting
    frees it all the same.
    """
    if len(index) >= FREEZE_FROM:
        gc.collect()
        gc.freeze()
