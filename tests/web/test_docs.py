"""/docs in a real browser (Debian's chromium): Swagger UI renders the API's operations from the
package's own files, with no request leaving the server's origin and no CSP violation."""

from __future__ import annotations

import test_browser
from test_browser import ARGS, ARTIFACTS, CHROMIUM

# The same marks as the other browser tests: `browser`, and skipped without Debian's chromium.
pytestmark = test_browser.pytestmark

if CHROMIUM.exists():
    from playwright.sync_api import Route, expect, sync_playwright

# Recorded by the page itself: the CSP violations the browser reports (blocked inline code, eval,
# a script or style from elsewhere), whether or not they reach the console.
WATCH_CSP = """
window.__csp = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__csp.push(e.violatedDirective + " " + e.blockedURI));
"""


def test_docs_render_the_operations_offline(live_server: tuple[str, dict[str, str]]) -> None:
    base, _ids = live_server
    outside: list[str] = []
    requested: list[str] = []

    def only_this_origin(route: Route) -> None:
        url = route.request.url
        requested.append(url)
        if url.startswith(base + "/"):
            route.continue_()
        else:  # offline: nothing from a CDN or anywhere else may be needed
            outside.append(url)
            route.abort()

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            context.route("**/*", only_this_origin)
            page = context.new_page()
            page.set_default_timeout(20_000)
            console = []
            page.on("console", lambda m: console.append(m.text))
            page.add_init_script(WATCH_CSP)
            page.goto(base + "/docs")
            operations = page.locator(".opblock")
            expect(operations).to_have_count(19)  # api.py 9, claims 2, saved searches 3, curation 5
            paths = page.locator(".opblock-summary-path").all_inner_texts()
            assert {p.replace("\u200b", "") for p in paths} >= {
                "/api/search",
                "/api/articles/{article_id}",
                "/api/stories",
                "/api/ingest",
            }
            # Try one operation from the page: the browser calls the API on this origin.
            stats = page.locator(".opblock", has_text="/api/stats")
            stats.locator(".opblock-summary").click()
            stats.get_by_role("button", name="Try it out").click()
            stats.get_by_role("button", name="Execute").click()
            expect(stats.locator(".live-responses-table tr.response .response-col_status")).to_have_text(
                "200"
            )
            expect(stats.locator(".live-responses-table")).to_contain_text('"articles": 9')
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "docs.png"), full_page=False)
            violations = page.evaluate("window.__csp")
        finally:
            browser.close()
    assert outside == []
    assert f"{base}/static/swagger-ui/swagger-ui-bundle.js" in requested
    assert f"{base}/openapi.json" in requested
    assert violations == []
    assert not [c for c in console if "Content Security Policy" in c]
