"""The Parquet dataset of a real ingest (examples/, enriched), read by pyarrow and DuckDB.

Also: docs/schema-parquet.md documents exactly the schema the code writes, and its DuckDB and
pyarrow examples run; an empty store exports an empty dataset; outlet names that are Arabic or
hold '/' become path-safe directories while the true name stays in the `outlet` column.
"""

from __future__ import annotations

import pytest

pytest.importorskip("pyarrow", reason="Parquet is the `parquet` extra: pip install 'marsad[parquet]'")


import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.dataset as ds

import marsad
from marsad.model import Article
from marsad.store import open_store
from marsad.store.export import (
    PARQUET_SCHEMA,
    PARTITION_SCHEMA,
    PARTITIONING,
    export,
    outlet_key,
    published_month,
    read_export,
)

DOC = Path(__file__).resolve().parents[2] / "docs" / "schema-parquet.md"
NULL_DIR = "__HIVE_DEFAULT_PARTITION__"


def glob(out: Path) -> str:
    return f"{out}/**/*.parquet"


def true_outlet(a: Article) -> str | None:
    return a.outlet or (a.byline.outlet if a.byline else None) or a.site_name


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory, examples_dir: Path) -> tuple[list[Article], Path]:
    """The examples ingested through the real road, and their Parquet export."""
    tmp = tmp_path_factory.mktemp("parquet")
    db = tmp / "db.sqlite"
    summary = marsad.ingest(examples_dir, db=db, enrich=True)
    assert summary.stored >= 7 and summary.quarantined == 0
    store = open_store(db)
    try:
        articles = list(store.iter_articles())
        assert export(store, tmp / "ds", "parquet") == len(articles)
    finally:
        store.close()
    return articles, tmp / "ds"


def test_the_examples_give_what_the_other_tests_need(exported: tuple[list[Article], Path]) -> None:
    articles, _ = exported
    assert sum(len(a.entities) for a in articles) > 10 and any(a.claims for a in articles)
    assert any(c.source_chain for a in articles for c in a.claims) and any(a.events for a in articles)
    assert any(a.published is None for a in articles)  # a null month partition
    assert any(true_outlet(a) is None for a in articles)  # a null outlet partition
    assert any(true_outlet(a) and not (true_outlet(a) or "").isascii() for a in articles)  # Arabic
    assert len({a.story for a in articles}) >= 2


# --- pyarrow --------------------------------------------------------------------------------


def test_pyarrow_reads_the_documented_schema_and_partitions(exported: tuple[list[Article], Path]) -> None:
    articles, out = exported
    dataset = ds.dataset(out, format="parquet", partitioning=PARTITIONING)
    assert dataset.schema.equals(pa.schema(list(PARQUET_SCHEMA) + list(PARTITION_SCHEMA)))
    # plain "hive" discovery finds the same columns (both levels have non-null values here)
    assert ds.dataset(out, format="parquet", partitioning="hive").schema.names == dataset.schema.names
    table = dataset.to_table().sort_by("seq")
    assert table.num_rows == len(articles)
    rows = table.to_pylist()
    for a, row in zip(articles, rows, strict=True):
        assert row["published_month"] == published_month(a.published)
        assert row["outlet_key"] == outlet_key(true_outlet(a))
        assert row["outlet"] == true_outlet(a)
        assert (row["story_id"], row["duplicate_of"], row["dup_kind"]) == (
            a.story,
            a.duplicate_of,
            a.dup_kind,
        )
        assert (row["source_id"], row["text_hash"], row["fetched"]) == (a.source.id, a.text_hash, a.fetched)
        assert (row["title"], row["language"], row["body"]) == (a.title, a.language, a.body_text)
        assert [b["text"] for b in row["blocks"]] == [b.text for b in a.blocks]
        assert row["entities"] == [e.to_dict() for e in a.entities]  # typed structs, not strings
        assert row["claims"] == [c.to_dict() for c in a.claims]
        assert [(e["type"], e["when_date"]) for e in row["events"]] == [
            (e.type, e.when.date if e.when else None) for e in a.events
        ]
        assert row["images"] == [i.to_dict() for i in a.images]
    # every file sits in the directory its rows name, in the Hive layout
    for f in out.rglob("*.parquet"):
        month_dir, outlet_dir = f.parent.parent.name, f.parent.name
        assert month_dir.startswith("published_month=") and outlet_dir.startswith("outlet_key=")
        assert f.parent.parent.parent == out and re.fullmatch(r"part-\d+-\d+\.parquet", f.name)
    dirs = {(p.parent.name, p.name) for p in out.glob("*/*")}
    expected = {
        (
            f"published_month={published_month(a.published) or NULL_DIR}",
            f"outlet_key={outlet_key(true_outlet(a)) or NULL_DIR}",
        )
        for a in articles
    }
    assert dirs == expected


def test_a_partition_filter_reads_only_its_files(exported: tuple[list[Article], Path]) -> None:
    articles, out = exported
    dataset = ds.dataset(out, format="parquet", partitioning=PARTITIONING)
    undated = dataset.to_table(filter=ds.field("published_month").is_null(), columns=["id"])
    assert undated.num_rows == sum(published_month(a.published) is None for a in articles) > 0
    march = list(dataset.get_fragments(filter=ds.field("published_month") == "2024-03"))
    assert march and all("published_month=2024-03" in f.path for f in march)


def test_read_export_gives_the_stored_articles_back(exported: tuple[list[Article], Path]) -> None:
    articles, out = exported
    assert [a.to_dict() for a in read_export(out)] == [a.to_dict() for a in articles]


# --- DuckDB ---------------------------------------------------------------------------------


def test_duckdb_counts_articles_per_outlet_and_month(exported: tuple[list[Article], Path]) -> None:
    articles, out = exported
    con = duckdb.connect()
    got = con.execute(
        f"SELECT outlet, outlet_key, published_month, count(*) FROM read_parquet('{glob(out)}', "
        "hive_partitioning = true) GROUP BY ALL"
    ).fetchall()
    expected = Counter(
        (true_outlet(a), outlet_key(true_outlet(a)), published_month(a.published)) for a in articles
    )
    assert Counter({row[:3]: row[3] for row in got}) == expected


def test_duckdb_unnests_entities_claims_and_events(exported: tuple[list[Article], Path]) -> None:
    articles, out = exported
    con = duckdb.connect()
    src = f"read_parquet('{glob(out)}', hive_partitioning = true)"
    entities = con.execute(
        f"SELECT id, e.id, e.type, e.name, e.latin, len(e.mentions), e.mentions[1].start "
        f"FROM (SELECT id, unnest(entities) AS e FROM {src})"
    ).fetchall()
    from marsad.store.export import _head

    expected = [
        (
            _head(a)["id"],
            e.id,
            e.type,
            e.name,
            e.latin,
            len(e.mentions),
            e.mentions[0].start if e.mentions else None,
        )
        for a in articles
        for e in a.entities
    ]
    assert sorted(entities, key=repr) == sorted(expected, key=repr)
    sources = con.execute(
        f"SELECT s.name, s.kind FROM (SELECT unnest(c.source_chain) AS s FROM "
        f"(SELECT unnest(claims) AS c FROM {src}))"
    ).fetchall()
    assert Counter(sources) == Counter(
        (s.name, s.kind) for a in articles for c in a.claims for s in c.source_chain
    )
    events = con.execute(f"SELECT count(*) FROM (SELECT unnest(events) AS e FROM {src}) WHERE e.block >= 0")
    assert events.fetchone() == (sum(len(a.events) for a in articles),)
    kinds = dict(
        con.execute(f"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM {src})").fetchall()
    )
    assert kinds["entities"].startswith("STRUCT(") and kinds["entities"].endswith("[]")
    assert kinds["seq"] == "BIGINT" and kinds["published_month"] == "VARCHAR"


# --- the documentation ----------------------------------------------------------------------


def _leaves(fields: list[pa.Field], prefix: str = "") -> list[tuple[str, str, str]]:
    rows: list[tuple[str, str, str]] = []
    for f in fields:
        name, t = prefix + f.name, f.type
        null = "yes" if f.nullable else "no"
        if pa.types.is_list(t) and pa.types.is_struct(t.value_type):
            rows.append((name, "list<struct>", null))
            rows += _leaves(list(t.value_type), name + "[].")
        elif pa.types.is_list(t):
            rows.append((name, f"list<{t.value_type}>", null))
        else:
            rows.append((name, str(t), null))
    return rows


def _doc_table(section: str) -> list[tuple[str, str, str]]:
    text = DOC.read_text(encoding="utf-8")
    body = text.split(f"\n## {section}\n", 1)[1].split("\n## ", 1)[0]
    return [
        (m[1], m[2].strip(), m[3].strip())
        for m in re.finditer(r"^\| `([^`]+)` \| ([^|]+) \| ([^|]+) \|", body, re.MULTILINE)
    ]


def test_the_doc_documents_the_schema_field_by_field() -> None:
    assert _doc_table("Columns") == _leaves(list(PARQUET_SCHEMA))
    assert _doc_table("Partitions") == _leaves(list(PARTITION_SCHEMA))


def test_the_doc_examples_run(
    exported: tuple[list[Article], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    articles, out = exported
    text = DOC.read_text(encoding="utf-8")
    sql = re.findall(r"```sql\n(.*?)```", text, re.S)
    python = [b for b in re.findall(r"```python\n(.*?)```", text, re.S) if "pyspark" not in b]
    assert sql and python
    con = duckdb.connect()
    queries = [q for block in sql for q in block.replace("DIR", str(out)).split(";") if q.strip()]
    assert len(queries) == 3
    per_month = con.execute(queries[0]).fetchall()
    assert sum(r[2] for r in per_month) == len(articles)
    top = con.execute(queries[1]).fetchall()
    assert top and top[0][2] == max(
        Counter(
            (e.type, e.latin or e.name)
            for a in articles
            if published_month(a.published) == "2024-03"
            for e in {(x.type, x.latin or x.name): x for x in a.entities}.values()
        ).values()
    )
    said = con.execute(queries[2]).fetchall()
    assert sum(r[2] for r in said) == sum(1 for a in articles for c in a.claims if c.source_chain)
    for block in python:
        exec(compile(block.replace('"DIR"', repr(str(out))), str(DOC), "exec"), {})
    printed = capsys.readouterr().out
    counts: dict[str, Any] = {d["values"]: d["counts"] for d in eval(printed)}
    march = Counter(e.type for a in articles if published_month(a.published) == "2024-03" for e in a.entities)
    assert counts == dict(march)


# --- empty stores and awkward outlet names ----------------------------------------------------


def test_an_empty_store_exports_an_empty_readable_dataset(tmp_path: Path) -> None:
    store = open_store(tmp_path / "db.sqlite")
    out = tmp_path / "ds"
    try:
        assert export(store, out, "parquet") == 0
    finally:
        store.close()
    dataset = ds.dataset(out, format="parquet", partitioning=PARTITIONING)
    table = dataset.to_table()
    assert table.num_rows == 0 and table.schema.names == PARQUET_SCHEMA.names + PARTITION_SCHEMA.names
    count = duckdb.sql(f"SELECT count(*) FROM read_parquet('{glob(out)}', hive_partitioning = true)")
    assert count.fetchall() == [(0,)]
    assert read_export(out) == []
    assert json.loads((out / "_marsad_export.json").read_text())["articles"] == 0


def test_outlet_names_with_slashes_and_arabic_are_path_safe(tmp_path: Path) -> None:
    """Stated outlets (JSONL `outlet`) that would escape or split a path, through the real road."""
    names = ["وكالة/الأنباء العربية", "../../outside", "الأهرام", "Reuters/AFP", "‮ئ/ب"]
    src = tmp_path / "in.jsonl"
    with src.open("w", encoding="utf-8") as fh:
        for i, name in enumerate(names):
            text = f"خبر رقم {i} عن المياه\n\nقال وزير الخارجية إن المحادثات حول تقاسم المياه ستستمر الأسبوع المقبل في العاصمة."
            rec = {
                "url": f"https://x.example/{i}",
                "text": text,
                "outlet": name,
                "published": f"2024-05-0{i + 1}",
            }
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    db, out = tmp_path / "db.sqlite", tmp_path / "nested" / "ds"
    summary = marsad.ingest(src, db=db)
    assert summary.stored + summary.duplicates == len(names)  # reprints are stored and exported too
    store = open_store(db)
    try:
        assert export(store, out, "parquet") == len(names)
    finally:
        store.close()
    files = sorted(out.rglob("*.parquet"))
    assert len(files) == len(names)
    for f in files:
        assert f.resolve().is_relative_to(out.resolve())
        rel = f.relative_to(out).parts
        assert len(rel) == 3 and rel[0] == "published_month=2024-05"
        key = rel[1].removeprefix("outlet_key=")
        assert key == outlet_key(key) and "%" not in key  # plain UTF-8, one segment
    assert not (tmp_path / "outside").exists() and not (tmp_path / "nested" / "outside").exists()
    assert (out / "published_month=2024-05" / "outlet_key=وكالة-الانباء-العربية").is_dir()
    assert (out / "published_month=2024-05" / "outlet_key=reuters-afp").is_dir()
    rows = duckdb.sql(
        f"SELECT outlet, outlet_key FROM read_parquet('{glob(out)}', hive_partitioning = true) ORDER BY seq"
    ).fetchall()
    assert rows == [(n, outlet_key(n)) for n in names]  # the true name, and its key, in both readers
    table = ds.dataset(out, format="parquet", partitioning="hive").to_table().sort_by("seq")
    assert table.column("outlet").to_pylist() == names
    assert table.column("outlet_key").to_pylist() == [outlet_key(n) for n in names]
