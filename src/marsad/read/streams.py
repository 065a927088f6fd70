"""Forward-only byte streams for reading archives record by record in constant memory.

FastWARC's `ArchiveIterator` reads any object with `read(size)` and `tell()`, and numbers its
records (`stream_pos`) from the stream's first `tell()`. The two readers here give it:

- `Prefixed`: the bytes already read to sniff the format, then the rest of the file (or stdin),
  with `tell()` counting from the file offset where the head was read;
- `Gunzip`: the decompressed content of a gzip file of one member (a whole-file gzip) or of many
  (a WARC.gz compressed per record), raising `OSError` with the offset when the data is corrupt
  or cut short. It remembers where each member starts, in the file and in the decompressed
  stream, so that `offset_of` can turn a record's decompressed position into an offset a
  reader can seek to.
"""

from __future__ import annotations

import zlib
from collections import deque
from typing import Protocol

from marsad.config import Settings
from marsad.read.detect import GZIP_MAGIC

__all__ = [
    "Gunzip",
    "OverCap",
    "Positioned",
    "Prefixed",
    "Readable",
    "StreamDamage",
    "read_upto",
]

_PADDING = b"\x00 \t\r\n"


class StreamDamage(OSError):
    """Gzip data that cannot be read on: corrupt, cut short, or over a cap. `offset` is the file
    offset of the gzip member where it happened (a reader may look for the next member after it)."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


class OverCap(StreamDamage):
    """The decompressed data passed `max_gzip_member_bytes`, `max_gzip_file_bytes` or
    `max_gzip_ratio`."""


class Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


class Positioned(Readable, Protocol):
    def tell(self) -> int: ...


class Prefixed:
    """`head` (already read from `raw`), then what is left of `raw`. `tell()` starts at `start`."""

    def __init__(self, head: bytes, raw: Readable, start: int = 0) -> None:
        self._head = memoryview(head)
        self._raw = raw
        self._pos = start

    def read(self, size: int = -1, /) -> bytes:
        if self._head:
            n = len(self._head) if size < 0 else min(size, len(self._head))
            out = bytes(self._head[:n])
            self._head = self._head[n:]
            if size < 0:
                out += self._raw.read()
        else:
            out = self._raw.read(size)
        self._pos += len(out)
        return out

    def tell(self) -> int:
        return self._pos

    def close(self) -> None:
        """The caller owns `raw` and closes it."""


class Gunzip:
    """The decompressed content of a gzip stream made of one or several members.

    `start` is the file offset of the first byte `raw` returns (a record's offset when resuming).
    `members=True` says the stream is known to hold one member per record (a resume by offset
    lands on a member start); otherwise the second record decides (`offset_of`). The caps (unless
    given here) and the read size come from `settings`.
    """

    def __init__(
        self,
        raw: Readable,
        start: int = 0,
        *,
        settings: Settings,
        members: bool = False,
        member_limit: int | None = None,
        total_limit: int | None = None,
        ratio_limit: int | None = None,
    ) -> None:
        # Caps on what the gzip data expands to: a small file must not cost minutes of CPU
        # or, for readers that keep what they read, the machine's memory (see config.py).
        self._member_limit = settings.max_gzip_member_bytes if member_limit is None else member_limit
        self._total_limit = settings.max_gzip_file_bytes if total_limit is None else total_limit
        self._ratio_limit = settings.max_gzip_ratio if ratio_limit is None else ratio_limit
        self._chunk = settings.read_chunk_bytes
        self._ratio_after = settings.max_gzip_ratio_after_bytes
        self._member_out = 0  # decompressed bytes of the current member
        self._member_in = 0  # compressed bytes of it consumed so far
        self._raw = raw
        self._raw_end = start  # file offset just past the last byte read from raw
        self._pending = b""  # compressed bytes read but not fed to a decompressor yet
        self._d: zlib._Decompress | None = None
        self._member_start = start
        self._produced = 0  # decompressed bytes returned so far: tell()
        self._eof = False
        self._starts: deque[tuple[int, int]] = deque()  # (decompressed start, file start) per member
        self._mode: str | None = "members" if members else None  # members | whole
        self._queries = 0

    # -- the stream FastWARC reads --------------------------------------------------------------
    def read(self, size: int = -1, /) -> bytes:
        want = size if size >= 0 else 1 << 62
        out: list[bytes] = []
        got = 0
        while got < want and not self._eof:
            chunk = self._step(min(want - got, self._chunk * 4))
            if chunk:
                out.append(chunk)
                got += len(chunk)
                self._produced += len(chunk)
                if size >= 0:
                    break  # a short read is fine; the caller asks again
        return b"".join(out)

    def tell(self) -> int:
        return self._produced

    def close(self) -> None:
        """The caller owns `raw` and closes it."""

    def _fill(self) -> bool:
        data = self._raw.read(self._chunk)
        self._raw_end += len(data)
        self._pending += data
        return bool(data)

    def _step(self, max_out: int) -> bytes:
        if self._d is None:  # between members: a new one, padding (NULs, newlines), or the end
            while True:
                self._pending = self._pending.lstrip(_PADDING)
                if len(self._pending) >= len(GZIP_MAGIC) or not self._fill():
                    break
            if not self._pending:
                self._eof = True
                return b""
            if not self._pending.startswith(GZIP_MAGIC):
                offset = self._raw_end - len(self._pending)
                if GZIP_MAGIC.startswith(self._pending):  # the file ends inside the magic
                    raise StreamDamage(
                        f"gzip data cut short: the file ends in the member at offset {offset}", offset
                    )
                raise StreamDamage(f"bytes that are not gzip data at offset {offset}", offset)
            self._member_start = self._raw_end - len(self._pending)
            self._starts.append((self._produced, self._member_start))
            self._d = zlib.decompressobj(16 + zlib.MAX_WBITS)
            self._member_out = self._member_in = 0
        d = self._d
        if d.unconsumed_tail:
            data = d.unconsumed_tail
        else:
            if not self._pending and not self._fill():
                raise StreamDamage(
                    f"gzip data cut short: the file ends inside the member at offset {self._member_start}",
                    self._member_start,
                )
            data, self._pending = self._pending, b""
        # One byte past the nearer cap is enough to know it is passed: never inflate further.
        room = min(self._member_limit - self._member_out, self._total_limit - self._produced)
        try:
            out = d.decompress(data, max(1, min(max_out, room + 1)))
        except zlib.error as exc:
            raise StreamDamage(
                f"corrupt gzip data in the member at offset {self._member_start}: {exc}", self._member_start
            ) from exc
        self._member_out += len(out)
        self._member_in += len(data) - len(d.unconsumed_tail) - (len(d.unused_data) if d.eof else 0)
        if self._member_out > self._ratio_after and self._member_out > self._ratio_limit * self._member_in:
            raise OverCap(
                f"the gzip member at offset {self._member_start} expands more than "
                f"{self._ratio_limit}:1 (max_gzip_ratio): a gzip bomb",
                self._member_start,
            )
        if self._member_out > self._member_limit:
            raise OverCap(
                f"the gzip member at offset {self._member_start} expands past the "
                f"{_mb(self._member_limit)} cap (max_gzip_member_bytes)",
                self._member_start,
            )
        if self._produced + len(out) > self._total_limit:
            raise OverCap(
                f"the gzip data expands past the {_mb(self._total_limit)} cap per file "
                f"(max_gzip_file_bytes), in the member at offset {self._member_start}",
                self._member_start,
            )
        if d.eof:
            self._pending = d.unused_data
            self._d = None
        return out

    # -- offsets ------------------------------------------------------------------------------
    def offset_of(self, pos: int) -> int:
        """The offset to report for a record starting at decompressed position `pos`.

        Queried in file order. Compressed per record ("members" mode), it is the file offset of
        the gzip member the record starts in: one can seek there and read on. A whole-file gzip
        ("whole" mode: the second record starts inside the first member) has no such offsets,
        so it is the position in the decompressed stream, and a resume re-reads from the start.
        """
        starts = self._starts
        while len(starts) > 1 and starts[1][0] <= pos:
            starts.popleft()
        dstart, fstart = starts[0] if starts else (0, 0)
        self._queries += 1
        if self._mode is None and self._queries >= 2:
            self._mode = "members" if dstart == pos else "whole"
        if self._mode == "whole" or (self._mode is None and dstart != pos):
            return pos
        return fstart

    @property
    def whole_file(self) -> bool:
        return self._mode == "whole"


def _mb(n: int) -> str:
    return f"{n / 1e6:,.0f} MB" if n >= 1_000_000 else f"{n:,} bytes"


def read_upto(stream: Readable, n: int) -> bytes:
    """Up to `n` bytes of `stream`, fewer only at its end (`Gunzip` returns short reads)."""
    parts: list[bytes] = []
    got = 0
    while got < n:
        chunk = stream.read(n - got)
        if not chunk:
            break
        parts.append(chunk)
        got += len(chunk)
    return b"".join(parts)
