"""Paths, globs, directories and stdin → articles carrying a decoded `Page`.

The format is sniffed from the first bytes (and, for gzip, from the start of what they
decompress to): WARC/WET archives are streamed record by record, other inputs read whole.
"""

from __future__ import annotations

import glob
import gzip
import io
import os
import sys
import unicodedata
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from marsad.config import SETTINGS
from marsad.errors import InputError
from marsad.model import Article, Page, Rejection, Source
from marsad.read.containers import Record, jsonl_records, warc_records
from marsad.read.decode import decode, looks_binary
from marsad.read.detect import GZIP_MAGIC, is_warc, sniff
from marsad.read.streams import Gunzip, Prefixed

STDIN = "-"
HEAD_BYTES = 1 << 16  # read to tell an archive (streamed) from a page or JSONL (read whole)


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


def read_path(
    path: str | Path, *, start_offset: int | None = None, start_record: int = 0
) -> Iterator[Article]:
    """Every page in one file (or '-' for stdin). Problems become rejected articles, never raises.

    WARC and WET archives (plain, gzip per record or whole-file gzip) are streamed record by
    record in constant memory, with no size limit but the per-page one; a truncated or corrupt
    archive gives its good records, then one rejection saying where it breaks. Other inputs
    (a page, JSONL) are read whole, up to `max_container_bytes`.

    Resuming an archive: `start_offset` is a record's `Source.offset` from an earlier read, and
    the read starts with that record (numbered `start_record`, its `Source.record`). A plain WARC
    or one gzip-compressed per record is entered by seeking there. Where the offset does not
    start a record there, for a whole-file gzip (whose offsets are positions in the
    decompressed stream) and for stdin, the archive is re-read from its start and the records
    before the offset are skipped, keeping their true numbers. Ignored for inputs that are not
    archives.
    """
    if str(path) == STDIN:
        yield from read_stdin(start_offset=start_offset)
        return
    p = Path(path)
    source = Source(path=str(p))
    if p.is_dir():
        yield _rejected(source, "is a directory")
        return
    try:
        f = p.open("rb")
    except OSError as exc:
        yield _rejected(source, f"cannot open: {exc.strerror or exc}")
        return
    with f:
        resume = _record_at(f, start_offset) if start_offset else None
        if resume is not None:  # a record starts there: seek, whatever the file's first bytes are
            stream = Prefixed(resume[1], f, start_offset or 0)
            yield from _stream_archive(stream, str(p), resume[0], first_index=start_record, resumed=True)
            return
        try:
            f.seek(0)
            head = f.read(HEAD_BYTES)
            kind = _archive_kind(head)
            if kind is None:
                size = os.fstat(f.fileno()).st_size
                if size > SETTINGS.max_container_bytes:
                    limit = SETTINGS.max_container_bytes
                    yield _rejected(
                        source, f"file is {size / 1e6:.0f} MB, over the {limit / 1e6:.0f} MB limit"
                    )
                    return
                data = head + f.read()
        except OSError as exc:
            yield _rejected(source, f"cannot read: {exc.strerror or exc}")
            return
        if kind is None:
            yield from read_bytes(data, path=str(p))
            return
        stream = Prefixed(head, f)
        yield from _stream_archive(
            stream, str(p), kind, skip_before=start_offset, resumed=start_offset is not None
        )


def read_stdin(*, start_offset: int | None = None) -> Iterator[Article]:
    """Every page on standard input: an archive is streamed, anything else read whole."""
    raw = sys.stdin.buffer
    try:
        head = raw.read(HEAD_BYTES)
        kind = _archive_kind(head)
        if kind is None:
            data = head + raw.read(max(0, SETTINGS.max_container_bytes + 1 - len(head)))
    except OSError as exc:
        yield _rejected(Source(path=STDIN), f"cannot read: {exc.strerror or exc}")
        return
    if kind is None:
        yield from read_bytes(data, path=STDIN)
        return
    stream = Prefixed(head, raw)
    yield from _stream_archive(
        stream, STDIN, kind, skip_before=start_offset, resumed=start_offset is not None
    )


def read_bytes(data: bytes, *, path: str | None = None, url: str | None = None) -> Iterator[Article]:
    """Every page held in `data` (one page, or several for JSONL/WARC)."""
    source = Source(path=path, url=url)
    if not data.strip():
        yield _rejected(source, "empty input")
        return
    kind = _archive_kind(data[:HEAD_BYTES])
    if kind is not None:
        yield from _stream_archive(Prefixed(b"", io.BytesIO(data)), path, kind)
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
        yield from _stream_archive(Prefixed(b"", io.BytesIO(data)), path, "warc")
        return
    if kind == "jsonl":
        yield from _from_records(jsonl_records(data), path, "jsonl")
        return
    yield _one_page(data, Source(path=path, url=url), kind)


def _archive_kind(head: bytes) -> str | None:
    """The archive kind ("warc", "warc.gz") the first bytes of a file start, or None."""
    if head.startswith(GZIP_MAGIC):
        try:
            start = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 4096)
        except zlib.error:
            return None
        return "warc.gz" if is_warc(start) else None
    return "warc" if is_warc(head) else None


def _stream_archive(
    stream: Prefixed,
    path: str | None,
    kind: str,
    *,
    first_index: int = 0,
    skip_before: int | None = None,
    resumed: bool = False,
) -> Iterator[Article]:
    """The pages of an archive, record by record; `stream` is positioned at a record's start."""
    if kind == "warc.gz":
        start = stream.tell()
        gz = Gunzip(stream, start, members=start > 0)
        records = warc_records(gz, offset_of=gz.offset_of, first_index=first_index, skip_before=skip_before)
    else:
        records = warc_records(stream, first_index=first_index, skip_before=skip_before)
    yield from _from_records(records, path, "warc", resumed=resumed)


def _record_at(f: BinaryIO, offset: int | None) -> tuple[str, bytes] | None:
    """The archive kind and first bytes when a WARC record (or a gzip member holding one) starts
    at `offset` of the file; None otherwise."""
    try:
        f.seek(offset or 0)
        head = f.read(HEAD_BYTES)
    except (OSError, ValueError, OverflowError):
        return None
    if head.startswith(b"WARC/"):
        return "warc", head
    if head.startswith(GZIP_MAGIC) and _archive_kind(head) == "warc.gz":
        return "warc.gz", head
    return None


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


def _from_records(
    records: Iterable[Record], path: str | None, fmt: str, *, resumed: bool = False
) -> Iterator[Article]:
    seen = resumed  # a resumed read may rightly find nothing left
    for rec in records:
        seen = True
        source = Source(
            path=path,
            url=rec.url,
            format=fmt,
            record=rec.index,
            id=rec.id,
            record_id=rec.record_id,
            offset=rec.offset,
        )
        if rec.error or rec.body is None:
            yield _rejected(source, rec.error or "record has no content")
            continue
        body = rec.body.encode("utf-8") if isinstance(rec.body, str) else rec.body
        kind = rec.kind or sniff(body)
        art = _one_page(body, source, kind if kind in ("html", "text") else "text")
        if art.page is not None:
            art.page.fetched = rec.fetched
            art.page.given = rec.given
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
