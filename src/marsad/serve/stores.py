"""A small pool of open stores for the web app.

Each request borrows a store for its whole duration and gives it back, so no two requests ever
share a connection at the same time (a SQLite connection or a psycopg connection must not run
two statements from two threads at once), while a handful of connections serve every request:
their page caches stay warm. One store per thread instead would open up to one connection per
worker thread (40 in Starlette's pool), each with its own cold page cache.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from marsad.config import Settings
from marsad.store.base import Store
from marsad.store.open import open_store

__all__ = ["StorePool"]

log = logging.getLogger(__name__)


class StorePool:
    """Stores opened on demand by URL, lent to one user at a time."""

    def __init__(self, url: str | None, settings: Settings, max_idle: int | None = None) -> None:
        self.url = url
        self.settings = settings  # every store is opened with it
        self.max_idle = settings.serve_idle_stores if max_idle is None else max_idle
        self._idle: list[Store] = []
        self._lock = threading.Lock()
        self._closed = False

    def acquire(self) -> Store:
        with self._lock:
            if self._idle:
                return self._idle.pop()
        return open_store(self.url, settings=self.settings)

    def release(self, store: Store) -> None:
        with self._lock:
            if not self._closed and len(self._idle) < self.max_idle:
                self._idle.append(store)
                return
        store.close()

    @contextmanager
    def use(self, expected: tuple[type[BaseException], ...] = ()) -> Iterator[Store]:
        """Borrow a store. One that saw an unexpected error is closed rather than lent again, in
        case the error left it mid-transaction; `expected` errors (a 404) give it back as usual."""
        store = self.acquire()
        try:
            yield store
        except expected:
            self.release(store)
            raise
        except BaseException:
            store.close()
            raise
        self.release(store)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for store in idle:
            try:
                store.close()
            except Exception:  # the process is ending; a failed close must not hide the real exit
                log.debug("store close failed", exc_info=True)
