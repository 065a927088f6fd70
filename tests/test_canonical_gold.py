"""The canonical-names-and-roles gold sets (tests/data/canonical_gold.jsonl and the persons-only
sealed canonical_gold2.jsonl, issue 11 item 5) are well formed: unique ids, a split per row that
follows the outlet, non-empty Latin names, roles on persons only, no article in both; and, when
../shared/data is here, every Arabic string is in its article."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from marsad.arabic.normalize import normalize
from testpaths import ROOT

GOLD = ROOT / "tests" / "data" / "canonical_gold.jsonl"
GOLD2 = ROOT / "tests" / "data" / "canonical_gold2.jsonl"
TYPES = {"PERSON", "ORGANIZATION", "LOCATION"}
SPLITS = {"dev", "sealed"}


def _rows(path: Path = GOLD) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _fold(text: str) -> str:
    # str.split() also splits on the no-break spaces some outlets put inside names.
    return " ".join(normalize(text).split())


def test_ids_unique_and_splits_follow_outlets() -> None:
    rows = _rows()
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids))
    split_of: dict[str, str] = {}
    for r in rows:
        assert r["split"] in SPLITS, r["id"]
        # Split by outlet: an outlet is wholly dev or wholly sealed, never both.
        assert split_of.setdefault(r["outlet"], r["split"]) == r["split"], r["id"]
    assert set(split_of.values()) == SPLITS
    assert len(split_of) >= 4


def test_second_set_is_sealed_persons_from_unseen_articles() -> None:
    rows = _rows(GOLD2)
    ids = {r["id"] for r in rows}
    assert len(ids) == len(rows) >= 15
    assert not ids & {r["id"] for r in _rows()}
    assert {r["outlet"] for r in rows} == {"CNN", "JawharaFM"}
    assert all(r["split"] == "sealed" and r["scope"] == "persons" for r in rows)
    assert all(e["type"] == "PERSON" for r in rows for e in r["entities"])
    assert sum(len(e["roles"]) for r in rows for e in r["entities"]) >= 30


def test_entities_well_formed() -> None:
    for r in _rows(GOLD2):
        for e in r["entities"]:
            assert e["ar"].strip() and e["latin"].strip() and isinstance(e["obscure"], bool), (r["id"], e)
            assert isinstance(e["roles"], list) and all(x.strip() for x in e["roles"])
    for r in _rows():
        assert r["entities"], r["id"]
        for e in r["entities"]:
            assert e["type"] in TYPES, (r["id"], e)
            assert e["ar"].strip() and e["latin"].strip(), (r["id"], e)
            assert isinstance(e["obscure"], bool)
            assert all(isinstance(x, str) and x.strip() for x in e.get("latin_alt", []) + e.get("forms", []))
            if e["type"] == "PERSON":
                assert isinstance(e["roles"], list) and all(x.strip() for x in e["roles"])
            else:
                assert "roles" not in e, (r["id"], e)


def test_arabic_strings_occur_in_their_articles(shared_data: Path) -> None:
    """Each surface, extra form and role phrase is written in its article (a clitic such as لل may
    stand where the gold has ال: للجوهرة is the article's, الجوهرة the gold's)."""
    texts: dict[str, str] = {}
    for name in ("ant-v1.1.jsonl", "ant2-dev.jsonl"):
        with (shared_data / "topics" / name).open(encoding="utf-8") as fh:
            for line in fh:
                a = json.loads(line)
                texts[a["id"]] = _fold(a["title"] + "\n" + a["text"])
    missing = []
    for r in _rows() + _rows(GOLD2):
        text = texts[r["id"]]
        for e in r["entities"]:
            for s in [e["ar"], *e.get("forms", []), *e.get("roles", [])]:
                f = _fold(s)
                if f not in text and not (f.startswith("ال") and f[2:] in text):
                    missing.append((r["id"], s))
    assert not missing
