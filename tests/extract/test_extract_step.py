"""The extract step: dispatch, field filling and rejection."""

from __future__ import annotations

from marsad.extract.step import EXTRACT_STEP, extract_page
from marsad.model import Article, Label, Page, Source
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
    a = extract_page(_article(Page(source=Source(format="text"), text=DUMP)))
    assert a.title == "City council approves new budget for public transport"
    assert len(a.paragraphs) + (1 if a.lede else 0) == 2
    assert a.language == "en"


def test_html_page_is_extracted() -> None:
    a = extract_page(_article(Page(source=Source(format="html"), html=HTML)))
    assert a.title == "City council approves new budget for public transport"
    assert any(b.label in (Label.PARAGRAPH, Label.LEDE) for b in a.blocks)


def test_empty_result_is_rejected_with_a_reason() -> None:
    docs = list(EXTRACT_STEP([_article(Page(source=Source(format="text"), text="Menu\nLogin\n"))]))
    assert docs[0].rejected is not None
    assert docs[0].rejected.step == "extract"
    assert "no article text" in docs[0].rejected.reason


def test_step_declares_fields_and_runs_in_a_pipeline() -> None:
    assert "page" in EXTRACT_STEP.requires
    assert {"title", "blocks", "lede", "published"} <= EXTRACT_STEP.provides
    out = list(Pipeline([EXTRACT_STEP]).run([_article(Page(source=Source(format="text"), text=DUMP))]))
    assert out[0].rejected is None and out[0].steps == ["extract"]
