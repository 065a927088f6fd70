"""Export writes every article out and reads back losslessly, as JSONL and as Parquet.

The Parquet dataset read by pyarrow and DuckDB after a real ingest is in
test_store_export_parquet.py; here: hand-made articles, the key rules, the write mechanics.
"""

from __future__ import annotations

import pytest

pytest.importorskip("pyarrow", reason="Parquet is the `parquet` extra: pip install 'marsad[parquet]'")


import json
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from marsad import config
from marsad.cli import app
from marsad.errors import StoreError
from marsad.model import Article, Block, Byline, Claim, Entity, Label, Mention, Source, SourceRef
from marsad.store import open_store
from marsad.store.base import Store
from marsad.store.export import (
    MARKER,
    PARQUET_SCHEMA,
    PARTITIONING,
    export,
    outlet_key,
    published_month,
    read_export,
)
from settings_override import override_settings


def article(i: int, *, outlet: str | None = None, published: str | None = "") -> Article:
    text = f"قال بوتين <script>alert({i})</script> ‮ إن الزيارة {i} مهمة."
    return Article(
        source=Source(path=f"/in/{i}.txt", format="text"),
        title=f"عنوان {i}",
        published=f"2023-09-{i % 28 + 1:02d}" if published == "" else published,
        language="ar",
        outlet=outlet,
        byline=Byline("موسكو - وكالة", outlet="وكالة", outlet_latin="Agency"),
        blocks=[
            Block(0, f"عنوان {i}", Label.TITLE),
            Block(1, text, Label.PARAGRAPH),
            Block(2, "قائمة", Label.CHROME),
        ],
        entities=[Entity("e1", "PERSON", "بوتين", "Putin", mentions=[Mention("بوتين", 4, 9, 1)])],
        claims=[Claim(text, 1, 0, len(text), "reported", [SourceRef("وكالة", "outlet", "Agency")], ["قال"])],
    )


def filled(tmp_path: Path, articles: list[Article]) -> Store:
    store = open_store(tmp_path / "db.sqlite")
    for a in articles:
        store.put(a)
    return store


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_export_round_trip(tmp_path: Path, fmt: str) -> None:
    originals = [article(i) for i in range(5)]
    store = filled(tmp_path, originals)
    out = tmp_path / f"out.{fmt}"
    assert export(store, out, fmt) == 5
    back = read_export(out)
    assert [a.to_dict() for a in back] == [a.to_dict() for a in originals]
    if fmt == "parquet":
        assert out.is_dir()
        table = ds.dataset(out, format="parquet", partitioning=PARTITIONING).to_table()
        assert table.num_rows == 5 and "body" in table.column_names
        assert table.column("outlet").to_pylist() == ["وكالة"] * 5  # the byline's outlet
        assert set(table.column("published_month").to_pylist()) == {"2023-09"}
    store.close()


def test_jsonl_rows_lead_with_the_join_columns(tmp_path: Path) -> None:
    store = filled(tmp_path, [article(0, outlet="Agency")])
    export(store, tmp_path / "out.jsonl", "jsonl")
    row = json.loads((tmp_path / "out.jsonl").read_text(encoding="utf-8"))
    lead = ["id", "source_id", "url", "outlet", "published", "duplicate_of", "dup_kind", "story_id"]
    assert list(row)[:8] == lead
    assert row["outlet"] == "Agency"
    store.close()


def test_an_old_single_file_parquet_export_still_reads(tmp_path: Path) -> None:
    a = article(3)
    old = tmp_path / "old.parquet"
    pq.write_table(pa.table({"id": ["x"], "json": [json.dumps(a.to_dict(), ensure_ascii=False)]}), old)
    assert [b.to_dict() for b in read_export(old)] == [a.to_dict()]


def test_unknown_format(tmp_path: Path) -> None:
    store = open_store(tmp_path / "db.sqlite")
    with pytest.raises(StoreError, match="unknown export format"):
        export(store, tmp_path / "x", "csv")
    store.close()


@pytest.mark.parametrize(
    ("published", "month"),
    [
        ("2024-03-13T09:30:00+01:00", "2024-03"),  # the stated local date, no shift to UTC
        ("2023-12-31T23:30:00-05:00", "2023-12"),
        ("2024-03", "2024-03"),
        ("2024", None),
        ("2024-13-01", None),
        ("٢٠٢٤-٠٣-١٣", None),  # Arabic-Indic digits are not ISO
        ("", None),
        (None, None),
    ],
)
def test_published_month(published: str | None, month: str | None) -> None:
    assert published_month(published) == month


@pytest.mark.parametrize(
    ("outlet", "key"),
    [
        ("وكالة/الأنباء العربية", "وكالة-الانباء-العربية"),
        ("الأهرام", "الاهرام"),  # hamza folded: الأهرام and الاهرام share a directory
        ("Gulf Herald staff", "gulf-herald-staff"),
        ("sahel-news.example", "sahel-news.example"),
        ("../../etc/passwd", "etc-passwd"),
        ("\u202eevil\u200d", "evil"),
        ("الجزيـــرة", "الجزيرة"),
        ("a%2Fb", "a-2fb"),
        ("__HIVE_DEFAULT_PARTITION__", "hive_default_partition"),
        ("C:\\con", "c-con"),
        ("𝓐 İstanbul", "a-istanbul"),
        (None, None),
        ("  ", None),
    ],
)
def test_outlet_key_examples(outlet: str | None, key: str | None) -> None:
    assert outlet_key(outlet) == key


def test_outlet_key_of_nothing_usable_or_too_long_is_hashed() -> None:
    assert outlet_key("///") == outlet_key("///") and len(outlet_key("///") or "") == 8
    assert outlet_key("///") != outlet_key("\\\\\\")
    long_a, long_b = "أ" * 100 + "ب", "أ" * 100 + "ت"
    ka, kb = outlet_key(long_a) or "", outlet_key(long_b) or ""
    assert ka != kb and len(ka.encode()) <= 96 and ka.startswith("ا" * 40)


@given(st.text(max_size=300))
def test_outlet_key_is_always_one_safe_path_segment(outlet: str) -> None:
    key = outlet_key(outlet)
    if key is None:
        assert not outlet.strip()
        return
    assert key and key not in (".", "..") and len(key.encode("utf-8")) <= 96
    assert all(ch.isalnum() or ch in "._-" for ch in key), key
    assert key[0] not in "._-" and key[-1] not in "._-"
    assert key == key.lower() or not key.isascii()
    assert key != "__HIVE_DEFAULT_PARTITION__"


@pytest.mark.parametrize("round_bytes", [1, 1 << 30])
def test_export_streams_in_batches_and_rounds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, round_bytes: int
) -> None:
    """Ten articles in one partition, batches of three: four row groups. With one batch per
    round, the store is read at most one batch ahead of what is written, and each round writes
    its own file; with one round, one file holds the four row groups."""

    articles = [article(i, outlet="X", published="2023-09-01") for i in range(10)]
    written: list[int] = []

    class Lazy:
        settings = config.SETTINGS.with_flags(export_batch_rows=3, export_round_bytes=round_bytes)

        def iter_articles(self):  # type: ignore[no-untyped-def]
            for i, a in enumerate(articles):
                if round_bytes == 1:
                    assert i < sum(written) + 3, "read more than one batch ahead of the writer"
                yield a

    real = ds.write_dataset

    def spy(data, *args, **kwargs):  # type: ignore[no-untyped-def]
        real(data, *args, **kwargs)
        written.append(sum(b.num_rows for b in data))

    monkeypatch.setattr(ds, "write_dataset", spy)
    out = tmp_path / "ds"
    assert export(Lazy(), out, "parquet") == 10  # type: ignore[arg-type]
    files = sorted(out.rglob("*.parquet"))
    if round_bytes == 1:
        assert written == [3, 3, 3, 1]
        assert [f.name for f in files] == [f"part-{r}-0.parquet" for r in range(4)]
        assert [pq.ParquetFile(f).metadata.num_rows for f in files] == [3, 3, 3, 1]
    else:
        assert written == [10] and len(files) == 1
        assert pq.ParquetFile(files[0]).num_row_groups == 4
    assert [a.title for a in read_export(out)] == [a.title for a in articles]


def test_a_new_export_replaces_the_old_one_without_stale_partitions(tmp_path: Path) -> None:
    out = tmp_path / "ds"
    store = filled(tmp_path, [article(0, outlet="Old Outlet")])
    assert export(store, out, "parquet") == 1
    assert (out / "published_month=2023-09" / "outlet_key=old-outlet").is_dir()
    store.close()
    (tmp_path / "db.sqlite").unlink()
    store = filled(tmp_path, [article(1, outlet="New Outlet"), article(2, outlet="New Outlet")])
    assert export(store, out, "parquet") == 2
    assert not (out / "published_month=2023-09" / "outlet_key=old-outlet").exists()
    assert [a.title for a in read_export(out)] == ["عنوان 1", "عنوان 2"]
    assert json.loads((out / MARKER).read_text())["articles"] == 2
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp left
    store.close()


def test_a_foreign_directory_or_a_file_is_not_overwritten(tmp_path: Path) -> None:
    store = filled(tmp_path, [article(0)])
    foreign = tmp_path / "home"
    foreign.mkdir()
    (foreign / "thesis.tex").write_text("keep me")
    with pytest.raises(StoreError, match="not a Marsad export"):
        export(store, foreign, "parquet")
    assert (foreign / "thesis.tex").read_text() == "keep me"
    with pytest.raises(StoreError, match="is a file"):
        export(store, foreign / "thesis.tex", "parquet")
    empty = tmp_path / "empty"
    empty.mkdir()
    assert export(store, empty, "parquet") == 1  # an empty directory is fine
    store.close()


def test_the_file_schema_is_the_explicit_one(tmp_path: Path) -> None:
    store = filled(tmp_path, [article(0)])
    export(store, tmp_path / "ds", "parquet")
    (f,) = (tmp_path / "ds").rglob("*.parquet")
    schema = pq.read_schema(f)
    assert schema.equals(PARQUET_SCHEMA, check_metadata=False)
    assert (schema.metadata or {}).get(b"marsad.parquet") == b"1"
    store.close()


def test_cli_export_parquet(tmp_path: Path) -> None:
    store = filled(tmp_path, [article(i, outlet="وكالة/سانا") for i in range(3)])
    store.close()
    db, out = str(tmp_path / "db.sqlite"), tmp_path / "ds"
    r = CliRunner().invoke(app, ["export", "--format", "parquet", "--out", str(out), "--db", db])
    assert r.exit_code == 0, r.output
    assert "exported 3 articles" in r.stderr
    assert (out / "published_month=2023-09" / "outlet_key=وكالة-سانا").is_dir()
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "x").write_text("x")
    r = CliRunner().invoke(app, ["export", "-f", "parquet", "-o", str(tmp_path / "other"), "--db", db])
    assert r.exit_code == 1 and "not a Marsad export" in r.stderr


def test_an_arabic_key_written_in_several_rounds_is_one_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:

    override_settings(monkeypatch, export_batch_rows=1, export_round_bytes=1)
    store = filled(tmp_path, [article(i, outlet="وكالة/سانا", published="2023-09-01") for i in range(3)])
    out = tmp_path / "ds"
    assert export(store, out, "parquet") == 3
    store.close()
    assert [p.name for p in (out / "published_month=2023-09").iterdir()] == ["outlet_key=وكالة-سانا"]
    names = sorted(p.name for p in (out / "published_month=2023-09" / "outlet_key=وكالة-سانا").iterdir())
    assert names == ["part-0-0.parquet", "part-1-0.parquet", "part-2-0.parquet"]
    assert [a.title for a in read_export(out)] == ["عنوان 0", "عنوان 1", "عنوان 2"]
