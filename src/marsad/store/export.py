"""Write a store out: JSONL (one `Article.to_dict()` per line, plus the store id) or Parquet.

Both keep the full article JSON, so `Article.from_dict` reads an export back losslessly (the
page itself is never stored). Parquet adds flat columns for analysis in pandas/DuckDB/Spark.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from marsad.corpus.hashing import article_id, content_hash
from marsad.errors import StoreError
from marsad.model import Article
from marsad.store.base import Store

__all__ = ["export", "read_export"]

_BATCH = 1000


def _record(a: Article) -> dict[str, Any]:
    """The article's JSON, led by the row-level fields analysts join on."""
    head = {
        "id": article_id(content_hash(a)),
        "source_id": a.source.id,
        "url": a.canonical_url or a.source.url,
        "outlet": a.outlet or (a.byline.outlet if a.byline else None) or a.site_name,
        "published": a.published,
        "duplicate_of": a.duplicate_of,
        "dup_kind": a.dup_kind,
        "story_id": a.story,
    }
    return {**head, **a.to_dict()}


def export(store: Store, out: str | Path, fmt: str) -> int:
    """Write every stored article to `out` as `fmt` ("jsonl" or "parquet"); returns the count."""
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "jsonl":
        n = 0
        with path.open("w", encoding="utf-8") as fh:
            for a in store.iter_articles():
                fh.write(json.dumps(_record(a), ensure_ascii=False) + "\n")
                n += 1
        return n
    if fmt == "parquet":
        return _parquet(store, path)
    raise StoreError(f"unknown export format {fmt!r} (use jsonl or parquet)")


_COLUMNS = ("id", "content_hash", "title", "published", "language", "outlet", "url", "path", "body", "json")


def _parquet(store: Store, path: Path) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([(c, pa.string()) for c in _COLUMNS])
    n = 0
    rows: dict[str, list[str | None]] = {c: [] for c in _COLUMNS}

    def flush(writer: Any) -> None:
        writer.write_table(pa.table({c: pa.array(v, pa.string()) for c, v in rows.items()}, schema=schema))
        for v in rows.values():
            v.clear()

    with pq.ParquetWriter(str(path), schema, compression="zstd") as writer:
        for a in store.iter_articles():
            rec = _record(a)
            outlet = a.outlet or (a.byline.outlet if a.byline else None) or a.site_name
            values = {
                "id": rec["id"],
                "content_hash": a.content_hash,
                "title": a.title,
                "published": a.published,
                "language": a.language,
                "outlet": outlet,
                "url": a.canonical_url or a.source.url,
                "path": a.source.path,
                "body": a.body_text,
                "json": json.dumps(rec, ensure_ascii=False),
            }
            for c in _COLUMNS:
                rows[c].append(values[c])
            n += 1
            if len(rows["id"]) >= _BATCH:
                flush(writer)
        if rows["id"]:
            flush(writer)
    return n


def read_export(path: str | Path) -> list[Article]:
    """Articles back from a JSONL or Parquet export (by file extension)."""
    p = Path(path)
    if p.suffix == ".parquet":
        import pyarrow.parquet as pq

        return [
            Article.from_dict(json.loads(s))
            for s in pq.read_table(str(p), columns=["json"])["json"].to_pylist()
        ]
    with p.open(encoding="utf-8") as fh:
        return [Article.from_dict(json.loads(line)) for line in fh if line.strip()]
