"""Full garbage collections spaced out while a bulk import runs.

An import keeps each batch of validated profiles (tens of tracked objects per row) alive until
the batch is written, so almost everything it allocates is promoted to the oldest generation,
and CPython's default pacing then re-traverses that whole generation each time it grows by a
quarter — over a third of the import's Python time on bench/discovery.py. The young
generations keep their usual thresholds, so short-lived reference cycles are still collected
promptly; only full collections wait longer, and the default returns when the last import ends.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# Young-generation collections between full ones (CPython's default is 10).
IMPORT_FULL_COLLECTION_THRESHOLD = 1000

_lock = threading.Lock()
_active = 0
_saved: tuple[int, int, int] | None = None


@contextmanager
def full_collections_spaced() -> Iterator[None]:
    """Nests and overlaps safely: concurrent imports share one saved setting."""
    global _active, _saved
    with _lock:
        if _active == 0:
            _saved = gc.get_threshold()
            young, middle, _ = _saved
            gc.set_threshold(young, middle, max(_saved[2], IMPORT_FULL_COLLECTION_THRESHOLD))
        _active += 1
    try:
        yield
    finally:
        with _lock:
            _active -= 1
            if _active == 0 and _saved is not None:
                gc.set_threshold(*_saved)
                _saved = None
