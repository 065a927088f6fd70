"""extract_html on small pages written for these tests: text, labels, metadata, bad input."""

from __future__ import annotations

import time

import pytest

from marsad.config import SETTINGS, Settings
from marsad.errors import ExtractError
from marsad.extract.html import TRAILING_REASON, extract_html
from marsad.model import Article, Label, Page, Source

AR_PARAS = [
    "قال وزير الخارجية في مؤتمر صحفي عقده اليوم في العاصمة إن المحادثات مع الجانب الآخر "
    "كانت بناءة وصريحة، وإن الطرفين اتفقا على مواصلة الحوار خلال الأسابيع المقبلة.",
    "وأضاف الوزير أن الحكومة ستعرض نتائج هذه المحادثات على البرلمان قبل نهاية الشهر الجاري، "
    "مشيرا إلى أن الملفات الاقتصادية تتصدر جدول الأعمال إلى جانب ملف الطاقة والمياه.",
    "من جهتها، رحبت أحزاب المعارضة بالخطوة، لكنها طالبت بمزيد من الشفافية في إدارة المفاوضات "
    "وبإشراك ممثلين عن المجتمع المدني في اللجان الفنية المشتركة التي ستشكل لاحقا.",
]

NEWS_PAGE = f"""<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>الوزير: المحادثات كانت بناءة | صحيفة المرصد</title>
<meta property="og:site_name" content="صحيفة المرصد">
<meta property="og:title" content="الوزير: المحادثات كانت بناءة">
<meta name="description" content="{AR_PARAS[0]}">
<link rel="canonical" href="https://example.org/news/123">
<script type="application/ld+json">
{{"@context": "https://schema.org", "@type": "NewsArticle",
  "headline": "الوزير: المحادثات كانت بناءة",
  "datePublished": "2023-09-10T08:30:00+03:00", "dateModified": "2023-09-10T12:00:00+03:00",
  "author": {{"@type": "Person", "name": "سارة الأحمد"}},
  "publisher": {{"@type": "Organization", "name": "صحيفة المرصد"}}}}
</script></head>
<body>
<header><nav><ul><li><a href="/">الرئيسية</a></li><li><a href="/politics">سياسة</a></li>
<li><a href="/economy">اقتصاد</a></li></ul></nav></header>
<div class="ad-slot">اعلان</div>
<main><article>
<h1>الوزير: المحادثات كانت بناءة</h1>
<p>{AR_PARAS[0]}</p>
<figure><img src="/img/minister.jpg" alt="">
<figcaption>وزير الخارجية خلال المؤتمر الصحفي (أ ف ب)</figcaption></figure>
<p>{AR_PARAS[1]}</p>
<h2>موقف المعارضة</h2>
<p>{AR_PARAS[2]}</p>
<div class="share-buttons"><a href="#">فيسبوك</a> <a href="#">تويتر</a> <a href="#">واتساب</a></div>
<p>اقرأ أيضا: <a href="/news/120">الحكومة تعلن خطة جديدة لدعم قطاع الطاقة</a></p>
</article></main>
<aside class="related-news"><h3>أخبار ذات صلة</h3><ul>
<li><a href="/news/99">البرلمان يناقش مشروع قانون الموازنة العامة</a></li>
<li><a href="/news/98">انطلاق جولة جديدة من المفاوضات الإقليمية</a></li></ul></aside>
<footer><p>جميع الحقوق محفوظة © 2023 صحيفة المرصد</p><a href="/privacy">سياسة الخصوصية</a></footer>
</body></html>"""


def _extract(
    html: str, url: str | None = "https://example.org/news/123", settings: Settings = SETTINGS
) -> Article:
    return extract_html(Page(source=Source(url=url, format="html"), html=html), settings)


@pytest.fixture(scope="module")
def news() -> Article:
    return _extract(NEWS_PAGE)


def test_main_text_kept_in_order(news: Article) -> None:
    body = news.body_text
    positions = [body.find(p[:40]) for p in AR_PARAS]
    assert all(p >= 0 for p in positions) and positions == sorted(positions)
    assert [b.text for b in news.headings] == ["موقف المعارضة"]


def test_furniture_is_chrome_with_reasons(news: Article) -> None:
    body = news.body_text
    for junk in ("الرئيسية", "اعلان", "فيسبوك", "سياسة الخصوصية", "جميع الحقوق محفوظة"):
        assert junk not in body
    reasons = {b.text: b.reason for b in news.chrome}
    assert reasons["الرئيسية"] == "navigation"
    assert reasons["اعلان"] == "advertisement"
    assert reasons["فيسبوك"] == "share widget"
    assert reasons["سياسة الخصوصية"] == "footer"
    assert all(b.reason for b in news.chrome)


def test_title_once_then_lede(news: Article) -> None:
    assert news.title == "الوزير: المحادثات كانت بناءة"
    assert news.blocks[0].label is Label.TITLE
    assert sum(1 for b in news.blocks if b.text == news.title) == 1
    # The description is the first paragraph: it is the standfirst.
    assert news.lede == AR_PARAS[0]


def test_metadata_from_jsonld(news: Article) -> None:
    assert news.published == "2023-09-10T08:30:00+03:00"
    assert news.updated == "2023-09-10T12:00:00+03:00"
    assert news.byline is not None and news.byline.person == "سارة الأحمد"
    assert news.site_name == "صحيفة المرصد"
    assert news.canonical_url == "https://example.org/news/123"
    assert news.language == "ar"


def test_caption_and_credit(news: Article) -> None:
    assert "وزير الخارجية خلال المؤتمر الصحفي" not in news.body_text
    assert len(news.images) == 1
    img = news.images[0]
    assert img.caption == "وزير الخارجية خلال المؤتمر الصحفي"
    assert img.agency == "أ ف ب"
    assert img.url == "/img/minister.jpg"
    assert [
        b.label for b in news.blocks if "المؤتمر الصحفي" in b.text and b.label is not Label.PARAGRAPH
    ] == [Label.CAPTION]


def test_related_items_with_urls(news: Article) -> None:
    got = {r.text: r.url for r in news.related}
    assert got["البرلمان يناقش مشروع قانون الموازنة العامة"] == "/news/99"
    assert got["انطلاق جولة جديدة من المفاوضات الإقليمية"] == "/news/98"
    assert any(t.startswith("اقرأ أيضا") and u == "/news/120" for t, u in got.items())
    assert "الحكومة تعلن خطة جديدة" not in news.body_text
    assert [b.text for b in news.with_label(Label.RELATED_HEADER)] == ["أخبار ذات صلة"]
    assert len(news.with_label(Label.RELATED_ITEM)) == len(news.related)


def test_blocks_are_indexed_in_order(news: Article) -> None:
    assert [b.index for b in news.blocks] == list(range(len(news.blocks)))


EN_OG_PAGE = """<html lang="en"><head>
<meta property="og:title" content="Storm closes coastal roads">
<meta property="og:site_name" content="The Daily Example">
<meta property="article:published_time" content="2024-02-03">
<meta name="author" content="Jane Doe">
<meta property="og:description" content="Heavy rain and wind forced closures along the coast.">
</head><body>
<div id="menu"><a href="/">Home</a> <a href="/world">World</a></div>
<div class="content">
<h1>Storm closes coastal roads</h1>
<p>Heavy rain and wind forced closures along the coast on Saturday, officials said, as the storm
moved north faster than forecasters had expected.</p>
<p>Crews worked through the night to clear fallen trees, and the regional council said most roads
should reopen by Monday if the weather improves as predicted.</p>
<ul><li>Coastal highway closed between the two bridges</li><li>Ferry services suspended until Sunday</li></ul>
<p class="photo-credit">Photo: John Smith/Reuters</p>
</div>
<div class="newsletter-signup"><p>Sign up for our morning briefing</p></div>
<div class="comments"><p>Great article, thanks for the update on the roads near us!</p></div>
</body></html>"""


def test_opengraph_page() -> None:
    art = _extract(EN_OG_PAGE, url="https://example.com/storm")
    assert art.title == "Storm closes coastal roads"
    assert art.published == "2024-02-03"
    assert art.byline is not None and art.byline.person == "Jane Doe"
    assert art.site_name == "The Daily Example"
    assert art.language == "en"
    body = art.body_text
    assert "Crews worked through the night" in body
    assert "Ferry services suspended until Sunday" in body
    for junk in ("Sign up for our morning briefing", "Great article", "Home", "John Smith"):
        assert junk not in body
    assert any(i.photographer == "John Smith" and i.agency == "Reuters" for i in art.images)
    assert {b.reason for b in art.chrome} >= {"navigation", "subscribe", "comments"}


def test_no_date_is_invented() -> None:
    html = (
        "<html><body><article><h1>A page without any date</h1><p>"
        + "This paragraph has enough words to be the main text of the page, but it says nothing "
        "about when it was written, and neither does the markup around it. "
        * 3
        + "</p><figure><figcaption>Archive photo from 2019-01-01</figcaption></figure></article>"
        "<footer>Copyright 2021 Example</footer></body></html>"
    )
    art = _extract(html)
    assert art.published is None and art.updated is None


def test_invalid_declared_date_is_dropped() -> None:
    html = (
        '<html><head><meta property="article:published_time" content="2023-02-30"></head><body><article>'
        "<h1>Title here</h1><p>"
        + "Some words of body text for the extractor to keep. " * 8
        + "</p></article></body></html>"
    )
    assert _extract(html).published is None


def test_byline_paragraph_is_labelled() -> None:
    html = (
        "<html><body><article><h1>Council approves budget</h1><p>By Maria Lopez</p><p>"
        + "The council approved the budget after a long debate on Tuesday night in the city hall. " * 3
        + "</p></article></body></html>"
    )
    art = _extract(html)
    assert art.byline is not None and art.byline.person == "Maria Lopez"
    assert "By Maria Lopez" not in art.body_text
    assert [b.text for b in art.with_label(Label.BYLINE)] == ["By Maria Lopez"]


# --- bad input: clear errors or partial results, within bounded time ---------------------------


@pytest.mark.parametrize("html", ["", "   \n ", "<html><body></body></html>", "<html><head></head></html>"])
def test_empty_pages_raise_extract_error(html: str) -> None:
    with pytest.raises(ExtractError):
        _extract(html)


def test_title_only_page_is_a_partial_result() -> None:
    art = _extract("<html><head><title>Only a title</title></head><body></body></html>")
    assert art.title == "Only a title" and art.paragraphs == []


def test_broken_markup_still_extracts() -> None:
    html = (
        "<html><body><div><p>"
        + "Unclosed paragraphs and stray tags do not stop the extractor from finding the text. " * 3
        + "<div><span><b>bold<i>italic</b></span><p>"
        + "A second paragraph follows after broken nesting, still with plenty of words in it. " * 3
        + "</td></table>"
    )
    art = _extract(html)
    assert "A second paragraph follows after broken nesting" in art.body_text


def _deep_page(levels: int) -> str:
    return (
        "<html><body>"
        + "<div>" * levels
        + "<p>"
        + "Deep text survives the nesting cut and is still found by the extractor. " * 3
        + "</p>"
        + "</div>" * levels
        + "</body></html>"
    )


def test_deep_nesting_is_bounded() -> None:
    art = _extract(_deep_page(10_000))
    assert "Deep text survives the nesting cut" in art.body_text


@pytest.mark.parametrize("levels", [10, 500, 20_000])
def test_depth_cut_before_and_after_parsing_agree(levels: int) -> None:
    """Pages over html_depth_prescan_tags are cut before lexbor parses them (its parse is quadratic
    in depth); smaller ones after one C-side check. Both roads must give the same article."""
    html = _deep_page(levels)
    before = _extract(html, settings=SETTINGS.with_flags(html_depth_prescan_tags=0))
    after = _extract(html, settings=SETTINGS.with_flags(html_depth_prescan_tags=10**9))
    assert before.blocks == after.blocks
    assert "Deep text survives the nesting cut" in before.body_text


def test_pages_with_many_tags_are_cut_before_lexbor_parses() -> None:
    from marsad.extract.html import _parse
    from marsad.extract.html_guard import max_depth_of

    html = _deep_page(SETTINGS.html_depth_prescan_tags + 1)
    tree, source = _parse(html, SETTINGS)
    assert source != html and max_depth_of(source) <= SETTINGS.max_html_depth
    # the source is cut to max_html_depth tags; the parser adds at most <html> and <body> above them
    assert tree.css_first(" > ".join(["*"] * (SETTINGS.max_html_depth + 3))) is None
    flat = "<html><body>" + "<p>one paragraph of text</p>" * (SETTINGS.html_depth_prescan_tags + 1)
    assert _parse(flat, SETTINGS)[1] is flat  # a shallow page is scanned, not copied


def test_huge_page_is_refused_quickly() -> None:
    html = "<html><body>" + "<p>filler text for a very large page</p>" * 1_400_000 + "</body></html>"
    assert len(html) > 50_000_000
    t0 = time.perf_counter()
    with pytest.raises(ExtractError, match="too large"):
        _extract(html)
    assert time.perf_counter() - t0 < 2


def test_size_limit_comes_from_settings() -> None:
    with pytest.raises(ExtractError, match="too large"):
        _extract(EN_OG_PAGE, settings=Settings(max_page_bytes=1000))


EN_PROSE = (
    "The council approved the new budget on Tuesday after a long debate about schools, roads and "
    "the cost of heating public buildings during the coming winter months."
)


def _tail_page(after: str) -> str:
    return (
        f"<html><head><title>Budget</title></head><body><article><h1>Budget</h1><p>{EN_PROSE}</p>"
        f"<p>{EN_PROSE.replace('Tuesday', 'Monday')}</p>{after}</article></body></html>"
    )


def test_short_lines_ending_the_text_are_chrome() -> None:
    art = _extract(_tail_page("<h3>More topics</h3><p>Last modified</p>"))
    labels = {b.text: (b.label, b.reason) for b in art.blocks}
    assert labels["More topics"][0] is Label.CHROME and labels["Last modified"][0] is Label.CHROME
    assert labels["Last modified"][1] == TRAILING_REASON
    assert "More topics" not in art.body_text and "Monday" in art.body_text


def test_tail_cut_stops_at_text_and_spares_lists_and_sentences() -> None:
    # A short sentence, a short line followed by text, and list items all stay.
    art = _extract(
        _tail_page(
            "<p>Short note</p><p>That is all for today.</p><ul><li>Item one</li><li>Item two</li></ul>"
        )
    )
    kept = {b.text: b.label for b in art.blocks}
    assert kept["Short note"] is Label.PARAGRAPH and kept["That is all for today."] is Label.PARAGRAPH
    assert kept["Item two"] is Label.PARAGRAPH
    assert all(b.reason is None for b in art.blocks if b.label is not Label.CHROME)


def test_tail_cut_needs_a_prose_paragraph_before() -> None:
    page = "<html><body><article><h1>Tiny</h1><p>Opening hours</p><p>Monday to Friday</p></article></body></html>"
    art = _extract(page, url=None)
    assert all(
        b.label is not Label.CHROME for b in art.blocks if b.text in ("Opening hours", "Monday to Friday")
    )


def test_tail_length_comes_from_settings() -> None:
    page = _tail_page("<p>See all of our other budget stories</p>")  # seven words, no sentence end
    assert "other budget stories" in _extract(page).body_text
    tight = Settings(html_tail_max_words=7)
    assert "other budget stories" not in _extract(page, settings=tight).body_text


def test_tail_marks_never_leak_into_labels(news: Article) -> None:
    # Every block of NEWS_PAGE's article is a whole paragraph (all marked as candidates at first):
    # the lede and paragraphs keep no reason, and no article paragraph is cut.
    assert all(b.reason != TRAILING_REASON for b in news.blocks)
    assert news.lede and all(p[:40] in news.body_text for p in AR_PARAS)


def test_a_trailing_appeal_with_a_chrome_cue_is_chrome() -> None:
    appeal = "Subscribe to our newsletter and follow us for the latest news from the council every week."
    art = _extract(_tail_page(f"<p>{appeal}</p><p>Last modified</p>"))
    labels = {b.text: (b.label, b.reason) for b in art.blocks}
    assert labels[appeal] == (Label.CHROME, "consent/subscribe")
    assert labels["Last modified"][0] is Label.CHROME and "Monday" in art.body_text
    # The same sentence inside the article (text follows it) stays text.
    art = _extract(_tail_page(f"<p>{appeal}</p><p>{EN_PROSE.replace('Tuesday', 'Friday')}</p>"))
    assert appeal in art.body_text
    # Longer than html_tail_cue_max_words: the article's own paragraph about newsletters.
    assert (
        appeal
        in _extract(_tail_page(f"<p>{appeal}</p>"), settings=Settings(html_tail_cue_max_words=10)).body_text
    )
