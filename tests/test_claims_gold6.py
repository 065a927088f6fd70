"""The sixth claims gold set (tests/data/claims_gold6.jsonl, issue 11 item 2) is a fresh sealed set:
the sealed outlets only (CNN, JawharaFM), split `sealed`, unique ids, the guideline's vocabularies,
labels that agree with each other, no article text stored, no article of an earlier gold set; and,
when ../shared/data is here, every offset cuts the sentence whose hash is stored, every name and cue
is written in that sentence, and bench/sample_claims_gold6.py with its defaults draws these very
sentences. Events were not annotated in this set (`events` is null)."""

from __future__ import annotations

import importlib
from collections import Counter
from pathlib import Path

import pytest

from test_claims_gold2 import DATA, check_labels, check_offsets, check_records, earlier_ids, read_gold
from testpaths import ROOT

GOLD = DATA / "claims_gold6.jsonl"


def test_size_ids_and_only_the_sealed_outlets() -> None:
    rows = read_gold(GOLD)
    assert len(rows) >= 140 and len({r["ant_id"] for r in rows}) >= 50
    check_records(rows, {"CNN": "sealed", "JawharaFM": "sealed"})  # a train/dev outlet raises KeyError
    assert Counter(r["source"] for r in rows).keys() == {"CNN", "JawharaFM"}
    assert all(r["events"] is None for r in rows)


def test_no_article_of_an_earlier_gold_set() -> None:
    """Unseen: no article of gold2's sealed split (scored several times) nor of any other set."""
    assert not earlier_ids("claims_gold6") & {r["ant_id"] for r in read_gold(GOLD)}


def test_labels_use_the_guideline_vocabulary_and_agree() -> None:
    rows = read_gold(GOLD)
    check_labels(rows)
    # Both sides of the reported-vs-asserted decision are present in numbers.
    assert min(sum(r["attributed"] for r in rows), sum(not r["attributed"] for r in rows)) >= 30


def test_the_sampler_draws_these_sentences(shared_data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(ROOT / "bench"))
    sampler = importlib.import_module("sample_claims_gold6")
    drawn = importlib.import_module("sample_claims_gold4").draw(
        shared_data / "topics", 29, 67, 0.5, 3, 0, sampler.SPLITS, sampler.LATER
    )
    assert [(d["ant_id"], d["start"]) for d in drawn] == [(r["ant_id"], r["start"]) for r in read_gold(GOLD)]


def test_offsets_cut_the_annotated_sentences(shared_data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    check_offsets(read_gold(GOLD), shared_data, monkeypatch)
