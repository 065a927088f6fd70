"""Who published a page: the outlet name an article is listed, filtered and grouped under.

Order, most trusted first: what the input record states (a crawler's or archive's own field),
the page's declared site name, the outlet named in the byline, and last the URL's host
(`www.alarabiya.net` → `alarabiya.net`), so that no article with a URL is left without an outlet
and two pages of one site always share one.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from marsad.model import Article

__all__ = ["host_outlet", "resolve_outlet"]


def host_outlet(url: str | None) -> str | None:
    """The host of `url` without `www.` and port, lower case; None when it has no host."""
    if not url:
        return None
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    if not host or "." not in host:
        return None
    return host.removeprefix("www.")


def resolve_outlet(article: Article) -> str | None:
    given = article.page.given if article.page is not None else None
    for name in (
        given.outlet if given else None,
        article.site_name,
        article.byline.outlet if article.byline else None,
    ):
        if name and name.strip():
            return name.strip()
    return host_outlet(article.canonical_url or article.source.url)
