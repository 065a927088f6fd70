"""The saved searches page in a real browser (Debian's chromium via Playwright), on each store:
at 1280 and 390 px wide nothing overflows sideways and nothing breaks the CSP; a search with
new articles shows their count, opening it goes to its search page and marks it seen."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from serve_samples import HOSTILE_SCRIPT, fill, filled_db, wheat_article

from marsad.serve.app import create_app
from marsad.serve.server import server_options
from marsad.store import SearchQuery, Store
from testpaths import backend_params

CHROMIUM = Path(os.environ.get("MARSAD_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
HEADLESS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--no-first-run", "--disable-sync"]  # fmt: skip

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"needs Debian chromium at {CHROMIUM}"),
]
if CHROMIUM.exists():
    from playwright.sync_api import Page, expect, sync_playwright


def fill_and_save(store: Store) -> dict[str, str]:
    """The samples, three saved searches, and one article stored after the first was saved."""
    ids = fill(store)
    ids["wheat_saved"] = str(store.save_search("أسعار القمح", SearchQuery(text="القمح", lang="ar")).id)
    store.save_search(HOSTILE_SCRIPT + " اسم طويل جدا " * 6, SearchQuery(outlet="الأفق", since="2024-04"))
    store.save_search("كل الأخبار", SearchQuery())
    later = wheat_article()
    later.blocks[1].text += " وفي خبر لاحق ارتفع القمح مجددا."
    store.put(later)
    return ids


@pytest.fixture(scope="module", params=backend_params())
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app over a filled store, served by uvicorn on a free port in a thread: its base URL."""
    import uvicorn

    with filled_db(request.param, tmp_path_factory.mktemp("saved"), fill_and_save) as (db, _ids):
        srv = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=0, **server_options()))
        thread = threading.Thread(target=srv.run, daemon=True)
        thread.start()
        while not srv.started:
            assert thread.is_alive(), "the server stopped while starting"
            time.sleep(0.05)
        port = srv.servers[0].sockets[0].getsockname()[1]
        try:
            yield f"http://127.0.0.1:{port}"
        finally:
            srv.should_exit = True
            thread.join(timeout=10)


@pytest.fixture(scope="module")
def pages() -> Iterator[dict[int, Page]]:
    """One page per width (1280, 390), Arabic locale."""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=HEADLESS, headless=True)
        try:
            yield {
                w: browser.new_context(locale="ar", viewport={"width": w, "height": 900}).new_page()
                for w in (1280, 390)
            }
        finally:
            browser.close()


def open_saved(page: Page, base: str, shot: str) -> list[str]:
    """/saved at the page's width: no sideways overflow; returns the CSP errors seen."""
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(base + "/saved")
    assert page.locator("html").get_attribute("dir") == "rtl"
    expect(page.locator("li.saved-item")).to_have_count(3)
    wide = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert wide <= 0, f"/saved overflows by {wide}px"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / shot), full_page=True)
    return errors


@pytest.mark.parametrize("width", [1280, 390])
def test_saved_page_fits_and_shows_counts(server: str, pages: dict[int, Page], width: int) -> None:
    page = pages[width]
    errors = open_saved(page, server, f"saved-{width}.png")
    first = page.locator("li.saved-item").first
    expect(first.locator(".saved-new")).to_have_text("مقال جديد واحد")  # one new article
    expect(page.locator("li.saved-item").nth(1).locator(".saved-name")).to_contain_text("<script>")
    assert page.locator("#injected-img").count() == 0 and errors == []


def test_opening_a_search_marks_it_seen(server: str, pages: dict[int, Page]) -> None:
    page = pages[1280]
    open_saved(page, server, "saved-before-visit.png")
    page.locator("li.saved-item").first.locator("a.saved-name").click()
    page.wait_for_url("**/search?q=*")
    expect(page.locator("ol.hits > li").first).to_contain_text("القمح")
    page.goto(server + "/saved")
    first = page.locator("li.saved-item").first
    expect(first.locator(".saved-new")).to_have_count(0)
    expect(first.locator(".saved-none")).to_be_visible()
