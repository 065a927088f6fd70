"""kill -9 mid-ingest, on both stores: after resuming, the store equals an uninterrupted run's.

A small run of bench/bench_kill9.py's harness (the bench does 20 kills on a larger corpus; its
figures are in docs/reliability.md): real pages in every container the readers take, `marsad
ingest` in a subprocess SIGKILLed with its process group at seeded random points, resumed, and
compared row by row with a reference run — article ids, duplicate_of, story, quarantine entries,
per-input progress, the story count.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from testpaths import ROOT, backend_params

sys.path.insert(0, str(ROOT / "bench"))
import bench_kill9

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("backend", backend_params())
def test_killed_ingests_resume_to_the_uninterrupted_store(tmp_path: Path, backend: str) -> None:
    corpus = bench_kill9.build_corpus(tmp_path / "corpus", seed=7, pages=3, records=3)
    store = bench_kill9.Backend(backend, tmp_path)
    try:
        r = bench_kill9.kill9(corpus, store, kills=3, seed=7)
    finally:
        store.drop()
    assert r.kills == 3, "every kill must land on a running ingest"
    assert r.records > 20  # the corpus really went through: examples, pages, JSONL, WARC, WET, junk
    assert (r.lost, r.extra) == (0, 0)
    assert r.diffs == [], r.diffs
