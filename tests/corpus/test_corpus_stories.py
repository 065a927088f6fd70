"""Story similarity, joining, merging and founding on small hand-made fingerprints and stories."""

from __future__ import annotations

import dataclasses

import pytest

from marsad.config import SETTINGS, Settings
from marsad.corpus.index import MemoryIndex
from marsad.corpus.step import CorpusStep, similarity_between
from marsad.corpus.stories import (
    clears,
    cosine,
    found,
    index_terms,
    join,
    merge,
    scored,
    similarity,
    story_id,
)
from marsad.model import Article, Fingerprint, Source, Story

BASE = Settings(
    story_threshold=0.2,
    story_threshold_entities=0.3,
    story_entity_weight=0.5,
    story_entity_overlap="share",
    story_entity_min_share=0.0,
    story_day_decay=0.0,
    story_merge_threshold=0.2,
    story_centroid_terms=3,
    story_index_terms=2,
)


def fp(
    terms: dict[str, float], entities: list[str] | None = None, day: str | None = "2018-04-14"
) -> Fingerprint:
    return Fingerprint("h", b"", 30, 50, terms, entities or [], day)


def story(
    terms: dict[str, float],
    entities: dict[str, int] | None = None,
    n: int = 1,
    days: tuple[str, str] = ("2018-04-14",) * 2,
) -> Story:
    return Story("s1", "t", days[0], days[1], n, dict(terms), dict(entities or {}))


def test_cosine() -> None:
    assert cosine({"a": 1.0}, {"a": 3.0}) == pytest.approx(1.0)
    assert cosine({"a": 1.0}, {"b": 1.0}) == 0.0
    assert cosine({}, {"a": 1.0}) == 0.0
    assert cosine({"a": 1.0, "b": 1.0}, {"a": 1.0}) == pytest.approx(1 / 2**0.5)


def test_terms_only_without_entities_on_either_side() -> None:
    s = story({"a": 1.0, "b": 1.0}, {"PERSON|l|x": 1})
    sim, with_entities = scored(fp({"a": 1.0}), s, BASE)  # the article names no entity
    assert not with_entities and sim == pytest.approx(1 / 2**0.5)
    sim, with_entities = scored(fp({"a": 1.0}, ["PERSON|l|x"]), story({"a": 1.0}), BASE)
    assert not with_entities and sim == pytest.approx(1.0)


def test_entity_share_and_jaccard() -> None:
    s = story({"a": 1.0}, {"PERSON|l|x": 1, "LOCATION|l|y": 1, "ORGANIZATION|l|z": 1})
    f = fp({"b": 1.0}, ["PERSON|l|x", "PERSON|l|w"])  # no shared term: only entities score
    assert similarity(f, s, BASE) == pytest.approx(0.5 * 1 / 2)  # 1 of the article's 2
    jac = dataclasses.replace(BASE, story_entity_overlap="jaccard")
    assert similarity(f, s, jac) == pytest.approx(0.5 * 1 / 4)  # 1 of the 4 in the union


def test_only_entities_enough_members_name_count() -> None:
    s = story({"a": 1.0}, {"PERSON|l|x": 4, "LOCATION|l|dateline": 1}, n=4)
    f = fp({"b": 1.0}, ["LOCATION|l|dateline"])
    assert similarity(f, s, BASE) == pytest.approx(0.5)
    top = dataclasses.replace(BASE, story_entity_min_share=0.5)
    # the story's one counted entity is not the article's: overlap 0, terms 0
    assert similarity(f, s, top) == 0.0
    assert similarity(fp({"b": 1.0}, ["PERSON|l|x"]), s, top) == pytest.approx(0.5)


def test_entity_types_filter() -> None:
    s = story({"a": 1.0}, {"LOCATION|l|y": 1, "PERSON|l|x": 1})
    people = dataclasses.replace(BASE, story_entity_types="PERSON")
    # the only shared entity is a place: not counted, so the terms road is taken
    assert scored(fp({"a": 1.0}, ["LOCATION|l|y"]), s, people) == (pytest.approx(1.0), False)
    assert scored(fp({"a": 1.0}, ["LOCATION|l|y", "PERSON|l|q"]), s, people)[1]


def test_each_road_has_its_own_bar() -> None:
    s = story({"a": 1.0, "b": 1.0}, {"PERSON|l|x": 1})
    terms_only = fp({"a": 1.0, "c": 1.0})  # cosine 0.5
    assert clears(terms_only, s, BASE) == pytest.approx(0.5)
    assert clears(terms_only, s, dataclasses.replace(BASE, story_threshold=0.6)) is None
    # with entities: 0.5 * 0.5 + 0.5 * 0 = 0.25, under the entity bar 0.3 though over the terms bar
    with_ents = fp({"a": 1.0, "c": 1.0}, ["PERSON|l|other"])
    assert similarity(with_ents, s, BASE) == pytest.approx(0.25)
    assert clears(with_ents, s, BASE) is None
    assert clears(with_ents, s, dataclasses.replace(BASE, story_threshold_entities=0.24)) == pytest.approx(
        0.25
    )


def test_day_decay() -> None:
    s = story({"a": 1.0}, days=("2018-04-10", "2018-04-12"))
    decay = dataclasses.replace(BASE, story_day_decay=0.1)
    assert similarity(fp({"a": 1.0}, day="2018-04-11"), s, decay) == pytest.approx(1.0)  # inside its days
    assert similarity(fp({"a": 1.0}, day="2018-04-14"), s, decay) == pytest.approx(0.8)  # 2 days after
    assert similarity(fp({"a": 1.0}, day="2018-04-09"), s, decay) == pytest.approx(0.9)  # 1 day before
    assert similarity(fp({"a": 1.0}, day=None), s, decay) == pytest.approx(1.0)
    assert similarity(fp({"a": 1.0}, day="2018-04-14"), s, BASE) == pytest.approx(1.0)


def test_found_keeps_the_strongest_terms_and_counts_entities() -> None:
    f = fp({"a": 0.6, "b": 0.5, "c": 0.4, "d": 0.3}, ["PERSON|l|x"])
    s = found("0123", f, "title", BASE)
    assert s.id == story_id("0123") == "s0123"
    assert (s.title, s.first_seen, s.last_seen, s.article_count) == ("title", "2018-04-14", "2018-04-14", 1)
    assert s.terms == {"a": 0.6, "b": 0.5, "c": 0.4}  # story_centroid_terms = 3
    assert s.entities == {"PERSON|l|x": 1}
    assert index_terms(s, BASE) == ["a", "b"]


def test_join_sums_the_centroid_but_a_reprint_does_not_move_it() -> None:
    s = found("1", fp({"a": 1.0}, ["PERSON|l|x"]), "first", BASE)
    join(s, fp({"a": 0.5, "b": 0.5}, ["PERSON|l|x"], day="2018-04-15"), "second", BASE)
    assert s.terms == {"a": 1.5, "b": 0.5}
    assert s.entities == {"PERSON|l|x": 2}
    assert (s.article_count, s.last_seen) == (2, "2018-04-15")
    join(s, fp({"z": 1.0}, ["PERSON|l|y"], day="2018-04-16"), "copy", BASE, reprint=True)
    assert s.terms == {"a": 1.5, "b": 0.5} and s.entities == {"PERSON|l|x": 2}
    assert (s.article_count, s.last_seen) == (3, "2018-04-16")


def test_join_takes_the_title_closest_to_the_centroid() -> None:
    s = found("1", fp({"a": 1.0}), "first", BASE)
    s.title_score = 0.5
    join(s, fp({"a": 1.0}), "closer", BASE)
    assert s.title == "closer"
    join(s, fp({"q": 1.0}), "off topic", BASE)
    assert s.title == "closer"


def test_merge_adds_everything_and_points_the_younger_at_the_older() -> None:
    old = Story("sold", "o", "2018-04-13", "2018-04-14", 2, {"a": 1.0}, {"PERSON|l|x": 2})
    young = Story(
        "syoung",
        "y",
        "2018-04-15",
        "2018-04-16",
        3,
        {"a": 1.0, "b": 2.0},
        {"PERSON|l|x": 1, "LOCATION|l|y": 3},
    )
    merge(old, young, BASE)
    assert (old.article_count, old.first_seen, old.last_seen) == (5, "2018-04-13", "2018-04-16")
    assert old.terms == {"a": 2.0, "b": 2.0}
    assert old.entities == {"PERSON|l|x": 3, "LOCATION|l|y": 3}
    assert young.merged_into == "sold" and old.merged_into is None


def _article(terms: dict[str, float], entities: list[str] | None = None) -> Article:
    a = Article(Source(id="x"), title="t")
    a.fingerprint = fp(terms, entities)
    return a


def _two_stories(b_terms: dict[str, float]) -> MemoryIndex:
    idx = MemoryIndex(SETTINGS)
    a = Story("sa", "a", "2018-04-13", "2018-04-13", 1, {"a": 1.0, "c": 0.2})
    b = Story("sb", "b", "2018-04-14", "2018-04-14", 1, b_terms)
    for s in (a, b):
        idx.save_story(s, list(s.terms))
    return idx


def test_cluster_joins_the_best_story_and_merges_a_bridged_one() -> None:
    # the article is close to both; the two centroids are close to each other (cosine ~0.76)
    idx = _two_stories({"a": 0.8, "b": 0.6, "c": 0.2})
    step = CorpusStep(BASE)
    best, merged = step._cluster("new", _article({"a": 0.7, "b": 0.7}), idx)
    assert similarity_between(Story("x", None, None, None, 0, {"a": 1.0, "c": 0.2}), Story("y", None, None, None, 0, {"a": 0.8, "b": 0.6, "c": 0.2})) > 0.7  # fmt: skip
    assert best.id == "sa" and [s.id for s in merged] == ["sb"]  # the older survives
    assert best.article_count == 3


def test_cluster_merges_only_over_the_merge_bar() -> None:
    idx = _two_stories({"a": 0.8, "b": 0.6, "c": 0.2})
    high = CorpusStep(dataclasses.replace(BASE, story_merge_threshold=0.9))
    best, merged = high._cluster("new", _article({"a": 0.7, "b": 0.7}), idx)
    assert merged == [] and best.id == "sb"  # the closer one (cosine 0.99 vs 0.69)
    assert best.article_count == 2


def test_cluster_founds_a_story_under_the_bar() -> None:
    idx = _two_stories({"b": 1.0})
    best, merged = CorpusStep(BASE)._cluster("new", _article({"a": 0.1, "z": 0.99}), idx)
    assert best.id == story_id("new") and merged == [] and best.article_count == 1
