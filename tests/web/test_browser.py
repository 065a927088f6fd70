"""A real browser (Debian's chromium, driven by Playwright) through the reading room, on each store.

Search with an Arabic word typed with a clitic (وروسيا for روسيا), open the article, click an
entity, check the entity page, save screenshots to tests/web/artifacts/. Then open a page full of
hostile text and check that nothing ran: no dialog, no injected element, no CSP violation.
Stories: home → the biggest story → its page → a member article → back to its story; search shows
a canonical article "also in" another outlet and expands the list of reprints; a hostile story.
Chromium comes from apt (scripts/install-browser.sh); Playwright never downloads a browser here.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("MARSAD_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason=f"needs Debian chromium at {CHROMIUM} (scripts/install-browser.sh installs it)",
    ),
]

if CHROMIUM.exists():
    from playwright.sync_api import Browser, ConsoleMessage, Dialog, Page, expect, sync_playwright


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="ar", viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    try:
        yield pg
    finally:
        context.close()


def test_search_article_entity_journey(page: Page, live_server: tuple[str, dict[str, str]]) -> None:
    base, ids = live_server
    csp_errors: list[str] = []
    page.on("console", lambda m: csp_errors.append(m.text) if "Content Security Policy" in m.text else None)
    ARTIFACTS.mkdir(exist_ok=True)

    page.goto(base + "/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    box = page.locator("header form[role=search] input[name=q]")
    box.click()
    box.press_sequentially("وروسيا")  # typed key by key, with the conjunction glued on
    box.press("Enter")
    page.wait_for_url("**/search?q=*")  # the header form's / redirects there (issue 13.1)
    hits = page.locator("ol.hits > li")
    expect(hits).to_have_count(2)
    expect(page.locator("ol.hits mark").first).to_have_text("روسيا")
    page.screenshot(path=str(ARTIFACTS / "search.png"), full_page=True)

    page.get_by_role("link", name="القاهرة وموسكو تبحثان توسيع التعاون الاقتصادي").click()
    page.wait_for_url(f"**/articles/{ids['cooperation']}")
    expect(page.locator("article.doc h1")).to_contain_text("القاهرة")
    # a claim shows its source chain on click (static/marsad.js, allowed by the CSP)
    claim = page.locator("span.claim.certainty-reported[data-claim]")
    expect(claim).to_have_count(1)
    assert "سامح شكري" in (claim.get_attribute("title") or "")
    claim.click()
    expect(page.locator(".popover")).to_be_visible()
    expect(page.locator(".popover")).to_contain_text("سامح شكري")
    expect(page.locator("details.chrome")).not_to_have_attribute("open", "")
    page.screenshot(path=str(ARTIFACTS / "article.png"), full_page=True)

    page.locator("article.doc .body a.ent", has_text="روسيا").first.click()
    page.wait_for_url("**/entities/*")
    expect(page.locator("h1 .entity-name")).to_have_text("روسيا")
    expect(page.locator("h1 .entity-latin")).to_have_text("Russia")
    expect(page.locator("table.timeline tbody tr")).to_have_count(2)
    expect(page.locator("section.co-mentioned")).to_contain_text("سامح شكري")
    expect(page.locator("section.articles ol.hits > li")).to_have_count(2)
    page.screenshot(path=str(ARTIFACTS / "entity.png"), full_page=True)
    assert csp_errors == []


def _watch(page: Page) -> tuple[list[str], list[str]]:
    """The dialogs a page opens (each dismissed) and what it writes to the console, as it runs."""
    dialogs: list[str] = []
    console: list[str] = []

    def on_dialog(d: Dialog) -> None:
        dialogs.append(d.message)
        d.dismiss()

    def on_console(m: ConsoleMessage) -> None:
        console.append(m.text)

    page.on("dialog", on_dialog)
    page.on("console", on_console)
    return dialogs, console


def test_hostile_page_runs_nothing(page: Page, live_server: tuple[str, dict[str, str]]) -> None:
    base, ids = live_server
    dialogs, console = _watch(page)
    page.goto(f"{base}/articles/{ids['hostile']}")
    page.wait_for_load_state("load")
    expect(page.locator("article.doc h1")).to_contain_text("<script>alert('title')</script>")
    # hover and click everything a user could touch
    for link in page.locator("article.doc a, article.doc .claim").all():
        link.hover()
    page.locator("details.chrome > summary").click()
    page.locator("span.claim[data-claim]").first.click()
    page.wait_for_timeout(300)
    assert dialogs == []
    assert page.locator("#injected-img").count() == 0
    assert page.locator("article.doc img, article.doc b, article.doc script").count() == 0
    assert page.locator("script").count() == 1
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    assert not [h for h in hrefs if h.strip().lower().startswith(("javascript:", "data:", "java"))]
    assert not [c for c in console if "Content Security Policy" in c]
    page.screenshot(path=str(ARTIFACTS / "hostile.png"), full_page=True)


def test_home_story_article_journey(page: Page, live_server: tuple[str, dict[str, str]]) -> None:
    """Home → the biggest story → its page (timeline, outlets, claims by source) → a member
    article → its story and its reprint."""
    base, ids = live_server
    csp_errors: list[str] = []
    page.on("console", lambda m: csp_errors.append(m.text) if "Content Security Policy" in m.text else None)
    ARTIFACTS.mkdir(exist_ok=True)

    page.goto(base + "/")
    top = page.locator("section.top-stories li.story")
    expect(top).to_have_count(1)
    expect(top).to_contain_text("4 مقال")
    top.locator("a.story-link").click()
    page.wait_for_url(f"**/stories/{ids['fire_story']}")
    expect(page.locator("section.story-page h1")).to_contain_text("ميناء الريحان")
    expect(page.locator("table.timeline tbody tr")).to_have_count(2)
    # the day in words, its machine form in <time datetime> (issue 13.6)
    expect(page.locator("table.timeline tbody tr").first).to_contain_text("8 أبريل 2024")
    expect(page.locator("table.timeline tbody tr time").first).to_have_attribute("datetime", "2024-04-08")
    expect(page.locator("aside section.outlets li")).to_have_count(4)
    expect(page.locator("aside section.outlets")).to_contain_text("وكالة البرق")
    director = page.locator("section.claims-by-source section.source", has_text="خالد العمري")
    expect(director).to_have_count(1)
    expect(director.locator(".certainty-counts .badge.certainty-reported")).to_contain_text("3")
    expect(director.locator("li.story-claim")).to_have_count(3)
    expect(page.locator("section.members li.member")).to_have_count(4)
    expect(page.locator("section.members li.member.reprint")).to_contain_text("نسخة مطابقة")
    page.screenshot(path=str(ARTIFACTS / "story.png"), full_page=True)

    page.locator(f"section.members h3 a[href='/articles/{ids['fire_a']}']").click()
    page.wait_for_url(f"**/articles/{ids['fire_a']}")
    story_link = page.locator("aside section.story a.story-link")
    expect(story_link).to_have_attribute("href", f"/stories/{ids['fire_story']}")
    copies = page.locator("aside section.copies li.copy")
    expect(copies).to_have_count(1)
    expect(copies).to_contain_text("وكالة البرق")
    expect(copies.locator("a")).to_have_attribute("href", f"/articles/{ids['fire_wire']}")
    page.screenshot(path=str(ARTIFACTS / "story-article.png"), full_page=True)
    story_link.click()
    page.wait_for_url(f"**/stories/{ids['fire_story']}")
    assert csp_errors == []


def test_search_shows_also_in_and_expands(page: Page, live_server: tuple[str, dict[str, str]]) -> None:
    base, ids = live_server
    page.goto(base + "/")
    box = page.locator("header form[role=search] input[name=q]")
    box.fill("حريق")
    box.press("Enter")
    page.wait_for_url("**/search?q=*")  # the header form's / redirects there (issue 13.1)
    expect(page.locator("ol.hits > li.hit")).to_have_count(3)  # the wire's copy is no hit of its own
    hit = page.locator("ol.hits > li.hit", has=page.locator("details.reprints"))
    expect(hit).to_have_count(1)
    expect(hit.locator("h3 a")).to_have_attribute("href", f"/articles/{ids['fire_a']}")
    summary = hit.locator("details.reprints > summary")
    expect(summary).to_contain_text("أيضًا في مصدر آخر")  # "also in 1 outlet"
    reprint = hit.locator("details.reprints li a")
    expect(reprint).to_be_hidden()
    summary.click()
    expect(reprint).to_be_visible()
    expect(reprint).to_contain_text("وكالة البرق")
    page.screenshot(path=str(ARTIFACTS / "search-reprints.png"), full_page=True)
    reprint.click()
    page.wait_for_url(f"**/articles/{ids['fire_wire']}")
    expect(page.locator("p.reprint-of a")).to_have_attribute("href", f"/articles/{ids['fire_a']}")


def test_hostile_story_page_runs_nothing(page: Page, live_server: tuple[str, dict[str, str]]) -> None:
    base, ids = live_server
    dialogs, console = _watch(page)
    for path in (f"/stories/{ids['vote_story']}", "/stories?min_articles=1"):
        page.goto(base + path)
        page.wait_for_load_state("load")
        for link in page.locator("main a").all():
            link.hover()
        page.wait_for_timeout(200)
        assert dialogs == [], path
        assert page.locator("#injected-img").count() == 0, path
        assert page.locator("main img, main script, main b").count() == 0, path
        assert not [c for c in console if "Content Security Policy" in c], path
    expect(page.locator("main")).to_contain_text("<script>alert('title')</script>")


def test_article_layers_switch_without_inline_script(
    page: Page, live_server: tuple[str, dict[str, str]]
) -> None:
    """The layer checkboxes work by CSS (:has/:checked); marsad.js only remembers them."""
    base, ids = live_server
    csp_errors: list[str] = []
    page.on("console", lambda m: csp_errors.append(m.text) if "Content Security Policy" in m.text else None)
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(f"{base}/articles/{ids['cooperation']}")
    claim = page.locator(".body span.claim.certainty-reported")
    tag = claim.locator(".cert-tag")
    expect(tag).to_have_text("❞ منقول")  # the level in a word and a symbol, not colour alone
    assert claim.evaluate("e => getComputedStyle(e).textDecorationLine") == "underline"
    expect(page.locator("section.claims")).to_be_visible()
    page.locator("#layer-claims").uncheck()
    assert claim.evaluate("e => getComputedStyle(e).textDecorationLine") == "none"
    expect(tag).to_be_hidden()
    expect(page.locator("section.claims")).to_be_hidden()
    claim.dispatch_event("click")  # switched off, a claim opens no source chain either
    expect(page.locator(".popover")).to_have_count(0)
    # entities: the link stays, its highlight goes
    russia = page.locator(".body a.ent-location", has_text="روسيا")
    before = russia.evaluate("e => getComputedStyle(e).backgroundColor")
    page.locator("#layer-entities").uncheck()
    assert russia.evaluate("e => getComputedStyle(e).backgroundColor") != before
    page.locator("#layer-events").uncheck()
    expect(page.locator("section.events")).to_be_hidden()
    # remembered on the next article page, restored when switched back on
    page.goto(f"{base}/articles/{ids['fire_a']}")
    expect(page.locator("#layer-claims")).not_to_be_checked()
    page.locator("#layer-claims").check()
    page.goto(f"{base}/articles/{ids['cooperation']}")
    expect(page.locator("#layer-claims")).to_be_checked()
    assert page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]") == [390, 390]
    assert csp_errors == []


def test_keyboard_skip_link_and_visible_focus(page: Page, live_server: tuple[str, dict[str, str]]) -> None:
    base, ids = live_server
    page.goto(f"{base}/articles/{ids['cooperation']}")
    page.keyboard.press("Tab")
    skip = page.locator("a.skip")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box is not None and box["y"] >= 0  # on screen while focused
    assert skip.evaluate("e => getComputedStyle(e).outlineStyle") == "solid"
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    # the next stop after main is inside the page's content, not back in the header
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")
    # a claim is reachable and opens its source chain from the keyboard
    claim = page.locator("span.claim[data-claim]").first
    claim.focus()
    assert claim.evaluate("e => getComputedStyle(e).outlineStyle") == "solid"
    page.keyboard.press("Enter")
    expect(page.locator(".popover")).to_be_visible()


def test_language_switch_is_remembered(page: Page, live_server: tuple[str, dict[str, str]]) -> None:
    base, ids = live_server
    page.goto(f"{base}/entities")
    expect(page.locator("h1")).to_have_text("الكيانات")
    page.locator("nav.ui-switch a[hreflang=en]").click()
    page.wait_for_url("**/entities?ui=en")
    assert page.locator("html").get_attribute("dir") == "ltr"
    expect(page.locator("h1")).to_have_text("Entities")
    page.goto(f"{base}/articles/{ids['cooperation']}")  # no ?ui=: the cookie decides
    assert page.locator("html").get_attribute("lang") == "en"
    expect(page.locator("section.claims h2")).to_have_text("Claims and their sources")
    expect(page.locator(".body")).to_have_attribute("lang", "ar")  # the text stays Arabic
    page.locator("nav.ui-switch a[hreflang=ar]").click()
    expect(page.locator("section.claims h2")).to_have_text("الادعاءات ومصادرها")
