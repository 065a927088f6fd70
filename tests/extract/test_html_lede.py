"""The lede above the article body, put back when trafilatura leaves it out (pages written here)."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from marsad.config import SETTINGS, Settings
from marsad.extract.html import extract_html
from marsad.extract.html_lede import recover_lede
from marsad.model import Block, Label, Page, Source

LEDE = "The city will close three bridges for repairs next month, officials said on Monday evening."
BODY = [
    "Work on the first bridge starts on the second of the month and should take about two weeks, "
    "according to the plan the council published after a long meeting on Monday.",
    "Drivers are asked to use the ring road instead, and buses will follow new routes that the "
    "transport office will announce before the work begins next month in the city.",
]


def _blocks(*texts: str) -> list[Block]:
    return [Block(index=0, text=t, label=Label.PARAGRAPH) for t in texts]


def _page(above: str) -> str:
    body = "".join(f"<p>{t}</p>" for t in BODY)
    return f"<html><body><h1>Bridges close</h1>{above}<div class='body'>{body}</div></body></html>"


def test_lede_above_the_body_comes_back_before_it() -> None:
    tree = LexborHTMLParser(_page(f"<p class='intro'>{LEDE}</p><p>12.03.2024</p>"))
    out = recover_lede(tree, _blocks(*BODY), SETTINGS)
    assert [b.text for b in out] == [LEDE, *BODY]


def test_only_prose_comes_back() -> None:
    # A byline, a link teaser and a line without a sentence end stay out.
    above = (
        "<p>By Jane Smith, city reporter</p>"
        "<p><a href='/x'>Read our full guide to the city's roads and bridges this year.</a></p>"
        "<p>Bridges, roads, buses and the new ring road around the city centre this year</p>"
    )
    tree = LexborHTMLParser(_page(above))
    assert [b.text for b in recover_lede(tree, _blocks(*BODY), SETTINGS)] == BODY


def test_nothing_is_added_without_a_body_found_in_the_page() -> None:
    tree = LexborHTMLParser(_page(f"<p>{LEDE}</p>"))
    one = _blocks(BODY[0][:60])  # shorter than what the page holds: not found as a leaf
    assert recover_lede(tree, one, SETTINGS) == one
    assert recover_lede(tree, [], SETTINGS) == []


def test_lookback_comes_from_settings() -> None:
    # The lede, then two short elements, then the body: three steps back finds it, one does not.
    tree = LexborHTMLParser(_page(f"<p>{LEDE}</p><p>12.03.2024</p><p>Photo gallery</p>"))
    assert recover_lede(tree, _blocks(*BODY), SETTINGS)[0].text == LEDE
    tree = LexborHTMLParser(_page(f"<p>{LEDE}</p><p>12.03.2024</p><p>Photo gallery</p>"))
    assert recover_lede(tree, _blocks(*BODY), Settings(html_lede_lookback=1))[0].text == BODY[0]


def test_extract_html_keeps_a_dropped_teaser() -> None:
    # trafilatura takes the body <div>'s paragraphs; the teaser sits outside it.
    html = (
        "<html><head><title>Bridges close</title></head><body><main><h1>Bridges close</h1>"
        f"<div class='teaser'>{LEDE}</div><article><div class='body'>"
        + "".join(f"<p>{t}</p>" for t in BODY)
        + "</div></article></main></body></html>"
    )
    page = Page(source=Source(url="https://example.org/a", format="html"), html=html)
    text = extract_html(page, SETTINGS).body_text
    assert LEDE in text and text.index(LEDE) < text.index(BODY[0][:40])
    assert text.count(LEDE) == 1
    assert LEDE not in extract_html(page, Settings(html_lede_lookback=0)).body_text
