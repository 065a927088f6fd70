"""Format sniffing decides from the bytes, never from a file name."""

from __future__ import annotations

import gzip

import pytest

from marsad.read.detect import sniff


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"<!DOCTYPE html><html><body><p>x</p></body></html>", "html"),
        (b"  <html lang='ar'><head><title>t</title></head></html>", "html"),
        (b"<!-- saved --><html><body></body></html>", "html"),
        (b"<div><p>a</p><p>b</p><span>c</span><a href='#'>d</a></div>", "html"),
        ("عنوان الخبر\n\nفقرة أولى من النص.".encode(), "text"),
        (b"Use <b> for bold, said the manual.\nSecond line.", "text"),
        (b'{"url": "http://x", "html": "<p>x</p>"}\n{"url": "y", "text": "z"}\n', "jsonl"),
        (b"WARC/1.0\r\nWARC-Type: warcinfo\r\n", "warc"),
    ],
)
def test_sniff(data: bytes, kind: str) -> None:
    assert sniff(data) == kind


def test_gzip_is_recognised() -> None:
    assert sniff(gzip.compress(b"<html></html>")) == "gzip"


def test_text_starting_with_brace_that_is_not_json() -> None:
    assert sniff(b"{not json} but a dump line\nsecond") == "text"
