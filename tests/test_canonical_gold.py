"""The canonical-names-and-roles gold sets (tests/data/canonical_gold.jsonl and the persons-only
sealed canonical_gold2.jsonl, issue 11 item 5) are well formed: unique ids, a split per row that
follows the outlet, non-empty Latin names, roles on persons only, no article in both; and, when
../shared/data is here, every Arabic string is in its article and bench/sample_canonical.py with the
seeds its docstring names draws these very articles."""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Any

import pytest

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


def _by_outlet(rows: list[dict[str, Any]], key: str) -> dict[str, list[str]]:
    """Article ids per outlet, in drawing order (the stored file groups the sealed outlets first)."""
    out: dict[str, list[str]] = {}
    for r in rows:
        out.setdefault(r[key], []).append(r["id"])
    return out


@pytest.mark.parametrize(
    ("gold", "per_outlet", "seed", "outlets"),
    [(GOLD, 10, 11, ("JawharaFM", "BBC", "CNN", "SkyNews")), (GOLD2, 8, 29, ("CNN", "JawharaFM"))],
)
def test_the_sampler_draws_these_articles(
    gold: Path,
    per_outlet: int,
    seed: int,
    outlets: tuple[str, ...],
    shared_data: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Reproducible although later sets now name other articles: their files are not banned (`LATER`)."""
    monkeypatch.syspath_prepend(str(ROOT / "bench"))
    sampler = importlib.import_module("sample_canonical")
    drawn = sampler.draw(shared_data / "topics", per_outlet, seed, outlets, gold.name)
    assert _by_outlet(drawn, "source") == _by_outlet(_rows(gold), "outlet")
