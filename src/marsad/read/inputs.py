"""Paths, globs, directories and stdin → articles carrying a decoded `Page`."""

from __future__ import annotations

import glob
import gzip
import sys
import unicodedata
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from marsad.config import SETTINGS
from marsad.errors import InputError
from marsad.model import Article, Page, Rejection, Source
from marsad.read.containers import Record, jsonl_records, warc_records
from marsad.read.decode import decode, looks_binary
from marsad.read.detect import GZIP_MAGIC, sniff

STDIN = "-"


def expand_inputs(paths: Iterable[str]) -> list[str]:
    """Files as given, directories walked (sorted, hidden files skipped), globs expanded, '-' kept.

    A path that does not exist is kept, so that reading it yields a rejection with its reason.
    """
    out: list[str] = []
    for p in paths:
        if p == STDIN:
            out.append(p)
            continue
        path = Path(p)
        if path.is_dir():
            out.extend(
                str(f)
                for f in sorted(path.rglob("*"))
                if f.is_file() and not any(part.startswith(".") for part in f.relative_to(path).parts)
            )
        elif not path.exists() and glob.has_magic(p):
            out.extend(sorted(glob.glob(p, recursive=True)))
        else:
            out.append(p)
    return out


def _rejected(source: Source, reason: str) -> Article:
    return Article(source=source, rejected=Rejection("read", reason))


def read_path(path: str | Path) -> Iterator[Article]:
    """Every page in one file (or '-' for stdin). Problems become rejected articles, never raises."""
    if str(path) == STDIN:
        yield from read_stdin()
        return
    p = Path(path)
    source = Source(path=str(p))
    try:
        size = p.stat().st_size
    except OSError as exc:
        yield _rejected(source, f"cannot open: {exc.strerror or exc}")
        return
    if p.is_dir():
        yield _rejected(source, "is a directory")
        return
    if size > SETTINGS.max_container_bytes:
        yield _rejected(
            source, f"file is {size / 1e6:.0f} MB, over the {SETTINGS.max_container_bytes / 1e6:.0f} MB limit"
        )
        return
    try:
        data = p.read_bytes()
    except OSError as exc:
        yield _rejected(source, f"cannot read: {exc.strerror or exc}")
        return
    yield from read_bytes(data, path=str(p))


def read_stdin() -> Iterator[Article]:
    data = sys.stdin.buffer.read(SETTINGS.max_container_bytes + 1)
    yield from read_bytes(data, path=STDIN)


def read_bytes(data: bytes, *, path: str | None = None, url: str | None = None) -> Iterator[Article]:
    """Every page held in `data` (one page, or several for JSONL/WARC)."""
    source = Source(path=path, url=url)
    if not data.strip():
        yield _rejected(source, "empty input")
        return
    if data.startswith(GZIP_MAGIC):
        try:
            data = _gunzip(data, SETTINGS.max_container_bytes)
        except InputError as exc:
            yield _rejected(source, str(exc))
            return
        if not data.strip():
            yield _rejected(source, "empty input (after gzip)")
            return
    kind = sniff(data)
    if kind == "warc":
        yield from _from_records(warc_records(data), path, "warc")
        return
    if kind == "jsonl":
        yield from _from_records(jsonl_records(data), path, "jsonl")
        return
    yield _one_page(data, Source(path=path, url=url), kind)


def _gunzip(data: bytes, limit: int) -> bytes:
    # Bounded decompression: a small gzip bomb must not take the machine's memory.
    try:
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        out = d.decompress(data, limit + 1)
    except zlib.error as exc:
        raise InputError(f"corrupt gzip data: {exc}") from exc
    if len(out) > limit:
        raise InputError(f"gzip content is over the {limit / 1e6:.0f} MB limit")
    if d.unconsumed_tail == b"" and d.eof and d.unused_data.startswith(GZIP_MAGIC):
        try:  # concatenated gzip members (common for WARC.gz)
            out += gzip.decompress(d.unused_data)[: limit - len(out)]
        except (OSError, EOFError, zlib.error) as exc:
            raise InputError(f"corrupt gzip member: {exc}") from exc
    return out


def _from_records(records: Iterable[Record], path: str | None, fmt: str) -> Iterator[Article]:
    seen = False
    for rec in records:
        seen = True
        source = Source(path=path, url=rec.url, format=fmt, record=rec.index)
        if rec.error or rec.body is None:
            yield _rejected(source, rec.error or "record has no content")
            continue
        body = rec.body.encode("utf-8") if isinstance(rec.body, str) else rec.body
        kind = rec.kind or sniff(body)
        art = _one_page(body, source, kind if kind in ("html", "text") else "text")
        if art.page is not None:
            art.page.fetched = rec.fetched
        yield art
    if not seen:
        yield _rejected(Source(path=path, format=fmt), f"no pages in this {fmt.upper()} file")


def _one_page(data: bytes, source: Source, kind: str) -> Article:
    if len(data) > SETTINGS.max_page_bytes:
        return _rejected(
            source,
            f"page is {len(data) / 1e6:.1f} MB, over the {SETTINGS.max_page_bytes / 1e6:.0f} MB page limit",
        )
    if looks_binary(data):
        return _rejected(source, "binary content, not a text or HTML page")
    try:
        text, encoding = decode(data)
    except InputError as exc:
        return _rejected(source, str(exc))
    # Stored as found, in NFC (DESIGN: normalised forms are derived, never overwritten).
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if "\ufffd" in text and text.count("\ufffd") > max(20, len(text) // 20):
        return _rejected(source, f"undecodable text ({encoding}): too many invalid bytes")
    if not text.strip():
        return _rejected(source, "empty input")
    source.format = source.format or kind
    source.encoding = encoding
    page = Page(source=source, text=text if kind == "text" else None, html=text if kind == "html" else None)
    return Article(source=source, page=page)
