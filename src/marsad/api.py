"""The Python API: `marsad.extract(...)`, `marsad.extract_many(...)` and `marsad.ingest(...)`.

An entry point: a call given no `settings` uses the loaded value (`marsad.config.SETTINGS`), and
what it calls is given that value.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from marsad.errors import ExtractError, InputError
from marsad.model import Article

if TYPE_CHECKING:
    from marsad.config import Settings
    from marsad.run.ingest import IngestSummary

__all__ = ["extract", "extract_many", "ingest"]


def _settings(given: Settings | None) -> Settings:
    """The settings a call runs with: the ones given, else the loaded value (read at call time, so
    a test's swapped value is seen)."""
    if given is not None:
        return given
    from marsad.config import SETTINGS

    return SETTINGS


def _articles_from(
    source: str | os.PathLike[str] | bytes, *, url: str | None, settings: Settings
) -> Iterator[Article]:
    from marsad.read import read_bytes, read_path

    if isinstance(source, bytes):
        return read_bytes(source, settings=settings, url=url)
    if isinstance(source, os.PathLike) or source == "-":
        return read_path(source if source == "-" else Path(source), settings=settings)
    # A str is a path when it names an existing file ('-' is stdin), otherwise the page content.
    if len(source) < 4096 and "\n" not in source and Path(source).exists():
        return read_path(Path(source), settings=settings)
    return read_bytes(source.encode("utf-8"), settings=settings, url=url)


def extract_many(
    sources: Iterable[str | os.PathLike[str] | bytes],
    *,
    enrich: bool = False,
    url: str | None = None,
    workers: int = 1,
    settings: Settings | None = None,
) -> Iterator[Article]:
    """Run read → extract → normalise (→ enrich) over every page of every source, in order.

    The page steps of the ingest road, on the same executor (`workers` processes), without the
    corpus step or a store. Rejected pages are yielded too, with `article.rejected` saying which
    step refused them and why. Each page runs in a worker process bounded by page_timeout_s;
    `workers=0` runs in this process instead, with no time bound (what `extract` does).
    `settings` (default: the loaded `marsad.config.SETTINGS`) is what the steps are built from.
    """
    from marsad.run.ingest import process

    settings = _settings(settings)

    def pages() -> Iterator[Article]:
        for s in sources:
            yield from _articles_from(s, url=url, settings=settings)

    yield from process(pages(), enrich=enrich, workers=workers, settings=settings)


def ingest(
    inputs: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    db: str | os.PathLike[str] | None = None,
    enrich: bool = False,
    workers: int = 1,
    settings: Settings | None = None,
) -> IngestSummary:
    """Ingest files, directories, globs or '-' into the store at `db` (default: the configured
    embedded store) — the same road as `marsad ingest`: extract, enrich, duplicates and stories,
    one writer. Returns the run's report (`IngestSummary.to_dict()` for JSON)."""
    from marsad.read import expand_inputs
    from marsad.run.ingest import ingest as run_ingest
    from marsad.store import open_store

    items = [inputs] if isinstance(inputs, str | os.PathLike) else list(inputs)
    paths = expand_inputs([os.fspath(p) for p in items])
    if not paths:
        raise InputError("no input found")
    settings = _settings(settings)
    store = open_store(os.fspath(db) if db is not None else None, settings=settings)
    try:
        return run_ingest(paths, store, workers=workers, enrich=enrich, settings=settings)
    finally:
        store.close()


def extract(
    source: str | os.PathLike[str] | bytes, *, enrich: bool = False, url: str | None = None
) -> Article:
    """Extract the article of one page (a path, the page's bytes, or its text).

    Raises `InputError`/`ExtractError` with a readable message when the page is refused.
    A container with several pages (JSONL, WARC) gives its first; use `extract_many` for all.
    The page is extracted in this process, with no time bound: starting a worker would cost
    more than one page (bench/bench_bounded.py); `extract_many` bounds every page.
    """
    for article in extract_many([source], enrich=enrich, url=url, workers=0):
        if article.rejected is not None:
            err = InputError if article.rejected.step == "read" else ExtractError
            raise err(article.rejected.reason)
        return article
    raise InputError("no page found in the input")
