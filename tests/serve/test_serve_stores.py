"""Per-thread stores: a SQLite connection never crosses threads."""

from __future__ import annotations

import threading
from pathlib import Path

from marsad.serve.stores import StoreProvider


def test_one_store_per_thread_reused_within_a_thread(tmp_path: Path) -> None:
    provider = StoreProvider(str(tmp_path / "t.db"))
    main = provider.get()
    assert provider.get() is main
    seen: list[object] = []
    t = threading.Thread(target=lambda: seen.append(provider.get()))
    t.start()
    t.join()
    assert seen and seen[0] is not main
    provider.close()
    assert provider._all == []
