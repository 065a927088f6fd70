"""What the corpus step asks of the corpus, and the in-memory corpus.

The corpus step decides; a `CorpusIndex` only answers lookups over what is stored. The SQLite and
PostgreSQL stores implement it over their tables (so an ingest tomorrow sees today's articles);
`MemoryIndex` implements it in a process, for `marsad.extract_many(..., corpus=True)`-style use,
benchmarks that score clustering alone, and tests that compare it with the stores.
Implementations must list candidates in the order they were stored: ties are broken by it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Protocol, runtime_checkable

from marsad.config import Settings
from marsad.corpus.near import NearCandidate
from marsad.model import Story

__all__ = ["CorpusIndex", "MemoryIndex", "StoredFingerprint", "day_bounds"]


@dataclass(slots=True)
class StoredFingerprint:
    """What the corpus keeps of one article for later lookups."""

    id: str
    text_hash: str | None
    duplicate_of: str | None
    minhash: bytes | None
    shingles: int
    bands: list[int]
    story: str | None


def day_bounds(day: str | None, window: int) -> tuple[str, str] | None:
    """The (earliest last_seen, latest first_seen) a story may have to be joined on `day`."""
    if day is None:
        return None
    d = date.fromisoformat(day)
    return (d - timedelta(days=window)).isoformat(), (d + timedelta(days=window)).isoformat()


@runtime_checkable
class CorpusIndex(Protocol):
    def exact(self, text_hash: str) -> str | None:
        """The canonical id of a stored article with this text hash (the first stored one)."""
        ...

    def near_candidates(self, bands: list[int]) -> list[NearCandidate]:
        """Stored articles sharing at least one band key, in store order."""
        ...

    def story_of(self, article_id: str) -> Story | None:
        """The (surviving) story an article belongs to."""
        ...

    def story_candidates(self, terms: list[str], day: str | None, window: int, limit: int) -> list[Story]:
        """Live stories whose index terms include any of `terms`, most shared terms first, then
        oldest first. With a `day`, only stories active within `window` days of it (an undated
        story is never joined by a dated article); without one, stories of any time."""
        ...

    def save(self, fp: StoredFingerprint) -> None:
        """Remember an article's fingerprint (the store does this as part of writing it)."""
        ...

    def save_story(self, story: Story, index_terms: list[str]) -> None:
        """Create or update a story and replace its index terms."""
        ...

    def merge_story(self, merged: str, into: str, by_article: str) -> None:
        """Record that story `merged` joined `into` (its articles now belong to `into`)."""
        ...


@dataclass
class MemoryIndex:
    """A `CorpusIndex` held in memory: same answers as the stores, for one process's lifetime
    (ranked as they rank, with `settings.story_candidate_slack`)."""

    settings: Settings
    _by_hash: dict[str, str] = field(default_factory=dict)
    _prints: dict[str, StoredFingerprint] = field(default_factory=dict)
    _order: dict[str, int] = field(default_factory=dict)
    _bands: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))
    _stories: dict[str, Story] = field(default_factory=dict)
    _story_order: dict[str, int] = field(default_factory=dict)
    _terms: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    _story_terms: dict[str, list[str]] = field(default_factory=dict)
    merges: list[tuple[str, str, str]] = field(default_factory=list)

    def exact(self, text_hash: str) -> str | None:
        return self._by_hash.get(text_hash)

    def near_candidates(self, bands: list[int]) -> list[NearCandidate]:
        ids = {i for b in bands for i in self._bands.get(b, ())}
        out = []
        for i in sorted(ids, key=self._order.__getitem__):
            fp = self._prints[i]
            if fp.minhash is not None:
                out.append(NearCandidate(i, fp.duplicate_of or i, fp.minhash, fp.shingles))
        return out

    def _live(self, story_id: str) -> Story | None:
        s = self._stories.get(story_id)
        while s is not None and s.merged_into is not None:
            s = self._stories.get(s.merged_into)
        return replace(s, terms=dict(s.terms), entities=dict(s.entities)) if s else None

    def story_of(self, article_id: str) -> Story | None:
        fp = self._prints.get(article_id)
        return self._live(fp.story) if fp and fp.story else None

    def story_candidates(self, terms: list[str], day: str | None, window: int, limit: int) -> list[Story]:
        shared: dict[str, int] = defaultdict(int)
        for t in terms:
            for sid in self._terms.get(t, ()):
                shared[sid] += 1
        bounds = day_bounds(day, window)
        ranked = []
        for sid, n in shared.items():
            s = self._stories[sid]
            if bounds and (s.last_seen is None or s.last_seen < bounds[0]):
                continue
            ranked.append((n, sid))
        # As the stores do: rank by shared terms (then age), take a few more than the limit, then
        # drop stories that start after the window.
        ranked.sort(key=lambda x: (-x[0], self._story_order[x[1]]))
        out = []
        for _, sid in ranked[: limit + self.settings.story_candidate_slack]:
            s = self._stories[sid]
            if s.merged_into is not None or (
                bounds and s.first_seen is not None and s.first_seen > bounds[1]
            ):
                continue
            live = self._live(sid)
            if live is not None:
                out.append(live)
            if len(out) == limit:
                break
        return out

    def save(self, fp: StoredFingerprint) -> None:
        if fp.id in self._prints:
            return
        self._order[fp.id] = len(self._order)
        self._prints[fp.id] = fp
        if fp.text_hash and fp.text_hash not in self._by_hash:
            self._by_hash[fp.text_hash] = fp.duplicate_of or fp.id
        for b in fp.bands:
            self._bands[b].append(fp.id)

    def save_story(self, story: Story, index_terms: list[str]) -> None:
        self._story_order.setdefault(story.id, len(self._story_order))
        self._stories[story.id] = replace(story, terms=dict(story.terms), entities=dict(story.entities))
        for t in self._story_terms.get(story.id, []):
            self._terms[t].discard(story.id)
        self._story_terms[story.id] = list(index_terms)
        for t in index_terms:
            self._terms[t].add(story.id)

    def merge_story(self, merged: str, into: str, by_article: str) -> None:
        s = self._stories[merged]
        s.merged_into = into
        for t in self._story_terms.pop(merged, []):
            self._terms[t].discard(merged)
        self.merges.append((merged, into, by_article))

    def story_members(self) -> dict[str, str | None]:
        """Article id → its surviving story id (what an export of the store would say)."""
        out: dict[str, str | None] = {}
        for i, fp in self._prints.items():
            s = self._live(fp.story) if fp.story else None
            out[i] = s.id if s else None
        return out
