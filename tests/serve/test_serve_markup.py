"""Escaping and span nesting for HTML built around untrusted page text."""

from __future__ import annotations

import pytest

from marsad.serve.markup import (
    CERTAINTY_SYMBOLS,
    ClaimSpan,
    EventSpan,
    LinkSpan,
    annotate,
    entity_path,
    highlight,
    neutralise_bidi,
    safe_href,
    snippet_html,
    text_html,
)

ATTACK = '<img src=x onerror="alert(1)">'


def test_text_is_escaped() -> None:
    assert str(text_html(ATTACK)) == "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;"


def test_bidi_override_becomes_a_visible_inert_marker() -> None:
    html = str(text_html("abc\u202edef"))
    assert "\u202e" not in html
    assert '<span class="ctl" title="U+202E">U+202E</span>' in html
    assert neutralise_bidi("a\u2067b") == "a[U+2067]b"
    assert neutralise_bidi("عربي\u200fنص") == "عربي\u200fنص"  # an RLM is a harmless mark


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        " JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,<b>",
        "vbscript:x",
        "/relative/path",
        "//evil.example/x",
        "http:no-host",
        "",
        None,
        "https://a.b/\u202ex",
    ],
)
def test_only_absolute_http_urls_are_links(url: str | None) -> None:
    assert safe_href(url) is None


def test_http_urls_pass() -> None:
    assert safe_href(" https://example.org/a?b=1 ") == "https://example.org/a?b=1"
    assert safe_href("HTTP://example.org") == "HTTP://example.org"


def test_entity_path_quotes_every_character() -> None:
    assert entity_path("a/b?c#d") == "/entities/a%2Fb%3Fc%23d"


def test_annotate_links_mentions_and_escapes_each_piece() -> None:
    text = f"زار {ATTACK} القاهرة أمس"
    s = text.find("القاهرة")
    html = str(annotate(text, [LinkSpan(s, s + 7, "l1", "LOCATION", 'Cairo"><script>')]))
    assert (
        '<a class="ent ent-location" href="/entities/l1" title="Cairo&#34;&gt;&lt;script&gt;">القاهرة</a>'
        in html
    )
    assert "<img" not in html and "&lt;img" in html
    assert html.startswith("زار ") and html.endswith(" أمس")


def test_claims_wrap_links_and_a_straddling_mention_is_split() -> None:
    text = "قال الوزير إن روسيا ستشارك"
    c0 = text.find("روسيا")
    claim = ClaimSpan(c0, len(text), "reported", "المصدر: الوزير", "claim-0")
    link_in = LinkSpan(c0, c0 + 5, "l2", "LOCATION", "Russia")
    w = text.find("الوزير")
    straddle = LinkSpan(w, c0 + 2, "p1", "PERSON", "x")  # crosses the claim's start
    html = str(annotate(text, [link_in, straddle], [claim]))
    assert html.count('href="/entities/p1"') == 2  # split at the claim edge
    assert '<span class="claim certainty-reported" title="المصدر: الوزير" data-claim="claim-0"' in html
    inner = html.split('data-claim="claim-0" tabindex="0">')[1]
    assert inner.startswith('<a class="ent ent-person" href="/entities/p1" title="x">رو</a>')


def test_overlapping_and_out_of_range_spans_are_dropped_not_guessed() -> None:
    text = "abcdef"
    spans = [
        LinkSpan(0, 4, "a", "PERSON", ""),
        LinkSpan(2, 5, "b", "PERSON", ""),
        LinkSpan(4, 99, "c", "PERSON", ""),
        LinkSpan(3, 3, "d", "PERSON", ""),
    ]
    html = str(annotate(text, spans))
    assert html == '<a class="ent ent-person" href="/entities/a" title="">abcd</a>ef'


def test_certainty_and_type_cannot_break_out_of_the_class_attribute() -> None:
    html = str(annotate("abc", [], [ClaimSpan(0, 3, 'x" onclick="alert(1)', "t", "claim-0")]))
    assert "onclick" in html and 'class="claim certainty-x--onclick--alert-1-"' in html


def test_highlight_and_snippets() -> None:
    assert str(highlight("a<b روسيا", [(4, 9)])) == "a&lt;b <mark>روسيا</mark>"
    # the store's snippet is rebuilt: only <mark> survives, entities are decoded then re-escaped once
    assert str(snippet_html("x &lt;b&gt; <mark>روسيا</mark> <script>y</script>")) == (
        "x &lt;b&gt; <mark>روسيا</mark> &lt;script&gt;y&lt;/script&gt;"
    )
    assert str(snippet_html("<mark>unclosed")) == "unclosed"


def test_a_claim_ends_with_its_certainty_word_and_symbol_escaped() -> None:
    text = "قال الوزير إن الاتفاق قد يوقع"
    s = text.find("الاتفاق")
    html = str(annotate(text, [], [ClaimSpan(s, len(text), "possible", "t", "claim-0", tag="محتمل<b>")]))
    tag = html.split('<span class="cert-tag">', 1)[1]
    assert tag.startswith('<span aria-hidden="true">?</span> محتمل&lt;b&gt;</span>')
    assert html.endswith("</span></span>")  # the tag sits inside the claim span, after its text
    assert set(CERTAINTY_SYMBOLS) == {"asserted", "reported", "probable", "possible", "claimed", "denied"}
    assert len(set(CERTAINTY_SYMBOLS.values())) == len(CERTAINTY_SYMBOLS)  # one symbol per level
    # no tag given: the claim is marked without one (as before)
    assert "cert-tag" not in str(annotate(text, [], [ClaimSpan(s, len(text), "possible", "t", "claim-0")]))


def test_event_triggers_nest_in_claims_and_lose_to_overlapping_names() -> None:
    text = "قال الوزير إن روسيا ستشارك في القمة"
    c0 = text.find("روسيا")
    claim = ClaimSpan(c0, len(text), "reported", "t", "claim-0")
    russia = LinkSpan(c0, c0 + 5, "l2", "LOCATION", "Russia")
    trigger = EventSpan(text.find("القمة"), len(text), "CONSULT", 'تشاور "x"')
    inside_name = EventSpan(c0 + 1, c0 + 3, "ASSAULT", "x")  # crosses the name: dropped
    html = str(annotate(text, [russia], [claim], [trigger, inside_name]))
    assert '<span class="ev ev-consult" title="تشاور &#34;x&#34;">القمة</span></span>' in html
    assert "ev-assault" not in html and html.count('href="/entities/l2"') == 1
