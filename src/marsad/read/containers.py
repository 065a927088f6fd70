"""Containers that hold several pages: JSONL records and WARC/WET archives."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(slots=True)
class Record:
    """One page inside a container, before decoding."""

    index: int
    url: str | None
    body: bytes | str | None
    kind: str | None  # html | text | None (sniff it)
    fetched: str | None = None
    error: str | None = None


def jsonl_records(data: bytes) -> Iterator[Record]:
    """Records of a JSONL file: {"url", "html"} or {"url", "text"} per line (a JSON array works too)."""
    stripped = data.lstrip()
    if stripped.startswith(b"["):
        try:
            items = json.loads(stripped)
        except ValueError as exc:
            yield Record(0, None, None, None, error=f"invalid JSON: {exc}")
            return
        for i, obj in enumerate(items if isinstance(items, list) else [items]):
            yield _record(i, obj)
        return
    for i, line in enumerate(data.splitlines()):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except ValueError as exc:
            yield Record(i, None, None, None, error=f"line {i + 1}: invalid JSON: {exc}")
            continue
        yield _record(i, obj)


def _record(i: int, obj: object) -> Record:
    if not isinstance(obj, dict):
        return Record(i, None, None, None, error=f"record {i + 1}: not a JSON object")
    url = obj.get("url") if isinstance(obj.get("url"), str) else None
    for key, kind in (("html", "html"), ("text", "text"), ("content", None)):
        val = obj.get(key)
        if isinstance(val, str) and val.strip():
            return Record(i, url, val, kind)
    return Record(i, url, None, None, error=f"record {i + 1}: no 'html' or 'text' field")


def warc_records(data: bytes) -> Iterator[Record]:
    """HTML responses (WARC) and extracted text (WET conversion records), in file order."""
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    types = WarcRecordType.response | WarcRecordType.conversion | WarcRecordType.resource
    i = 0
    for rec in ArchiveIterator(io.BytesIO(data), record_types=types, parse_http=True):
        url = rec.headers.get("WARC-Target-URI")
        fetched = rec.headers.get("WARC-Date")
        body = rec.reader.read()
        if rec.record_type == WarcRecordType.conversion:
            yield Record(i, url, body, "text", fetched)
        else:
            ctype = ""
            if rec.http_headers is not None:
                status = rec.http_headers.status_code
                if status and status >= 400:
                    yield Record(i, url, None, None, fetched, error=f"HTTP status {status}")
                    i += 1
                    continue
                ctype = (rec.http_headers.get("Content-Type") or "").lower()
            if ctype and "html" not in ctype and "text" not in ctype:
                i += 1
                continue  # images, scripts, PDFs: not pages
            yield Record(i, url, body, None, fetched)
        i += 1
