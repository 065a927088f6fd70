"""PostgreSQL's rank-or-walk decision and its windowed walk newest first (issue 10 item 4).

The decision reads ANALYZE's most common lexemes; a word missing from that list is bounded by the
list's least frequent lexeme and, when that bound is above `postgres_rank_max`, counted from the
index up to the cap. A walk newest first reads windows of the newest rowids first. Results must
be the ones the plain walk gives: the expected pages here are computed from what was stored.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from marsad.model import Article, Block, Byline, Entity, Label, Mention, Page, Source
from marsad.store import SearchQuery
from marsad.store.terms import query_groups
from settings_override import override_store_settings
from testpaths import PG_URL, open_backend

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not PG_URL, reason="set MARSAD_TEST_PG (scripts/start-test-postgres.sh)"),
]

OUTLETS = ["وكالة الأنباء", "صحيفة الشرق", "BBC 3"]
FILTERS: list[dict[str, str]] = [
    {},
    {"outlet": "BBC 3"},
    {"since": "2014-01-01", "until": "2016-12-31"},
    {"entity": "Vladimir Putin"},
    {"entity": "بوتين", "outlet": "صحيفة الشرق", "since": "2012-01-01", "until": "2020-12-31"},
    {"outlet": "nowhere 9"},
]


def article(n: int, words: str, outlet: str, day: str) -> Article:
    title = f"خبر رقم {n}"
    text = f"{words} في النص {n}."
    blocks = [Block(0, title, Label.TITLE, line=1), Block(1, text, Label.PARAGRAPH, line=2)]
    at = text.find("بوتين")  # a person in the articles that name him (the entity filter)
    putin = Entity(
        "p1", "PERSON", "فلاديمير بوتين", "Vladimir Putin", mentions=[Mention("بوتين", at, at + 5, 1)]
    )
    src = Source(path=f"/in/{n}.txt", format="text")
    return Article(
        source=src,
        page=Page(src, text="\n".join(b.text for b in blocks)),
        title=title,
        blocks=blocks,
        language="ar",
        published=day,
        byline=Byline(raw=outlet, outlet=outlet),
        entities=[putin] if at >= 0 else [],
    )


@pytest.fixture
def pg(tmp_path: Path) -> Iterator[Any]:
    yield from open_backend("postgres", tmp_path)


def fill(store: Any) -> list[tuple[str, str, str, str]]:
    """120 articles in writing order: (id, words, outlet, day). "النفط" is in every third,
    "الذهب" in articles 5 and 6 only, "السوق" in every one, "بوتين" (a person) in every fourth."""
    rows = []
    for n in range(120):
        words = "السوق" + (" النفط" if n % 3 == 0 else "") + (" الذهب" if n in (5, 6) else "")
        words += " بوتين" if n % 4 == 1 else ""
        outlet, day = OUTLETS[n % 3 if n % 2 else (n // 2) % 3], f"20{10 + n % 12}-0{1 + n % 9}-15"
        r = store.put(article(n, words, outlet, day))
        assert r.status == "stored"
        rows.append((r.id, words, outlet, day))
    store.conn.execute("ANALYZE articles")
    return rows


def sql_log(store: Any, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every statement the store sends, in order."""
    sent: list[str] = []
    real = store._exec

    def spy(sql: str, params: Any = ()) -> Any:
        sent.append(sql)
        return real(sql, params)

    monkeypatch.setattr(store, "_exec", spy)
    return sent


@pytest.mark.parametrize(("window", "scan_rows"), [(0.001, 10**6), (0.001, 0), (1.0, 0), (1000.0, 10**6)])
def test_the_windowed_walk_gives_the_plain_walks_pages(
    pg: Any, monkeypatch: pytest.MonkeyPatch, window: float, scan_rows: int
) -> None:
    rows = fill(pg)
    # Every word walks newest first; windows from far too small (widened several times) to
    # larger than the store (one plain query); windows read row by row or through the index.
    override_store_settings(
        monkeypatch,
        pg,
        postgres_rank_max=0,
        postgres_walk_window=window,
        postgres_window_scan_rows=scan_rows,
        search_total_cap=5,
    )
    sent = sql_log(pg, monkeypatch)
    for word in ["النفط", "السوق"]:
        for flt in FILTERS:
            want = [
                i
                for i, words, outlet, day in reversed(rows)
                if word in words.split()
                and ("outlet" not in flt or outlet == flt["outlet"])
                and ("since" not in flt or flt["since"] <= day <= flt["until"])
                and ("entity" not in flt or "بوتين" in words.split())
            ]
            for limit, offset in [(10, 0), (7, 5), (1, 0), (1000, 0), (10, max(0, len(want) - 3))]:
                res = pg.search(SearchQuery(word, limit=limit, offset=offset, **flt))
                case = (word, flt, limit, offset)
                assert [h.id for h in res.hits] == want[offset : offset + limit], case
                counted = len(res.hits) == limit or offset > 0  # else the page is the total
                total = (min(len(want), 5), len(want) > 5) if counted else (len(want), False)
                assert (res.total, res.total_capped) == total, case
    windowed = [s for s in sent if "AND a.rowid > " in s]
    assert bool(windowed) == (window < 1000.0)  # small windows were tried; a huge one is the plain query
    assert all(("(a.tsv @@ q) IS TRUE" in s) == (scan_rows > 0) for s in windowed)


def test_an_unlisted_word_is_counted_then_ranked_or_walked(pg: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = fill(pg)
    # ANALYZE's list holds "السوق" (every article; its analyses) only: the other words are bounded by its
    # frequency (120 articles), above rank_max, so they are counted from the index up to 4.
    n = float(len(rows))
    (market_terms,) = query_groups("السوق", pg.term_rule, pg._other_script)  # its analyses
    monkeypatch.setattr(type(pg), "_common_terms", lambda self: (dict.fromkeys(market_terms, 1.0), n))
    override_store_settings(monkeypatch, pg, postgres_rank_max=3)
    sent = sql_log(pg, monkeypatch)
    gold = pg.search(SearchQuery("الذهب", limit=10))  # 2 matches: ranked (by ts_rank_cd)
    assert sorted(h.id for h in gold.hits) == sorted(r[0] for r in rows if "الذهب" in r[1])
    assert "ORDER BY score DESC" in [s for s in sent if "LIMIT ? OFFSET ?" in s][-1]
    oil = pg.search(SearchQuery("النفط", limit=10))  # 40 matches: newest first
    assert [h.id for h in oil.hits] == [r[0] for r in reversed(rows) if "النفط" in r[1]][:10]
    assert "ORDER BY a.rowid DESC" in [s for s in sent if "LIMIT ? OFFSET ?" in s][-1]
    probes = [s for s in sent if "LIMIT 4) c" in s]
    assert len(probes) == 2
    pg.search(SearchQuery("النفط", limit=10))  # the count is kept until the statistics are read again
    assert len([s for s in sent if "LIMIT 4) c" in s]) == 2
    # A listed word needs no count: its frequency decides (120 > 3: newest first).
    market = pg.search(SearchQuery("السوق", limit=3))
    assert [h.id for h in market.hits] == [r[0] for r in reversed(rows)][:3]
    assert len([s for s in sent if "LIMIT 4) c" in s]) == 2


def test_without_statistics_every_word_is_counted(pg: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = fill(pg)
    monkeypatch.setattr(type(pg), "_common_terms", lambda self: ({}, 0.0))  # never analysed
    override_store_settings(monkeypatch, pg, postgres_rank_max=50)
    res = pg.search(SearchQuery("السوق", limit=5))  # 120 > 50 matches: newest first
    assert [h.id for h in res.hits] == [r[0] for r in reversed(rows)][:5]
    sent = sql_log(pg, monkeypatch)
    res = pg.search(SearchQuery("النفط", limit=5))  # 40 ≤ 50: ranked
    assert len(res.hits) == 5
    assert "ORDER BY score DESC" in [s for s in sent if "LIMIT ? OFFSET ?" in s][-1]
