"""The second claims/certainty/events gold set (tests/data/claims_gold2.jsonl, issue 11 items 2/3) is
well formed: unique ids, splits that follow the outlet (so no article or outlet is in two splits),
the guideline's vocabularies, labels that agree with each other, no article text stored, no article
shared with an earlier gold set; and, when ../shared/data is here, every offset cuts the sentence
whose hash is stored, every name, cue and participant is written in that sentence, and
bench/sample_claims_gold2.py with its defaults draws these very sentences."""

from __future__ import annotations

import hashlib
import importlib
import json
import re
from pathlib import Path
from typing import Any

import pytest

from testpaths import ROOT

DATA = ROOT / "tests" / "data"
GOLD = DATA / "claims_gold2.jsonl"
SPLITS = {"BBC": "train", "SkyNews": "dev", "CNN": "sealed", "JawharaFM": "sealed"}
LEVELS = {"asserted", "reported", "probable", "possible", "claimed", "denied"}
KINDS = {"person", "officials", "anonymous", "outlet", "media", "document", "organization", "state"}
# PLOVER types as docs/annotation-guideline.md and the first dev set use them.
TYPES = {
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
    "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT", "DISAPPROVE",
    "INVESTIGATE",
}  # fmt: skip
CONSULT_MODES = {None, "meet", "visit", "travel"}
FIELDS = {
    "id", "ant_id", "source", "category", "url", "split", "selection", "start", "end", "sha1",
    "attributed", "source_chain", "certainty", "cues", "events",
}  # fmt: skip
_ANT_ID = re.compile(r"\b(?:BB|CN|SN|SK|JA)-[A-Za-z]+-\d+-\d{8}\b")


PREFIX = {"BBC": "BB", "SkyNews": "SK", "CNN": "CN", "JawharaFM": "JA"}


def read_gold(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _rows() -> list[dict[str, Any]]:
    return read_gold(GOLD)


def check_records(rows: list[dict[str, Any]], splits: dict[str, str]) -> None:
    """Unique ids, the record's fields and no text, the split that follows the outlet."""
    assert len({r["id"] for r in rows}) == len(rows)
    for r in rows:
        assert set(r) == FIELDS, r["id"]  # no "text": the articles may not be redistributed
        assert r["id"] == f"{r['ant_id']}@{r['start']}" and 0 <= r["start"] < r["end"]
        assert r["split"] == splits[r["source"]], r["id"]
        assert r["ant_id"][:2] == PREFIX[r["source"]]


def earlier_ids(own: str) -> set[str]:
    """ANT ids named by the files of tests/data whose name does not start with `own`."""
    earlier: set[str] = set()
    for path in DATA.iterdir():
        if path.is_file() and not path.name.startswith(own):
            earlier.update(_ANT_ID.findall(path.read_text(encoding="utf-8", errors="replace")))
    assert earlier  # the earlier sets are there to compare with
    return earlier


def check_labels(rows: list[dict[str, Any]]) -> None:
    """The guideline's vocabularies, and labels that agree with each other (events when annotated)."""
    for r in rows:
        rid, chain = r["id"], r["source_chain"]
        assert r["certainty"] in LEVELS, rid
        assert isinstance(r["attributed"], bool) and isinstance(r["cues"], list)
        if not r["attributed"]:
            # The outlet's own voice: no source, and no level that needs one.
            assert chain == [] and r["certainty"] not in {"reported", "claimed", "denied"}, rid
        else:
            assert chain is None or (chain and all(set(s) == {"name", "kind"} for s in chain)), rid
            assert r["certainty"] != "asserted", rid
            assert all(s["kind"] in KINDS and s["name"].strip() for s in chain or []), rid
        if r["certainty"] in {"probable", "possible", "claimed", "denied"}:
            assert r["cues"], rid  # a hedge or denial level names the words that decided it
        for e in r["events"] or []:
            assert e["type"] in TYPES and set(e) == {"type", "mode", "actors", "targets"}, rid
            assert e["mode"] in (CONSULT_MODES if e["type"] == "CONSULT" else {None, "recognize"}), rid


def check_offsets(rows: list[dict[str, Any]], shared_data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every offset cuts the sentence whose hash is stored; every name, cue and participant is in it."""
    monkeypatch.syspath_prepend(str(ROOT / "bench"))
    sample = importlib.import_module("sample_claims_gold2")
    texts = {a["id"]: a["text"] for a in sample.load(shared_data / "topics")}
    wrong = []
    for r in rows:
        text = sample.sentence_text(texts[r["ant_id"]], r["start"], r["end"])
        if hashlib.sha1(text.encode()).hexdigest()[:12] != r["sha1"]:
            wrong.append((r["id"], "hash"))
            continue
        names = [s["name"] for s in r["source_chain"] or []] + r["cues"]
        names += [n for e in r["events"] or [] for n in e["actors"] + e["targets"]]
        wrong += [(r["id"], n) for n in names if n not in text]
    assert not wrong


def test_size_ids_and_splits_by_outlet() -> None:
    rows = _rows()
    assert len(rows) >= 400 and len({r["ant_id"] for r in rows}) >= 60
    check_records(rows, SPLITS)
    assert {r["split"] for r in rows} == {"train", "dev", "sealed"}


def test_no_article_of_an_earlier_gold_set() -> None:
    """Unseen means unseen: no ANT id named by another file in tests/data is drawn again."""
    assert not earlier_ids("claims_gold2") & {r["ant_id"] for r in _rows()}


def test_labels_use_the_guideline_vocabulary_and_agree() -> None:
    check_labels(_rows())


def test_every_level_and_kind_is_represented() -> None:
    rows = _rows()
    assert {r["certainty"] for r in rows} == LEVELS
    assert {s["kind"] for r in rows for s in r["source_chain"] or []} == KINDS


def test_offsets_cut_the_annotated_sentences(shared_data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    check_offsets(_rows(), shared_data, monkeypatch)


def test_the_sampler_draws_these_sentences(shared_data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Reproducible although later sets now name other articles (`LATER`); the README's 4 drawn
    sentences that are also sentences of claims_dev.jsonl were dropped after the draw."""
    monkeypatch.syspath_prepend(str(ROOT / "bench"))
    drawn = importlib.import_module("sample_claims_gold2").draw(shared_data / "topics", 20, 23)
    seen = {r["text"] for r in map(json.loads, (DATA / "claims_dev.jsonl").open(encoding="utf-8"))}
    kept = [(d["ant_id"], d["start"]) for d in drawn if d["text"] not in seen]
    assert len(drawn) - len(kept) == 4
    assert kept == [(r["ant_id"], r["start"]) for r in _rows()]


def _pass(name: str) -> list[dict[str, Any]]:
    return [json.loads(x) for x in (DATA / name).read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("name", ["claims_gold2_pass2.jsonl", "claims_gold2_pass3.jsonl"])
def test_second_pass_labels_a_sample_of_the_gold_rows(name: str) -> None:
    """claims_gold2_pass2.jsonl (the same-annotator second pass) and claims_gold2_pass3.jsonl (the
    blind pass a day later) each label the same 100 gold rows with the same label fields and
    vocabulary, and hold no text either."""
    gold = {r["id"]: r for r in _rows()}
    second = _pass(name)
    assert len(second) == 100 and len({r["id"] for r in second}) == 100
    assert {r["id"] for r in second} == {r["id"] for r in _pass("claims_gold2_pass2.jsonl")}
    for r in second:
        assert r["id"] in gold and set(r) == {
            "id",
            "attributed",
            "source_chain",
            "certainty",
            "cues",
            "events",
        }
        assert r["certainty"] in LEVELS and all(e["type"] in TYPES for e in r["events"]), r["id"]
        assert all(s["kind"] in KINDS for s in r["source_chain"] or []), r["id"]
    assert {gold[r["id"]]["split"] for r in second} == {"train", "dev", "sealed"}
