"""Stage 6: the store. `open_store(url)` gives a `Store` (SQLite by default, or PostgreSQL).

Articles are stored as found, with their entities, mentions, claims, events, sources and outlets
as plain tables; search runs over normalised, clitic-aware index terms kept beside the text.

base.py the protocol and result types · open.py `open_store` · terms.py index/query terms · snippets.py highlighted
snippets · records.py article → rows · sqlbase.py SQL shared by both backends · sqlite.py,
postgres.py the backends · migrations.py numbered schema · export.py JSONL/Parquet.
"""

from marsad.store.base import (
    ArticleFilter,
    ArticleSummary,
    ClaimRecord,
    EntityCount,
    EntityRecord,
    EntitySummary,
    FacetCount,
    Hit,
    InputProgress,
    LedgerCounts,
    LedgerEntry,
    Listing,
    PutResult,
    QuarantineRecord,
    SearchQuery,
    SearchResult,
    SourceCount,
    Store,
    StoreStats,
)
from marsad.store.open import open_store

__all__ = [
    "ArticleFilter",
    "ArticleSummary",
    "ClaimRecord",
    "EntityCount",
    "EntityRecord",
    "EntitySummary",
    "FacetCount",
    "Hit",
    "InputProgress",
    "LedgerCounts",
    "LedgerEntry",
    "Listing",
    "PutResult",
    "QuarantineRecord",
    "SearchQuery",
    "SearchResult",
    "SourceCount",
    "Store",
    "StoreStats",
    "open_store",
]
