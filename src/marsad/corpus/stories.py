"""Stories: one event's coverage across outlets and days, grown one article at a time.

Single-pass clustering against story centroids, the way Europe Media Monitor groups news: an
article joins the most similar live story when the similarity clears `story_threshold`, else it
founds a new story. Similarity is the cosine of tf-idf term vectors (the article's against the
story centroid, the summed vectors of its members) blended with the overlap of the article's
canonical entities and the story's top ones (named by enough of its members); with entities in
play the bar is `story_threshold_entities`. Only stories active within `story_window_days` of
the article's day are candidates: "the Syrian war" recurs for years, a strike story does not.

Identity is stable: a story's id comes from its founding article's id, so re-ingesting the same
input gives the same ids and new articles never renumber old stories. When one article matches
two live stories that also match each other, they are merged: the older survives, the younger is
kept with `merged_into` pointing at it and the merge is recorded.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from marsad.config import Settings
from marsad.model import Fingerprint, Story

__all__ = [
    "StoryMatch",
    "clears",
    "cosine",
    "found",
    "index_terms",
    "join",
    "merge",
    "scored",
    "similarity",
    "story_id",
]


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


def _counted(story: Story, settings: Settings) -> set[str]:
    """The story entities that count: of the wanted types, named by enough of its articles."""
    types = tuple(t.strip() + "|" for t in settings.story_entity_types.split(",") if t.strip())
    least = max(1.0, settings.story_entity_min_share * story.article_count)
    return {e for e, n in story.entities.items() if n >= least and e.startswith(types)}


def _entity_overlap(entities: list[str], story: Story, settings: Settings) -> float | None:
    """Entity agreement in [0, 1]; None when either side has no entity to compare."""
    if not entities or not story.entities:
        return None
    types = tuple(t.strip() + "|" for t in settings.story_entity_types.split(",") if t.strip())
    mine = {e for e in entities if e.startswith(types)}
    theirs = _counted(story, settings)
    if not mine or not theirs:
        return None
    shared = len(mine & theirs)
    if settings.story_entity_overlap == "jaccard":
        return shared / len(mine | theirs)
    return shared / len(mine)


def _days_apart(day: str | None, story: Story) -> int:
    if day is None or story.first_seen is None or story.last_seen is None:
        return 0
    if story.first_seen <= day <= story.last_seen:
        return 0
    d = date.fromisoformat(day)
    edge = story.last_seen if day > story.last_seen else story.first_seen
    return abs((d - date.fromisoformat(edge)).days)


def scored(fp: Fingerprint, story: Story, settings: Settings) -> tuple[float, bool]:
    """(similarity in [0, 1], whether entities took part): the bar depends on the second."""
    terms = cosine(fp.terms, story.terms)
    ents = _entity_overlap(fp.entities, story, settings)
    if ents is None:
        sim, with_entities = terms, False
    else:
        w = settings.story_entity_weight
        sim, with_entities = (1.0 - w) * terms + w * ents, True
    if settings.story_day_decay and (gap := _days_apart(fp.day, story)):
        sim *= max(0.0, 1.0 - settings.story_day_decay * gap)
    return sim, with_entities


def similarity(fp: Fingerprint, story: Story, settings: Settings) -> float:
    """How strongly an article belongs to a story, in [0, 1]."""
    return scored(fp, story, settings)[0]


def clears(fp: Fingerprint, story: Story, settings: Settings) -> float | None:
    """The similarity when it clears its road's bar (terms only, or with entities), else None."""
    sim, with_entities = scored(fp, story, settings)
    bar = settings.story_threshold_entities if with_entities else settings.story_threshold
    return sim if sim >= bar else None


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
