"""Marsad (مرصد): Arabic-first news monitoring.

A page travels in this order, one folder per stage:

1. ``read/``     bytes → ``Page`` (text dumps, HTML, JSONL, WARC/WET; charset detection)
2. ``extract/``  ``Page`` → ``Article`` (labelled lines/blocks, title, byline, dates, captions…)
3. ``arabic/``   normalisation, sentences, tokens and clitics, dates, language ID
4. ``enrich/``   entities with canonical names, claims with source chains and certainty, events
5. ``corpus/``   exact and near duplicates, stories
6. ``store/``    SQLite (default) or PostgreSQL, Arabic-aware search

``run/`` decides where steps run; ``serve/`` and ``cli.py`` are thin layers over the store.
"""

from marsad.api import extract, extract_many
from marsad.errors import ExtractError, InputError, MarsadError, StoreError
from marsad.model import Article, Block, Label, Page, Source

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
]
__version__ = "0.1.0"
