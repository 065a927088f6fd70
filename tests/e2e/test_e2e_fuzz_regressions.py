"""Inputs found by bench/bench_fuzz.py, each cut to a small fixture in tests/data/fuzz/
(its README says which bench kind found it and what happened), through the ingest road.

The road's promise for any input: the run finishes, and every record ends stored, a reprint,
already present or quarantined with a reason. Tests for failures not fixed yet are marked
xfail(strict=True) naming the bug, so they fail loudly once the fix lands and the mark can go.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import marsad
from marsad.config import Settings
from marsad.run.ingest import IngestSummary
from testpaths import ROOT

FUZZ = ROOT / "tests" / "data" / "fuzz"


def _ingest(name: str, tmp_path: Path, settings: Settings | None = None) -> IngestSummary:
    summary = marsad.ingest(FUZZ / name, db=tmp_path / "s.db", enrich=False, settings=settings)
    ended = summary.stored + summary.duplicates + summary.already_present + summary.quarantined
    assert summary.read == ended
    return summary


def test_lone_surrogate_in_jsonl_ends_stored_or_quarantined(tmp_path: Path) -> None:
    """Found by bench_fuzz; fixed on the readers branch (the record is quarantined, the file read on)."""
    lines = (FUZZ / "lone-surrogate.jsonl").read_text(encoding="utf-8").splitlines()
    assert "\ud800" in json.loads(lines[1])["text"]  # the fixture really carries one
    summary = _ingest("lone-surrogate.jsonl", tmp_path)
    assert summary.read == 2
    assert summary.stored >= 1  # the good record is never lost with the bad one


def test_deeply_nested_jsonl_record_is_quarantined_or_read(tmp_path: Path) -> None:
    summary = _ingest("deep-array.jsonl", tmp_path)
    assert summary.read == 1


@pytest.mark.slow
def test_hundred_thousand_nested_divs_are_cut_and_stored(tmp_path: Path) -> None:
    """The depth guard cuts the page before lexbor parses it (html_depth_prescan_tags) and its
    paragraph is stored under the default page limit; bench/bench_bounded.py measures the cost."""
    summary = _ingest("deep-divs.html.gz", tmp_path)
    assert summary.read == 1
    assert summary.stored == 1, summary.reasons
