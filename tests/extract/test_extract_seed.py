"""The seed page (../shared/data/seed) against every article field of its expected.json."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from marsad.config import SETTINGS
from marsad.extract.dump import extract_dump
from marsad.model import Article, Page, Source

pytestmark = pytest.mark.shared


def _fold(s: str | None) -> str:
    return " ".join(unicodedata.normalize("NFC", s or "").split())


@pytest.fixture(scope="module")
def seed(shared_data: Path) -> tuple[Article, dict[str, object]]:
    d = shared_data / "seed"
    page_path = next(d.glob("*.txt"))
    text = page_path.read_text(encoding="utf-8")
    exp = json.loads((d / "expected.json").read_text(encoding="utf-8"))
    return extract_dump(
        Page(source=Source(path=str(page_path), format="text"), text=text), settings=SETTINGS
    ), exp


def test_seed_title_lede_language_dates(seed: tuple[Article, dict]) -> None:  # type: ignore[type-arg]
    a, exp = seed
    assert a.language == exp["language"]
    assert _fold(a.title) == _fold(exp["title"])
    assert _fold(a.lede) == _fold(exp["lede"])
    assert a.published is None and a.updated is None


def test_seed_byline(seed: tuple[Article, dict]) -> None:  # type: ignore[type-arg]
    a, exp = seed
    assert a.byline is not None
    assert _fold(a.byline.outlet) == _fold(exp["byline"]["outlet"])
    assert a.byline.person is None
    assert a.byline.line == exp["byline"]["line"]


def test_seed_paragraphs_headings_related(seed: tuple[Article, dict]) -> None:  # type: ignore[type-arg]
    a, exp = seed
    assert [(_fold(b.text), b.line) for b in a.paragraphs] == [
        (_fold(p["text"]), p["line"]) for p in exp["paragraphs"]
    ]
    assert [(_fold(b.text), b.line) for b in a.headings] == [
        (_fold(h["text"]), h["line"]) for h in exp["headings"]
    ]
    assert [(_fold(r.text), r.line) for r in a.related] == [
        (_fold(r["text"]), r["line"]) for r in exp["related"]
    ]


def test_seed_image(seed: tuple[Article, dict]) -> None:  # type: ignore[type-arg]
    a, exp = seed
    want = exp["images"][0]
    assert len(a.images) == 1
    img = a.images[0]
    assert _fold(img.caption) == _fold(want["caption"])
    assert _fold(img.photographer) == _fold(want["photographer"])
    assert _fold(img.agency) == _fold(want["agency"])
    assert _fold(img.copyright) == _fold(want["copyright"])
    assert img.lines == want["lines"]


def test_seed_chrome_lines_and_reasons(seed: tuple[Article, dict]) -> None:  # type: ignore[type-arg]
    a, exp = seed
    got = {b.line: b.reason for b in a.chrome}
    for line, reason in exp["chrome_lines"].items():
        assert int(line) in got, line
        assert got[int(line)] == reason, line
    assert all(b.index == k for k, b in enumerate(a.blocks))
