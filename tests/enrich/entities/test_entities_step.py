"""The entity step in a pipeline, and the seed page end to end (with the trained model)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from marsad.config import SETTINGS
from marsad.enrich.entities import entity_step
from marsad.model import Article, Block, Byline, Label, Sentence, Source


def test_step_declares_fields_and_fills_entities() -> None:
    assert entity_step(SETTINGS).requires == frozenset({"blocks", "sentences", "byline"})
    assert entity_step(SETTINGS).provides == frozenset({"entities"})
    text = "وصل الرئيس الفرنسي إيمانويل ماكرون إلى القاهرة. والتقى ماكرون نظيره."
    a = Article(Source(), blocks=[Block(0, text, Label.PARAGRAPH)])
    a.sentences = [Sentence(text[:47], 0, 0, 47), Sentence(text[48:], 0, 48, len(text))]
    out = next(iter(entity_step(SETTINGS)([a])))
    assert out.rejected is None and out.steps == ["entities"]
    people = [e for e in out.entities if e.type == "PERSON"]
    assert people and people[0].latin == "Emmanuel Macron"
    for e in out.entities:
        for m in e.mentions:
            assert out.blocks[m.block].text[m.start : m.end] == m.text


def _seed_article(seed: Path) -> Article:
    """The seed page's blocks as the extractor labels them (expected.json), read from ../shared."""
    d = json.loads((seed / "expected.json").read_text(encoding="utf-8"))
    img = d["images"][0]
    blocks = [Block(0, d["title"], Label.TITLE), Block(1, img["caption"], Label.CAPTION)]
    blocks.append(Block(2, "Copyright " + img["photographer"] + "/" + img["copyright"], Label.CREDIT))
    blocks.append(Block(3, d["lede"], Label.LEDE))
    for p in sorted(d["paragraphs"] + d["headings"], key=lambda x: x["line"]):
        blocks.append(
            Block(len(blocks), p["text"], Label.PARAGRAPH if p in d["paragraphs"] else Label.HEADING)
        )
    for r in d["related"]:
        blocks.append(Block(len(blocks), r["text"], Label.RELATED_ITEM))
    by = d["byline"]
    return Article(
        Source(), blocks=blocks, byline=Byline("", outlet=by["outlet"], outlet_latin=by.get("outlet_latin"))
    )


@pytest.mark.shared
def test_seed_entities(shared_data: Path) -> None:
    seed = shared_data / "seed"
    expected = json.loads((seed / "expected.json").read_text(encoding="utf-8"))["entities"]
    a = next(iter(entity_step(SETTINGS)([_seed_article(seed)])))
    got = {(e.type, e.name, (e.latin or "").casefold()): e for e in a.entities}
    for x in expected:
        hit = got.get((x["type"], x["name"], x["latin"].casefold()))
        assert hit is not None, x
        texts = [m.text for m in hit.mentions if not m.role]
        for m in x.get("mentions_include", []):
            assert m in texts
        roles = [m.text for m in hit.mentions if m.role]
        for r in x.get("role_mentions", []):
            assert r in roles
        if "kind" in x:
            assert hit.kind == x["kind"]
    names = {e.name for e in a.entities}
    assert not names & {"إسرائيل", "طهران", "واشنطن", "بيروت"}  # related links only
    assert not [e for e in a.entities if "Zemlianichenko" in (e.name + (e.latin or ""))]
