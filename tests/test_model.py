"""The document model's JSON contract round-trips and its views follow the blocks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from marsad.model import (
    Article,
    Block,
    Byline,
    Claim,
    DateMention,
    Entity,
    Event,
    Image,
    Label,
    Mention,
    Rejection,
    Related,
    Sentence,
    Source,
    SourceRef,
    When,
)


def full_article() -> Article:
    blocks = [
        Block(0, "قائمة", Label.CHROME, line=1, reason="navigation"),
        Block(1, "عنوان الخبر", Label.TITLE, line=2),
        Block(2, "فقرة أولى.", Label.PARAGRAPH, line=3, language="ar"),
        Block(3, "عنوان فرعي", Label.HEADING, line=4),
        Block(4, "فقرة ثانية.", Label.PARAGRAPH, line=5),
    ]
    return Article(
        source=Source(path="p.txt", url="http://x.example/a", format="text", encoding="utf-8"),
        language="ar",
        title="عنوان الخبر",
        byline=Byline("بقلم: وكالة", outlet="وكالة", line=6),
        published="2024-03-12",
        lede="مقدمة",
        blocks=blocks,
        images=[Image("تعليق", "مصور", "AP", "© AP", lines=[7, 8])],
        related=[Related("خبر آخر", "http://x.example/b", 9)],
        dates=[DateMention("اليوم الإثنين", "weekday", None, 2, 0, 13)],
        sentences=[Sentence("فقرة أولى.", 2, 0, 10)],
        entities=[Entity("e1", "PERSON", "اسم", "Name", None, [Mention("اسم", 0, 3, 2)], ["الرئيس"])],
        claims=[
            Claim("فقرة أولى.", 2, 0, 10, "reported", [SourceRef("وكالة", "outlet", "Agency", "e1")], ["قال"])
        ],
        events=[
            Event(
                "CONSULT",
                "فقرة أولى.",
                "لقاء",
                2,
                "meet",
                ["Name"],
                [],
                "Moscow",
                When("الثلاثاء"),
                "possible",
            )
        ],
        content_hash="abc",
        rejected=None,
    )


def test_views_follow_blocks() -> None:
    a = full_article()
    assert [b.text for b in a.paragraphs] == ["فقرة أولى.", "فقرة ثانية."]
    assert [b.text for b in a.headings] == ["عنوان فرعي"]
    assert [(b.line, b.reason) for b in a.chrome] == [(1, "navigation")]
    assert a.body_text.split("\n\n") == ["عنوان الخبر", "فقرة أولى.", "عنوان فرعي", "فقرة ثانية."]


def test_to_dict_is_json_and_round_trips() -> None:
    a = full_article()
    d = a.to_dict()
    text = json.dumps(d, ensure_ascii=False)
    back = Article.from_dict(json.loads(text))
    assert back.to_dict() == d
    assert d["paragraphs"] == [
        {"text": "فقرة أولى.", "line": 3, "block": 2},
        {"text": "فقرة ثانية.", "line": 5, "block": 4},
    ]
    assert d["chrome"] == [{"line": 1, "text": "قائمة", "reason": "navigation", "block": 0}]


def test_rejection_round_trips() -> None:
    a = Article(source=Source(path="x"), rejected=Rejection("read", "empty input"))
    assert Article.from_dict(a.to_dict()).rejected == Rejection("read", "empty input")


def test_chrome_view_includes_related_headers_with_a_reason() -> None:
    a = Article(
        source=Source(path="x"),
        blocks=[
            Block(0, "قائمة", Label.CHROME, line=1, reason="navigation"),
            Block(1, "فقرة.", Label.PARAGRAPH, line=2),
            Block(2, "اقرأ أيضا", Label.RELATED_HEADER, line=3, reason="related-articles header"),
            Block(3, "خبر آخر", Label.RELATED_ITEM, line=4),
        ],
    )
    assert [(b.line, b.reason) for b in a.chrome] == [(1, "navigation"), (3, "related-articles header")]


def test_from_dict_reads_back_an_enriched_real_article() -> None:
    """Every nested object (blocks, entities with mentions, claims with source chains, events with
    their time) survives to_dict → from_dict → to_dict unchanged."""
    import marsad

    page = Path(__file__).resolve().parents[1] / "examples" / "al-ufuq-water-talks.txt"
    a = marsad.extract(page, enrich=True)
    assert a.entities and a.claims and a.blocks  # the page must exercise the nested readers
    d = a.to_dict()
    assert Article.from_dict(d).to_dict() == d


def test_from_dict_defaults_missing_optional_keys_and_refuses_missing_required_ones() -> None:
    a = Article.from_dict({"blocks": [{"index": 0, "text": "نص", "label": "paragraph"}], "future": 1})
    assert a.source == Source() and a.blocks[0].line is None and a.entities == []
    with pytest.raises(TypeError):
        Article.from_dict({"blocks": [{"index": 0, "label": "paragraph"}]})  # a block without text
