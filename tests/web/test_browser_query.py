"""The query language in a real browser (issue 13.3), at a desktop and a phone width, on each
store: a malformed query typed in the search box shows a visible message with the query kept
and a link to /help; the help page fits the screen and its examples run; a phrase search and the
sort choice work from the form. No CSP violation, no horizontal scrolling."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from test_browser import ARGS, ARTIFACTS, CHROMIUM

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason=f"needs Debian chromium at {CHROMIUM} (scripts/install-browser.sh installs it)",
    ),
]

if CHROMIUM.exists():
    from playwright.sync_api import Browser, Page, expect, sync_playwright

WIDTHS = (1280, 390)


@pytest.fixture(scope="module")
def query_browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


def _page(browser: Browser, width: int, csp: list[str]) -> Page:
    context = browser.new_context(locale="ar", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.on("console", lambda m: csp.append(m.text) if "Content Security Policy" in m.text else None)
    return page


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url


def _search(page: Page, text: str) -> None:
    box = page.locator("header form[role=search] input[name=q]")
    box.fill(text)
    box.press("Enter")
    page.wait_for_load_state()


@pytest.mark.parametrize("width", WIDTHS)
def test_a_malformed_query_shows_a_message_and_help(
    query_browser: Browser, live_server: tuple[str, dict[str, str]], width: int
) -> None:
    base, _ = live_server
    csp: list[str] = []
    page = _page(query_browser, width, csp)
    page.goto(base + "/")
    _search(page, '"ميناء الريحان')
    alert = page.locator("[role=alert]")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text("unbalanced quote")
    expect(alert).to_contain_text("at character 1")
    expect(page.locator("header form[role=search] input[name=q]")).to_have_value('"ميناء الريحان')
    expect(page.locator("ol.hits")).to_have_count(0)
    _fits(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"query-error-{width}.png"), full_page=True)

    alert.locator("a[href='/help']").click()
    page.wait_for_url("**/help")
    expect(page.locator("h1")).to_contain_text("لغة البحث")
    expect(page.locator("table.query-examples")).to_be_visible()
    _fits(page)
    page.screenshot(path=str(ARTIFACTS / f"query-help-{width}.png"), full_page=True)
    assert not csp, csp


@pytest.mark.parametrize("width", WIDTHS)
def test_phrase_search_and_sort_from_the_form(
    query_browser: Browser, live_server: tuple[str, dict[str, str]], width: int
) -> None:
    base, ids = live_server
    csp: list[str] = []
    page = _page(query_browser, width, csp)
    page.goto(base + "/")
    _search(page, "«ميناء الريحان» -الكيميائية")
    expect(page.locator("[role=alert]")).to_have_count(0)
    expect(page.locator("p.empty")).to_be_visible()  # every fire report names the chemicals
    _search(page, '"ميناء الريحان"')
    expect(page.locator("ol.hits > li")).to_have_count(3)
    page.locator("select[name=sort]").select_option("date_asc")
    page.locator("form.filters-form button[type=submit]").click()
    page.wait_for_url("**sort=date_asc*")
    expect(page.locator("ol.hits > li")).to_have_count(3)
    last = page.locator("ol.hits > li h3 a").last
    expect(last).to_have_attribute("href", f"/articles/{ids['fire_c']}")  # the newest, last
    _fits(page)
    assert not csp, csp
