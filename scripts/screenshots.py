"""Screenshots of every reading-room page, for docs/serve.md: docs/screens/<page>.png.

Fills a throwaway SQLite store with the test samples (tests/serve/serve_samples.py), serves it
with `marsad serve` the way the browser tests do (tests/web/conftest.py), finds the pages with the
same crawl as tests/web/test_every_page.py (tests/web/crawl.py) and saves each one as a phone
shows it (390 px wide, the first MAX_HEIGHT px), plus an article with claims and events in both
languages and the error page. Prints the
Markdown list that docs/serve.md carries. Needs Debian's chromium (scripts/install-browser.sh).

    .venv/bin/python scripts/screenshots.py [--out docs/screens]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# tests/web first: its conftest.py is the one with `_serve` (tests/ has another)
sys.path[:0] = [str(ROOT / "tests" / "web"), str(ROOT / "tests" / "serve"), str(ROOT / "tests")]

from crawl import crawl, slug  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402
from serve_samples import fill_store  # noqa: E402
from test_browser import ARGS, CHROMIUM  # noqa: E402

from conftest import _serve  # noqa: E402  (tests/web/conftest.py: `marsad serve` in a subprocess)

WIDTH = 390
# A phone's first two screens: enough to show a page's shape, in a PNG of about 100 KB or less.
MAX_HEIGHT = 1600


def shoot(base: str, out: Path, ids: dict[str, str]) -> list[tuple[str, str]]:
    """(page pattern, file name) of each screenshot saved under `out`."""
    found = crawl(base)
    shots = [(key, url, slug(key)) for key, url in sorted(found.pages.items())]
    # The crawl's article is the newest (the hostile sample); the layers show on a real report.
    layers = f"{base}/articles/{ids['cooperation']}"
    shots += [
        ("/articles/{} (claims, events)", layers, "article-layers"),
        ("/articles/{}?ui=en", layers + "?ui=en", "article-layers-en"),
    ]
    shots.append(("404", base + "/articles/no-such-article", "error"))
    saved = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        try:
            for key, url, name in shots:
                context = browser.new_context(viewport={"width": WIDTH, "height": 800}, locale="ar")
                page = context.new_page()
                page.goto(url)
                page.wait_for_load_state("load")
                height = min(MAX_HEIGHT, page.evaluate("document.documentElement.scrollHeight"))
                path = out / f"{name}.png"
                page.screenshot(
                    path=str(path), full_page=True, clip={"x": 0, "y": 0, "width": WIDTH, "height": height}
                )
                context.close()
                saved.append((key, path.name))
        finally:
            browser.close()
    return saved


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "screens", help="where the PNGs go")
    args = ap.parse_args(argv)
    if not CHROMIUM.exists():
        print(f"needs Debian chromium at {CHROMIUM} (scripts/install-browser.sh)", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "screens.db"
        ids = fill_store(db)
        for base, _ in _serve(str(db), ids):
            for key, name in shoot(base, args.out, ids):
                size = (args.out / name).stat().st_size
                print(f"- `{key}`: [{name}](screens/{name}) ({size // 1024} KB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
