"""render_lines: blocks become lines, inline elements glue, hidden and script content is dropped."""

from __future__ import annotations

from marsad.extract.render import render_lines, render_text


def test_inline_elements_glue_without_space() -> None:
    html = "<body><nav><a href='/e'>Events</a><a href='/a'>الأحداث</a><a>البودكاست</a></nav></body>"
    assert render_lines(html) == ["Eventsالأحداثالبودكاست"]


def test_blocks_become_lines_and_paragraphs_are_separated_by_blank_lines() -> None:
    html = "<div>Loader</div><div>ابحثوا عنا</div><h1>عنوان الخبر</h1><p>فقرة <b>أولى</b>.</p><p>ثانية</p>"
    assert render_lines(html) == ["Loader", "ابحثوا عنا", "", "عنوان الخبر", "", "فقرة أولى.", "", "ثانية"]


def test_scripts_styles_comments_and_hidden_elements_are_dropped() -> None:
    html = (
        "<html><head><title>T</title><style>p{}</style></head><body><script>var x=1;</script>"
        "<!-- note --><p hidden>secret</p><div style='display: none'>gone</div><p>kept</p></body></html>"
    )
    assert render_lines(html) == ["kept"]


def test_whitespace_is_folded_and_br_breaks_a_line() -> None:
    html = "<p>  one\n   two\t three<br>four </p>"
    assert render_lines(html) == ["one two three", "four"]
    assert render_text(html) == "one two three\nfour"


def test_deep_nesting_does_not_recurse() -> None:
    html = "<div>" * 10000 + "deep" + "</div>" * 10000
    assert render_lines(html) == ["deep"]


def test_empty_document() -> None:
    assert render_lines("") == []
