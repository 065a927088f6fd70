"""WARC/WET archives read as streams: provenance, damage, resume by offset, stdin, limits."""

from __future__ import annotations

import gzip
import io
import itertools
import json
import random
import subprocess
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator as WarcioIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from marsad import config
from marsad.model import Article
from marsad.read import inputs as read_inputs
from marsad.read import read_bytes, read_path, read_stdin
from settings_override import override_settings

DATE = "2024-03-13T08:15:00Z"


def _page(i: int) -> bytes:
    return f"<html><body><h1>خبر رقم {i}</h1><p>{'فقرة من نص الخبر. ' * (20 + i)}</p></body></html>".encode()


@dataclass
class Truth:
    """What warcio, an independent reader, says about the page records of a written archive."""

    urls: list[str]
    ids: list[str]
    offsets: list[int]  # warcio's record offsets (raw file; for whole-file gzip: decompressed)
    bodies: list[bytes]


def _records(w: WARCWriter, n: int, *, extras: bool = False) -> None:
    w.write_record(w.create_warcinfo_record("test.warc", {"software": "marsad-tests"}))
    for i in range(n):
        url = f"https://news.example/{i}"
        headers = {"WARC-Date": DATE}
        req = StatusAndHeaders(f"GET /{i} HTTP/1.1", [("Host", "news.example")], is_http_request=True)
        w.write_record(w.create_warc_record(url, "request", payload=io.BytesIO(b""), http_headers=req))
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        rec = w.create_warc_record(
            url, "response", payload=io.BytesIO(_page(i)), http_headers=http, warc_headers_dict=headers
        )
        w.write_record(rec)
        if extras and i == 1:
            http = StatusAndHeaders("404 Not Found", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            w.write_record(
                w.create_warc_record(
                    url + "/gone", "response", payload=io.BytesIO(b"<p>no</p>"), http_headers=http
                )
            )
            http = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
            w.write_record(
                w.create_warc_record(
                    url + "/logo.png", "response", payload=io.BytesIO(b"\x89PNG"), http_headers=http
                )
            )
            w.write_record(
                w.create_warc_record(
                    url + "/wet",
                    "conversion",
                    payload=io.BytesIO("نص مستخرج".encode()),
                    warc_content_type="text/plain",
                )
            )


class _SameBytesWriter(WARCWriter):  # type: ignore[misc]
    """warcio's writer with record ids counted and dates fixed (warcio draws a random uuid4 and
    takes the clock): the same arguments write the same bytes, so a test that damages a byte
    position damages the same record on every run."""

    def __init__(self, buf: io.BytesIO, *, gzip: bool) -> None:
        super().__init__(buf, gzip=gzip)
        self._ids = itertools.count(1)

    def _make_warc_id(self) -> str:
        return f"<urn:uuid:00000000-0000-4000-8000-{next(self._ids):012d}>"

    def _make_warc_date(self, use_micros: bool = False) -> str:
        return DATE


def make_warc(kind: str, n: int = 6, *, extras: bool = False) -> bytes:
    """A WARC of `n` HTML responses: kind is plain, gzip (per record) or whole (whole-file gzip).
    The same arguments give the same bytes (see `_SameBytesWriter`; gzip's mtime is fixed)."""
    buf = io.BytesIO()
    _records(_SameBytesWriter(buf, gzip=kind == "gzip"), n, extras=extras)
    data = buf.getvalue()
    return gzip.compress(data, mtime=0) if kind == "whole" else data


def truth(data: bytes) -> Truth:
    plain = gzip.decompress(data) if data.startswith(b"\x1f\x8b") and _single_member(data) else data
    t = Truth([], [], [], [])
    it = WarcioIterator(io.BytesIO(plain))
    for rec in it:
        if rec.rec_type == "response" and rec.http_headers.get_statuscode() == "200":
            ctype = rec.http_headers.get_header("Content-Type") or ""
            body = rec.content_stream().read()
            if "html" in ctype:
                t.urls.append(rec.rec_headers.get_header("WARC-Target-URI"))
                t.ids.append(rec.rec_headers.get_header("WARC-Record-ID"))
                t.offsets.append(it.get_record_offset())
                t.bodies.append(body)
    return t


def _single_member(data: bytes) -> bool:
    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    d.decompress(data)
    return not d.unused_data


def ok(arts: list[Article]) -> list[Article]:
    return [a for a in arts if a.rejected is None]


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


# --- provenance -----------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["plain", "gzip", "whole"])
def test_every_record_with_its_provenance(tmp_path: Path, kind: str) -> None:
    data = make_warc(kind)
    t = truth(data)
    path = write(tmp_path, f"a.{kind}.warc", data)
    arts = list(read_path(path, settings=config.SETTINGS))
    assert [a.rejected for a in arts] == [None] * 6
    assert [a.source.url for a in arts] == t.urls
    assert [a.source.record_id for a in arts] == t.ids
    assert [a.source.offset for a in arts] == t.offsets
    assert [a.source.record for a in arts] == list(range(6))
    assert {a.source.path for a in arts} == {str(path)}
    assert {a.source.format for a in arts} == {"warc"}
    assert all(a.page is not None and a.page.fetched == DATE for a in arts)
    assert [a.page.html.encode() if a.page and a.page.html else b"" for a in arts] == t.bodies


def test_offsets_point_at_the_records_in_the_file(tmp_path: Path) -> None:
    for kind in ("plain", "gzip", "whole"):
        data = make_warc(kind)
        arts = list(read_path(write(tmp_path, f"b.{kind}", data), settings=config.SETTINGS))
        for a in arts:
            assert a.source.offset is not None and a.source.record_id
            if kind == "plain":
                at = data[a.source.offset :]
            elif kind == "gzip":  # the gzip member holding the record starts there
                at = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data[a.source.offset :])
            else:  # whole-file gzip: a position in the decompressed stream
                at = gzip.decompress(data)[a.source.offset :]
            assert at.startswith(b"WARC/1.")
            assert a.source.record_id.encode() in at[:1000]


def test_status_content_type_and_wet_records(tmp_path: Path) -> None:
    arts = list(
        read_path(write(tmp_path, "x.warc.gz", make_warc("gzip", 3, extras=True)), settings=config.SETTINGS)
    )
    by_url = {a.source.url: a for a in arts}
    gone = by_url["https://news.example/1/gone"]
    assert gone.rejected is not None and gone.rejected.reason == "HTTP status 404"
    assert "https://news.example/1/logo.png" not in by_url  # not a page, not reported
    wet = by_url["https://news.example/1/wet"]
    assert wet.page is not None and wet.page.text == "نص مستخرج"
    # The image is counted (as before): record numbers stay those of the archive's page records.
    assert [a.source.record for a in arts] == [0, 1, 2, 4, 5]


def test_page_limit_applies_per_record_and_no_container_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = make_warc("gzip", 6)
    override_settings(monkeypatch, max_container_bytes=1000)  # far below the archive's size
    override_settings(monkeypatch, max_page_bytes=len(_page(3)) - 1)  # pages 3, 4, 5 are larger
    arts = list(read_path(write(tmp_path, "big.warc.gz", data), settings=config.SETTINGS))
    assert [a.rejected is None for a in arts] == [True, True, True, False, False, False]
    assert all("page limit" in a.rejected.reason for a in arts[3:] if a.rejected)
    assert [a.source.record for a in arts] == list(range(6))
    # A page that is not an archive still meets the container limit.
    arts = list(read_path(write(tmp_path, "big.html", _page(1) * 10), settings=config.SETTINGS))
    assert arts[0].rejected is not None and "over the" in arts[0].rejected.reason


# --- damage ---------------------------------------------------------------------------------------
def _cut_points(data: bytes, kind: str) -> list[tuple[int, int, str]]:
    """(cut, good records before it, what the reason says) for cuts in the 4th page record."""
    start = truth(data).offsets[3]
    if kind == "plain":
        end = data.index(b"WARC/1.", start + 1)
    else:  # the next gzip member
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        d.decompress(data[start:])
        end = len(data) - len(d.unused_data)
    if kind == "gzip":  # the gzip member is cut whatever the record's bytes look like
        return [
            (cut, good, "gzip data cut short")
            for cut, good in ((start + 5, 3), (start + 40, 3), (end - 20, 3), (end - 1, 4))
        ]
    # Cut in the header, the HTTP header, the body; then past the content, in its closing bytes.
    return [
        (start + 5, 3, "Invalid WARC header"),
        (start + 40, 3, "incomplete WARC header at offset"),
        (start + (end - start) // 2, 3, "is cut short"),
        (end - 20, 3, "is cut short"),
        (end - 1, 4, "no closing CRLF CRLF"),
    ]


@pytest.mark.parametrize("kind", ["plain", "gzip"])
def test_truncated_in_the_middle_of_a_record(tmp_path: Path, kind: str) -> None:
    data = make_warc(kind)
    t = truth(data)
    for cut, good, why in _cut_points(data, kind):
        arts = list(read_path(write(tmp_path, f"cut{cut}", data[:cut]), settings=config.SETTINGS))
        assert [a.source.record_id for a in ok(arts)] == t.ids[:good], cut
        assert len(arts) == good + 1, cut
        bad = arts[-1].rejected
        assert bad is not None and bad.step == "read"
        assert bad.reason.startswith(
            f"archive truncated/corrupt after record {good - 1} at offset {t.offsets[good - 1]}:"
        )
        assert why in bad.reason, (cut, bad.reason)


def test_whole_file_gzip_truncated(tmp_path: Path) -> None:
    data = make_warc("whole", 40)
    ids = truth(data).ids
    for cut, least, most in ((len(data) // 2, 10, 30), (len(data) - 3, 40, 40)):
        arts = list(read_path(write(tmp_path, f"w{cut}", data[:cut]), settings=config.SETTINGS))
        good = ok(arts)
        assert least <= len(good) <= most
        assert [a.source.record_id for a in good] == ids[: len(good)]
        assert len(arts) == len(good) + 1 and arts[-1].rejected is not None
        assert arts[-1].rejected.reason.startswith(f"archive truncated/corrupt after record {len(good) - 1}")
        assert "gzip data cut short" in arts[-1].rejected.reason


def test_corrupt_bytes_between_records(tmp_path: Path) -> None:
    for kind in ("plain", "gzip"):
        data = make_warc(kind)
        t = truth(data)
        at = t.offsets[2]  # between the request and the response of page 2
        bad = data[:at] + b"\x00\xffGARBAGE\r\n\r\n" + data[at:]
        arts = list(read_path(write(tmp_path, f"g.{kind}", bad), settings=config.SETTINGS))
        # The read goes on at the next record after the garbage: nothing but the garbage is lost.
        assert [a.source.record_id for a in ok(arts)] == t.ids
        assert len(arts) == len(t.ids) + 1
        assert arts[2].rejected is not None
        assert arts[2].rejected.reason.startswith(
            f"archive truncated/corrupt after record 1 at offset {t.offsets[1]}"
        )


def test_corrupt_compressed_bytes_in_a_whole_file_gzip(tmp_path: Path) -> None:
    # The archive's bytes are the same on every run (`make_warc`): with warcio's random record
    # ids the flipped bytes fell on other deflate codes each run, and a few runs in a hundred the
    # damage decoded into one garbled page first, or surfaced in the first inflate call.
    data = bytearray(make_warc("whole", 40))
    ids = truth(bytes(data)).ids
    mid = len(data) // 2
    data[mid : mid + 16] = b"\x55" * 16
    arts = list(read_path(write(tmp_path, "flip.warc.gz", bytes(data)), settings=config.SETTINGS))
    assert arts[-1].rejected is not None and "archive truncated/corrupt" in arts[-1].rejected.reason
    assert all(a.rejected is None for a in arts[:-1]) and len(arts) > 5
    # The pages before the damage come out whole, in order; none after it is invented.
    good = [a.source.record_id for a in arts[:-1]]
    assert good == ids[: len(good)] and len(good) < len(ids)


def test_trailing_garbage_and_partial_header(tmp_path: Path) -> None:
    data = make_warc("plain", 3)
    for tail in (b"WARC/1.0\r\nWARC-Ty", b"W", b"junk"):
        arts = list(read_path(write(tmp_path, "t.warc", data + tail), settings=config.SETTINGS))
        assert len(ok(arts)) == 3 and len(arts) == 4
        assert arts[-1].rejected is not None and "after record 2" in arts[-1].rejected.reason
    arts = list(read_path(write(tmp_path, "ws.warc", data + b"\r\n\r\n"), settings=config.SETTINGS))
    assert len(arts) == 3 and not [a for a in arts if a.rejected]


@pytest.mark.parametrize("kind", ["plain", "gzip", "whole"])
def test_random_damage_never_raises_and_keeps_a_good_prefix(tmp_path: Path, kind: str) -> None:
    data = make_warc(kind, 8)
    t = truth(data)
    rng = random.Random(7)
    for trial in range(60):
        damaged = bytearray(data)
        if trial % 2:
            del damaged[rng.randrange(1, len(data)) :]
        else:
            pos = rng.randrange(len(data))
            damaged[pos : pos + 4] = bytes(rng.randrange(256) for _ in range(4))
        arts = list(read_path(write(tmp_path, "r", bytes(damaged)), settings=config.SETTINGS))
        good = [a.source.record_id for a in arts if a.rejected is None]
        broken = [i for i, a in enumerate(arts) if a.rejected and "archive truncated" in a.rejected.reason]
        if trial % 2:  # cut short: the records before the cut, then one rejection saying where
            assert good == t.ids[: len(good)]
            assert not broken or broken == [len(arts) - 1]
            continue
        # Four bytes overwritten: pages come out in file order, never twice, never invented; in a
        # plain or per-record gzip WARC the read goes on after the damage, so at most the page
        # hit is lost.
        places = [t.ids.index(i) for i in good if i in t.ids]
        assert len(places) == len(good) and places == sorted(set(places))
        assert len(broken) <= 1
        if kind != "whole":
            assert len(good) >= len(t.ids) - 1, (trial, pos, [a.rejected for a in arts])


def test_empty_inputs(tmp_path: Path) -> None:
    arts = list(read_path(write(tmp_path, "e.warc", b""), settings=config.SETTINGS))
    assert len(arts) == 1 and arts[0].rejected is not None and "empty" in arts[0].rejected.reason
    arts = list(read_path(write(tmp_path, "e.warc.gz", gzip.compress(b"")), settings=config.SETTINGS))
    assert len(arts) == 1 and arts[0].rejected is not None and "empty" in arts[0].rejected.reason
    only_info = make_warc("gzip", 0)
    arts = list(read_path(write(tmp_path, "info.warc.gz", only_info), settings=config.SETTINGS))
    assert len(arts) == 1 and arts[0].rejected is not None and "no pages" in arts[0].rejected.reason


# --- resume ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["plain", "gzip"])
def test_resume_from_a_record_offset_seeks(tmp_path: Path, kind: str) -> None:
    data = make_warc(kind)
    path = write(tmp_path, f"r.{kind}", data)
    full = list(read_path(path, settings=config.SETTINGS))
    for k, art in enumerate(full):
        again = list(
            read_path(path, settings=config.SETTINGS, start_offset=art.source.offset, start_record=k)
        )
        assert [(a.source.record, a.source.offset, a.source.record_id) for a in again] == [
            (a.source.record, a.source.offset, a.source.record_id) for a in full[k:]
        ]
    # It seeks: damage before the offset is never read.
    k = 3
    off = full[k].source.offset
    assert off is not None
    path.write_bytes(b"\x00" * off + data[off:])
    again = list(read_path(path, settings=config.SETTINGS, start_offset=off, start_record=k))
    assert [a.source.record_id for a in again] == [a.source.record_id for a in full[k:]]
    assert all(a.rejected is None for a in again)


def test_resume_whole_file_gzip_rereads_and_skips(tmp_path: Path) -> None:
    path = write(tmp_path, "w.warc.gz", make_warc("whole"))
    full = list(read_path(path, settings=config.SETTINGS))
    for k in (0, 2, 5):
        again = list(read_path(path, settings=config.SETTINGS, start_offset=full[k].source.offset))
        assert [(a.source.record, a.source.record_id) for a in again] == [
            (a.source.record, a.source.record_id) for a in full[k:]
        ]


def test_resume_offset_that_is_not_a_record_start(tmp_path: Path) -> None:
    path = write(tmp_path, "p.warc", make_warc("plain"))
    full = list(read_path(path, settings=config.SETTINGS))
    inside = (full[2].source.offset or 0) + 10  # inside record 2: records 3.. remain
    again = list(read_path(path, settings=config.SETTINGS, start_offset=inside, start_record=99))
    assert [(a.source.record, a.source.record_id) for a in again] == [
        (a.source.record, a.source.record_id) for a in full[3:]
    ]
    past_end = list(read_path(path, settings=config.SETTINGS, start_offset=10**9))
    assert past_end == []


# --- stdin and bytes ------------------------------------------------------------------------------
def test_stdin_through_a_pipe() -> None:
    data = make_warc("gzip")
    code = (
        "import json; from marsad.config import SETTINGS; from marsad.read import read_path\n"
        "for a in read_path('-', settings=SETTINGS):\n"
        "    print(json.dumps([a.source.path, a.source.record, a.source.offset, a.source.record_id,"
        " a.rejected.reason if a.rejected else None]))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], input=data, capture_output=True, check=True, timeout=60
    )
    rows = [json.loads(line) for line in out.stdout.decode().splitlines()]
    t = truth(data)
    assert rows == [["-", i, t.offsets[i], t.ids[i], None] for i in range(6)]


class _Pipe(io.RawIOBase):
    """A non-seekable stdin that counts what was read from it."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)
        self.consumed = 0

    def readable(self) -> bool:
        return True

    def readinto(self, b: bytearray) -> int:  # type: ignore[override]
        n = self._data.readinto(memoryview(b)[: min(len(b), 8192)])
        self.consumed += n
        return n


class _Stdin:
    def __init__(self, raw: _Pipe) -> None:
        self.buffer = io.BufferedReader(raw, buffer_size=8192)  # type: ignore[type-var]


def test_stdin_is_streamed_not_read_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    data = make_warc("plain", 400)
    assert len(data) > 2_000_000
    pipe = _Pipe(data)
    monkeypatch.setattr(sys, "stdin", _Stdin(pipe))
    arts = read_stdin(settings=config.SETTINGS)
    first = next(arts)
    assert first.rejected is None and first.source.record == 0
    assert pipe.consumed < 500_000  # the first page came before the archive was read
    assert len(list(arts)) == 399


def test_stdin_resume_skips_records_before_the_offset(monkeypatch: pytest.MonkeyPatch) -> None:
    data = make_warc("whole")
    t = truth(data)
    monkeypatch.setattr(sys, "stdin", _Stdin(_Pipe(data)))
    arts = list(read_path("-", settings=config.SETTINGS, start_offset=t.offsets[4]))
    assert [(a.source.record, a.source.record_id) for a in arts] == [(4, t.ids[4]), (5, t.ids[5])]


def test_read_bytes_streams_archives_too(monkeypatch: pytest.MonkeyPatch) -> None:
    override_settings(monkeypatch, max_container_bytes=1000)
    data = make_warc("whole")
    arts = list(read_bytes(data, settings=config.SETTINGS, path="mem.warc.gz"))
    assert [a.source.record_id for a in arts] == truth(data).ids


def test_archives_do_not_go_through_the_whole_file_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kw: object) -> None:
        raise AssertionError("archive read whole")

    monkeypatch.setattr(read_inputs, "read_bytes", refuse)
    monkeypatch.setattr(Path, "read_bytes", refuse)
    arts = list(read_path(write(tmp_path, "s.warc.gz", make_warc("gzip")), settings=config.SETTINGS))
    assert len(ok(arts)) == 6


def test_a_body_over_the_page_limit_is_not_kept() -> None:
    from marsad.read.containers import warc_records

    recs = list(warc_records(make_warc("plain", 3), settings=config.SETTINGS, page_limit=len(_page(1))))
    assert [r.body is None for r in recs] == [False, False, True]
    assert recs[2].error is not None and "page limit" in recs[2].error


def test_a_gzip_member_holding_several_records(tmp_path: Path) -> None:
    """Gzip per record, but the last member holds two pages: both get that member's offset, so
    offsets stay in file order and a resume there reads both again."""
    plain = make_warc("plain", 4)
    t = truth(plain)
    it = WarcioIterator(io.BytesIO(plain))
    starts = []
    for _ in it:
        starts.append(it.get_record_offset())
    last = starts.index(t.offsets[2])  # the response of page 2 and every record after it
    cuts = [*starts[:last], len(plain)]
    members = [gzip.compress(plain[a:b]) for a, b in itertools.pairwise(cuts)]
    path = write(tmp_path, "mixed.warc.gz", b"".join(members))
    offsets = [sum(len(m) for m in members[:i]) for i in range(len(members))]
    arts = list(read_path(path, settings=config.SETTINGS))
    assert [a.source.record_id for a in arts] == t.ids
    assert [a.source.offset for a in arts] == [
        offsets[starts.index(t.offsets[0])],
        offsets[starts.index(t.offsets[1])],
        offsets[-1],
        offsets[-1],
    ]
    again = list(read_path(path, settings=config.SETTINGS, start_offset=offsets[-1], start_record=2))
    assert [(a.source.record, a.source.record_id) for a in again] == [(2, t.ids[2]), (3, t.ids[3])]


def test_gzip_padding_is_allowed_and_garbage_is_not(tmp_path: Path) -> None:
    data = make_warc("gzip", 3)
    arts = list(read_path(write(tmp_path, "pad.warc.gz", data + b"\n\x00\x00\r\n"), settings=config.SETTINGS))
    assert len(arts) == 3 and all(a.rejected is None for a in arts)
    arts = list(read_path(write(tmp_path, "junk.warc.gz", data + b"\n\njunk"), settings=config.SETTINGS))
    assert len(arts) == 4 and arts[-1].rejected is not None
    assert f"not gzip data at offset {len(data) + 2}" in arts[-1].rejected.reason


def test_gunzip_stream_reads_all_members_and_maps_offsets() -> None:
    from marsad.read.streams import Gunzip

    members = [gzip.compress(b"WARC/1.0 one"), gzip.compress(b""), gzip.compress(b"WARC/1.0 two")]
    gz = Gunzip(io.BytesIO(b"".join(members)), settings=config.SETTINGS)
    assert gz.read() == b"WARC/1.0 oneWARC/1.0 two" and gz.tell() == 24
    assert gz.offset_of(0) == 0 and gz.offset_of(12) == len(members[0]) + len(members[1])
