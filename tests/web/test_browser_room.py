"""The room pages in a real browser (Debian's chromium via Playwright), at 1280 and 390 px wide.

Home → the biggest story (its chart) → the outlets → one outlet → a comparison; every page fits
its viewport (no sideways scroll), draws its SVG charts as images with an accessible name, and
raises no CSP violation; the hostile outlet's page runs nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

import pytest
from serve_samples import HOSTILE_OUTLET

# Chromium, its flags, the skip when it is absent and the module's browser: test_browser.py's.
from test_browser import ARTIFACTS, CHROMIUM, browser, pytestmark

__all__ = ["browser", "pytestmark"]  # used by pytest, not by name here

WIDTHS = (1280, 390)

if CHROMIUM.exists():
    from playwright.sync_api import Browser, Page, expect


@pytest.fixture(params=WIDTHS, ids=[f"{w}px" for w in WIDTHS])
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    context = browser.new_context(locale="ar", viewport={"width": request.param, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    try:
        yield pg
    finally:
        context.close()


def fits(page: Page) -> tuple[int, int]:
    """(scrollWidth, innerWidth): the page must not scroll sideways."""
    got = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    return int(got[0]), int(got[1])


def check_page(page: Page, csp: list[str], where: str) -> None:
    width, inner = fits(page)
    assert width <= inner, (where, width, inner)
    for svg in page.locator("main svg[role=img]").all():
        assert svg.locator("title").first.text_content(), where  # every chart has a name
    assert csp == [], where


def test_room_journey_fits_the_viewport(page: Page, live_server: tuple[str, dict[str, str]]) -> None:
    base, ids = live_server
    csp: list[str] = []
    page.on("console", lambda m: csp.append(m.text) if "Content Security Policy" in m.text else None)
    width = page.viewport_size["width"] if page.viewport_size else 0
    ARTIFACTS.mkdir(exist_ok=True)

    page.goto(base + "/")
    top = page.locator("section.top-stories li.story")
    expect(top).to_have_count(1)
    expect(top.locator("svg.sparkline")).to_be_visible()
    expect(page.locator("section.trending")).to_contain_text("المدينة الخبيثة")
    check_page(page, csp, "/")
    page.screenshot(path=str(ARTIFACTS / f"room-home-{width}.png"), full_page=True)

    top.locator("a.story-link").click()
    page.wait_for_url(f"**/stories/{ids['fire_story']}")
    chart = page.locator("section.timeline svg.chart")
    expect(chart).to_be_visible()
    expect(chart.locator("rect.bar")).to_have_count(2)
    check_page(page, csp, "story")
    page.screenshot(path=str(ARTIFACTS / f"room-story-{width}.png"), full_page=True)

    page.goto(base + "/outlets")
    check_page(page, csp, "/outlets")
    page.locator("a.outlet-link", has_text="الأفق").click()
    page.wait_for_url("**/outlets/*")
    expect(page.locator("section.volume svg.chart")).to_be_visible()
    expect(page.locator("section.certainty-profile meter").first).to_be_visible()
    check_page(page, csp, "outlet")
    page.screenshot(path=str(ARTIFACTS / f"room-outlet-{width}.png"), full_page=True)

    page.goto(base + "/compare")
    page.locator("form.compare-form input[name=a]").fill("الأفق")
    page.locator("form.compare-form input[name=b]").fill("المنارة")
    page.locator("form.compare-form button").click()
    page.wait_for_url("**/compare?*")
    expect(page.locator("section.compare-side svg.chart")).to_have_count(2)
    check_page(page, csp, "compare")
    page.screenshot(path=str(ARTIFACTS / f"room-compare-{width}.png"), full_page=True)

    # /entities: only the trending box is ours (its full list table is wider than 390 px already)
    page.goto(base + "/entities")
    box = page.locator("section.trending").bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, box
    page.goto(base + "/search?q=" + quote("حريق"))
    check_page(page, csp, "/search")
    expect(page.locator("img.chart")).to_be_visible()  # the search's results per day
    assert page.evaluate("document.querySelector('img.chart').naturalWidth") > 0  # the SVG loaded


def test_old_search_link_lands_on_search(page: Page, live_server: tuple[str, dict[str, str]]) -> None:
    base, _ = live_server
    page.goto(base + "/?q=" + quote("حريق"))
    assert page.url.startswith(base + "/search?q=")
    expect(page.locator("ol.hits > li.hit")).to_have_count(3)


def test_hostile_outlet_page_runs_nothing(page: Page, live_server: tuple[str, dict[str, str]]) -> None:
    base, _ = live_server
    dialogs: list[str] = []
    csp: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("console", lambda m: csp.append(m.text) if "Content Security Policy" in m.text else None)
    for path in ("/outlets/" + quote(HOSTILE_OUTLET, safe=""), "/outlets", "/"):
        page.goto(base + path)
        page.wait_for_load_state("load")
        for link in page.locator("main a").all():
            link.hover()
        page.wait_for_timeout(200)
        assert dialogs == [] and page.locator("#injected-img").count() == 0, path
        assert page.locator("main img, main script, main b").count() == 0, path
        check_page(page, csp, path)
