"""The second events gold set (tests/data/events_gold5.jsonl, issue 11 item 3: trigger spans to
train the trigger tagger on, and a fresh sealed set) is well formed by the same rules as
events_gold3 (tests/eventsgold.py), is big enough for what the brief asked (≥ 250 training and
≥ 120 sealed sentences), shares no article with any earlier gold set (gold3 included), and, when
../shared/data is here, is the draw its sampler makes (bench/sample_events_gold5.py, seed 53) and
its offsets cut the hashed sentences."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from eventsgold import DATA, check_empty_share, check_labels, check_records, earlier_ids, offset_errors, rows
from testpaths import ROOT

GOLD = DATA / "events_gold5.jsonl"
SPLITS = {"BBC": "train", "SkyNews": "train", "CNN": "sealed", "JawharaFM": "sealed"}


def test_size_ids_and_splits_by_outlet() -> None:
    rs = rows(GOLD)
    assert sum(r["split"] == "train" for r in rs) >= 250
    assert sum(r["split"] == "sealed" for r in rs) >= 120
    check_records(GOLD, SPLITS)


def test_about_half_the_sentences_hold_no_event() -> None:
    check_empty_share(GOLD)


def test_no_article_of_an_earlier_gold_set() -> None:
    earlier = earlier_ids("events_gold5")
    assert {r["ant_id"] for r in rows(DATA / "events_gold3.jsonl")} <= earlier
    assert not earlier & {r["ant_id"] for r in rows(GOLD)}


def test_labels_use_the_guideline_vocabulary() -> None:
    check_labels(GOLD)


def test_the_sampler_draws_these_sentences(shared_data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Reproducible: the script and seed named in the README give back exactly the stored records."""
    monkeypatch.syspath_prepend(str(ROOT / "bench"))
    sampler = importlib.import_module("sample_events_gold5")
    drawn = sampler.draw(shared_data / "topics", {"train": 37, "sealed": 22}, 53)
    assert [(d["ant_id"], d["start"]) for d in drawn] == [(r["ant_id"], r["start"]) for r in rows(GOLD)]


def test_offsets_cut_the_annotated_sentences(shared_data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(ROOT / "bench"))
    assert not offset_errors(GOLD, shared_data)
