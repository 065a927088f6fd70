"""The extract step: Page → Article fields, for text dumps and HTML pages alike."""

from __future__ import annotations

from functools import partial

from marsad.config import Settings
from marsad.errors import ExtractError
from marsad.extract.outlet import resolve_outlet
from marsad.model import Article, Block, Label
from marsad.pipeline import MapStep

__all__ = ["extract_page", "extract_step"]

_FIELDS = ("language", "title", "byline", "published", "updated", "lede", "blocks", "images", "related")


def _from_html(article: Article, settings: Settings) -> Article:
    page = article.page
    assert page is not None and page.html is not None
    from marsad.extract.html import extract_html

    return extract_html(page, settings)


def extract_page(article: Article, settings: Settings) -> Article:
    """Fill the article's extracted fields from `article.page`; ExtractError when nothing is found.
    `settings` holds the caps and the HTML extractor's thresholds."""
    page = article.page
    if page is None or (not page.html and not page.text):
        raise ExtractError("the page is empty: nothing to extract")
    if page.html:
        got = _from_html(article, settings)
    else:
        from marsad.extract.dump import extract_dump

        got = extract_dump(page, site_name=article.site_name, settings=settings)
    for name in _FIELDS:
        setattr(article, name, getattr(got, name))
    for name in ("site_name", "canonical_url", "description"):
        if getattr(article, name) is None:
            setattr(article, name, getattr(got, name))
    _apply_given(article)
    if not article.title and not any(b.label is Label.PARAGRAPH for b in article.blocks):
        raise ExtractError("no article text found: no title and no paragraph in the page")
    article.outlet = resolve_outlet(article)
    article.fetched = page.fetched
    return article


def _apply_given(article: Article) -> None:
    """Metadata the input record states wins over what was found in the page (see `Given`)."""
    given = article.page.given if article.page is not None else None
    if given is None:
        return
    if given.title:
        article.title = given.title
        _title_block(article, given.title)
    if given.published:
        article.published = given.published


def _title_block(article: Article, title: str) -> None:
    """A stated title the page's text does not hold becomes its first block (labelled title), so the
    steps that read the article's text (entities, claims, events, the Arabic layer) read the
    headline too, as they do when the title is a line of the page."""
    wanted = " ".join(title.split())
    if not wanted or any(" ".join(b.text.split()) == wanted for b in article.blocks):
        return
    for b in article.blocks:
        b.index += 1
    article.blocks.insert(0, Block(0, wanted, Label.TITLE))


def extract_step(settings: Settings) -> MapStep:
    """The extract step, its caps and thresholds from `settings`."""
    return MapStep(
        "extract",
        partial(extract_page, settings=settings),
        requires=frozenset({"page"}),
        provides=frozenset(
            {
                "title",
                "blocks",
                "byline",
                "images",
                "related",
                "language",
                "published",
                "updated",
                "lede",
                "outlet",
                "fetched",
                # kept when the reader stated them, found in the page otherwise
                "site_name",
                "canonical_url",
                "description",
            }
        ),
    )
