"""The store pool: a store is never lent to two users at once, and idle ones are reused."""

from __future__ import annotations

import threading
from pathlib import Path

from marsad.config import SETTINGS
from marsad.serve.stores import StorePool


def test_concurrent_users_get_distinct_stores_and_idle_ones_are_reused(tmp_path: Path) -> None:
    pool = StorePool(str(tmp_path / "t.db"), SETTINGS, max_idle=1)
    with pool.use() as a, pool.use() as b:
        assert a is not b
    # one was kept (max_idle=1), the other closed; the kept one is lent again
    with pool.use() as c:
        assert c is a or c is b
        kept = c
    seen: list[object] = []
    t = threading.Thread(target=lambda: seen.append(pool.acquire()))
    t.start()
    t.join()
    assert seen == [kept]  # a store may move between threads, just never be shared
    pool.release(kept)
    pool.close()
    assert pool._idle == []
    with pool.use() as d:  # after close, borrowed stores are closed on return, not kept
        assert d is not kept
    assert pool._idle == []


def test_a_store_that_saw_an_error_is_not_lent_again(tmp_path: Path) -> None:
    pool = StorePool(str(tmp_path / "t.db"), SETTINGS)
    try:
        with pool.use() as broken:
            raise RuntimeError("mid-request failure")
    except RuntimeError:
        pass
    with pool.use() as fresh:
        assert fresh is not broken
    assert pool._idle == [fresh]
    pool.close()
