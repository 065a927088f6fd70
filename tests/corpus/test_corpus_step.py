"""The corpus step on invented reports: reprints found, one story across outlets and days, stubs
left out with a reason — the same with the in-memory index and with both real stores."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from corpus_samples import RECORDS, jsonl

from marsad.config import SETTINGS
from marsad.corpus.index import MemoryIndex
from marsad.corpus.step import CorpusStep
from marsad.model import Article
from marsad.read import read_bytes
from marsad.run.ingest import ingest_articles, process
from marsad.store.base import Store
from marsad.store.open import open_store
from testpaths import backend_params, open_backend


@pytest.fixture(scope="module")
def pages() -> list[Article]:
    """The samples after the page steps (fingerprints included), in input order."""
    out = [_with_page_hash(a) for a in read_bytes(jsonl(), settings=SETTINGS)]
    out = list(process(out, corpus=True))
    assert all(a.rejected is None for a in out)
    return out


def _copy(a: Article) -> Article:
    b = Article.from_dict(a.to_dict())
    b.fingerprint, b.content_hash, b.text_hash = a.fingerprint, a.content_hash, a.text_hash
    return b


def _by_source(articles: list[Article]) -> dict[str, Article]:
    return {str(a.source.id): a for a in articles}


def _memory_run(pages: list[Article]) -> dict[str, Article]:
    idx, step = MemoryIndex(SETTINGS), CorpusStep(SETTINGS)
    arts = [_copy(a) for a in pages]
    for a in arts:
        step.run(a, idx)
    return _by_source(arts)


def test_reprints_and_stories_in_memory(pages: list[Article]) -> None:
    got = _memory_run([_with_page_hash(a) for a in pages])
    ids = {k: a.content_hash[:16] for k, a in got.items() if a.content_hash}
    assert (got["r1"].duplicate_of, got["r1"].dup_kind) == (ids["a1"], "exact")
    assert (got["r2"].duplicate_of, got["r2"].dup_kind) == (ids["a1"], "near")
    for key in ("a1", "b1", "c1", "f1"):
        assert got[key].duplicate_of is None, key
    # one event, three outlets, two days: one story; the reprints join it
    story = got["a1"].story
    assert story is not None and story == "s" + ids["a1"]
    assert {got[k].story for k in ("b1", "c1", "r1", "r2")} == {story}
    # same outlet, same day, another event: its own story
    assert got["f1"].story not in (None, story)
    assert (
        got["s1"].story is None and got["s1"].story_note is not None and "too short" in got["s1"].story_note
    )


@pytest.fixture(params=backend_params())
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    yield from open_backend(request.param, tmp_path)


def _stored(store: Store) -> dict[str, Article]:
    return _by_source(list(store.iter_articles()))


def test_the_store_decides_as_the_memory_index_does(store: Store) -> None:
    summary = ingest_articles(read_bytes(jsonl(), settings=SETTINGS), store)
    assert (summary.stored, summary.duplicates, summary.quarantined) == (5, 2, 0)
    got = _stored(store)
    ids = {k: a.content_hash[:16] for k, a in got.items() if a.content_hash}
    mem = _memory_run(
        list(process([_with_page_hash(a) for a in read_bytes(jsonl(), settings=SETTINGS)], corpus=True))
    )
    for key in got:
        assert (got[key].duplicate_of, got[key].dup_kind, got[key].story) == (
            mem[key].duplicate_of,
            mem[key].dup_kind,
            mem[key].story,
        ), key
    assert got["r1"].duplicate_of == ids["a1"]
    listing = store.stories(filters=None)
    top = listing.stories[0]
    assert top.id == got["a1"].story and top.article_count == 5
    assert set(top.outlets) == {"alufuq", "sahil", "wire", "almanara"}
    assert (top.first_seen, top.last_seen) == ("2024-03-09", "2024-03-10")


def _with_page_hash(a: Article) -> Article:
    from marsad.corpus.hashing import page_hash

    if a.page is not None:
        a.content_hash = page_hash(a.page)
    return a


def test_an_ingest_tomorrow_finds_reprints_and_stories_of_today(store: Store) -> None:
    today, tomorrow = RECORDS[:2], RECORDS[2:5]
    ingest_articles(read_bytes(jsonl(today), settings=SETTINGS), store)
    ingest_articles(read_bytes(jsonl(tomorrow), settings=SETTINGS), store)
    got = _stored(store)
    assert got["r1"].dup_kind == "exact" and got["r2"].dup_kind == "near"
    assert got["c1"].story == got["a1"].story == got["b1"].story


def test_reingesting_gives_the_same_ids_and_story_ids(tmp_path: Path) -> None:
    runs = []
    for name in ("one", "two"):
        s = open_store(tmp_path / f"{name}.db")
        ingest_articles(read_bytes(jsonl(), settings=SETTINGS), s)
        ingest_articles(
            read_bytes(jsonl(), settings=SETTINGS), s
        )  # the second time everything is already present
        runs.append(sorted((a.source.id, a.content_hash, a.duplicate_of, a.story) for a in s.iter_articles()))
        assert s.stats().articles == len(RECORDS)
        s.close()
    assert runs[0] == runs[1]


def test_a_merge_keeps_the_older_story_and_is_recorded() -> None:
    from marsad.config import Settings

    # two halves of one event that do not match each other at a high bar until a bridge arrives
    idx = MemoryIndex(SETTINGS)
    step = CorpusStep(Settings(story_threshold=0.3))
    arts = list(process(read_bytes(jsonl(RECORDS[:2] + RECORDS[4:5]), settings=SETTINGS), corpus=True))
    for i, a in enumerate(arts):
        a.content_hash = f"{i:016x}" * 4
    # force two separate stories first: the bridge is the article that scores above both
    strict = CorpusStep(Settings(story_threshold=0.99))
    strict.run(arts[0], idx)
    strict.run(arts[1], idx)
    assert arts[0].story != arts[1].story
    step.run(arts[2], idx)
    survivors = set(idx.story_members().values())
    if len(survivors) == 1:  # the bridge merged them: the older story survives, the merge is kept
        assert survivors == {arts[0].story}
        assert idx.merges and idx.merges[0][1] == arts[0].story
    else:
        pytest.fail(f"the bridging article did not merge the two stories: {idx.story_members()}")


def test_the_band_keys_come_from_the_fingerprint_step(pages: list[Article]) -> None:
    """The workers band the signature; the corpus step beside the writer takes their keys when
    it bands the same way, and bands itself when its LSH threshold differs."""
    from dataclasses import replace

    from marsad.corpus.near import band_keys

    fp = next(a.fingerprint for a in pages if a.fingerprint and a.fingerprint.shingles >= 50)
    step = CorpusStep(SETTINGS)
    assert fp.lsh == (step.bands, step.rows) and fp.bands == band_keys(fp.minhash, step.bands, step.rows)
    given = replace(fp, bands=[7, 8, 9])  # keys the step would never compute: used only if taken
    assert step._bands(given) == [7, 8, 9]
    other = CorpusStep(SETTINGS.with_flags(near_lsh_threshold=0.5))
    assert (other.bands, other.rows) != fp.lsh
    assert other._bands(given) == band_keys(fp.minhash, other.bands, other.rows) != [7, 8, 9]
