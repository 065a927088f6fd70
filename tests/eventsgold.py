"""Checks shared by the events gold tests (events_gold3, events_gold5): one place for what a
well-formed events gold record is (docs/event-guideline.md), so the two sets are held to the same
rules. A plain module, as testpaths: several conftest.py files exist."""

from __future__ import annotations

import hashlib
import importlib
import json
import re
from pathlib import Path
from typing import Any

from testpaths import ROOT

DATA = ROOT / "tests" / "data"
TYPES = {
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
    "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT", "DISAPPROVE",
    "INVESTIGATE",
}  # fmt: skip
CONSULT_MODES = {"meet", "visit", "travel", "call"}
FIELDS = {
    "id", "ant_id", "source", "category", "url", "split", "selection", "start", "end", "sha1", "events",
}  # fmt: skip
ANT_ID = re.compile(r"\b(?:BB|CN|SN|SK|JA)-[A-Za-z]+-\d+-\d{8}\b")
_WORD_EDGE = re.compile(r'[\s.,،؛;:!?؟"«»()\[\]]')


def rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def check_records(path: Path, splits: dict[str, str]) -> None:
    """Unique ids, no article text, splits that follow the outlet (`splits`: outlet -> split)."""
    rs = rows(path)
    assert {r["source"] for r in rs} == set(splits)
    assert len({r["id"] for r in rs}) == len(rs)
    for r in rs:
        assert set(r) == FIELDS, r["id"]  # no "text": the articles may not be redistributed
        assert r["id"] == f"{r['ant_id']}@{r['start']}" and 0 <= r["start"] < r["end"]
        assert r["split"] == splits[r["source"]] and r["selection"] in {"cued", "plain"}, r["id"]
    assert {r["split"] for r in rs} == set(splits.values())


def check_empty_share(path: Path) -> None:
    """About half the sentences hold no event, in every split (precision is measurable there)."""
    rs = rows(path)
    assert 0.4 <= sum(not r["events"] for r in rs) / len(rs) <= 0.65
    for split in {r["split"] for r in rs}:
        assert any(not r["events"] for r in rs if r["split"] == split)


def earlier_ids(own: str) -> set[str]:
    """ANT ids named in tests/data files other than the set `own` (its name prefix)."""
    out: set[str] = set()
    for path in DATA.iterdir():
        if path.is_file() and not path.name.startswith(own):
            out.update(ANT_ID.findall(path.read_text(encoding="utf-8", errors="replace")))
    return out


def check_labels(path: Path) -> None:
    """PLOVER types and modes of the guideline; trigger spans inside the sentence, one per event."""
    for r in rows(path):
        spans = []
        for e in r["events"]:
            assert set(e) == {"type", "mode", "actors", "targets", "trigger"}, r["id"]
            assert e["type"] in TYPES, r["id"]
            assert e["mode"] in (CONSULT_MODES if e["type"] == "CONSULT" else {None}), r["id"]
            s, t = e["trigger"]
            assert 0 <= s < t <= r["end"] - r["start"], r["id"]
            assert all(isinstance(n, str) and n.strip() for n in e["actors"] + e["targets"]), r["id"]
            spans.append((s, t))
        assert len(set(spans)) == len(spans), r["id"]  # one trigger names one event


def offset_errors(path: Path, shared_data: Path) -> list[tuple[str, str]]:
    """Records whose offsets no longer cut the hashed sentence, triggers that are not whole words,
    participants not written in the sentence (bench/ must be on sys.path)."""
    sample = importlib.import_module("sample_claims_gold2")
    texts = {a["id"]: a["text"] for a in sample.load(shared_data / "topics")}
    sentence_text = sample.sentence_text
    wrong: list[tuple[str, str]] = []
    for r in rows(path):
        text = sentence_text(texts[r["ant_id"]], r["start"], r["end"])
        if hashlib.sha1(text.encode()).hexdigest()[:12] != r["sha1"]:
            wrong.append((r["id"], "hash"))
            continue
        for e in r["events"]:
            s, t = e["trigger"]
            whole = (s == 0 or _WORD_EDGE.match(text[s - 1])) and (
                t == len(text) or _WORD_EDGE.match(text[t])
            )
            if not whole or _WORD_EDGE.match(text[s]) or _WORD_EDGE.match(text[t - 1]):
                wrong.append((r["id"], text[s:t]))
            wrong += [(r["id"], n) for n in e["actors"] + e["targets"] if n not in text]
    return wrong
