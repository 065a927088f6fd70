"""The corpus step: one article meets the corpus — exact duplicate, near duplicate, story.

It runs where the store is, one article at a time in input order (so results never depend on
how many workers ran the page steps), and it only decides: lookups go through a `CorpusIndex`,
and the caller (the ingest road's store writer) writes the article and `CorpusDecision` together.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from marsad.config import Settings
from marsad.corpus.hashing import article_id, content_hash
from marsad.corpus.index import CorpusIndex, StoredFingerprint
from marsad.corpus.near import NearCandidate, band_keys, best_near, containment, jaccard, lsh_bands
from marsad.corpus.stories import clears, cosine, found, index_terms, join, merge
from marsad.errors import PipelineError
from marsad.model import Article, Fingerprint, Story

__all__ = ["CorpusDecision", "CorpusStep"]


@dataclass(slots=True)
class CorpusDecision:
    """What the corpus step decided for one article, beside the fields it set on the article."""

    fingerprint: StoredFingerprint
    story: Story | None = None  # the story to save (new or updated)
    merged: list[Story] = field(default_factory=list)  # stories merged into `story`


@dataclass
class CorpusStep:
    name = "corpus"
    requires = frozenset({"fingerprint", "text_hash", "title"})
    provides = frozenset({"duplicate_of", "dup_kind", "story", "story_note"})
    settings: Settings  # thresholds, windows and term counts of the duplicate and story rules

    def __post_init__(self) -> None:
        s = self.settings
        self.bands, self.rows = lsh_bands(s.near_lsh_threshold, s.near_permutations)

    def assign(self, a: Article, index: CorpusIndex) -> CorpusDecision:
        """Set `duplicate_of`, `dup_kind`, `story` / `story_note` on `a`; `index` is only read.

        The caller must then write the article and pass the decision to `apply`.
        """
        fp = a.fingerprint
        if fp is None:
            raise PipelineError("the corpus step needs the fingerprint step's output")
        s = self.settings
        aid = article_id(content_hash(a))
        long_enough = fp.shingles >= s.near_min_shingles
        bands = self._bands(fp) if long_enough else []
        if fp.words > 0 and (canon := index.exact(fp.text_hash)) is not None and canon != aid:
            a.duplicate_of, a.dup_kind = canon, "exact"
        elif bands:
            candidates = index.near_candidates(bands)
            hit = best_near(fp.minhash, fp.shingles, candidates, s.near_containment)
            if hit is not None and hit[0].canonical != aid and self._near_canonical(fp, hit[0], candidates):
                a.duplicate_of, a.dup_kind = hit[0].canonical, "near"
        decision = CorpusDecision(
            StoredFingerprint(aid, fp.text_hash, a.duplicate_of, fp.minhash if bands else None,
                              fp.shingles, bands, None)
        )  # fmt: skip
        if a.duplicate_of is not None:
            story = index.story_of(a.duplicate_of)
            if story is not None:
                decision.story = join(story, fp, a.title, s, reprint=True)
            else:
                a.story_note = "reprint of an article that has no story"
        elif fp.words < s.story_min_words:
            a.story_note = (
                "no text to group" if fp.words == 0
                else f"too short for a story: {fp.words} words (at least {s.story_min_words})"
            )  # fmt: skip
        else:
            decision.story, decision.merged = self._cluster(aid, a, index)
        if decision.story is not None:
            a.story = decision.story.id
            decision.fingerprint.story = decision.story.id
        return decision

    def _bands(self, fp: Fingerprint) -> list[int]:
        """The signature's LSH band keys: the fingerprint step's when it banded as this step does."""
        if fp.lsh == (self.bands, self.rows) and fp.bands:
            return fp.bands
        return band_keys(fp.minhash, self.bands, self.rows)

    def _near_canonical(self, fp: Fingerprint, hit: NearCandidate, candidates: list[NearCandidate]) -> bool:
        """A copy of a copy is a reprint of the original only if it still shares enough with the
        original itself: chains of small edits must not link texts that no longer overlap (daily
        roundups that each repeat part of the day before)."""
        if hit.canonical == hit.id:
            return True
        original = next((c for c in candidates if c.id == hit.canonical), None)
        if original is None:
            return False
        share = containment(jaccard(fp.minhash, original.minhash), fp.shingles, original.shingles)
        return share >= self.settings.near_chain_containment

    def _cluster(self, aid: str, a: Article, index: CorpusIndex) -> tuple[Story, list[Story]]:
        fp = a.fingerprint
        assert fp is not None
        s = self.settings
        lookup = list(fp.terms)[: s.story_lookup_terms]
        above = [
            (sc, st)
            for st in index.story_candidates(lookup, fp.day, s.story_window_days, s.story_max_candidates)
            if (sc := clears(fp, st, s)) is not None
        ]
        if not above:
            return found(aid, fp, a.title, s), []
        above.sort(key=lambda x: -x[0])  # stable: equal scores keep the index's (oldest first) order
        best = above[0][1]
        merged: list[Story] = []
        for _, other in above[1:]:
            # Two stories the article bridges merge only when they are about the same thing.
            if similarity_between(best, other) >= s.story_merge_threshold:
                merged.append(other)
        if merged:
            group = sorted([best, *merged], key=lambda st: (st.first_seen or "9999", st.id))
            best, merged = group[0], group[1:]
            for other in merged:
                merge(best, other, s)
        return join(best, fp, a.title, s), merged

    def apply(self, decision: CorpusDecision, index: CorpusIndex) -> None:
        """Record the decision in the index (after the article itself was written)."""
        index.save(decision.fingerprint)
        if decision.story is not None:
            for other in decision.merged:
                index.merge_story(other.id, decision.story.id, decision.fingerprint.id)
            index.save_story(decision.story, index_terms(decision.story, self.settings))

    def run(self, a: Article, index: CorpusIndex) -> Article:
        """`assign` then `apply`: for an index that is not a store (the store writer does both)."""
        self.apply(self.assign(a, index), index)
        return a


def similarity_between(a: Story, b: Story) -> float:
    return cosine(a.terms, b.terms)
