"""The ingest ledger on both backends: one entry per (input, record), written in the transaction
of the articles it accounts for, updated (never doubled) when a record comes again."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from marsad.errors import StoreError
from marsad.model import Article, Block, Label, Page, Rejection, Source
from marsad.store import InputProgress, LedgerEntry, Store
from settings_override import override_settings
from testpaths import backend_params, open_backend


@pytest.fixture(params=backend_params())
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    yield from open_backend(request.param, tmp_path)


def page(n: int, text: str | None = None) -> Article:
    body = text or f"خبر رقم {n}\nتفاصيل الخبر {n} عن المياه في العاصمة."
    lines = body.splitlines()
    return Article(
        source=Source(path="/in/feed.jsonl", format="jsonl", record=n),
        page=Page(Source(path="/in/feed.jsonl"), text=body),
        title=lines[0],
        blocks=[Block(0, lines[0], Label.TITLE), Block(1, lines[1], Label.PARAGRAPH)],
        language="ar",
    )


FEED = "/in/feed.jsonl"


def entries(store: Store, **kw: object) -> list[tuple[str, int, str, str | None, str | None]]:
    return [(e.input, e.record, e.outcome, e.article, e.reason) for e in store.ledger(**kw)]  # type: ignore[arg-type]


def test_entries_follow_the_write_results(store: Store) -> None:
    arts = [page(0), page(1)]
    bad = (Source(path=FEED, record=2), Rejection("read", "record is not JSON"))
    res = store.write(
        arts,
        rejected=[bad],
        origins=[(FEED, 0), (FEED, 1)],
        ledger=[LedgerEntry(FEED, 2, "quarantined", reason="read: record is not JSON")],
    )
    assert [r.status for r in res] == ["stored", "stored"]
    assert entries(store) == [
        (FEED, 0, "stored", res[0].id, None),
        (FEED, 1, "stored", res[1].id, None),
        (FEED, 2, "quarantined", None, "read: record is not JSON"),
    ]
    c = store.ledger_counts()
    assert (c.inputs, c.records, c.stored, c.duplicate, c.quarantined) == (1, 3, 2, 0, 1)
    assert c.by_reason == {"read: record is not JSON": 1}


def test_a_record_written_again_keeps_one_entry_and_its_outcome(store: Store) -> None:
    first = store.write([page(0)], origins=[(FEED, 0)])[0]
    # The same record again (a re-run without resume): the page is present, the entry stays "stored".
    again = store.write([page(0)], origins=[(FEED, 0)])[0]
    assert again.status == "present" and again.id == first.id
    assert entries(store) == [(FEED, 0, "stored", first.id, None)]
    # The same page under another input is a duplicate of the stored article.
    store.write([page(0)], origins=[("/in/copy.txt", 0)])
    assert entries(store, input="/in/copy.txt") == [("/in/copy.txt", 0, "duplicate", first.id, None)]
    # The record changed (its input was edited): a new article, and the entry says so.
    new = store.write([page(0, "خبر معدل\nنص جديد تماما عن المياه.")], origins=[(FEED, 0)])[0]
    assert new.status == "stored" and new.id != first.id
    assert entries(store, input=FEED) == [(FEED, 0, "stored", new.id, None)]
    # A quarantined record that passes later: quarantined → stored, the reason gone.
    store.write([], ledger=[LedgerEntry(FEED, 5, "quarantined", reason="extract: no text")])
    fixed = store.write([page(5)], origins=[(FEED, 5)])[0]
    assert entries(store, input=FEED)[-1] == (FEED, 5, "stored", fixed.id, None)
    c = store.ledger_counts()
    assert (c.inputs, c.records, c.stored, c.duplicate, c.quarantined) == (2, 3, 2, 1, 0)


def test_filters_limits_and_paging(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    override_settings(monkeypatch, ledger_page_rows=3)  # several keyset pages with few rows
    other = "https://example.org/" + "x" * 5000  # longer than a B-tree entry may be
    store.write([page(i) for i in range(7)], origins=[(FEED, i) for i in range(7)])
    store.write(
        [],
        ledger=[LedgerEntry(other, 0, "quarantined", reason="read: empty input")]
        + [LedgerEntry(FEED, i, "quarantined", reason="extract: no text") for i in range(7, 10)],
    )
    assert [e.record for e in store.ledger()] == [*list(range(10)), 0]
    assert [e.record for e in store.ledger(input=FEED, limit=4)] == [0, 1, 2, 3]
    assert [e.record for e in store.ledger(outcome="quarantined", input=FEED)] == [7, 8, 9]
    assert [e.input for e in store.ledger(outcome="quarantined", limit=4)] == [FEED] * 3 + [other]
    assert list(store.ledger(input="/never/ingested")) == []
    c = store.ledger_counts(input=other)
    assert (c.inputs, c.records, c.quarantined, c.by_reason) == (1, 1, 1, {"read: empty input": 1})
    assert store.ledger_counts(input="/never/ingested").records == 0
    assert store.ledger_counts().by_reason == {"extract: no text": 3, "read: empty input": 1}
    with pytest.raises(ValueError, match="unknown outcome"):
        list(store.ledger(outcome="lost"))


def test_a_failed_write_leaves_no_entry(store: Store) -> None:
    """Entries are in the batch's transaction: when the batch fails, none of it is kept."""
    store.write([page(0)], origins=[(FEED, 0)], progress=InputProgress("k", 1, False))
    with pytest.raises((ValueError, StoreError)):
        # One origin too few: the articles are written, then the ledger step fails.
        store.write([page(1), page(2)], origins=[(FEED, 1)], progress=InputProgress("k", 3, False))
    assert store.stats().articles == 1
    assert [e.record for e in store.ledger()] == [0]
    got = store.get_progress("k")
    assert got is not None and got.records == 1


def test_outcome_is_checked_by_the_schema(store: Store) -> None:
    with pytest.raises(StoreError):
        store.write([], ledger=[LedgerEntry(FEED, 0, "lost")])  # type: ignore[arg-type]
    assert list(store.ledger()) == []
