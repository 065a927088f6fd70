"""Fuzz properties of the extractors: any text, any markup, any damaged real page gives an
Article or a clear ExtractError — never another exception, never a malformed Article.

The HTML entry point (`extract_html`), the dump entry point (`extract_dump`) and the extract step
that picks between them (`extract_page`) are driven by hypothesis with arbitrary text (lone
(control characters, private use, unassigned code points), generated tag soup,
deep nesting, and byte-level damage to the real pages of `examples/` and the extractor fixtures.
The readers' own properties live in tests/read/.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Literal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marsad.config import SETTINGS
from marsad.errors import ExtractError, InputError
from marsad.extract.dump import extract_dump
from marsad.extract.html import extract_html
from marsad.extract.step import extract_page
from marsad.model import Article, Label, Page, Source
from marsad.read.decode import decode
from testpaths import EXAMPLES, ROOT

FIXTURES = ROOT / "tests" / "extract" / "fixtures"
REAL_PAGES = sorted(
    p for p in [*EXAMPLES.iterdir(), *FIXTURES.glob("*.txt")] if p.suffix in (".txt", ".html")
)

# Extraction runs trafilatura on every HTML example: ~0.05-0.3 s each on the shared 2-core machine.
FUZZ = settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)

# Every code point but lone surrogates: pages are decoded text, and the one road by which a
# surrogate could arrive (a JSONL \\ud800 escape) is the reader's to close — see
# tests/e2e/test_e2e_fuzz_regressions.py (a lone surrogate makes crfsuite raise SystemError here).
SURROGATES: list[Literal["Cs"]] = ["Cs"]
ANY_TEXT = st.text(st.characters(codec=None, exclude_categories=SURROGATES), max_size=3000)
ARABIC_WORDS = [
    "قال",
    "الوزير",
    "إن",
    "المحادثات",
    "ستستأنف",
    "في",
    "القاهرة",
    "يوم",
    "الأحد",
    "١٤",
    "أبريل",
    "٢٠١٨",
    "مصدر",
]
WORDS = st.sampled_from(
    [*ARABIC_WORDS, "Reuters", "Copyright", "©", "Photo:", "بقلم:", "\u202e", "&amp;", "&#0;"]
)
TAGS = ["div", "p", "span", "article", "main", "h1", "h2", "a", "li", "ul", "table", "td", "figure", "figcaption",
        "script", "style", "noscript", "time", "header", "footer", "nav", "aside", "title", "meta", "br", "img"]  # fmt: skip
ATTRS = ['class="content"', 'class="sidebar related"', 'id="main"', 'dir="rtl"', 'lang="ar"', 'href="javascript:x"',
         'property="og:title" content="عنوان"', 'datetime="2018-04-14"', 'itemprop="author"', 'src="x.jpg"', "x"]  # fmt: skip


def _check(article: Article) -> None:
    """What every extracted article keeps: consecutive block indexes, known labels, a reason on chrome."""
    assert [b.index for b in article.blocks] == list(range(len(article.blocks)))
    for b in article.blocks:
        assert isinstance(b.label, Label)
        assert isinstance(b.text, str)


def _page(text: str, *, html: bool) -> Page:
    source = Source(path="fuzz", url="https://news.example/a/1", format="html" if html else "text")
    return Page(source=source, html=text if html else None, text=None if html else text)


def _extract_page(text: str, *, html: bool) -> None:
    """The step's contract: an article with a title or a paragraph, or ExtractError."""
    page = _page(text, html=html)
    try:
        article = extract_page(Article(source=page.source, page=page), SETTINGS)
    except ExtractError as exc:
        assert str(exc)  # a clear reason, not an empty message
        return
    _check(article)
    assert article.title or any(b.label is Label.PARAGRAPH for b in article.blocks)


@st.composite
def tag_soup(draw: st.DrawFn) -> str:
    """Markup assembled from real tags, attributes and Arabic words, closed or not, in any order."""
    parts: list[str] = []
    for _ in range(draw(st.integers(0, 60))):
        choice = draw(st.integers(0, 4))
        tag = draw(st.sampled_from(TAGS))
        if choice == 0:
            parts.append(f"<{tag} {' '.join(draw(st.lists(st.sampled_from(ATTRS), max_size=3)))}>")
        elif choice == 1:
            parts.append(f"</{tag}>")
        elif choice == 2:
            parts.append(
                draw(st.sampled_from(["<!--", "-->", "<![CDATA[", "<", ">", "<!DOCTYPE html>", '"', "&"]))
            )
        else:
            parts.append(" ".join(draw(st.lists(WORDS, min_size=1, max_size=25))))
    return "".join(parts)


def _extract_or_reason(extractor: Callable[..., Article], page: Page) -> None:
    """An extractor's contract: an article with well-formed blocks, or ExtractError."""
    try:
        article = extractor(page, settings=SETTINGS)
    except ExtractError:
        return
    _check(article)


@FUZZ
@given(ANY_TEXT)
@pytest.mark.parametrize("html", [False, True], ids=["dump", "html"])
def test_extractors_take_any_text(html: bool, text: str) -> None:
    _extract_or_reason(extract_html if html else extract_dump, _page(text, html=html))


@FUZZ
@given(tag_soup(), st.booleans())
def test_extract_step_takes_tag_soup(markup: str, wrap: bool) -> None:
    text = f"<html><head><title>خبر</title></head><body>{markup}</body></html>" if wrap else markup
    _extract_page(text, html=True)


@FUZZ
@given(st.integers(1, 5000), st.sampled_from(["div", "span", "b", "li", "table"]), st.booleans())
def test_html_extractor_survives_deep_nesting(depth: int, tag: str, closed: bool) -> None:
    body = (
        f"<{tag}>" * depth
        + "<p>"
        + " ".join(ARABIC_WORDS * 3)
        + "</p>"
        + (f"</{tag}>" * depth if closed else "")
    )
    _extract_page(f"<html><body>{body}</body></html>", html=True)


@FUZZ
@given(st.sampled_from(REAL_PAGES), st.data())
def test_damaged_real_pages_give_an_article_or_a_reason(path: Path, data: st.DataObject) -> None:
    raw = bytearray(path.read_bytes())
    for _ in range(data.draw(st.integers(0, 40), label="edits")):
        i = data.draw(st.integers(0, len(raw) - 1), label="at")
        op = data.draw(st.integers(0, 2), label="op")
        if op == 0:
            raw[i] ^= 1 << data.draw(st.integers(0, 7), label="bit")
        elif op == 1:
            del raw[i : i + data.draw(st.integers(1, 400), label="cut")]
        else:
            raw[i:i] = data.draw(st.binary(min_size=1, max_size=20), label="junk")
        if not raw:
            raw = bytearray(b" ")
    try:
        text = decode(bytes(raw))[0]
    except InputError:  # the reader refuses these bytes: they never reach an extractor
        return
    _extract_page(text, html=path.suffix == ".html")
    _extract_page(text, html=path.suffix != ".html")  # the wrong extractor for the page, too


@FUZZ
@given(
    st.sampled_from(REAL_PAGES),
    st.sampled_from(["\x00", "\x85", "\U0010ffff", "\u202e", "\ufeff", "\u0640" * 500]),
)
def test_real_pages_carrying_odd_code_points(path: Path, odd: str) -> None:
    text = decode(path.read_bytes())[0]
    mid = len(text) // 2
    _extract_page(text[:mid] + odd + text[mid:], html=path.suffix == ".html")


def test_real_pages_still_extract() -> None:
    """The undamaged pages extract to an article: the properties above run on working inputs."""
    for path in REAL_PAGES:
        page = _page(decode(path.read_bytes())[0], html=path.suffix == ".html")
        article = extract_page(Article(source=page.source, page=page), SETTINGS)
        _check(article)
        assert article.title or any(b.label is Label.PARAGRAPH for b in article.blocks), path.name


def test_dump_with_a_lone_surrogate_gives_an_article_or_a_reason() -> None:
    text = "خبر\n\ud800\nقال الوزير إن المحادثات ستستأنف الأسبوع المقبل في القاهرة بمشاركة الجانبين."
    for html in (False, True):
        with pytest.raises(ExtractError, match="lone surrogate U\\+D800"):
            (extract_html if html else extract_dump)(_page(text, html=html), settings=SETTINGS)
