"""Furniture pruning: tags, roles, class/id tokens, guards that keep the article, what is recorded."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from marsad.config import SETTINGS
from marsad.extract.html_prune import prune

PROSE = "This is a long paragraph of article text with many ordinary words in it, " * 3


def _run(html: str) -> tuple[str, list[tuple[str, str]], LexborHTMLParser]:
    tree = LexborHTMLParser(html)
    out = prune(tree, html, settings=SETTINGS)
    return (tree.body.text(separator=" ") if tree.body else ""), out.removed, tree


def test_tags_roles_and_tokens() -> None:
    html = f"""<html><body>
    <nav>Home News</nav><div role="navigation">Menu</div>
    <div class="social-share">Tweet</div><div id="cookie-banner">We use cookies</div>
    <div class="post"><p>{PROSE}</p></div>
    <div class="newsletter_box">Subscribe now</div><footer>Impressum</footer>
    <script>var x = 1;</script><style>p {{}}</style></body></html>"""
    text, removed, _ = _run(html)
    assert "long paragraph of article text" in text
    for junk in ("Home", "Menu", "Tweet", "cookies", "Subscribe", "Impressum", "var x"):
        assert junk not in text
    reasons = dict((t, r) for r, t in removed)
    assert reasons["Menu"] == "navigation" and reasons["Tweet"] == "share widget"
    assert reasons["We use cookies"] == "consent" and reasons["Impressum"] == "footer"


def test_tokens_are_whole_words() -> None:
    # "shared", "header-adjacent", "download" contain furniture words but are not furniture.
    html = f'<html><body><div class="shared-content"><p>{PROSE}</p></div><div class="download">Get the PDF</div></body></html>'
    text, removed, _ = _run(html)
    assert "long paragraph" in text and "Get the PDF" in text and not removed


def test_container_with_the_article_is_kept() -> None:
    # A wrapper named like a sidebar but holding the article's prose stays.
    html = f'<html><body><div class="layout-with-sidebar"><p>{PROSE}</p><p>{PROSE}</p></div><nav>x</nav></body></html>'
    text, _, _ = _run(html)
    assert "long paragraph" in text


def test_comments_are_removed_even_with_prose() -> None:
    html = f'<html><body><article><p>{PROSE}</p><p>{PROSE}</p><p>{PROSE}</p></article><div id="comments"><p>I disagree with this completely and here is a very long reason why, which goes on and on for many words indeed.</p></div></body></html>'
    text, removed, _ = _run(html)
    assert "I disagree" not in text and any(r == "comments" for r, _ in removed)


def test_related_links_and_cues() -> None:
    html = f"""<html><body><article><p>{PROSE}</p>
    <p><a href="/a">Another story about the same topic</a></p>
    <p>Lesen Sie auch: <a href="/b">Neue Regeln für Mieter</a></p>
    <p>Text with <a href="/c">a link</a> inside a sentence stays text, with more words after it.</p>
    </article><aside class="related"><h3>Related</h3><a href="/d">Five things to know today</a></aside></body></html>"""
    tree = LexborHTMLParser(html)
    out = prune(tree, html, settings=SETTINGS)
    got = dict(out.related)
    assert got["Another story about the same topic"] == "/a"
    assert got["Lesen Sie auch: Neue Regeln für Mieter"] == "/b"
    assert got["Five things to know today"] == "/d"
    assert out.related_headers == ["Related"]
    assert "inside a sentence stays text" in (tree.body.text() if tree.body else "")


def test_captions_and_credits() -> None:
    html = f"""<html><body><article><p>{PROSE}</p>
    <figure><img src="a.jpg"><figcaption>Crowds in the square. Photo: AFP</figcaption></figure>
    <span class="image-credit">© Jane Roe</span></article></body></html>"""
    tree = LexborHTMLParser(html)
    out = prune(tree, html, settings=SETTINGS)
    assert out.captions == [("Crowds in the square. Photo: AFP", "a.jpg")]
    assert out.credits == ["© Jane Roe"]
    assert "Crowds" not in (tree.body.text() if tree.body else "")


def test_noscript_wrapping_the_page_is_unwrapped() -> None:
    # lexbor parses <noscript> content as markup; an unclosed <div> inside swallows the page.
    html = f'<html><body><noscript><div id="nojs"></noscript><div><p>{PROSE}</p></div></body></html>'
    text, _, _ = _run(html)
    assert "long paragraph" in text


def test_hidden_elements_go() -> None:
    html = f'<html><body><p>{PROSE}</p><div hidden>secret menu</div><div aria-hidden="true">icons</div></body></html>'
    text, _, _ = _run(html)
    assert "secret" not in text and "icons" not in text


def test_kept_share() -> None:
    html = f'<html><body><div class="sidebar"><p>{PROSE}</p></div><div class="sidebar"><p>short</p></div></body></html>'
    out = prune(LexborHTMLParser(html), html, settings=SETTINGS)
    assert out.words_before > out.words_after > 0
    assert 0 < out.kept < 1


def test_tokens_between_any_separators() -> None:
    # A class value names furniture when one of its tokens (split on spaces, '-' and '_') is a
    # furniture word, wherever it stands; a value that only contains one inside a token does not.
    html = f"""<html><body><div class="x_ad-slot top">Buy now</div><div id="MainSidebar">Links</div>
    <div class="wrap  comments">First comment</div><div class="post"><p>{PROSE}</p></div></body></html>"""
    text, removed, _ = _run(html)
    reasons = dict((t, r) for r, t in removed)
    assert reasons["Buy now"] == "advertisement" and reasons["First comment"] == "comments"
    assert "Links" in text and "long paragraph" in text


def test_page_builder_widgets_and_headings_are_not_furniture_by_name() -> None:
    # Page builders put every block of the article in a "widget" (Elementor's
    # `elementor-widget-text-editor`), and in-page anchors name headings `nav_…`: neither name says
    # furniture. A real sidebar is still named so, and a <nav> is still a tag.
    html = f"""<html><body><article>
    <div class="elementor-widget elementor-widget-text-editor"><p>Rose gold with longer earrings</p></div>
    <h3 id="nav_only_the_foil_1">Only the foil stays behind</h3><p>{PROSE}</p></article>
    <div class="sidebar">Archive links</div><nav>Home News</nav></body></html>"""
    text, removed, _ = _run(html)
    assert "Rose gold with longer earrings" in text and "Only the foil stays behind" in text
    assert dict((t, r) for r, t in removed) == {"Archive links": "sidebar", "Home News": "navigation"}
