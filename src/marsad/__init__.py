"""Marsad (مرصد): Arabic-first news monitoring.

A page travels in this order, one folder per stage:

1. ``read/``     bytes → ``Page`` (text dumps, HTML, JSONL, WARC/WET; charset detection)
2. ``extract/``  ``Page`` → ``Article`` (labelled lines/blocks, title, byline, dates, captions…)
3. ``arabic/``   normalisation, sentences, tokens and clitics, dates, language ID
4. ``enrich/``   entities with canonical names, claims with source chains and certainty, events
5. ``corpus/``   exact and near duplicates, stories (the corpus step, where the store is)
6. ``store/``    SQLite (default) or PostgreSQL, Arabic-aware search

``run/`` decides where steps run; ``serve/`` and ``cli.py`` are thin layers over the store.
"""

import importlib

# `marsad.extract` is both the stage package (extract/) and the public function. Importing a
# submodule binds it as an attribute of its parent the first time it loads, so the package is
# loaded here first and the function bound after it: `marsad.extract(...)` stays the API.
importlib.import_module("marsad.extract")

from marsad.api import extract, extract_many, ingest  # noqa: E402
from marsad.errors import ExtractError, InputError, MarsadError, StoreError  # noqa: E402
from marsad.model import Article, Block, Label, Page, Source  # noqa: E402

__all__ = [
    "Article",
    "Block",
    "ExtractError",
    "InputError",
    "Label",
    "MarsadError",
    "Page",
    "Source",
    "StoreError",
    "extract",
    "extract_many",
    "ingest",
]
__version__ = "0.1.0"
