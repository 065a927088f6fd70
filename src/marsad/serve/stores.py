"""Per-thread stores for the web app."""

from __future__ import annotations

import logging
import threading

from marsad.store.base import Store, open_store

log = logging.getLogger(__name__)


class StoreProvider:
    """One store per thread: SQLite connections must stay on the thread that opened them, and
    FastAPI runs plain `def` endpoints on a thread pool."""

    def __init__(self, url: str | None) -> None:
        self.url = url
        self._local = threading.local()
        self._all: list[Store] = []
        self._lock = threading.Lock()

    def get(self) -> Store:
        store: Store | None = getattr(self._local, "store", None)
        if store is None:
            store = open_store(self.url)
            self._local.store = store
            with self._lock:
                self._all.append(store)
        return store

    def close(self) -> None:
        with self._lock:
            stores, self._all = self._all, []
        for store in stores:
            try:
                store.close()
            except Exception:  # closing from another thread may be refused; the process ends anyway
                log.debug("store close failed", exc_info=True)
