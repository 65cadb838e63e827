"""Keeping each process's search index current after imports, without a restart.

Every write to the directory bumps a version stamp in the database (see
:mod:`resource_directory.models.state`). Each search reads that one row (a primary-key
lookup) and compares it with the version its process's index was built from, so each of
several gunicorn workers notices an import on its next search. The first index of a process
is built there and then (there is nothing to answer from yet), as is the next one of a
directory so small that it builds in a moment; otherwise one background thread builds the
new index while the previous one keeps answering, and the new one is swapped in whole once
it is ready. A failed build is logged and tried again a little later; the old index answers
meanwhile.
"""

from __future__ import annotations

import gc
import logging
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session

from ..gcpause import collector_paused
from ..models import directory_version
from .index import DirectoryIndex

log = logging.getLogger(__name__)

#: A rebuild that the last build says takes less than this is done in place: the search
#: that noticed the import waits for it.
INLINE_REBUILD_SECONDS = 0.2
#: After a failed background build, the first wait before the next try (doubled after each
#: failure in a row, up to ``RETRY_MAX_SECONDS``).
RETRY_SECONDS = 5.0
RETRY_MAX_SECONDS = 300.0
#: The GIL switch interval while a background build runs (Python's default is 5 ms).
BUILD_SWITCH_SECONDS = 0.001


class IndexHolder:
    """One process's index, rebuilt when the directory's version moves."""

    def __init__(
        self,
        session_factory: Callable[[], Session] | None = None,
        check_seconds: float = 0.0,
        *,
        build: Callable[[Session], DirectoryIndex] = DirectoryIndex.build,
        retry_seconds: float = RETRY_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ):
        self._session_factory = session_factory
        self._check_seconds = check_seconds
        self._build_index = build
        self._retry_seconds = retry_seconds
        self._clock = clock
        self._checked_at = float("-inf")
        self._index: DirectoryIndex | None = None
        self._lock = threading.Lock()  # guards the fields below and the swap
        self._building = threading.Lock()  # one build at a time in this process
        self._rebuilder: threading.Thread | None = None
        self._failures = 0
        self._retry_at = float("-inf")
        self.build_seconds = 0.0

    def get(self, session: Session) -> DirectoryIndex:
        """The index for the directory as ``session`` sees it, or the previous one while a
        background rebuild makes that.

        The version is read at most every ``check_seconds`` (a busy server then spends no
        query per search on it; an import shows up within that time)."""
        index = self._index
        now = self._clock()
        if index is not None and now - self._checked_at < self._check_seconds:
            return index
        self._checked_at = now
        version = directory_version(session)
        if index is not None and index.version >= version:
            # Equal: current. Newer: this session's snapshot predates an import that the
            # index already has (a restored, older database needs a restart).
            return index
        if index is None or self._session_factory is None or not self._slow():
            with self._building:
                if self._index is None or self._index.version < version:
                    self._install(self._build(session, serving=self._index is not None))
            return self._index  # type: ignore[return-value]
        self._start_rebuild(now)
        return index

    def wait_for_rebuild(self, timeout: float | None = None) -> bool:
        """Wait for a background rebuild under way (if any); False if it is still running."""
        thread = self._rebuilder
        if thread is not None:
            thread.join(timeout)
            return not thread.is_alive()
        return True

    def _install(self, fresh: DirectoryIndex) -> None:
        """Use ``fresh`` unless a newer index was installed meanwhile."""
        with self._lock:
            previous = self._index
            if previous is None or fresh.version >= previous.version:
                self._index = fresh
        del previous  # freed here unless a search still holds it, not under the lock

    def _slow(self) -> bool:
        return self.build_seconds >= INLINE_REBUILD_SECONDS

    def _build(self, session: Session, serving: bool) -> DirectoryIndex:
        """Build an index; ``serving``: while searches go on in other threads."""
        started = time.perf_counter()
        with collector_paused():  # until the index is frozen
            index = self._build_index(session)
            settle(index, collect=not serving)
        self.build_seconds = time.perf_counter() - started
        log.info(
            "search index built: %d listings, version %d, %.2f s",
            len(index),
            index.version,
            self.build_seconds,
        )
        return index

    def _start_rebuild(self, now: float) -> None:
        with self._lock:
            if (self._rebuilder is not None and self._rebuilder.is_alive()) or now < self._retry_at:
                return
            thread = threading.Thread(target=self._rebuild_now, name="index-rebuild", daemon=True)
            try:
                thread.start()
            except RuntimeError:  # no thread to be had: the old index answers, the next tries
                log.exception("search index rebuild could not start")
                return
            self._rebuilder = thread

    def _rebuild_now(self) -> None:
        assert self._session_factory is not None
        try:
            with self._building, _switching_often(), self._session_factory() as session:
                fresh = self._build(session, serving=True)
            self._install(fresh)
        except Exception:  # the old index keeps answering; a later search tries again
            with self._lock:
                self._failures += 1
                wait = min(self._retry_seconds * 2 ** (self._failures - 1), RETRY_MAX_SECONDS)
                self._retry_at = self._clock() + wait
            log.exception("search index rebuild failed (%d in a row); next try in %.0f s",
                          self._failures, wait)  # fmt: skip
        else:
            with self._lock:
                self._failures, self._retry_at = 0, float("-inf")


@contextmanager
def _switching_often() -> Iterator[None]:
    """A search thread waiting for the GIL gets it from the building thread sooner: it waits
    up to the switch interval each time it comes back from the socket or the database."""
    interval = sys.getswitchinterval()
    sys.setswitchinterval(min(interval, BUILD_SWITCH_SECONDS))
    try:
        yield
    finally:
        sys.setswitchinterval(interval)


#: From this many listings on, a new index is kept out of the garbage collector's sight.
FREEZE_FROM = 20_000


def settle(index: DirectoryIndex, collect: bool = True) -> None:
    """Keep a large index out of the cyclic garbage collector's way.

    An index of a million listings is a few million long-lived objects; every full
    collection would walk them all (a pause of a third of a second in the middle of a
    search). ``gc.freeze`` moves everything alive now to a generation the collector skips.
    The index holds no reference cycles, so when an import replaces it, reference counting
    frees it all the same.

    Call it with the collector paused since the build began, so the collector has not yet
    seen the index's objects. ``collect``: first free the process's cyclic garbage, a full
    collection that walks the new index once (0.3 s at 100,000 listings on 2 cores) and
    holds the GIL meanwhile. A rebuild while searches are answered skips it: the little
    cyclic garbage the searches left during the build (a few objects each) is frozen with
    the index instead of stalling them.
    """
    if len(index) >= FREEZE_FROM:
        if collect:
            gc.collect()
        gc.freeze()
