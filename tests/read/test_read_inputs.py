"""Reading paths, bytes and directories: every input becomes a page or a rejection with a reason."""

from __future__ import annotations

import gzip
import time
from pathlib import Path

import pytest

from marsad.config import SETTINGS
from marsad.read import expand_inputs, read_bytes, read_path

DUMP = "عنوان الخبر\n\nفقرة أولى من نص الخبر تقول شيئا مفيدا.\n".encode()


def only(data: bytes, **kw: str):  # type: ignore[no-untyped-def]
    arts = list(read_bytes(data, settings=SETTINGS, **kw))
    assert len(arts) == 1
    return arts[0]


def test_text_dump_page() -> None:
    a = only(DUMP, path="x.txt")
    assert a.rejected is None and a.page is not None
    assert a.page.text == DUMP.decode() and a.page.html is None
    assert a.source.format == "text" and a.source.encoding == "utf-8"


def test_html_page_and_crlf() -> None:
    a = only(b"<html><body><p>a</p>\r\n<p>b</p></body></html>")
    assert a.page is not None and a.page.html is not None and "\r" not in a.page.html
    assert a.source.format == "html"


def test_text_is_stored_in_nfc() -> None:
    decomposed = "cafe\u0301 ".encode() * 3
    a = only(decomposed)
    assert a.page is not None and a.page.text is not None and "café" in a.page.text


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"   \n\t ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
        (gzip.compress(b""), "empty"),
        (b"\x1f\x8b\x08\x00garbage-not-gzip", "gzip"),
    ],
)
def test_bad_inputs_are_rejected_with_reason(data: bytes, reason: str) -> None:
    a = only(data)
    assert a.rejected is not None and a.rejected.step == "read"
    assert reason in a.rejected.reason


def test_invalid_utf8_is_decoded_not_crashed() -> None:
    a = only("نص عربي صحيح ثم بايتات مكسورة ".encode() + b"\xff\xfe\xfa" + " ونص بعدها".encode())
    assert (a.page is not None) or (a.rejected is not None and "undecodable" in a.rejected.reason)


def test_gzip_page() -> None:
    a = only(gzip.compress(DUMP), path="x.txt.gz")
    assert a.page is not None and a.page.text == DUMP.decode()


def test_jsonl_records_become_pages_and_rejections() -> None:
    data = b'{"url": "u1", "html": "<p>x</p>"}\n{"url": "u2"}\n{"url": "u3", "text": "t"}\n'
    arts = list(read_bytes(data, settings=SETTINGS, path="batch.jsonl"))
    assert [a.source.record for a in arts] == [0, 1, 2]
    assert [a.rejected is None for a in arts] == [True, False, True]
    assert arts[0].source.url == "u1" and arts[2].page is not None and arts[2].page.text == "t"


def test_huge_page_is_rejected_quickly() -> None:
    data = b"<html><body>" + b"<p>" + b"x" * 50_000_000 + b"</p></body></html>"
    t0 = time.perf_counter()
    a = only(data)
    assert a.rejected is not None and "limit" in a.rejected.reason
    assert time.perf_counter() - t0 < 5


def test_missing_file_and_directory(tmp_path: Path) -> None:
    arts = list(read_path(tmp_path / "nope.txt", settings=SETTINGS))
    assert arts[0].rejected is not None and "cannot open" in arts[0].rejected.reason
    arts = list(read_path(tmp_path, settings=SETTINGS))
    assert arts[0].rejected is not None and "directory" in arts[0].rejected.reason


def test_directory_of_mixed_files(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(DUMP)
    (tmp_path / "b.html").write_bytes("<html><body><p>نص</p></body></html>".encode("cp1256"))
    (tmp_path / "c.bin").write_bytes(b"\x00\x01\x02\x03" * 100)
    (tmp_path / "d.txt").write_bytes(b"")
    (tmp_path / ".hidden").write_bytes(DUMP)
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "e.jsonl").write_bytes(b'{"url": "u", "text": "t"}\n')
    paths = expand_inputs([str(tmp_path)])
    assert [Path(p).name for p in paths] == ["a.txt", "b.html", "c.bin", "d.txt", "e.jsonl"]
    arts = [a for p in paths for a in read_path(p, settings=SETTINGS)]
    ok = [Path(a.source.path or "").name for a in arts if a.rejected is None]
    bad = {Path(a.source.path or "").name: a.rejected.reason for a in arts if a.rejected is not None}
    assert ok == ["a.txt", "b.html", "e.jsonl"]
    assert set(bad) == {"c.bin", "d.txt"}


def test_glob_expansion(tmp_path: Path) -> None:
    for n in ("x1.txt", "x2.txt", "y.html"):
        (tmp_path / n).write_bytes(DUMP)
    assert [Path(p).name for p in expand_inputs([str(tmp_path / "x*.txt")])] == ["x1.txt", "x2.txt"]
    assert expand_inputs(["-"]) == ["-"]
