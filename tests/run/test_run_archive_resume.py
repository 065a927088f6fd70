"""An interrupted archive ingest resumes from its last committed record, by seeking to it."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from marsad.config import Settings
from marsad.read import inputs as read_inputs
from marsad.run.ingest import IngestSummary, ingest
from marsad.store import open_store


def _warc(n: int, *, gzip: bool) -> bytes:
    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=gzip)
    for i in range(n):
        body = f"<html><body><h1>خبر رقم {i}</h1><p>{'فقرة من نص الخبر رقم ' + str(i) + '. ' * 30}</p></body></html>"
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        w.write_record(
            w.create_warc_record(
                f"https://news.example/{i}", "response", payload=io.BytesIO(body.encode()), http_headers=http
            )
        )
    return buf.getvalue()


class Crash(Exception):
    pass


@pytest.mark.parametrize("gzip", [False, True])
def test_resume_seeks_to_the_last_committed_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, gzip: bool
) -> None:
    path = tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc")
    path.write_bytes(_warc(12, gzip=gzip))
    store = open_store(tmp_path / "s.db")

    def crash_after_five(s: IngestSummary) -> None:
        if s.read >= 5:  # records committed so far (counted batch by batch)
            raise Crash

    with pytest.raises(Crash):
        ingest([str(path)], store, batch_size=2, corpus=False, on_record=crash_after_five)
    committed = store.stats().articles
    assert 0 < committed < 12
    seen: list[int | None] = []
    real = read_inputs.read_path

    def spy(p: str, *, settings: Settings, start_offset: int | None = None, start_record: int = 0):  # type: ignore[no-untyped-def]
        seen.append(start_offset)
        return real(p, settings=settings, start_offset=start_offset, start_record=start_record)

    monkeypatch.setattr(read_inputs, "read_path", spy)
    monkeypatch.setattr("marsad.read.read_path", spy)
    again = ingest([str(path)], store, batch_size=2, corpus=False)
    assert seen and seen[0] is not None and seen[0] > 0  # it seeked, it did not re-read from 0
    assert again.resumed == committed and again.stored == 12 - committed
    urls = sorted(a.source.url or "" for a in store.iter_articles())
    assert urls == sorted(f"https://news.example/{i}" for i in range(12))  # nothing lost, nothing twice
    store.close()
