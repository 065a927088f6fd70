"""Hand-built articles for the API, page and browser tests (no extraction needed).

Offsets are computed with `str.find` from the block text, so they are right by construction;
the hostile article carries script tags, event handlers, javascript: URLs and a bidi override
in every field the pages show.
"""

from __future__ import annotations

from pathlib import Path

from marsad.model import (
    Article,
    Block,
    Byline,
    Claim,
    Entity,
    Event,
    Image,
    Label,
    Mention,
    Related,
    Source,
    SourceRef,
    When,
)
from marsad.store.base import Store, open_store

RLO = "\u202e"
HOSTILE_SCRIPT = "<script>alert('title')</script>"
HOSTILE_IMG = '<img src=x onerror="alert(1)" id="injected-img">'
HOSTILE_URL = "javascript:alert(3)"


def mention(blocks: list[Block], index: int, word: str) -> Mention:
    text = blocks[index].text
    start = text.find(word)
    assert start >= 0, f"{word!r} not in block {index}"
    return Mention(word, start, start + len(word), index)


def claim(blocks: list[Block], index: int, part: str, certainty: str, chain: list[SourceRef]) -> Claim:
    text = blocks[index].text
    start = text.find(part)
    assert start >= 0, f"{part!r} not in block {index}"
    return Claim(part, index, start, start + len(part), certainty, chain, cues=["قال"])


def cooperation_article() -> Article:
    """Two countries' talks: entities in title and body, a reported and a possible claim, an event."""
    blocks = [
        Block(0, "القاهرة وموسكو تبحثان توسيع التعاون الاقتصادي", Label.TITLE),
        Block(1, "بحث وزير الخارجية المصري سامح شكري مع نظيره الروسي سبل توسيع التعاون التجاري.", Label.LEDE),
        Block(
            2,
            "قال سامح شكري إن العلاقات مع روسيا تشهد تطورا كبيرا في مجالات الطاقة والزراعة.",
            Label.PARAGRAPH,
        ),
        Block(3, "اتفاق محتمل", Label.HEADING),
        Block(
            4,
            "وأفادت وكالة الأنباء الرسمية بأن الجانبين قد يوقعان اتفاقا جديدا للقمح الشهر المقبل في موسكو.",
            Label.PARAGRAPH,
        ),
        Block(5, "اشترك في النشرة البريدية", Label.CHROME, reason="newsletter"),
        Block(6, "جميع الحقوق محفوظة", Label.CHROME, reason="footer"),
    ]
    egypt_fm = Entity(
        "e1",
        "PERSON",
        "سامح شكري",
        "Sameh Shoukry",
        "minister",
        [mention(blocks, 1, "سامح شكري"), mention(blocks, 2, "سامح شكري")],
        ["وزير الخارجية المصري"],
    )
    russia = Entity("e2", "LOCATION", "روسيا", "Russia", "country", [mention(blocks, 2, "روسيا")])
    cairo = Entity("e3", "LOCATION", "القاهرة", "Cairo", "city", [mention(blocks, 0, "القاهرة")])
    moscow = Entity(
        "e4",
        "LOCATION",
        "موسكو",
        "Moscow",
        "city",
        [mention(blocks, 0, "موسكو"), mention(blocks, 4, "موسكو")],
    )
    agency = Entity(
        "e5",
        "ORGANIZATION",
        "وكالة الأنباء الرسمية",
        None,
        "news agency",
        [mention(blocks, 4, "وكالة الأنباء الرسمية")],
    )
    return Article(
        source=Source(url="https://news.example.org/economy/cairo-moscow", format="html"),
        language="ar",
        title=blocks[0].text,
        byline=Byline(
            "بقلم: ليلى حسن - وكالة الأنباء",
            outlet="وكالة الأنباء",
            person="ليلى حسن",
            outlet_latin="News Agency",
        ),
        published="2024-03-05T10:00:00",
        lede=blocks[1].text,
        site_name="وكالة الأنباء",
        blocks=blocks,
        images=[
            Image(
                caption="وزير الخارجية خلال المؤتمر الصحفي",
                photographer="أحمد علي",
                agency="AFP",
                url="https://img.example.org/1.jpg",
            )
        ],
        related=[Related("أخبار الطاقة", "https://news.example.org/energy")],
        entities=[egypt_fm, russia, cairo, moscow, agency],
        claims=[
            claim(
                blocks,
                2,
                "العلاقات مع روسيا تشهد تطورا كبيرا",
                "reported",
                [SourceRef("سامح شكري", "person", "Sameh Shoukry", "e1")],
            ),
            claim(
                blocks,
                4,
                "الجانبين قد يوقعان اتفاقا جديدا للقمح",
                "possible",
                [SourceRef("وكالة الأنباء الرسمية", "outlet", None, "e5")],
            ),
        ],
        events=[
            Event(
                "CONSULT",
                blocks[1].text,
                "بحث",
                1,
                actors=["e1"],
                targets=["روسيا"],  # events may name actors rather than give ids,
                location="e4",
                when=When("الشهر المقبل"),
            )
        ],
    )


def wheat_article() -> Article:
    """A second outlet, month and topic that also mentions the same country."""
    blocks = [
        Block(0, "أسعار القمح ترتفع في الأسواق العالمية", Label.TITLE),
        Block(1, "ارتفعت أسعار القمح بعد أن أعلنت روسيا خفض صادراتها هذا الموسم.", Label.PARAGRAPH),
        Block(2, "ويتوقع محللون أن تستمر الأسعار في الصعود حتى نهاية العام.", Label.PARAGRAPH),
    ]
    russia = Entity("x9", "LOCATION", "روسيا", "Russia", "country", [mention(blocks, 1, "روسيا")])
    return Article(
        source=Source(url="https://markets.example.net/wheat", format="html"),
        language="ar",
        title=blocks[0].text,
        byline=Byline("الأسواق اليوم", outlet="الأسواق اليوم"),
        published="2024-04-12",
        blocks=blocks,
        entities=[russia],
        claims=[
            claim(blocks, 2, "أن تستمر الأسعار في الصعود", "probable", [SourceRef("محللون", "anonymous")])
        ],
    )


def hostile_article() -> Article:
    """Attack strings in the title, body, byline, entity names, claim sources and every URL."""
    blocks = [
        Block(0, f"خبر عاجل {HOSTILE_SCRIPT}", Label.TITLE),
        Block(
            1,
            f'نص فيه صورة {HOSTILE_IMG} ورابط <a href="{HOSTILE_URL}">اضغط</a> والمدينة الخبيثة هنا.',
            Label.PARAGRAPH,
        ),
        Block(2, f"سطر مقلوب {RLO}txet desrever{RLO} ينتهي هنا.", Label.PARAGRAPH),
        Block(3, "<script>alert('chrome')</script>", Label.CHROME, reason="script"),
    ]
    evil = Entity(
        "h1",
        "LOCATION",
        "المدينة الخبيثة",
        "<b onmouseover=alert(5)>Evil</b>",
        None,
        [mention(blocks, 1, "المدينة الخبيثة")],
    )
    return Article(
        source=Source(url=HOSTILE_URL, format="html"),
        language="ar",
        title=blocks[0].text,
        byline=Byline('"><script>alert(6)</script>', outlet=f"منفذ {HOSTILE_IMG}"),
        published="2024-04-20",
        canonical_url="  JaVaScRiPt:alert(7)",
        blocks=blocks,
        images=[Image(caption=HOSTILE_SCRIPT, url="javascript:alert(8)")],
        related=[
            Related(f"رابط {HOSTILE_IMG}", "java\tscript:alert(9)"),
            Related("data", "data:text/html,<script>"),
        ],
        entities=[evil],
        claims=[
            claim(
                blocks,
                2,
                "txet desrever",
                "claimed",
                [SourceRef(f"مصدر {HOSTILE_SCRIPT}", "person", '"onmouseover=alert(10)')],
            )
        ],
    )


def fill(store: Store) -> dict[str, str]:
    """Store the three articles; returns name → article id."""
    return {
        "cooperation": store.put(cooperation_article()).id,
        "wheat": store.put(wheat_article()).id,
        "hostile": store.put(hostile_article()).id,
    }


def fill_store(path: Path) -> dict[str, str]:
    """A SQLite store at `path` with the three articles."""
    store = open_store(str(path))
    try:
        return fill(store)
    finally:
        store.close()
