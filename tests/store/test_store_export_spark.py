"""Spark reads the Parquet export: `spark.read.parquet(DIR)` (docs/schema-parquet.md).

Needs pyspark and Java (the `spark` extra; `.ci/run` installs it); skips with the reason otherwise.
Spark decodes percent-encoded directory names byte by byte, so this is where Arabic outlet keys
written as pyarrow encodes them would come back as mojibake.
"""

from __future__ import annotations

import pytest

pytest.importorskip("pyarrow", reason="Parquet is the `parquet` extra: pip install 'marsad[parquet]'")


import os
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import marsad
from marsad.model import Article
from marsad.store import open_store
from marsad.store.export import PARQUET_SCHEMA, PARTITION_SCHEMA, export, outlet_key, published_month


def _why_not() -> str | None:
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return "needs pyspark: pip install 'marsad[spark]'"
    return None if shutil.which("java") else "needs Java 17+ for Spark"


pytestmark = pytest.mark.skipif(_why_not() is not None, reason=str(_why_not()))


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    from pyspark.sql import SparkSession

    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    session = (
        SparkSession.builder.master("local[1]")
        .appName("marsad-export-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def test_spark_reads_the_export_with_its_partitions_and_structs(
    spark: Any, tmp_path: Path, examples_dir: Path
) -> None:
    from pyspark.sql import functions as F

    db = tmp_path / "db.sqlite"
    marsad.ingest(examples_dir, db=db, enrich=True)
    store = open_store(db)
    try:
        articles: list[Article] = list(store.iter_articles())
        export(store, tmp_path / "ds", "parquet")
    finally:
        store.close()
    df = spark.read.parquet(str(tmp_path / "ds"))
    assert df.columns == PARQUET_SCHEMA.names + PARTITION_SCHEMA.names
    assert df.schema["entities"].dataType.simpleString().startswith("array<struct<id:string,type:string")
    got = Counter(
        {
            (r["published_month"], r["outlet_key"], r["outlet"]): r["count"]
            for r in df.groupBy("published_month", "outlet_key", "outlet").count().collect()
        }
    )
    outlets = [a.outlet or (a.byline.outlet if a.byline else None) or a.site_name for a in articles]
    expected = Counter(
        (published_month(a.published), outlet_key(o), o) for a, o in zip(articles, outlets, strict=True)
    )
    assert got == expected
    assert any(o and not o.isascii() for o in outlets)  # an Arabic key was read back as written
    names = [r["name"] for r in df.select(F.explode("entities").alias("e")).select("e.name").collect()]
    assert Counter(names) == Counter(e.name for a in articles for e in a.entities)


def test_spark_reads_an_empty_export(spark: Any, tmp_path: Path) -> None:
    store = open_store(tmp_path / "db.sqlite")
    try:
        assert export(store, tmp_path / "ds", "parquet") == 0
    finally:
        store.close()
    df = spark.read.parquet(str(tmp_path / "ds"))
    assert df.count() == 0 and df.columns == PARQUET_SCHEMA.names + PARTITION_SCHEMA.names
