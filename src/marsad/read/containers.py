"""Containers that hold several pages: JSONL records and WARC/WET archives.

JSONL is read line by line from a stream (or bytes), a JSON array whole. WARC/WET archives are
streamed record by record through FastWARC, so memory stays flat however large the archive is.
Neither raises on bad data: a bad line or record is a `Record` with its `error`.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Final

from marsad.config import Settings
from marsad.model import Given
from marsad.read.streams import Positioned, Readable, StreamDamage

__all__ = ["Record", "json_document_records", "jsonl_records", "warc_records"]

if TYPE_CHECKING:
    from fastwarc.warc import WarcRecord


@dataclass(slots=True)
class Record:
    """One page inside a container, before decoding."""

    index: int
    url: str | None
    body: bytes | str | None
    kind: str | None  # html | text | None (sniff it)
    fetched: str | None = None
    error: str | None = None
    id: str | None = None  # the record's own id (JSONL "id"), kept as the article's source_id
    given: Given | None = None  # stated title / published / outlet
    record_id: str | None = None  # WARC-Record-ID
    offset: int | None = None  # where the record starts in its file (see `warc_records`)
    # Set on the record that ends a damaged archive: the file offset after which the next
    # record may be looked for (None: the damage cannot be read past, e.g. inside a whole-file
    # gzip). See `marsad.read.inputs` for the scan.
    resync_after: int | None = None
    damaged: bool = False


def jsonl_records(
    data: bytes | Readable, *, settings: Settings, line_limit: int | None = None
) -> Iterator[Record]:
    """Records of a JSONL file: {"url", "html"} or {"url", "text"} per line (a JSON array works too).

    `data` is the whole file as bytes, or a stream read line by line (memory: one line). Never
    raises: a line that is not JSON, not an object, nested too deeply, holds invalid Unicode or
    is over `line_limit` bytes (default `max_jsonl_line_bytes`) is one record with its error;
    a stream that breaks (a truncated gzip) ends with one record saying after which line.
    """
    if isinstance(data, bytes) and data.lstrip().startswith(b"["):
        yield from json_document_records(data.lstrip())
        return
    limit = settings.max_jsonl_line_bytes if line_limit is None else line_limit
    stream = io.BytesIO(data) if isinstance(data, bytes) else data
    i = -1
    try:
        for i, line in _lines(stream, limit, settings.read_chunk_bytes):
            if line is None:
                yield Record(
                    i,
                    None,
                    None,
                    None,
                    error=f"line {i + 1}: over the {limit:,} byte line cap (max_jsonl_line_bytes)",
                )
            elif line.strip():
                yield _parsed(i, line, f"line {i + 1}")
    except OSError as exc:  # the stream under the lines broke: a truncated or corrupt gzip, a cap
        where = "before the first line" if i < 0 else f"after line {i + 1}"
        yield Record(i + 1, None, None, None, error=f"file truncated/corrupt {where}: {exc}")


def json_document_records(data: bytes) -> Iterator[Record]:
    """Records of one JSON document read whole: an array of records, or one record object."""
    try:
        items = json.loads(data)
    except RecursionError:
        yield Record(0, None, None, None, error="invalid JSON: nested too deeply")
        return
    except ValueError as exc:
        yield Record(0, None, None, None, error=f"invalid JSON: {exc}")
        return
    for i, obj in enumerate(items if isinstance(items, list) else [items]):
        yield _record(i, obj)


def _lines(stream: Readable, limit: int, chunk_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """(number, line) for each line of `stream`; None for a line over `limit` bytes (read past)."""
    buf = bytearray()  # the line so far: appends are amortised, a long line is not quadratic
    n = 0
    skipping = False  # inside a line already reported as too long
    while chunk := stream.read(chunk_bytes):
        pos = 0
        while (end := chunk.find(b"\n", pos)) >= 0:
            if not skipping:
                if len(buf) + end - pos <= limit:
                    buf += chunk[pos:end]
                    yield n, bytes(buf)
                else:
                    yield n, None
            buf.clear()
            skipping = False
            n += 1
            pos = end + 1
        if skipping:
            continue
        if len(buf) + len(chunk) - pos > limit:
            yield n, None
            skipping = True
            buf.clear()
        else:
            buf += chunk[pos:]
    if buf and not skipping:
        yield n, bytes(buf)


def _parsed(i: int, line: bytes, where: str) -> Record:
    try:
        obj = json.loads(line)
    except RecursionError:
        return Record(i, None, None, None, error=f"{where}: invalid JSON: nested too deeply")
    except UnicodeDecodeError as exc:
        return Record(i, None, None, None, error=f"{where}: not UTF-8 (byte {exc.start + 1} of the line)")
    except ValueError as exc:
        return Record(i, None, None, None, error=f"{where}: invalid JSON: {exc}")
    return _record(i, obj)


def _string(obj: dict[str, object], key: str) -> str | None:
    val = obj.get(key)
    if isinstance(val, int | float) and not isinstance(val, bool) and key == "id":
        return str(val)
    return _no_nul(val).strip() or None if isinstance(val, str) else None


def _no_nul(text: str) -> str:
    """NUL characters carry nothing in a page and PostgreSQL text cannot hold them (a JSON
    "\\u0000" reached the writer and ended the run: schemathesis on POST /api/ingest)."""
    return text.replace("\x00", "") if "\x00" in text else text


def _bad_unicode(obj: dict[str, object]) -> str | None:
    """Why a record's strings cannot be stored as text: JSON's \\ud800 escapes decode to lone
    surrogates, which no UTF-8 store (SQLite text, PostgreSQL) accepts."""
    for key in ("url", "id", "title", "published", *_DATE_ALIASES, "outlet", "html", "text", "content"):
        val = obj.get(key)
        if isinstance(val, str):
            try:
                val.encode("utf-8")
            except UnicodeEncodeError as exc:
                return f"invalid Unicode in {key!r}: lone surrogate U+{ord(val[exc.start]):04X} at character {exc.start}"
    return None


def iso_date(value: str) -> str | None:
    """`value` as an ISO date or datetime when it is one (2018-04-14, 2018-04-14T09:30:00+00:00)."""
    v = value.strip()
    try:
        if len(v) == 10:
            return date.fromisoformat(v).isoformat()
        return datetime.fromisoformat(v.replace("Z", "+00:00")).isoformat()
    except ValueError:
        return None


# Other names news datasets give the publication date (schema.org's datePublished, the ANT
# corpora's and many scrapers' `time`, `date`). `published` is the documented field and a value
# there that is not a date is an error; an alias is used only when it holds an ISO date, since a
# field named `date` or `time` may mean something else in another schema (a clock time, a crawl day
# in another format) and such a record must not be refused for it.
_DATE_ALIASES: Final = (
    "datePublished",
    "date_published",
    "published_at",
    "date",
    "time",
)  # fact: field names


def _stated_date(obj: dict[str, object]) -> str | None:
    """The first alias of the publication date that holds an ISO date or datetime."""
    for key in _DATE_ALIASES:
        val = _string(obj, key)
        if val is not None and (day := iso_date(val)) is not None:
            return day
    return None


def _record(i: int, obj: object) -> Record:
    if not isinstance(obj, dict):
        return Record(i, None, None, None, error=f"record {i + 1}: not a JSON object")
    if (bad := _bad_unicode(obj)) is not None:
        url = _string(obj, "url")
        return Record(
            i,
            url if url and _bad_unicode({"url": url}) is None else None,
            None,
            None,
            error=f"record {i + 1}: {bad}",
        )
    url = _string(obj, "url")
    rid = _string(obj, "id")
    published = _string(obj, "published")
    if published is not None and iso_date(published) is None:
        return Record(
            i, url, None, None, id=rid,
            error=f"record {i + 1}: 'published' is not an ISO date or datetime: {published[:40]!r}",
        )  # fmt: skip
    day = iso_date(published) if published else _stated_date(obj)
    stated = (_string(obj, "title"), day, _string(obj, "outlet"))
    given = Given(*stated) if any(stated) else None
    for key, kind in (("html", "html"), ("text", "text"), ("content", None)):
        val = obj.get(key)
        if isinstance(val, str) and (val := _no_nul(val)).strip():
            return Record(i, url, val, kind, id=rid, given=given)
    return Record(i, url, None, None, id=rid, error=f"record {i + 1}: no 'html' or 'text' field")


_LENGTH = re.compile(r"[0-9]{1,18}")  # < 10**18: a length a file can have (2**64 cannot)


class _Damaged(Exception):
    """A record cut short or unparseable: the archive ends (for us) before it."""


def warc_records(
    data: bytes | Positioned,
    *,
    settings: Settings,
    offset_of: Callable[[int], int] | None = None,
    first_index: int = 0,
    skip_before: int | None = None,
    page_limit: int | None = None,
    file_offsets: Callable[[], bool] | None = None,
) -> Iterator[Record]:
    """HTML responses (WARC) and extracted text (WET conversion records), in file order.

    `data` is a plain (decompressed) WARC, as bytes or as a stream with `read` and `tell` (see
    `marsad.read.streams`); the stream is read forward once. Each record carries its
    WARC-Record-ID, WARC-Date, target URI and `offset`: FastWARC's `stream_pos` (the stream's
    `tell()` where the record starts) mapped through `offset_of` when given.

    `index` counts response, resource and conversion records from `first_index` (other record
    types are not pages and are not counted). Records starting before `skip_before` are read
    past without being returned. Caps and sizes come from `settings`. A body over `page_limit` bytes is not kept: the record comes
    back with an error. Never raises: a record cut short, a broken header or unreadable data
    ends the iteration with one record whose error says after which record and where, and
    `damaged` set; its `resync_after` is the file offset of the damage when the offsets are file
    offsets (`file_offsets()` says so; default: they are) or the gzip layer said where.
    """
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    limit = settings.max_page_bytes if page_limit is None else page_limit
    stream = _Tail(io.BytesIO(data) if isinstance(data, bytes) else data)
    page_types = (WarcRecordType.response, WarcRecordType.resource, WarcRecordType.conversion)
    index = first_index
    last: tuple[int, int] | None = None  # (index, offset) of the last page record read whole
    offset: int | None = None
    seen = False
    try:
        records = ArchiveIterator(
            stream,  # type: ignore[arg-type]
            parse_http=True,
            stream_detect=False,
            fsspec_args=False,
            max_header_len=settings.max_warc_header_bytes,
        )
        for rec in records:
            seen = True
            offset = rec.stream_pos if offset_of is None else offset_of(rec.stream_pos)
            length = rec.headers.get("Content-Length")
            if length is None:
                raise _Damaged(f"incomplete WARC header at offset {offset}")
            if not _LENGTH.fullmatch(length):
                # FastWARC reads "-5", "abc" or 2**64 as 0 and goes on from the wrong place.
                raise _Damaged(f"bad Content-Length {length[:40]!r} in the record at offset {offset}")
            is_page = rec.record_type in page_types
            if not is_page or (skip_before is not None and offset < skip_before):
                _check(rec, rec.reader.consume(), offset)
                index += is_page
                continue
            error = _not_a_page(rec, limit)
            body = None if error is not None else _read(rec, rec.content_length)
            _check(rec, len(body) if body is not None else rec.reader.consume(), offset)
            i, last = index, (index, offset)
            index += 1
            if error == "":
                continue  # images, scripts, PDFs: not pages, not reported
            yield Record(
                i,
                rec.headers.get("WARC-Target-URI"),
                body,
                "text" if rec.record_type == WarcRecordType.conversion else None,
                rec.headers.get("WARC-Date"),
                error=error,
                record_id=rec.record_id,
                offset=offset,
            )
        if stream.error is not None:
            raise stream.error
        if seen and not stream.ends_a_record():
            raise _Damaged(f"the archive ends inside the record at offset {offset} (no closing CRLF CRLF)")
    except _Damaged as exc:  # at the record starting at `offset`
        if stream.error is not None:  # the record is cut short because the stream broke: say why
            yield _broken(stream.error, index, last, offset, file_offsets, settings)
            return
        at = offset if offset is not None and (file_offsets is None or file_offsets()) else None
        yield _damage(index, last, offset, str(exc), at)
    except Exception as exc:  # FastWARC's parse errors are OSError, a Python stream raises anything
        yield _broken(stream.error or exc, index, last, offset, file_offsets, settings)


def _broken(
    exc: Exception,
    index: int,
    last: tuple[int, int] | None,
    offset: int | None,
    file_offsets: Callable[[], bool] | None,
    settings: Settings,
) -> Record:
    if isinstance(exc, StreamDamage):  # the gzip layer knows the member's file offset
        return _damage(index, last, None, str(exc), exc.offset)
    # After the last record read whole (whose offset is `offset`): look after it.
    at = offset if offset is not None and (file_offsets is None or file_offsets()) else None
    detail = str(exc) or type(exc).__name__
    if "header length" in detail:
        detail += f" (over {settings.max_warc_header_bytes:,} bytes: max_warc_header_bytes)"
    return _damage(index, last, None, detail, at)


class _Tail:
    """The stream FastWARC reads, keeping its last bytes: FastWARC ends quietly on an archive cut
    inside the last record's closing CRLF CRLF, after its content.

    An error of the stream under it (a gzip cut short, over a cap) is kept and shown to FastWARC
    as the end of the data: raised through FastWARC, it would lose the whole records FastWARC
    has already buffered. `warc_records` raises it after the last of them."""

    def __init__(self, raw: Positioned) -> None:
        self._raw = raw
        self._tail = b""
        self.error: Exception | None = None

    def read(self, size: int = -1, /) -> bytes:
        if self.error is not None:
            return b""
        try:
            data = self._raw.read(size)
        except Exception as exc:  # a Python stream may raise anything: kept, reported in order
            self.error = exc
            return b""
        self._tail = (self._tail + data[-64:])[-64:]
        return data

    def tell(self) -> int:
        return self._raw.tell()

    def close(self) -> None:
        """The caller owns the stream."""

    def ends_a_record(self) -> bool:
        """The stream ends with a record's closing CRLF CRLF (padding after it is allowed)."""
        body = self._tail.rstrip(b"\x00 \t\r\n")
        return b"\r\n\r\n" in self._tail[len(body) :]


def _not_a_page(rec: WarcRecord, limit: int) -> str | None:
    """Why the record's body is not read as a page: an error, "" to skip it silently, or None."""
    http = rec.http_headers
    if http is not None:
        status = http.status_code
        if status and status >= 400:
            return f"HTTP status {status}"
        ctype = (http.get("Content-Type") or "").lower()
        if ctype and "html" not in ctype and "text" not in ctype:
            return ""
    if rec.content_length > limit:
        return f"page is {rec.content_length / 1e6:.1f} MB, over the {limit / 1e6:.0f} MB page limit"
    return None


def _read(rec: WarcRecord, n: int) -> bytes:
    parts: list[bytes] = []
    got = 0
    while got < n:
        chunk = rec.reader.read(n - got)
        if not chunk:
            break
        parts.append(chunk)
        got += len(chunk)
    return b"".join(parts)


def _check(rec: WarcRecord, got: int, offset: int) -> None:
    if got != rec.content_length:
        raise _Damaged(
            f"the record at offset {offset} is cut short ({got:,} of {rec.content_length:,} bytes)"
        )


def _damage(
    index: int, last: tuple[int, int] | None, offset: int | None, detail: str, at: int | None
) -> Record:
    where = "before the first record" if last is None else f"after record {last[0]} at offset {last[1]}"
    rec = Record(index, None, None, None, error=f"archive truncated/corrupt {where}: {detail}", offset=offset)
    rec.damaged = True
    rec.resync_after = at
    return rec
