"""JSONL records and WARC/WET archives."""

from __future__ import annotations

import io

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from marsad.config import SETTINGS
from marsad.read.containers import jsonl_records, warc_records


def test_jsonl_html_and_text_records() -> None:
    data = (
        b'{"url": "http://a.example/1", "html": "<p>one</p>"}\n\n'
        b'{"url": "http://a.example/2", "text": "two"}\n'
        b"not json\n"
        b'{"url": "http://a.example/4"}\n'
        b"[1, 2]\n"
    )
    recs = list(jsonl_records(data, settings=SETTINGS))
    assert [(r.url, r.kind, r.body) for r in recs[:2]] == [
        ("http://a.example/1", "html", "<p>one</p>"),
        ("http://a.example/2", "text", "two"),
    ]
    assert recs[2].error and "invalid JSON" in recs[2].error
    assert recs[3].error and "no 'html' or 'text'" in recs[3].error
    assert recs[4].error and "not a JSON object" in recs[4].error


def test_json_array_of_records() -> None:
    recs = list(
        jsonl_records(b'[{"url": "u", "text": "t"}, {"url": "v", "html": "<p>h</p>"}]', settings=SETTINGS)
    )
    assert [r.kind for r in recs] == ["text", "html"]


def test_publication_date_from_published_or_a_common_alias() -> None:
    lines = [
        '{"url": "u1", "text": "t", "published": "2018-03-05"}',
        '{"url": "u2", "text": "t", "time": "2018-02-11T10:00:00+00:00"}',
        '{"url": "u3", "text": "t", "datePublished": "2018-01-02", "date": "2017-12-31"}',
        '{"url": "u4", "text": "t", "time": "10:30"}',  # a clock time: not the publication date
        '{"url": "u5", "text": "t", "published": "last week", "date": "2018-03-05"}',
    ]
    recs = list(jsonl_records("\n".join(lines).encode(), settings=SETTINGS))
    days = [r.given.published if r.given else None for r in recs[:4]]
    assert days == ["2018-03-05", "2018-02-11T10:00:00+00:00", "2018-01-02", None]
    assert recs[3].error is None and recs[3].body == "t"  # kept, only undated
    assert recs[4].error and "'published' is not an ISO date" in recs[4].error


def _warc(records: list[tuple[str, str, bytes, str]]) -> bytes:
    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=False)
    for rtype, url, body, ctype in records:
        if rtype == "response":
            http = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            rec = w.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http)
        else:
            rec = w.create_warc_record(
                url, "conversion", payload=io.BytesIO(body), warc_content_type="text/plain"
            )
        w.write_record(rec)
    return buf.getvalue()


def test_warc_responses_and_wet_conversions() -> None:
    data = _warc(
        [
            ("response", "http://a.example/", "<html><body><p>مرحبا</p></body></html>".encode(), "text/html"),
            ("response", "http://a.example/logo.png", b"\x89PNG....", "image/png"),
            ("conversion", "http://b.example/", "نص مستخرج".encode(), ""),
        ]
    )
    recs = list(warc_records(data, settings=SETTINGS))
    assert [r.url for r in recs] == ["http://a.example/", "http://b.example/"]
    assert recs[0].kind is None and b"<p>" in (recs[0].body or b"")
    assert recs[1].kind == "text"
    assert recs[0].fetched
