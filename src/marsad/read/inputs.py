"""Paths, globs, directories and stdin → articles carrying a decoded `Page`.

The format is sniffed from the first bytes (and, for gzip, from the start of what they
decompress to). Everything is streamed: WARC/WET archives record by record, JSONL line by line,
a single page up to `max_page_bytes`; only a JSON document that is not JSONL is read whole (up
to `max_container_bytes`). Damage is a quarantined record with its reason, never an exception:
the pages before it are kept, and in a file that can seek the read goes on after it.
"""

from __future__ import annotations

import glob
import io
import itertools
import re
import sys
import unicodedata
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from marsad.config import Settings
from marsad.errors import InputError
from marsad.model import Article, Page, Rejection, Source
from marsad.read.containers import Record, json_document_records, jsonl_records, warc_records
from marsad.read.decode import decode, looks_binary
from marsad.read.detect import GZIP_MAGIC, is_warc, json_layout, sniff
from marsad.read.streams import Gunzip, Prefixed, Readable, read_upto

__all__ = ["expand_inputs", "read_bytes", "read_path", "read_stdin"]

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


def read_path(
    path: str | Path, *, settings: Settings, start_offset: int | None = None, start_record: int = 0
) -> Iterator[Article]:
    """Every page in one file (or '-' for stdin). Problems become rejected articles, never raises.

    Everything is streamed: WARC and WET archives (plain, gzip per record or whole-file gzip)
    record by record, JSONL line by line, in memory bounded by one page (see the input caps in
    `marsad.config`). A truncated or corrupt archive gives its good records, then one rejection
    saying where it breaks; in a plain or per-record-gzip file the read then goes on at the next
    record after the damage. A JSON document that is not JSONL is read whole, up to
    `max_container_bytes`; a single page up to `max_page_bytes`.

    Resuming an archive: `start_offset` is a record's `Source.offset` from an earlier read, and
    the read starts with that record (numbered `start_record`, its `Source.record`). A plain WARC
    or one gzip-compressed per record is entered by seeking there. Where the offset does not
    start a record there, for a whole-file gzip (whose offsets are positions in the
    decompressed stream) and for stdin, the archive is re-read from its start and the records
    before the offset are skipped, keeping their true numbers. Ignored for inputs that are not
    archives. The input caps come from `settings`.
    """
    s = settings
    if str(path) == STDIN:
        yield from read_stdin(settings=s, start_offset=start_offset)
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
        resume = _record_at(f, start_offset, s) if start_offset else None
        if resume is not None:  # a record starts there: seek, whatever the file's first bytes are
            kind, head = resume
            records = _archive(f, f, kind, head, start_offset or 0, s, first_index=start_record)
            yield from _from_records(records, str(p), "warc", s, resumed=True)
            return
        try:
            f.seek(0)
        except OSError as exc:
            yield _rejected(source, f"cannot read: {exc.strerror or exc}")
            return
        yield from _read_stream(f, str(p), None, s, seekable=f, skip_before=start_offset)


def read_stdin(*, settings: Settings, start_offset: int | None = None) -> Iterator[Article]:
    """Every page on standard input, streamed like a file's (an archive is not re-read)."""
    yield from _read_stream(sys.stdin.buffer, STDIN, None, settings, seekable=None, skip_before=start_offset)


def read_bytes(
    data: bytes, *, settings: Settings, path: str | None = None, url: str | None = None
) -> Iterator[Article]:
    """Every page held in `data` (one page, or several for JSONL/WARC)."""
    buf = io.BytesIO(data)
    yield from _read_stream(buf, path, url, settings, seekable=buf, skip_before=None)


def _read_stream(
    raw: Readable,
    path: str | None,
    url: str | None,
    s: Settings,
    *,
    seekable: BinaryIO | None,
    skip_before: int | None,
) -> Iterator[Article]:
    """The pages of one input read from its start: the format is sniffed from its first bytes."""
    source = Source(path=path, url=url)
    try:
        head = read_upto(raw, s.read_head_bytes)
    except OSError as exc:
        yield _rejected(source, f"cannot read: {exc.strerror or exc}")
        return
    if not head.strip():
        yield _rejected(source, "empty input")
        return
    kind = _archive_kind(head)
    if kind is not None:
        records = _archive(raw, seekable, kind, head, 0, s, skip_before=skip_before)
        yield from _from_records(records, path, "warc", s, resumed=skip_before is not None)
        return
    if seekable is not None and (found := _archive_in(head, seekable, s)) is not None:
        yield from _from_records(_damaged_archive(seekable, found, s), path, "warc", s)
        return
    stream: Readable = Prefixed(head, raw)
    gzipped = head.startswith(GZIP_MAGIC)
    try:
        if gzipped:
            gz = Gunzip(stream, settings=s)
            head, broken = _head_of(gz, s)
            if not head.strip():
                yield _rejected(source, str(broken) if broken else "empty input (after gzip)")
                return
            # A gzip cut short within the first bytes still gives the JSONL lines before the cut.
            stream = Prefixed(head, _Raising(broken) if broken else gz)
        fmt = sniff(head)
        if fmt == "warc":  # a gzip'd WARC whose first compressed bytes did not show it
            yield from _from_records(warc_records(Prefixed(b"", stream), settings=s), path, "warc", s)
            return
        layout = json_layout(head) if fmt == "jsonl" else None
        if layout == "lines":  # JSONL: streamed line by line
            yield from _from_records(jsonl_records(stream, settings=s), path, "jsonl", s)
            return
        if layout == "document":  # an array or a pretty-printed object: parsed whole
            yield from _json_document(stream, source, path, s)
            return
        data = read_upto(stream, s.max_page_bytes + 1)
    except OSError as exc:  # a gzip that is corrupt, cut short or over a cap
        yield _rejected(source, str(exc) if gzipped else f"cannot read: {exc.strerror or exc}")
        return
    if len(data) > s.max_page_bytes:
        cap = s.max_page_bytes
        grew = "expands past" if gzipped else "is over"
        yield _rejected(source, f"page {grew} the {cap / 1e6:.0f} MB page limit (max_page_bytes)")
        return
    yield _one_page(data, source, fmt if fmt in ("html", "text") else "text", s)


def _damaged_archive(seekable: BinaryIO, found: tuple[int, str, bytes], s: Settings) -> Iterator[Record]:
    """The first record is damaged, later ones are whole: an archive, read on from there."""
    at, kind, first = found
    bad = Record(
        0,
        None,
        None,
        None,
        error=f"archive truncated/corrupt before the first record: not a {kind.upper()} record at offset 0",
        offset=0,
    )
    return itertools.chain([bad], _archive(seekable, seekable, kind, first, at, s, first_index=1))


def _json_document(stream: Readable, source: Source, path: str | None, s: Settings) -> Iterator[Article]:
    """The pages of a JSON array or pretty-printed object, read whole up to max_container_bytes."""
    data = read_upto(stream, s.max_container_bytes + 1)
    if len(data) > s.max_container_bytes:
        cap = s.max_container_bytes
        yield _rejected(source, f"JSON document over the {cap / 1e6:,.0f} MB cap (max_container_bytes)")
        return
    yield from _from_records(json_document_records(data), path, "jsonl", s)


def _head_of(gz: Gunzip, s: Settings) -> tuple[bytes, OSError | None]:
    """The first s.read_head_bytes of `gz`, or what came before it broke, with the error."""
    parts: list[bytes] = []
    got = 0
    try:
        while got < s.read_head_bytes and (chunk := gz.read(s.read_head_bytes - got)):
            parts.append(chunk)
            got += len(chunk)
    except OSError as exc:
        return b"".join(parts), exc
    return b"".join(parts), None


class _Raising:
    """A stream that only raises `error`: what comes after the bytes read before it."""

    def __init__(self, error: OSError) -> None:
        self._error = error

    def read(self, size: int = -1, /) -> bytes:
        raise self._error


def _archive_kind(head: bytes) -> str | None:
    """The archive kind ("warc", "warc.gz") the first bytes of a file start, or None."""
    if head.startswith(GZIP_MAGIC):
        try:
            start = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 4096)
        except zlib.error:
            return None
        return "warc.gz" if is_warc(start) else None
    return "warc" if is_warc(head) else None


def _archive(
    raw: Readable,
    seekable: BinaryIO | None,
    kind: str,
    head: bytes,
    start: int,
    s: Settings,
    *,
    first_index: int = 0,
    skip_before: int | None = None,
) -> Iterator[Record]:
    """The records of an archive whose bytes from file offset `start` are `head`, then `raw`.

    After damage, a seekable file is read on from the next record start found after it (a line
    "WARC/1.x" in a plain WARC, a gzip member holding one in a WARC.gz): one bad record costs
    that record, not the rest of the file. Each jump goes strictly forward, so this ends.
    """
    restarted = False
    while True:
        records = _records_from(Prefixed(head, raw, start), kind, first_index, skip_before, s)
        damage: Record | None = None
        produced = False
        for rec in records:
            if rec.damaged:
                damage = rec
                break
            produced = True
            yield rec
        if damage is None:
            return
        after = damage.resync_after
        if after is None and not produced:
            after = start  # broken before its first record: the damage is where this read began
        if restarted and not produced:
            # A restart that breaks at once: the damage already reported is still going on.
            after = start if after is None else max(after, start)
        else:
            yield damage
            first_index = damage.index + 1
        nxt = _next_record(seekable, kind, after, s) if seekable is not None and after is not None else None
        if nxt is None:
            return
        start, kind, head = nxt
        raw = seekable  # type: ignore[assignment]  # seekable is not None here
        restarted = True


def _records_from(
    stream: Prefixed, kind: str, first_index: int, skip_before: int | None, s: Settings
) -> Iterator[Record]:
    if kind == "warc.gz":
        start = stream.tell()
        gz = Gunzip(stream, start, settings=s, members=start > 0)
        return warc_records(
            gz, settings=s, offset_of=gz.offset_of, first_index=first_index, skip_before=skip_before,
            file_offsets=lambda: not gz.whole_file,
        )  # fmt: skip
    return warc_records(stream, settings=s, first_index=first_index, skip_before=skip_before)


_STARTS = {"warc": re.compile(rb"(?:^|\n)(WARC/1\.)"), "warc.gz": re.compile(rb"(\x1f\x8b\x08)")}


def _next_record(f: BinaryIO, kind: str, after: int, s: Settings) -> tuple[int, str, bytes] | None:
    """The first record start strictly after file offset `after`: (offset, kind, first bytes)."""
    pattern = _STARTS[kind]
    pos = after + 1
    try:
        while True:
            f.seek(pos)
            window = f.read(s.read_scan_bytes + 16)
            if not window:
                return None
            for m in pattern.finditer(window):
                at = pos + m.start(1)
                if at <= after or m.start(1) >= s.read_scan_bytes:
                    continue
                found = _record_at(f, at, s)
                if found is not None:
                    return at, found[0], found[1]
            if len(window) <= s.read_scan_bytes:
                return None
            pos += s.read_scan_bytes
    except (OSError, ValueError, OverflowError):
        return None


def _archive_in(head: bytes, f: BinaryIO, s: Settings) -> tuple[int, str, bytes] | None:
    """A record start (WARC line or gzip member holding one) inside the first bytes of a file
    that does not start as an archive: (offset, kind, its first bytes)."""
    for kind, pattern in _STARTS.items():
        for m in pattern.finditer(head, 1):
            if kind == "warc" and not head.startswith((b"WARC/1.0\r\n", b"WARC/1.1\r\n"), m.start(1)):
                continue
            found = _record_at(f, m.start(1), s)
            if found is not None:
                return m.start(1), found[0], found[1]
    return None


def _record_at(f: BinaryIO, offset: int | None, s: Settings) -> tuple[str, bytes] | None:
    """The archive kind and first bytes when a WARC record (or a gzip member holding one) starts
    at `offset` of the file; None otherwise."""
    try:
        f.seek(offset or 0)
        head = f.read(s.read_head_bytes)
    except (OSError, ValueError, OverflowError):
        return None
    if head.startswith(b"WARC/"):
        return "warc", head
    if head.startswith(GZIP_MAGIC) and _archive_kind(head) == "warc.gz":
        return "warc.gz", head
    return None


def _from_records(
    records: Iterable[Record],
    path: str | None,
    fmt: str,
    s: Settings,
    *,
    resumed: bool = False,
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
        art = _one_page(body, source, kind if kind in ("html", "text") else "text", s)
        if art.page is not None:
            art.page.fetched = rec.fetched
            art.page.given = rec.given
        yield art
    if not seen:
        yield _rejected(Source(path=path, format=fmt), f"no pages in this {fmt.upper()} file")


def _one_page(data: bytes, source: Source, kind: str, s: Settings) -> Article:
    if len(data) > s.max_page_bytes:
        return _rejected(
            source,
            f"page is {len(data) / 1e6:.1f} MB, over the {s.max_page_bytes / 1e6:.0f} MB page limit",
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
