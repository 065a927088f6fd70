"""The Python API: `marsad.extract(...)` and `marsad.extract_many(...)`."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from marsad.errors import ExtractError, InputError
from marsad.model import Article


def _articles_from(source: str | os.PathLike[str] | bytes, *, url: str | None) -> Iterator[Article]:
    from marsad.read import read_bytes, read_path

    if isinstance(source, bytes):
        return read_bytes(source, url=url)
    if isinstance(source, os.PathLike) or source == "-":
        return read_path(source if source == "-" else Path(source))
    # A str is a path when it names an existing file ('-' is stdin), otherwise the page content.
    if len(source) < 4096 and "\n" not in source and Path(source).exists():
        return read_path(Path(source))
    return read_bytes(source.encode("utf-8"), url=url)


def extract_many(
    sources: Iterable[str | os.PathLike[str] | bytes], *, enrich: bool = False, url: str | None = None
) -> Iterator[Article]:
    """Run read → extract → normalise (→ enrich) over every page of every source.

    Rejected pages are yielded too, with `article.rejected` saying which step refused them and why.
    """
    from marsad.steps import default_pipeline

    pipeline = default_pipeline(enrich=enrich)

    def pages() -> Iterator[Article]:
        for s in sources:
            yield from _articles_from(s, url=url)

    yield from pipeline.run(pages())


def extract(
    source: str | os.PathLike[str] | bytes, *, enrich: bool = False, url: str | None = None
) -> Article:
    """Extract the article of one page (a path, the page's bytes, or its text).

    Raises `InputError`/`ExtractError` with a readable message when the page is refused.
    A container with several pages (JSONL, WARC) gives its first; use `extract_many` for all.
    """
    for article in extract_many([source], enrich=enrich, url=url):
        if article.rejected is not None:
            err = InputError if article.rejected.step == "read" else ExtractError
            raise err(article.rejected.reason)
        return article
    raise InputError("no page found in the input")
