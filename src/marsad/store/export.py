"""Write a store out: JSONL (one `Article.to_dict()` per line, plus the store id) or Parquet.

Both keep the full article JSON, so `Article.from_dict` reads an export back losslessly (the
page itself is never stored).

Parquet is a Hive-partitioned dataset directory, `published_month=YYYY-MM/outlet_key=KEY/
part-N.parquet`, whose files follow `PARQUET_SCHEMA` (documented field by field in
docs/schema-parquet.md): flat columns for joins, entities, claims, events, blocks and images as
typed lists of structs (not JSON strings), and the article JSON itself. Articles are streamed
from `Store.iter_articles()` in record batches, so memory does not grow with the store.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from hashlib import sha1
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import unquote

from marsad.config import Settings
from marsad.corpus.hashing import article_id, content_hash
from marsad.errors import StoreError
from marsad.model import Article
from marsad.store.base import Store

if TYPE_CHECKING:
    import pyarrow as pa
    import pyarrow.dataset as ds

__all__ = [
    "PARQUET_SCHEMA",
    "PARTITIONING",
    "PARTITION_SCHEMA",
    "export",
    "outlet_key",
    "published_month",
    "read_export",
]

MARKER = "_marsad_export.json"  # names a directory as a Marsad Parquet export (readers skip "_" files)
PARQUET_FORMAT_VERSION = "1"


def _head(a: Article) -> dict[str, Any]:
    """The row-level fields analysts join on."""
    return {
        "id": article_id(content_hash(a)),
        "source_id": a.source.id,
        "url": a.canonical_url or a.source.url,
        "outlet": a.outlet_name,
        "published": a.published,
        "duplicate_of": a.duplicate_of,
        "dup_kind": a.dup_kind,
        "story_id": a.story,
    }


def _record(a: Article) -> dict[str, Any]:
    """The article's JSON, led by the row-level fields analysts join on. (The article's own
    `outlet`, `published`, `duplicate_of` and `dup_kind` keep their JSON values, so that
    `Article.from_dict` reads the line back as it was.)"""
    return {**_head(a), **a.to_dict()}


# --- the Parquet schema (docs/schema-parquet.md documents it field by field) ------------------
# pyarrow (170 MB) is the `parquet` extra, not the core install: JSONL export, the key rules and
# JSONL reading work without it, and the schema is built on first use.
PARQUET_NEEDS = (
    "writing or reading Parquet needs pyarrow, which the core install leaves out: "
    "pip install 'marsad[parquet]'"
)


@dataclass(frozen=True, slots=True)
class _Arrow:
    parquet: pa.Schema  # PARQUET_SCHEMA
    partition: pa.Schema  # PARTITION_SCHEMA
    batch: pa.Schema  # the rows handed to write_dataset: the file columns and the partition columns
    partitioning: ds.Partitioning  # PARTITIONING


def _require_pyarrow() -> None:
    try:
        import pyarrow  # noqa: F401
    except ImportError as exc:
        raise StoreError(PARQUET_NEEDS) from exc


@lru_cache(maxsize=1)
def _arrow() -> _Arrow:
    """The schemas, built once; StoreError saying which extra to install when pyarrow is absent."""
    _require_pyarrow()
    import pyarrow as pa
    import pyarrow.dataset as ds

    t = _Types(pa)
    parquet = pa.schema(
        [
            pa.field("id", t.s, nullable=False),
            *(pa.field(name, t.s) for name in ("source_id", "url", "outlet", "published", "duplicate_of")),
            *(pa.field(name, t.s) for name in ("dup_kind", "story_id")),
            pa.field("seq", pa.int64(), nullable=False),
            *(
                pa.field(name, t.s)
                for name in ("content_hash", "text_hash", "fetched", "title", "language", "path")
            ),
            pa.field("body", t.s, nullable=False),
            pa.field("blocks", _blocks(t), nullable=False),
            pa.field("images", _images(t), nullable=False),
            pa.field("entities", _entities(t), nullable=False),
            pa.field("claims", _claims(t), nullable=False),
            pa.field("events", _events(t), nullable=False),
            pa.field("json", t.s, nullable=False),
        ],
        metadata={"marsad.parquet": PARQUET_FORMAT_VERSION},
    )
    # The columns of every part file, in order (partition columns are not stored in the files).
    # The directory levels, outermost first. A null value goes to pyarrow's null partition,
    # `__HIVE_DEFAULT_PARTITION__`, which pyarrow, DuckDB and Spark all read back as NULL.
    partition = pa.schema([pa.field("published_month", t.s), pa.field("outlet_key", t.s)])
    batch = pa.schema(list(parquet) + list(partition), metadata=parquet.metadata)
    # How to read the directories back: with the types given, pyarrow need not infer them (it
    # cannot when every value of a level is null, as in an empty export).
    return _Arrow(parquet, partition, batch, ds.partitioning(partition, flavor="hive"))


class _Types:
    """The Arrow types the nested columns are made of (pyarrow is imported lazily, so these are
    built on first use, not at import)."""

    def __init__(self, pa: Any) -> None:
        self.pa = pa
        self.s = pa.string()
        self.i = pa.int32()
        self.strings = pa.list_(pa.field("element", self.s, nullable=False))

    def list_of(self, *fields: Any) -> Any:
        """A non-null list of non-null structs: what `to_dict()`'s lists of objects become."""
        return self.pa.list_(self.pa.field("element", self.pa.struct(list(fields)), nullable=False))

    def req(self, name: str, typ: Any) -> Any:
        return self.pa.field(name, typ, nullable=False)

    def opt(self, name: str, typ: Any) -> Any:
        return self.pa.field(name, typ)


def _blocks(t: _Types) -> Any:
    return t.list_of(
        t.req("idx", t.i), t.req("label", t.s), t.req("text", t.s),
        t.opt("line", t.i), t.opt("reason", t.s), t.opt("language", t.s),
    )  # fmt: skip


def _images(t: _Types) -> Any:
    return t.list_of(
        *(t.opt(name, t.s) for name in ("caption", "photographer", "agency", "copyright", "url")),
        t.req("lines", t.pa.list_(t.pa.field("element", t.i, nullable=False))),
    )


def _entities(t: _Types) -> Any:
    mentions = t.list_of(
        t.req("text", t.s), t.req("start", t.i), t.req("end", t.i), t.req("block", t.i),
        t.req("role", t.pa.bool_()),
    )  # fmt: skip
    return t.list_of(
        t.req("id", t.s), t.req("type", t.s), t.req("name", t.s), t.opt("latin", t.s), t.opt("kind", t.s),
        t.req("roles", t.strings), t.req("mentions", mentions),
    )  # fmt: skip


def _claims(t: _Types) -> Any:
    chain = t.list_of(t.req("name", t.s), t.req("kind", t.s), t.opt("latin", t.s), t.opt("entity", t.s))
    return t.list_of(
        t.req("text", t.s), t.req("certainty", t.s), t.req("block", t.i), t.req("start", t.i),
        t.req("end", t.i), t.req("cues", t.strings), t.req("source_chain", chain),
    )  # fmt: skip


def _events(t: _Types) -> Any:
    return t.list_of(
        t.req("type", t.s), t.opt("mode", t.s), t.req("actors", t.strings), t.req("targets", t.strings),
        t.opt("location", t.s), t.opt("when_text", t.s), t.opt("when_date", t.s), t.req("certainty", t.s),
        t.req("trigger", t.s), t.req("text", t.s), t.req("block", t.i),
    )  # fmt: skip


if TYPE_CHECKING:  # module attributes served by __getattr__ below
    PARQUET_SCHEMA: pa.Schema
    PARTITION_SCHEMA: pa.Schema
    PARTITIONING: ds.Partitioning

_PUBLIC_ARROW = {"PARQUET_SCHEMA": "parquet", "PARTITION_SCHEMA": "partition", "PARTITIONING": "partitioning"}


def __getattr__(name: str) -> Any:
    """PARQUET_SCHEMA (the columns of every part file, in order), PARTITION_SCHEMA (the directory
    levels) and PARTITIONING (how to read them back), built on first use."""
    field = _PUBLIC_ARROW.get(name)
    if field is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    try:
        return getattr(_arrow(), field)
    except StoreError as exc:  # `from marsad.store.export import PARQUET_SCHEMA` without pyarrow
        raise ImportError(str(exc)) from exc


_MONTH = re.compile(r"([0-9]{4})-(0[1-9]|1[0-2])")
_KEY_KEEP = frozenset("._-")
_KEY_MAX_BYTES: Final = 96  # fact: the export layout's partition key length (paths depend on it)


def published_month(published: str | None) -> str | None:
    """`YYYY-MM` of an ISO `published` date as stated (no time-zone shift), else None."""
    m = _MONTH.match(published or "")
    return m.group(0) if m else None


def outlet_key(outlet: str | None) -> str | None:
    """The path-safe directory value of an outlet name; None (null partition) when there is none.

    NFKD and casefold (𝓐 → a, İ → i), then drop combining marks (Arabic diacritics, hamza above/below: أ إ آ → ا),
    format characters (bidi controls, joiners) and tatweel; keep letters and digits of every
    script and `. _ -`; every other run of characters (spaces, `/`, `\\`, `%`, `=`, `:` …) becomes
    one `-`; strip `- . _` at both ends; NFC. A key longer than 96 UTF-8 bytes is cut and gets
    `-` plus 8 hex digits of the name's SHA-1; a name with nothing left is those 8 digits alone.
    """
    if outlet is None or not outlet.strip():
        return None
    out: list[str] = []
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", outlet).casefold())
    for ch in folded:
        cat = unicodedata.category(ch)
        if cat[0] == "M" or cat == "Cf" or ch == "\u0640":
            continue
        out.append(ch if ch.isalnum() or ch in _KEY_KEEP else "-")
    key = unicodedata.normalize("NFC", re.sub(r"-{2,}", "-", "".join(out)).strip("-._"))
    digest = sha1(outlet.encode("utf-8")).hexdigest()[:8]
    if not key:
        return digest
    if len(key.encode("utf-8")) > _KEY_MAX_BYTES:
        cut = key.encode("utf-8")[: _KEY_MAX_BYTES - 9].decode("utf-8", "ignore").rstrip("-._")
        key = f"{cut}-{digest}"
    return key


def _row(a: Article, seq: int, text: str) -> dict[str, Any]:
    head = _head(a)
    return {
        **head,
        "seq": seq,
        "content_hash": a.content_hash,
        "text_hash": a.text_hash,
        "fetched": a.fetched,
        "title": a.title,
        "language": a.language,
        "path": a.source.path,
        "body": a.body_text,
        "blocks": [
            {
                "idx": b.index,
                "label": b.label.value,
                "text": b.text,
                "line": b.line,
                "reason": b.reason,
                "language": b.language,
            }
            for b in a.blocks
        ],
        "images": [i.to_dict() for i in a.images],
        "entities": [e.to_dict() for e in a.entities],
        "claims": [c.to_dict() for c in a.claims],
        "events": [
            {
                "type": e.type,
                "mode": e.mode,
                "actors": list(e.actors),
                "targets": list(e.targets),
                "location": e.location,
                "when_text": e.when.text if e.when else None,
                "when_date": e.when.date if e.when else None,
                "certainty": e.certainty,
                "trigger": e.trigger,
                "text": e.text,
                "block": e.block,
            }
            for e in a.events
        ],
        "json": text,
        "published_month": published_month(a.published),
        "outlet_key": outlet_key(head["outlet"]),
    }


def _batches(articles: Iterator[Article], counter: list[int], s: Settings) -> Iterator[pa.RecordBatch]:
    """Record batches of `s.export_batch_rows` articles (fewer once their JSON passes `s.export_batch_bytes`)."""
    import pyarrow as pa

    schema = _arrow().batch
    rows: list[dict[str, Any]] = []
    held = 0
    for a in articles:
        text = json.dumps(_record(a), ensure_ascii=False)
        rows.append(_row(a, counter[0], text))
        counter[0] += 1
        held += len(text)
        if len(rows) >= s.export_batch_rows or held >= s.export_batch_bytes:
            yield pa.RecordBatch.from_pylist(rows, schema=schema)
            rows, held = [], 0
    if rows:
        yield pa.RecordBatch.from_pylist(rows, schema=schema)


def _unescape_keys(root: Path) -> None:
    """pyarrow percent-encodes every non-ASCII byte of a partition value; Spark decodes those
    byte by byte (Latin-1 mojibake for Arabic). Keys hold no `%` (see `outlet_key`), so once all
    rounds are written each such directory is renamed to the plain UTF-8 key, which pyarrow,
    DuckDB and Spark all read as is."""
    for d in root.glob("published_month=*/outlet_key=*"):
        if "%" in d.name:
            d.rename(d.with_name(unquote(d.name)))


def _round(batches: Iterator[pa.RecordBatch], round_bytes: int) -> list[pa.RecordBatch]:
    """The next batches, up to `round_bytes` of Arrow data (empty when none are left)."""
    taken: list[pa.RecordBatch] = []
    held = 0
    while held < round_bytes:
        batch = next(batches, None)
        if batch is None:
            break
        taken.append(batch)
        held += batch.nbytes
    return taken


def _write_parquet(store: Store, out: Path) -> int:
    """Write the dataset into a fresh sibling directory, then swap it in for `out`.

    One `write_dataset` call per round of at most `settings.export_round_bytes` of record batches, built here on
    the calling thread. Handing pyarrow one generator for the whole store grows memory with the
    store (measured: +500 MB per 10,000 large articles): pyarrow pulls the generator on its own
    threads, whose allocator arenas keep the freed rows, and it keeps a writer open per partition
    for the whole call. In rounds, memory stays flat (measured: the same peak for 6,000 and 18,000
    articles); a partition gets one file per round that has rows of it.
    """
    arrow = _arrow()  # before touching `out`: without pyarrow, say so and write nothing
    import pyarrow.dataset as ds
    import pyarrow.parquet as pq

    if out.exists() and not out.is_dir():
        raise StoreError(f"{out} is a file: Parquet export writes a directory (remove it or pick another)")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise StoreError(f"{out} is a non-empty directory that is not a Marsad export: not overwriting it")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.parent / f".{out.name}.tmp-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    counter = [0]
    batches = _batches(store.iter_articles(), counter, store.settings)
    options = ds.ParquetFileFormat().make_write_options(compression="zstd")
    try:
        tmp.mkdir()
        rnd = 0
        while chunk := _round(batches, store.settings.export_round_bytes):
            ds.write_dataset(
                chunk,
                str(tmp),
                schema=arrow.batch,
                format="parquet",
                file_options=options,
                partitioning=arrow.partitioning,
                basename_template=f"part-{rnd}-{{i}}.parquet",
                existing_data_behavior="overwrite_or_ignore",  # names are new in every round
            )
            rnd += 1
        _unescape_keys(tmp)
        if counter[0] == 0:  # an empty, still typed, dataset that every reader can open
            empty = tmp / "published_month=__HIVE_DEFAULT_PARTITION__/outlet_key=__HIVE_DEFAULT_PARTITION__"
            empty.mkdir(parents=True, exist_ok=True)
            pq.write_table(arrow.parquet.empty_table(), str(empty / "part-0-0.parquet"), compression="zstd")
        marker = {"format": "marsad-parquet", "version": PARQUET_FORMAT_VERSION, "articles": counter[0]}
        (tmp / MARKER).write_text(json.dumps(marker) + "\n", encoding="utf-8")
        old = out.parent / f".{out.name}.old-{os.getpid()}"
        if out.is_dir():
            out.rename(old)
        tmp.rename(out)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return counter[0]


def export(store: Store, out: str | Path, fmt: str) -> int:
    """Write every stored article to `out` as `fmt`; returns the count.

    "jsonl": one file, one article per line. "parquet": a partitioned dataset directory (an
    existing Marsad export there is replaced; any other non-empty directory is refused).
    """
    path = Path(out)
    if fmt == "jsonl":
        path.parent.mkdir(parents=True, exist_ok=True)
        n = 0
        with path.open("w", encoding="utf-8") as fh:
            for a in store.iter_articles():
                fh.write(json.dumps(_record(a), ensure_ascii=False) + "\n")
                n += 1
        return n
    if fmt == "parquet":
        return _write_parquet(store, path)
    raise StoreError(f"unknown export format {fmt!r} (use jsonl or parquet)")


def read_export(path: str | Path) -> list[Article]:
    """Articles back from an export: a Parquet dataset directory (in export order), a single
    Parquet file (older exports) or a JSONL file."""
    p = Path(path)
    if p.is_dir():
        partitioning = _arrow().partitioning
        import pyarrow.dataset as ds

        dataset = ds.dataset(str(p), format="parquet", partitioning=partitioning)
        table = dataset.to_table(columns=["seq", "json"])
        table = table.sort_by("seq")
        return [Article.from_dict(json.loads(s)) for s in table.column("json").to_pylist()]
    if p.suffix == ".parquet":
        _require_pyarrow()
        import pyarrow.parquet as pq

        return [
            Article.from_dict(json.loads(s))
            for s in pq.read_table(str(p), columns=["json"])["json"].to_pylist()
        ]
    with p.open(encoding="utf-8") as fh:
        return [Article.from_dict(json.loads(line)) for line in fh if line.strip()]
