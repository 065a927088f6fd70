"""Stories: one event's coverage across outlets and days, grown one article at a time.

Single-pass clustering against story centroids, the way Europe Media Monitor groups news: an
article joins the most similar live story when the similarity clears `story_threshold`, else it
founds a new story. Similarity is the cosine of tf-idf term vectors (the article's against the
story centroid, the summed vectors of its members) blended with the share of the article's
canonical entities the story already names. Only stories active within `story_window_days` of
the article's day are candidates: "the Syrian war" recurs for years, a strike story does not.

Identity is stable: a story's id comes from its founding article's id, so re-ingesting the same
input gives the same ids and new articles never renumber old stories. When one article matches
two live stories that also match each other, they are merged: the older survives, the younger is
kept with `merged_into` pointing at it and the merge is recorded.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from marsad.config import Settings
from marsad.model import Fingerprint, Story

__all__ = ["StoryMatch", "cosine", "found", "index_terms", "join", "merge", "similarity", "story_id"]


def story_id(article_id: str) -> str:
    return "s" + article_id


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if not a or not b:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    dot = sum(v * b.get(t, 0.0) for t, v in a.items())
    if dot == 0.0:
        return 0.0
    na = math.sqrt(sum(v * v for v in a.values()))
    nb = math.sqrt(sum(v * v for v in b.values()))
    return dot / (na * nb) if na and nb else 0.0


def _entity_overlap(entities: list[str], story: Story) -> float | None:
    if not entities or not story.entities:
        return None
    return sum(1 for e in entities if e in story.entities) / len(entities)


def similarity(fp: Fingerprint, story: Story, settings: Settings) -> float:
    """How strongly an article belongs to a story, in [0, 1]."""
    terms = cosine(fp.terms, story.terms)
    ents = _entity_overlap(fp.entities, story)
    if ents is None:
        return terms
    w = settings.story_entity_weight
    return (1.0 - w) * terms + w * ents


def _top(terms: dict[str, float], k: int) -> dict[str, float]:
    return dict(sorted(terms.items(), key=lambda x: (-x[1], x[0]))[:k])


def index_terms(story: Story, settings: Settings) -> list[str]:
    """The centroid terms a story is found by (its strongest)."""
    return list(_top(story.terms, settings.story_index_terms))


def _span(story: Story, day: str | None) -> None:
    if day is None:
        return
    if story.first_seen is None or day < story.first_seen:
        story.first_seen = day
    if story.last_seen is None or day > story.last_seen:
        story.last_seen = day


def found(article_id: str, fp: Fingerprint, title: str | None, settings: Settings) -> Story:
    s = Story(story_id(article_id), title, fp.day, fp.day, 1, dict(fp.terms), dict.fromkeys(fp.entities, 1))
    s.title_score = 1.0
    s.terms = _top(s.terms, settings.story_centroid_terms)
    return s


def join(
    story: Story, fp: Fingerprint, title: str | None, settings: Settings, *, reprint: bool = False
) -> Story:
    """`story` with one more article. A reprint counts and extends the story's days, but does not
    move its centroid: twenty copies of one wire report are not twenty reports."""
    story.article_count += 1
    _span(story, fp.day)
    if reprint:
        return story
    score = cosine(fp.terms, story.terms)
    terms = dict(story.terms)
    for t, v in fp.terms.items():
        terms[t] = terms.get(t, 0.0) + v
    story.terms = {t: round(v, 5) for t, v in _top(terms, settings.story_centroid_terms).items()}
    for e in fp.entities:
        story.entities[e] = story.entities.get(e, 0) + 1
    # The representative title is the member closest to what the story is about.
    if title and score > story.title_score:
        story.title, story.title_score = title, score
    return story


def merge(into: Story, other: Story, settings: Settings) -> Story:
    """`into` with `other`'s articles, centroid and entities added; `other` points at `into`."""
    into.article_count += other.article_count
    for day in (other.first_seen, other.last_seen):
        _span(into, day)
    terms = dict(into.terms)
    for t, v in other.terms.items():
        terms[t] = terms.get(t, 0.0) + v
    into.terms = {t: round(v, 5) for t, v in _top(terms, settings.story_centroid_terms).items()}
    for e, n in other.entities.items():
        into.entities[e] = into.entities.get(e, 0) + n
    other.merged_into = into.id
    return into


@dataclass(slots=True)
class StoryMatch:
    story: Story
    score: float


def _older(a: Story, b: Story) -> bool:
    return (a.first_seen or "9999", a.id) <= (b.first_seen or "9999", b.id)
