"""/claims and /events in a real browser (Debian's chromium via Playwright), on each store.

At 1280 px and 390 px (a phone): the filter form and rows fit the viewport (no horizontal
scroll: scrollWidth <= innerWidth), nothing breaks the CSP, certainty shows a word and a symbol,
and a row's link opens its article at the claim's own sentence. Screenshots go to
tests/web/artifacts/.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

# The same chromium and launch flags as the reading-room journeys.
from test_browser import ARGS, CHROMIUM

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
WIDTHS = (1280, 390)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"needs Debian chromium at {CHROMIUM}"),
]

if CHROMIUM.exists():
    from playwright.sync_api import Page, expect, sync_playwright

Opener = Callable[[int], "Page"]


@pytest.fixture(scope="module")
def open_page() -> Iterator[Opener]:
    """A function giving a fresh page at a viewport width; console CSP reports go to `page.csp`."""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        contexts = []

        def opener(width: int) -> Page:
            context = browser.new_context(locale="ar", viewport={"width": width, "height": 900})
            contexts.append(context)
            page = context.new_page()
            page.set_default_timeout(15_000)
            reports: list[str] = []
            page.on(
                "console", lambda m: reports.append(m.text) if "Content Security Policy" in m.text else None
            )
            page.csp = reports  # type: ignore[attr-defined]
            return page

        try:
            yield opener
        finally:
            for c in contexts:
                c.close()
            browser.close()


def visit(page: Page, url: str) -> Page:
    """Open a listing and wait for its rows (at least two: the samples hold more)."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(url)
    assert page.locator("html").get_attribute("dir") == "rtl"
    rows = page.locator("ol > li.claim-row, ol > li.event-row")
    expect(rows.first).to_be_visible()
    assert rows.count() >= 2
    return page


def fits(page: Page) -> None:
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"horizontal overflow: {width}"


@pytest.mark.parametrize("width", WIDTHS)
def test_claims_page_fits_and_links_to_the_sentence(
    open_page: Opener, live_server: tuple[str, dict[str, str]], width: int
) -> None:
    page = visit(open_page(width), live_server[0] + "/claims?source_kind=anonymous&sort=certainty")
    first = page.locator("ol.claim-rows > li .badge").first
    expect(first).to_contain_text("●")  # symbol …
    expect(first).to_contain_text("محتمل")  # … and word: the least certain (possible) comes first
    fits(page)
    page.screenshot(path=str(ARTIFACTS / f"claims-{width}.png"), full_page=True)

    # the filter form changes the listing: only the "possible" ones
    page.locator("select[name=certainty]").select_option("possible")
    page.locator("form.claims-filters button[type=submit]").click()
    page.wait_for_url("**/claims?*certainty=possible*")
    assert all("محتمل" in t for t in page.locator("ol.claim-rows > li .badge").all_inner_texts())

    link = page.locator("ol.claim-rows > li blockquote a").first
    text = link.inner_text()
    href = link.get_attribute("href") or ""
    anchor = href.partition("#")[2]
    assert anchor.startswith("claim-")
    link.click()
    page.wait_for_url("**/articles/*")
    target = page.locator(f"[id='{anchor}']")
    expect(target).to_have_count(1)
    expect(target).to_contain_text(text.strip()[:20])
    assert page.csp == []  # type: ignore[attr-defined]


@pytest.mark.parametrize("width", WIDTHS)
def test_events_page_fits_and_names_the_types(
    open_page: Opener, live_server: tuple[str, dict[str, str]], width: int
) -> None:
    page = visit(open_page(width), live_server[0] + "/events")
    expect(page.locator(".event-type").first).not_to_be_empty()
    fits(page)
    page.screenshot(path=str(ARTIFACTS / f"events-{width}.png"), full_page=True)
    page.locator("select[name=type]").select_option("CONSULT")
    page.locator("form.claims-filters button[type=submit]").click()
    page.wait_for_url("**/events?*type=CONSULT*")
    expect(page.locator(".event-type")).to_have_count(1)
    expect(page.locator(".event-type")).to_contain_text("تشاور")
    fits(page)
    assert page.csp == []  # type: ignore[attr-defined]
