"""The extract step: dispatch, field filling and rejection."""

from __future__ import annotations

from marsad.config import SETTINGS
from marsad.extract.step import extract_page, extract_step
from marsad.model import Article, Given, Label, Page, Source
from marsad.pipeline import Pipeline

DUMP = (
    "HomeNewsWorld\nAdvertisement\n\nCity council approves new budget for public transport\n\n"
    "The city council on Tuesday approved a budget that doubles spending on buses and trams over the next five years.\n\n"
    "Council members voted 31 to 12 in favour of the plan, which will be financed by a new parking levy and a grant.\n"
)
HTML = (
    "<html><body><nav><a>Home</a><a>News</a></nav><h1>City council approves new budget for public transport</h1>"
    "<p>The city council on Tuesday approved a budget that doubles spending on buses and trams over the next five years.</p>"
    "<p>Council members voted 31 to 12 in favour of the plan, which will be financed by a new parking levy and a grant.</p>"
    "</body></html>"
)


def _article(page: Page) -> Article:
    return Article(source=page.source, page=page)


def test_text_page_is_extracted() -> None:
    a = extract_page(_article(Page(source=Source(format="text"), text=DUMP)), SETTINGS)
    assert a.title == "City council approves new budget for public transport"
    assert len(a.paragraphs) + (1 if a.lede else 0) == 2
    assert a.language == "en"


def test_html_page_is_extracted() -> None:
    a = extract_page(_article(Page(source=Source(format="html"), html=HTML)), SETTINGS)
    assert a.title == "City council approves new budget for public transport"
    assert any(b.label in (Label.PARAGRAPH, Label.LEDE) for b in a.blocks)


def test_empty_result_is_rejected_with_a_reason() -> None:
    docs = list(extract_step(SETTINGS)([_article(Page(source=Source(format="text"), text="Menu\nLogin\n"))]))
    assert docs[0].rejected is not None
    assert docs[0].rejected.step == "extract"
    assert "no article text" in docs[0].rejected.reason


def test_step_declares_fields_and_runs_in_a_pipeline() -> None:
    assert "page" in extract_step(SETTINGS).requires
    assert {"title", "blocks", "lede", "published"} <= extract_step(SETTINGS).provides
    out = list(
        Pipeline([extract_step(SETTINGS)]).run([_article(Page(source=Source(format="text"), text=DUMP))])
    )
    assert out[0].rejected is None and out[0].steps == ["extract"]


def test_a_stated_title_missing_from_the_text_becomes_the_first_block() -> None:
    """A JSONL record's `title` field is the headline: the steps that read blocks must see it."""
    body = DUMP.split("\n\n", 2)[2]  # the dump without its headline line
    stated = "Council doubles  transport budget"
    a = extract_page(
        _article(Page(source=Source(format="text"), text=body, given=Given(title=stated))), SETTINGS
    )
    assert a.title == stated
    assert (a.blocks[0].label, a.blocks[0].text) == (Label.TITLE, "Council doubles transport budget")
    assert [b.index for b in a.blocks] == list(range(len(a.blocks)))


def test_a_stated_title_already_in_the_text_is_not_repeated() -> None:
    title = "City council approves new budget for public transport"
    a = extract_page(
        _article(Page(source=Source(format="text"), text=DUMP, given=Given(title=title))), SETTINGS
    )
    assert sum(b.text == title for b in a.blocks) == 1
