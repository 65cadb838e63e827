"""Pausing Python's cyclic garbage collector around work that makes many acyclic objects."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cycle collector off meanwhile, and back on after (if it was on).

    Hundreds of thousands of long-lived objects (an import's records, a search index) would
    be scanned by full collections again and again as they grow, finding nothing: reference
    counting frees them all the same."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
