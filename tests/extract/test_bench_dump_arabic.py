"""The Arabic dump bench (bench/arabic_dumps.py, bench/bench_dump_arabic.py): its chrome data,
its splits, the pages it builds and how it scores them."""

from __future__ import annotations

import importlib
import json
from types import ModuleType
from typing import Any

import pytest

from testpaths import ROOT, SEED_WORDS, SHARED_DATA

CHROME = ROOT / "bench" / "data" / "arabic_chrome"
FIELDS = (
    "outlet",
    "name",
    "nav",
    "share",
    "byline",
    "dateline",
    "related",
    "most_read",
    "footer_links",
    "copyright",
)


@pytest.fixture(scope="module")
def mods() -> tuple[ModuleType, ModuleType]:
    import sys

    sys.path.insert(0, str(ROOT / "bench"))
    try:
        return importlib.import_module("arabic_dumps"), importlib.import_module("bench_dump_arabic")
    finally:
        sys.path.remove(str(ROOT / "bench"))


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    return []


def test_chrome_files_name_ten_outlets_written_not_copied() -> None:
    files = sorted(CHROME.glob("*.json"))
    assert len(files) >= 10
    outlets = set()
    for path in files:
        data = json.loads(path.read_text(encoding="utf-8"))
        assert "not copied HTML" in data["about"], path.name
        missing = [f for f in FIELDS if not data.get(f)]
        assert not missing, (path.name, missing)
        outlets.add(data["outlet"])
    assert len(outlets) == len(files)


def test_chrome_never_uses_the_seed_page() -> None:
    seed_lines: set[str] = set()
    seed = SHARED_DATA / "seed" / "euronews-kim-putin.txt"
    if seed.is_file():
        seed_lines = {s.strip() for s in seed.read_text(encoding="utf-8").splitlines() if s.strip()}
    for path in sorted(CHROME.glob("*.json")):
        for s in _strings(json.loads(path.read_text(encoding="utf-8"))):
            assert not [w for w in SEED_WORDS if w in s], (path.name, s)
            assert "euronews" not in s.casefold() and "يورونيوز" not in s, (path.name, s)
            assert s not in seed_lines, (path.name, s)


def test_outlet_splits_are_disjoint_and_fixed(mods: tuple[ModuleType, ModuleType]) -> None:
    ad, _ = mods
    outlets = ad.load_outlets()
    splits = ad.outlet_splits(outlets)
    assert splits == ad.outlet_splits(list(reversed(outlets)))  # order of the files does not matter
    counts = {s: sum(1 for v in splits.values() if v == s) for s in ("train", "dev", "sealed")}
    assert counts == {"train": 5, "dev": 4, "sealed": len(outlets) - 9}


@pytest.fixture(scope="module")
def pages(mods: tuple[ModuleType, ModuleType]) -> dict[str, list[Any]]:
    if not (SHARED_DATA / "topics" / "ant2-dev.jsonl").is_file():
        pytest.skip(f"needs ../shared/data/topics (not found under {SHARED_DATA})")
    ad, _ = mods
    return {s: ad.build_pages(SHARED_DATA / "topics", s, per_outlet=3) for s in ("train", "dev")}


def test_pages_hold_their_article_and_others_titles(
    mods: tuple[ModuleType, ModuleType], pages: dict[str, list[Any]]
) -> None:
    ad, _ = mods
    arts = {a.id: a for a in ad.load_articles(SHARED_DATA / "topics")}
    splits = ad.outlet_splits(ad.load_outlets())
    for split, ps in pages.items():
        assert len(ps) == 3 * sum(1 for v in splits.values() if v == split)
        for p in ps:
            art = arts[p.article_id]
            assert splits[p.outlet] == split and ad.article_split(p.article_id) == split
            assert p.of_kind("title") == [art.title]
            body = p.of_kind("body")
            assert [b for b in body if b != art.lede] == list(art.paragraphs)
            related = p.of_kind("related")
            assert related, p.article_id
            others = {a.title for a in arts.values() if a.id != art.id}
            # an item is another article's title, maybe numbered or after a "read also" cue
            assert all(any(t.endswith(o) for o in others) for t in related), related
            assert {x.kind for x in p.lines} <= {"title", "body", "related", "chrome", ""}
    train_ids = {p.article_id for p in pages["train"]}
    assert not train_ids & {p.article_id for p in pages["dev"]}


def test_pages_are_reproducible(mods: tuple[ModuleType, ModuleType], pages: dict[str, list[Any]]) -> None:
    ad, _ = mods
    again = ad.build_pages(SHARED_DATA / "topics", "dev", per_outlet=3)
    assert [p.text for p in again] == [p.text for p in pages["dev"]]


def test_scoring(mods: tuple[ModuleType, ModuleType], pages: dict[str, list[Any]]) -> None:
    _, bench = mods
    page = pages["train"][0]
    body = page.of_kind("body")
    perfect = bench.body_score(page, body)
    assert (perfect.fn, perfect.fp) == (0, 0) and perfect.tp == len(set(body))
    assert bench.body_score(page, []).recall == 0.0
    everything = bench.body_score(page, page.text_lines)
    assert everything.recall == 1.0 and everything.fp > 0 and everything.tn == 0
    # titles compare after Arabic normalisation: hamza-on-alef, ta marbuta and diacritics fold
    variant = page.title.replace("أ", "ا").replace("ة", "ه") + "\u064e"
    assert bench.title_ok(page, variant) and bench.title_ok(page, f"  {page.title} ")
    assert not bench.title_ok(page, page.title + " الخبر") and not bench.title_ok(page, None)
    related = page.of_kind("related")
    assert bench.related_counts(page, related) == (len(set(related)), 0, 0)
    assert bench.related_counts(page, [*related[1:], body[0]]) == (len(set(related)) - 1, 1, 1)


def test_marsad_runs_on_every_page(mods: tuple[ModuleType, ModuleType], pages: dict[str, list[Any]]) -> None:
    _, bench = mods
    ps = pages["dev"][:4]
    outs, secs = bench.run_system("marsad", ps)
    assert len(outs) == len(ps) and secs >= 0
    tally = bench.score(ps, outs)
    assert tally.titles == len(ps) and tally.body.tp + tally.body.fn == sum(
        len(set(p.of_kind("body"))) for p in ps
    )
