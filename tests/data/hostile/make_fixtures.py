"""Write the hostile-input fixtures of tests/read/test_read_hostile.py (each under 20 KB).

Run from anywhere: `python tests/data/hostile/make_fixtures.py`. The output is deterministic
(fixed record ids, dates, gzip mtime 0), so re-running it changes no file. Each fixture is one
way an input can be broken that once stopped a run or lost good records (project issue 12).
"""

from __future__ import annotations

import gzip
import json
import uuid
import zlib
from pathlib import Path

HERE = Path(__file__).parent
GOOD = 6  # good pages around each damage


def page(i: int) -> bytes:
    return (
        f"<html><head><title>خبر {i}</title></head><body><article><h1>عنوان الخبر رقم {i}</h1>"
        f"<p>{'قال المتحدث إن المحادثات مستمرة بين الطرفين حول القضايا العالقة. ' * 3}رقم {i}</p>"
        "</article></body></html>"
    ).encode()


def record(i: int, *, length: str | None = None, payload: bytes | None = None) -> bytes:
    """One WARC response record for page `i`; `length` overrides its Content-Length header."""
    if payload is None:
        body = page(i)
        payload = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + body
    head = (
        "WARC/1.0\r\nWARC-Type: response\r\n"
        f"WARC-Record-ID: <urn:uuid:{uuid.UUID(int=i + 1)}>\r\n"
        "WARC-Date: 2024-03-13T08:15:00Z\r\n"
        f"WARC-Target-URI: https://news.example/{i}\r\n"
        "Content-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(payload) if length is None else length}\r\n\r\n"
    ).encode()
    return head + payload + b"\r\n\r\n"


def conversion(i: int, *, length: str | None = None) -> bytes:
    """One WET conversion record (extracted text) for page `i`."""
    text = f"عنوان الخبر رقم {i}\n{'قال المتحدث إن المحادثات مستمرة. ' * 4}".encode()
    head = (
        "WARC/1.0\r\nWARC-Type: conversion\r\n"
        f"WARC-Record-ID: <urn:uuid:{uuid.UUID(int=1000 + i)}>\r\n"
        "WARC-Date: 2024-03-13T08:15:00Z\r\n"
        f"WARC-Target-URI: https://news.example/{i}\r\n"
        "Content-Type: text/plain\r\n"
        f"Content-Length: {len(text) if length is None else length}\r\n\r\n"
    ).encode()
    return head + text + b"\r\n\r\n"


def gz(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)


def zeros_member(size: int) -> bytes:
    """A gzip member of `size` zero bytes: ~1000:1, the shape of a gzip bomb."""
    c = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = bytes(min(size, 1 << 20))  # in blocks: a 2 GB bomb is made in 2 MB of memory
    parts = [c.compress(block) for _ in range(size // len(block))] if size else []
    return b"".join([*parts, c.compress(bytes(size % max(len(block), 1))), c.flush()])


def jsonl_line(i: int) -> bytes:
    return json.dumps(
        {"url": f"https://news.example/j{i}", "html": page(i).decode()}, ensure_ascii=False
    ).encode()


def fixtures() -> dict[str, bytes]:
    good = [record(i) for i in range(GOOD)]
    out: dict[str, bytes] = {}
    # 1. A bad Content-Length in the middle of an archive (plain and gzip per record).
    for name, length in (("negative", "-5"), ("letters", "abc"), ("2pow64", str(2**64))):
        recs = [*good[:3], record(99, length=length), *good[3:]]
        out[f"bad_length_{name}.warc"] = b"".join(recs)
        out[f"bad_length_{name}.warc.gz"] = b"".join(gz(r) for r in recs)
    wet = [conversion(i) for i in range(GOOD)]
    out["bad_length.warc.wet"] = b"".join([*wet[:3], conversion(99, length="-5"), *wet[3:]])
    out["bad_length.warc.wet.gz"] = gz(out["bad_length.warc.wet"])  # whole-file: no read past
    # 2. JSONL with a lone surrogate, non-UTF-8 bytes, JSON that is not an object, deep nesting.
    lines = [jsonl_line(i) for i in range(GOOD)]
    out["lone_surrogate.jsonl"] = b"\n".join(
        [*lines[:2], b'{"url": "https://news.example/s", "html": "<p>\\ud800 x</p>"}', *lines[2:]]
    )
    out["lone_surrogate.jsonl.gz"] = gz(out["lone_surrogate.jsonl"])
    out["not_utf8.jsonl"] = b"\n".join(
        [*lines[:2], b'{"url": "u", "html": "<p>\xff\xfe\x80</p>"}', *lines[2:]]
    )
    out["not_objects.jsonl"] = b"\n".join([*lines[:2], b"[1, 2]", b'"text"', b"null", b"42", *lines[2:]])
    out["deep.jsonl"] = b"\n".join(
        [*lines[:2], b"[" * 2000 + b"]" * 2000, b'{"a":' * 2000 + b"1" + b"}" * 2000, *lines[2:]]
    )
    out["bad_first_line.jsonl"] = b"\n".join([b'{"url": "https://news.example/x", "html": "<p>cut', *lines])
    out["array.json"] = b"[\n" + b",\n".join(lines[:3]) + b",\n 7\n]"
    # 3. Truncated archives: the good records before the cut are kept.
    plain = b"".join(good)
    out["truncated.warc"] = plain[: len(plain) - 200]
    out["truncated_members.warc.gz"] = b"".join(gz(r) for r in good)[:-40]
    whole = gz(plain)
    out["truncated_whole.warc.gz"] = whole[:-20]  # into the last record
    out["truncated.jsonl.gz"] = gz(b"\n".join(lines))[:-30]
    # 4. Headers: one that never ends, one line over the header cap, garbage between records.
    out["header_never_ends.warc"] = good[0] + b"WARC/1.0\r\nWARC-Type: response\r\n" + b"X-A: b\r\n" * 1500
    out["huge_header_line.warc"] = (
        good[0] + b"WARC/1.0\r\nWARC-Type: response\r\nX-A: " + b"a" * 12_000
        + b"\r\nContent-Length: 5\r\n\r\nhello\r\n\r\n" + good[1]
    )  # fmt: skip
    out["garbage_between.warc"] = good[0] + b"\x00\xffGARBAGE\r\n\r\n" + good[1]
    out["damaged_first_record.warc"] = b"W\x00RC" + plain[4:]
    # 5. Gzip bombs: tiny files that expand past the caps the tests lower (1 MB each here).
    out["bomb_second_member.html.gz"] = gz(page(0)) + zeros_member(2_000_000)
    out["bomb_single_member.html.gz"] = zeros_member(2_000_000)
    out["bomb_member.warc.gz"] = b"".join(
        [
            gz(good[0]),
            gz(record(98, payload=b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + bytes(2_000_000))),
            gz(good[1]),
        ]
    )
    out["bomb.jsonl.gz"] = gz(lines[0] + b"\n") + zeros_member(2_000_000)
    # 6. Nothing, and noise.
    out["empty.html"] = b""
    out["empty.warc.gz"] = b""
    out["gzip_of_nothing.gz"] = gz(b"")
    out["garbage.bin"] = bytes((i * 7919) % 251 for i in range(4000))
    out["garbage_after_magic.gz"] = b"\x1f\x8b" + bytes((i * 31) % 256 for i in range(2000))
    return out


def main() -> None:
    for name, data in fixtures().items():
        assert len(data) < 20_000, (name, len(data))
        (HERE / name).write_bytes(data)


if __name__ == "__main__":
    main()
