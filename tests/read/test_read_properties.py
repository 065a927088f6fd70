"""Property tests of every reader: any bytes in → no exception; every item out is an Article
with a page or a read quarantine with its reason; the complete records before damage are kept.

Hypothesis draws the inputs; the caps are lowered so that a drawn gzip can pass them.
"""

from __future__ import annotations

import gzip
import io
import json
import sys
import tempfile
import zlib
from collections.abc import Iterable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marsad import config
from marsad.errors import InputError
from marsad.model import Article
from marsad.read import read_bytes, read_path, read_stdin
from marsad.read.containers import Record, jsonl_records, warc_records
from marsad.read.decode import decode, looks_binary
from marsad.read.detect import sniff
from marsad.read.streams import Gunzip, StreamDamage

sys.path.insert(0, str(Path(__file__).parents[1] / "data" / "hostile"))
import make_fixtures as fx  # the fixture maker's record writer: one WARC dialect for all tests

from settings_override import override_settings

PROPS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Bytes that reach every reader: raw noise, and noise after each format's magic or start.
STARTS = [b"", b"\x1f\x8b\x08\x00", b"WARC/1.0\r\n", b'{"url": "u", "html": "', b"<html>", b"["]
noise = st.builds(lambda s, b: s + b, st.sampled_from(STARTS), st.binary(max_size=3000))


@pytest.fixture(autouse=True)
def _low_caps(monkeypatch: pytest.MonkeyPatch) -> None:
    override_settings(
        monkeypatch,
        max_gzip_member_bytes=200_000,
        max_gzip_file_bytes=400_000,
        max_page_bytes=100_000,
        max_container_bytes=100_000,
        max_jsonl_line_bytes=50_000,
    )


def _all_accounted(arts: Iterable[Article]) -> list[Article]:
    out = list(arts)
    assert out, "every input gives at least one article or quarantine"
    for a in out:
        assert isinstance(a, Article)
        if a.rejected is None:
            assert a.page is not None and (a.page.html or a.page.text)
        else:
            assert a.rejected.step == "read" and a.rejected.reason.strip()
            assert a.page is None
    return out


def _records_ok(recs: Iterable[Record]) -> list[Record]:
    out = list(recs)
    for r in out:
        assert isinstance(r, Record)
        assert (r.error is None) == (r.body is not None) or r.error is not None
    return out


@PROPS
@given(noise)
def test_read_bytes_never_raises(data: bytes) -> None:
    _all_accounted(read_bytes(data, settings=config.SETTINGS, path="x"))


@PROPS
@given(noise)
def test_read_path_never_raises(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "in"
        p.write_bytes(data)
        _all_accounted(read_path(p, settings=config.SETTINGS))
        _all_accounted(
            read_path(p, settings=config.SETTINGS, start_offset=len(data) // 2, start_record=1)
        ) if data else None


@PROPS
@given(noise)
def test_read_stdin_never_raises(data: bytes) -> None:
    class Stdin:
        buffer = io.BufferedReader(io.BytesIO(data))  # type: ignore[arg-type]

    old = sys.stdin
    sys.stdin = Stdin()  # type: ignore[assignment]
    try:
        _all_accounted(read_stdin(settings=config.SETTINGS))
    finally:
        sys.stdin = old


@PROPS
@given(noise)
def test_container_readers_never_raise(data: bytes) -> None:
    _records_ok(jsonl_records(data, settings=config.SETTINGS))
    _records_ok(jsonl_records(io.BytesIO(data), settings=config.SETTINGS, line_limit=100))
    recs = _records_ok(warc_records(data, settings=config.SETTINGS))
    assert sum(r.damaged for r in recs) <= 1 and (not recs or not any(r.damaged for r in recs[:-1]))


@PROPS
@given(noise)
def test_gunzip_raises_only_stream_damage(data: bytes) -> None:
    gz = Gunzip(io.BytesIO(data), settings=config.SETTINGS, member_limit=50_000, total_limit=80_000)
    try:
        while gz.read(7000):
            pass
    except StreamDamage:
        pass
    assert gz.tell() <= 80_000


@PROPS
@given(st.binary(max_size=3000))
def test_decode_and_sniff_never_raise_but_input_error(data: bytes) -> None:
    assert sniff(data) in ("gzip", "warc", "jsonl", "html", "text")
    looks_binary(data)
    try:
        text, enc = decode(data)
    except InputError:
        return
    assert isinstance(text, str) and enc


# --- records before damage are kept -------------------------------------------------------------
@st.composite
def damaged_archives(draw: st.DrawFn) -> tuple[str, bytes, list[int], int, bytes]:
    """(kind, damaged archive, end offset of each record in it, damage position, good archive)."""
    n = draw(st.integers(1, 6))
    kind = draw(st.sampled_from(["plain", "gzip"]))
    recs = [fx.record(i) for i in range(n)]
    parts = recs if kind == "plain" else [gzip.compress(r, mtime=0) for r in recs]
    data = b"".join(parts)
    ends = [sum(len(p) for p in parts[: i + 1]) for i in range(n)]
    at = draw(st.integers(0, len(data) - 1))
    if draw(st.booleans()):
        bad = data[:at]
    else:
        junk = draw(st.binary(min_size=1, max_size=40))
        bad = data[:at] + junk + data[at + draw(st.integers(0, 40)) :]
    return kind, bad, ends, at, data


@PROPS
@given(damaged_archives())
def test_every_record_before_the_damage_is_kept(case: tuple[str, bytes, list[int], int, bytes]) -> None:
    kind, bad, ends, at, _ = case
    urls = [f"https://news.example/{i}" for i in range(len(ends))]
    before = sum(e <= at for e in ends)
    for arts in (read_bytes(bad, settings=config.SETTINGS, path="a"), _via_file(bad, kind)):
        out = _all_accounted(arts)
        kept = [a.source.url for a in out if a.rejected is None]
        assert kept[:before] == urls[:before], (kept, before)
        # nothing invented, nothing twice, file order
        places = [urls.index(u) for u in kept if u in urls]
        assert places == sorted(set(places))


def _via_file(data: bytes, kind: str) -> list[Article]:
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / ("a.warc" if kind == "plain" else "a.warc.gz")
        p.write_bytes(data)
        return list(read_path(p, settings=config.SETTINGS))


@PROPS
@given(
    st.lists(
        st.one_of(st.integers(0, 50), st.binary(max_size=200).filter(lambda b: b"\n" not in b)), max_size=12
    )
)
def test_jsonl_keeps_every_good_line(lines: list[int | bytes]) -> None:
    """Good JSONL records among arbitrary lines: every good one is read, in order; every
    non-blank line is accounted for (a page or a quarantine), plain and gzipped."""
    body = [
        json.dumps({"url": f"https://news.example/j{x}", "text": f"نص الخبر رقم {x}"}).encode()
        if isinstance(x, int)
        else x
        for x in lines
    ]
    data = '{"url": "https://news.example/first", "text": "أول"}\n'.encode() + b"\n".join(body)
    want = ["https://news.example/first"] + [
        f"https://news.example/j{x}" for x in lines if isinstance(x, int)
    ]
    for blob in (data, gzip.compress(data, mtime=0)):
        out = _all_accounted(read_bytes(blob, settings=config.SETTINGS))
        kept = [a.source.url for a in out if a.rejected is None]
        assert [u for u in kept if u in want] == want
        assert len(out) == 1 + sum(bool(b.strip()) for b in body)


@PROPS
@given(st.integers(1, 40), st.integers(0, 10_000))
def test_truncated_jsonl_gzip_keeps_the_lines_before_the_cut(n: int, seed: int) -> None:
    lines = [
        json.dumps({"url": f"https://news.example/j{i}", "text": f"نص {i} " * (seed % 50 + 1)})
        for i in range(n)
    ]
    data = gzip.compress("\n".join(lines).encode(), mtime=0)
    cut = seed % len(data)
    got = zlib.decompressobj(31).decompress(data[:cut])
    whole_lines = got.count(b"\n")  # lines whose newline made it through the cut
    out = _all_accounted(read_bytes(data[:cut], settings=config.SETTINGS))
    kept = [a.source.url for a in out if a.rejected is None]
    assert kept[:whole_lines] == [f"https://news.example/j{i}" for i in range(whole_lines)]
    assert out[-1].rejected is not None
