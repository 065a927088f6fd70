"""Stage 6: the store. `open_store(url)` gives a `Store` (SQLite by default, or PostgreSQL).

Articles are stored as found, with their entities, mentions, claims, events, sources and outlets
as plain tables; search runs over normalised, clitic-aware index terms kept beside the text.
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
    Listing,
    PutResult,
    QuarantineRecord,
    SearchQuery,
    SearchResult,
    SourceCount,
    Store,
    StoreStats,
    open_store,
)

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
