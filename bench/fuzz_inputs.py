"""Hostile inputs for the fuzz and kill -9 benches: real pages, mutated, in ≥ 30 kinds.

Every kind is a function `(rng, seeds) -> bytes` giving one input file. The seeds are real pages:
`examples/`, the extractor fixtures under `tests/extract/fixtures/` and, when `../shared/data` is
present, pages of the extraction benchmark and Arabic articles of the unlabeled corpus. The same
seed number gives the same inputs byte for byte.

WARC records are written by hand here, not with warcio: most of them are meant to be wrong
(negative or non-numeric Content-Length, cut records, bad version lines), which a correct writer
refuses to produce.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("MARSAD_SHARED_DATA", ROOT.parent / "shared" / "data"))

# Real pages above this size are left out of the seed pool: the fuzz run is about odd bytes, not
# big pages: the median extraction-benchmark page (94 KB) takes ~0.15 CPU-s to extract here, and
# the 160 pages under 60 KB keep 10,000 inputs within an hour on the shared 2-core machine.
SEED_MAX_BYTES = 60_000
SHARED_HTML_PAGES = 160  # pages drawn (seeded) from ../shared/data/extraction/pages
SHARED_TEXT_ARTICLES = 200  # Arabic articles drawn from ../shared/data/unlabeled


@dataclass(slots=True)
class Seed:
    name: str
    data: bytes
    kind: str  # html | text


@dataclass(slots=True)
class Seeds:
    html: list[Seed] = field(default_factory=list)
    text: list[Seed] = field(default_factory=list)
    jsonl: list[bytes] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    arabic_texts: list[str] = field(default_factory=list)  # filled by `load_seeds`

    @property
    def pages(self) -> list[Seed]:
        return self.html + self.text

    def page(self, rng: random.Random) -> bytes:
        return rng.choice(self.pages).data

    def arabic(self, rng: random.Random) -> str:
        """A real Arabic text (an unlabeled article or an Arabic example)."""
        return rng.choice(self.arabic_texts)


def _arabic_share(data: bytes) -> float:
    text = data[:4000].decode("utf-8", "replace")
    letters = [c for c in text if c.isalpha()]
    return sum("\u0600" <= c <= "\u06ff" for c in letters) / max(1, len(letters))


def load_seeds(seed: int = 0, *, shared: Path = SHARED) -> Seeds:
    """The real pages the inputs are made from (the shared data only when present)."""
    rng = random.Random(seed)
    s = Seeds()
    for p in sorted((ROOT / "examples").iterdir()):
        data = p.read_bytes()
        if p.suffix == ".jsonl":
            s.jsonl.append(data)
            for line in data.splitlines():
                obj = json.loads(line)
                kind = "html" if "html" in obj else "text"
                (s.html if kind == "html" else s.text).append(
                    Seed(f"{p.name}:{obj.get('id')}", obj[kind].encode(), kind)
                )
        else:
            (s.html if p.suffix == ".html" else s.text).append(Seed(p.name, data, p.suffix.lstrip(".")))
    s.sources.append("examples/")
    for p in sorted((ROOT / "tests" / "extract" / "fixtures").glob("*.txt")):
        s.text.append(Seed(p.name, p.read_bytes(), "text"))
    s.sources.append("tests/extract/fixtures/")
    pages = SHARED / "extraction" / "pages"
    if pages.is_dir():
        names = sorted(os.listdir(pages))
        rng.shuffle(names)
        taken = 0
        for name in names:
            raw = (
                gzip.decompress((pages / name).read_bytes())
                if name.endswith(".gz")
                else (pages / name).read_bytes()
            )
            if len(raw) <= SEED_MAX_BYTES:
                s.html.append(Seed(name, raw, "html"))
                taken += 1
            if taken >= SHARED_HTML_PAGES:
                break
        s.sources.append(f"{taken} pages of ../shared/data/extraction/pages")
    unlabeled = SHARED / "unlabeled" / "saudinewsnet.txt.gz"
    if unlabeled.is_file():
        with gzip.open(unlabeled, "rt", encoding="utf-8") as f:
            lines = [ln.strip() for _, ln in zip(range(4000), f, strict=False) if len(ln) > 400]
        for i, ln in enumerate(rng.sample(lines, min(SHARED_TEXT_ARTICLES, len(lines)))):
            # One article per line: give it a title line and paragraphs, as a text dump has them.
            sentences = ln.replace(". ", ".\n\n").encode("utf-8")
            s.text.append(Seed(f"saudinewsnet:{i}", sentences, "text"))
        s.sources.append(f"{min(SHARED_TEXT_ARTICLES, len(lines))} articles of ../shared/data/unlabeled")
    seed_page = SHARED / "seed" / "euronews-kim-putin.txt"
    if seed_page.is_file():
        s.text.append(Seed(seed_page.name, seed_page.read_bytes(), "text"))
    pool = [p for p in s.text if _arabic_share(p.data) > 0.3] or s.text
    s.arabic_texts = [p.data.decode("utf-8", "replace") for p in pool]
    return s


# --- mutations of bytes ---------------------------------------------------------------------
def flip_bytes(rng: random.Random, data: bytes, n: int) -> bytes:
    b = bytearray(data or b"x")
    for _ in range(n):
        b[rng.randrange(len(b))] ^= 1 << rng.randrange(8)
    return bytes(b)


def _insert(rng: random.Random, data: bytes, pieces: list[bytes], n: int) -> bytes:
    b = bytearray(data)
    for _ in range(n):
        b[rng.randrange(len(b) + 1) : 0] = rng.choice(pieces)
    return bytes(b)


def _cut(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(1, max(2, len(data)))]


def _gz(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=6, mtime=0)


def _text_of(data: bytes) -> str:
    return data.decode("utf-8", "replace")


# --- WARC and WET, written by hand (see the module docstring) -------------------------------
def warc_record(
    body: bytes,
    *,
    uri: str,
    rtype: str = "response",
    length: str | None = None,
    version: bytes = b"WARC/1.0",
    extra: list[tuple[str, str]] | None = None,
    http_status: bytes = b"HTTP/1.1 200 OK",
    content_type: str = "text/html; charset=utf-8",
) -> bytes:
    """One WARC record; `length` overrides the Content-Length header (None: the true length)."""
    payload = body
    if rtype == "response":
        payload = http_status + f"\r\nContent-Type: {content_type}\r\n\r\n".encode() + body
    headers = [
        ("WARC-Type", rtype),
        (
            "WARC-Record-ID",
            f"<urn:uuid:{abs(hash((uri, len(body)))) % 10**12:012d}-0000-4000-8000-000000000000>",
        ),
        ("WARC-Date", "2024-03-05T10:00:00Z"),
        ("WARC-Target-URI", uri),
    ]
    if rtype == "response":
        headers.append(("Content-Type", "application/http; msgtype=response"))
    elif rtype == "conversion":
        headers.append(("Content-Type", "text/plain"))
    headers += extra or []
    if length != "omit":
        headers.append(("Content-Length", str(len(payload)) if length is None else length))
    head = version + b"\r\n" + b"".join(f"{k}: {v}\r\n".encode() for k, v in headers)
    return head + b"\r\n" + payload + b"\r\n\r\n"


def warc_of(rng: random.Random, seeds: Seeds, n: int, *, wet: bool = False) -> list[bytes]:
    """`n` valid records from real pages (WET: conversion records of text)."""
    recs = [warc_record(b"software: marsad-bench\r\n", uri="", rtype="warcinfo", content_type="")]
    for i in range(n):
        uri = f"https://news{rng.randrange(50)}.example/a/{rng.randrange(10**6)}-{i}"
        if wet:
            recs.append(warc_record(rng.choice(seeds.text).data, uri=uri, rtype="conversion"))
        else:
            recs.append(warc_record(rng.choice(seeds.html).data, uri=uri))
    return recs


def jsonl_lines(rng: random.Random, seeds: Seeds, n: int) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for i in range(n):
        page = rng.choice(seeds.pages)
        obj: dict[str, object] = {
            "url": f"https://wire{rng.randrange(20)}.example/{i}-{rng.randrange(10**6)}"
        }
        obj[page.kind] = _text_of(page.data)
        if rng.random() < 0.5:
            obj["id"] = f"r{i}"
        if rng.random() < 0.3:
            obj["published"] = f"2024-0{rng.randrange(1, 10)}-1{rng.randrange(10)}"
        if rng.random() < 0.3:
            obj["title"] = _text_of(page.data)[:80]
        out.append(obj)
    return out


def _dump(obj: object) -> bytes:
    return json.dumps(obj, ensure_ascii=False).encode("utf-8", "surrogatepass")


# --- the kinds ------------------------------------------------------------------------------
Kind = Callable[[random.Random, Seeds], bytes]
KINDS: dict[str, Kind] = {}
# Kinds whose inputs are large (MBs, 10⁵ elements): fewer per batch so a batch's watchdog stays
# meaningful.
HEAVY: set[str] = set()


def kind(name: str, *, heavy: bool = False) -> Callable[[Kind], Kind]:
    def register(fn: Kind) -> Kind:
        KINDS[name] = fn
        if heavy:
            HEAVY.add(name)
        return fn

    return register


@kind("real-page")
def _real(rng: random.Random, s: Seeds) -> bytes:
    return s.page(rng)


@kind("byte-flips")
def _flips(rng: random.Random, s: Seeds) -> bytes:
    return flip_bytes(rng, s.page(rng), rng.choice([1, 4, 16, 64, 256]))


@kind("junk-inserted")
def _junk(rng: random.Random, s: Seeds) -> bytes:
    pieces = [rng.randbytes(rng.randrange(1, 40)) for _ in range(8)]
    return _insert(rng, s.page(rng), pieces, rng.randrange(1, 30))


@kind("truncated")
def _truncated(rng: random.Random, s: Seeds) -> bytes:
    return _cut(rng, s.page(rng))


@kind("cut-mid-utf8")
def _cut_utf8(rng: random.Random, s: Seeds) -> bytes:
    data = s.page(rng)
    leads = [i for i in range(0, len(data), 7) if data[i] >= 0xC2 and data[i] < 0xF5]
    return data[: rng.choice(leads) + 1] if leads else data[:-1]


@kind("spliced")
def _spliced(rng: random.Random, s: Seeds) -> bytes:
    a, b = s.page(rng), s.page(rng)
    return a[: rng.randrange(len(a) + 1)] + b[rng.randrange(len(b) + 1) :]


@kind("utf16")
def _utf16(rng: random.Random, s: Seeds) -> bytes:
    return _text_of(s.page(rng)).encode(rng.choice(["utf-16", "utf-16-le", "utf-16-be", "utf-32"]))


@kind("cp1256")
def _cp1256(rng: random.Random, s: Seeds) -> bytes:
    text = s.arabic(rng) if rng.random() < 0.6 else _text_of(s.page(rng))
    if rng.random() < 0.5:
        meta = rng.choice(['<meta charset="windows-1256">', '<meta charset="utf-8">', ""])
        text = f"<html><head>{meta}<title>{text[:60]}</title></head><body><p>{text}</p></body></html>"
    return text.encode("cp1256", "replace")


@kind("invalid-utf8")
def _invalid_utf8(rng: random.Random, s: Seeds) -> bytes:
    bad = [b"\xff", b"\xc0\xaf", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\x80\x80", b"\xe2\x82", b"\xfe\xfe"]
    return _insert(rng, s.page(rng), bad, rng.choice([1, 10, 100, 2000]))


@kind("charset-lies")
def _charset_lies(rng: random.Random, s: Seeds) -> bytes:
    cs = rng.choice(
        ["utf-16", "bogus-9", "iso-2022-jp", "utf-7", "", "x" * 5000, "windows-1256", "ebcdic-cp-us"]
    )
    body = _text_of(rng.choice(s.html).data) if s.html else ""
    head = f'<meta charset="{cs}"><meta http-equiv="Content-Type" content="text/html; charset={cs}">'
    return (f"<html><head>{head}</head>" + body).encode("utf-8")


@kind("bom-mismatch")
def _bom(rng: random.Random, s: Seeds) -> bytes:
    text = _text_of(s.page(rng))
    return rng.choice(
        [
            b"\xef\xbb\xbf" + text.encode("utf-16-le"),
            b"\xff\xfe" + text.encode("utf-8"),
            b"\xfe\xff" + text.encode("cp1256", "replace"),
            b"\xef\xbb\xbf" * 50 + text.encode(),
        ]
    )


@kind("control-chars")
def _controls(rng: random.Random, s: Seeds) -> bytes:
    chars = ["\x00", "\x1b", "\u202e", "\u200f", "\ufeff", "\u2028", "\x85", "\x0c", "\u061c", "\U000e0001"]
    text = list(_text_of(s.page(rng)))
    for _ in range(rng.choice([1, 20, 500])):
        text.insert(rng.randrange(len(text) + 1), rng.choice(chars) * rng.choice([1, 1, 50]))
    return "".join(text).encode("utf-8")


@kind("newline-styles")
def _newlines(rng: random.Random, s: Seeds) -> bytes:
    nl = rng.choice(["\r", "\r\n", "\u2028", "\x0b", "\n\r", "\u0085", "\r\r\n"])
    return _text_of(s.page(rng)).replace("\n", nl).encode("utf-8")


@kind("combining-marks")
def _marks(rng: random.Random, s: Seeds) -> bytes:
    # Arabic letters carrying thousands of harakat / tatweel runs: stress for normalisers.
    text = s.arabic(rng)
    i = rng.randrange(len(text) + 1)
    run = rng.choice(["\u064e", "\u0651", "\u0640", "\u0670", "\u0301"]) * rng.choice([100, 5000, 50000])
    return (text[:i] + run + text[i:]).encode("utf-8")


@kind("huge-line", heavy=True)
def _huge_line(rng: random.Random, s: Seeds) -> bytes:
    text = _text_of(s.page(rng)).replace("\n", " ")
    size = rng.choice([200_000, 1_000_000, 3_000_000])
    if rng.random() < 0.3:  # one "word" with no space at all
        return (rng.choice(["ا", "a", "ب،"]) * size).encode("utf-8")
    return (text * (size // max(1, len(text)) + 1))[:size].encode("utf-8")


@kind("many-lines", heavy=True)
def _many_lines(rng: random.Random, s: Seeds) -> bytes:
    words = _text_of(s.page(rng)).split() or ["x"]
    n = rng.choice([20_000, 100_000, 300_000])
    return "\n".join(words[i % len(words)] for i in range(n)).encode("utf-8")


@kind("deep-nesting", heavy=True)
def _deep(rng: random.Random, s: Seeds) -> bytes:
    n = rng.choice([1_000, 5_000, 20_000, 100_000])
    tag = rng.choice(["div", "span", "b", "table", "ul><li", "blockquote"])
    inner = f"<p>{s.arabic(rng)[:2000]}</p>"
    close = f"</{tag.split('><')[0]}>" * n if rng.random() < 0.5 else ""
    return f"<html><body>{f'<{tag}>' * n}{inner}{close}</body></html>".encode()


@kind("many-attributes", heavy=True)
def _attrs(rng: random.Random, s: Seeds) -> bytes:
    n = rng.choice([1_000, 30_000])
    if rng.random() < 0.3:
        attrs = f'data-x="{"ب" * rng.choice([100_000, 1_000_000])}"'
    else:
        attrs = " ".join(f'a{i}="{i}"' for i in range(n))
    return f"<html><body><article {attrs}><h1>عنوان</h1><p {attrs}>{s.arabic(rng)}</p></article></body></html>".encode()


@kind("many-elements", heavy=True)
def _elements(rng: random.Random, s: Seeds) -> bytes:
    n = rng.choice([10_000, 100_000])
    tag = rng.choice(["p", "li", "a href='#'", "img src=x alt='صورة'", "br", "td"])
    name = tag.split()[0]
    return f"<html><body><h1>عنوان الخبر</h1>{''.join(f'<{tag}>خبر {i}</{name}>' for i in range(n))}</body></html>".encode()


@kind("scripts-styles")
def _scripts(rng: random.Random, s: Seeds) -> bytes:
    text = s.arabic(rng)
    junk = rng.choice(
        [
            f"<script>var t = '{text[:500]}'; document.write('</scr' + 'ipt>');</script>",
            f'<script type=\'application/ld+json\'>{{"headline": "{text[:100]}", "datePublished": "x"}}</script>',
            "<script>" + "x=1;" * 100_000 + "</script>",
            f"<style>p::before {{ content: '{text[:200]}' }}</style>",
            f"<noscript><p>{text[:300]}</p></noscript>",
            "<script><!-- </script><p>after</p>",
            f"<template><p>{text[:200]}</p></template><iframe srcdoc='<p>x</p>'></iframe>",
        ]
    )
    page = _text_of(rng.choice(s.html).data) if s.html else f"<p>{text}</p>"
    i = rng.randrange(len(page) + 1)
    repeat = rng.choice([1, 20]) if len(junk) < 10_000 else 1
    return (page[:i] + junk * repeat + page[i:]).encode("utf-8")


@kind("broken-markup")
def _markup(rng: random.Random, s: Seeds) -> bytes:
    tokens = ["<", "</", "<!--", "-->", "<![CDATA[", "]]>", "<?xml ?>", '<a href="', "'", '"', ">", "<p", "<div>",
              "</div>", "<title>", "</title>", "<meta", "<!DOCTYPE", "&", "<h1>", "<br/>", "<table><tr>", "</html>"]  # fmt: skip
    words = s.arabic(rng).split() or ["كلمة"]
    n = rng.choice([50, 2000, 20000])
    return "".join(
        rng.choice(tokens) if rng.random() < 0.4 else rng.choice(words) + " " for _ in range(n)
    ).encode()


@kind("entities")
def _entities(rng: random.Random, s: Seeds) -> bytes:
    ents = ["&#x110000;", "&#0;", "&#xD800;", "&amp;", "&nbsp", "&#99999999999999;", "&#x;", "&bogus;", "&#1604;",
            "&#x202E;", "&lt;script&gt;"]  # fmt: skip
    page = _text_of(rng.choice(s.html).data) if s.html else ""
    chunk = "".join(rng.choice(ents) for _ in range(rng.choice([10, 1000, 50000])))
    i = rng.randrange(len(page) + 1)
    return (page[:i] + chunk + page[i:]).encode("utf-8")


@kind("bidi-mixed")
def _bidi(rng: random.Random, s: Seeds) -> bytes:
    text = s.arabic(rng)
    marks = [
        "\u202a",
        "\u202b",
        "\u202c",
        "\u202d",
        "\u202e",
        "\u2066",
        "\u2067",
        "\u2068",
        "\u2069",
        "٠١٢٣",
        "۴۵۶",
    ]
    out = [w + (rng.choice(marks) if rng.random() < 0.3 else "") for w in text.split(" ")]
    return " ".join(out).encode("utf-8")


@kind("gzip-page")
def _gzip_page(rng: random.Random, s: Seeds) -> bytes:
    data = _gz(s.page(rng))
    return _gz(data) if rng.random() < 0.2 else data  # sometimes gzip inside gzip


@kind("gzip-multimember")
def _gzip_multi(rng: random.Random, s: Seeds) -> bytes:
    return b"".join(_gz(s.page(rng)) for _ in range(rng.randrange(2, 6)))


@kind("gzip-truncated")
def _gzip_cut(rng: random.Random, s: Seeds) -> bytes:
    return _cut(rng, _gz(s.page(rng)))


@kind("gzip-corrupt")
def _gzip_bad(rng: random.Random, s: Seeds) -> bytes:
    choice = rng.randrange(3)
    if choice == 0:
        return b"\x1f\x8b" + rng.randbytes(rng.randrange(1, 5000))
    data = _gz(s.page(rng))
    if choice == 1:  # body bytes flipped: CRC or inflate errors
        return data[:10] + flip_bytes(rng, data[10:], 8)
    return data + rng.randbytes(rng.randrange(1, 100))  # trailing garbage after the member


@kind("gzip-bomb", heavy=True)
def _bomb(rng: random.Random, s: Seeds) -> bytes:
    size = rng.choice([8, 32, 64]) * 1_000_000
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=9, mtime=0) as f:
        chunk = rng.choice([b" ", b"a", "ب".encode(), b"<div>"]) * 1_000_000
        for _ in range(size // len(chunk) + 1):
            f.write(chunk)
    return out.getvalue()


@kind("jsonl-valid")
def _jsonl(rng: random.Random, s: Seeds) -> bytes:
    if s.jsonl and rng.random() < 0.1:
        return rng.choice(s.jsonl)
    return b"\n".join(_dump(o) for o in jsonl_lines(rng, s, rng.randrange(1, 12))) + b"\n"


@kind("jsonl-bad-lines")
def _jsonl_bad(rng: random.Random, s: Seeds) -> bytes:
    lines = [_dump(o) for o in jsonl_lines(rng, s, rng.randrange(1, 8))]
    bad = [b"{", b"{'url': 1}", b"[1,2", b"null", b"42", b'"text"', b"{}", b'{"url": "x"}', b'{"text": ""}',
           b'{"text": "   "}', b'{"text": "\xd8\xa8", "published": "yesterday"}', b"\x00\x00", b"{" * 30]  # fmt: skip
    for _ in range(rng.randrange(1, 10)):
        lines.insert(rng.randrange(len(lines) + 1), rng.choice(bad))
    return b"\n".join(lines)


@kind("jsonl-surrogates")
def _jsonl_surrogates(rng: random.Random, s: Seeds) -> bytes:
    objs = jsonl_lines(rng, s, rng.randrange(1, 5))
    lone = rng.choice(["\ud800", "\udfff", "\udc80\udc80", "\ud83d"])
    obj = objs[rng.randrange(len(objs))]
    key = rng.choice(["text", "html", "title", "url", "id", "outlet"])
    val = obj.get(key) if isinstance(obj.get(key), str) else "نص الخبر"
    assert isinstance(val, str)
    i = rng.randrange(len(val) + 1)
    obj[key if key in obj or key not in ("text", "html") else "text"] = val[:i] + lone + val[i:]
    if rng.random() < 0.5:  # as \\uXXXX escapes (valid JSON) rather than raw bytes
        return b"\n".join(json.dumps(o).encode() for o in objs)
    return b"\n".join(_dump(o) for o in objs)


@kind("jsonl-odd-types")
def _jsonl_types(rng: random.Random, s: Seeds) -> bytes:
    text = s.arabic(rng)[:3000]
    odd: list[object] = [
        {"text": 5}, {"html": [text]}, {"text": text, "title": {"a": 1}}, {"text": text, "published": 12345},
        {"text": text, "id": True}, {"text": text, "id": 1e308}, {"text": text, "url": ["x"]},
        {"text": text, "published": "9999-99-99"}, {"text": text, "published": "2024-02-30"},
        {"text": text, "outlet": ""}, {"content": text}, {"text": text, "url": "javascript:alert(1)"},
        {"text": text, "published": "+275760-09-13T00:00:00Z"}, {"text": text, "id": -0.0},
    ]  # fmt: skip
    lines = [_dump(rng.choice(odd)) for _ in range(rng.randrange(1, 8))]
    if rng.random() < 0.3:
        lines.append(b'{"text": "x", "id": 1e999999}')
    if rng.random() < 0.3:
        lines.append(b'{"text": "x", "id": NaN}')
    return b"\n".join(lines)


@kind("json-deep")
def _json_deep(rng: random.Random, s: Seeds) -> bytes:
    n = rng.choice([100, 5_000, 200_000])
    if rng.random() < 0.5:
        return b'{"text": "' + s.arabic(rng)[:200].encode() + b'", "x": ' + b"[" * n + b"]" * n + b"}"
    return b"[" * n + b"]" * n


@kind("json-array")
def _json_array(rng: random.Random, s: Seeds) -> bytes:
    data = b"[" + b",".join(_dump(o) for o in jsonl_lines(rng, s, rng.randrange(0, 6))) + b"]"
    return _cut(rng, data) if rng.random() < 0.4 else data


@kind("warc-valid")
def _warc(rng: random.Random, s: Seeds) -> bytes:
    recs = warc_of(rng, s, rng.randrange(1, 8))
    if rng.random() < 0.3:  # records that are not pages: request, metadata, an image response
        recs.insert(1, warc_record(b"GET / HTTP/1.1\r\n\r\n", uri="https://x.example/", rtype="request"))
        recs.append(
            warc_record(
                b"\x89PNG\r\n" + rng.randbytes(200), uri="https://x.example/i.png", content_type="image/png"
            )
        )
    return b"".join(recs)


@kind("warc-bad-length")
def _warc_len(rng: random.Random, s: Seeds) -> bytes:
    recs = warc_of(rng, s, rng.randrange(1, 5))
    bad = rng.choice(
        ["-5", "abc", str(2**64), str(2**63), "1e3", "omit", "", " 12", "0", "99999999999", "0x10"]
    )
    i = rng.randrange(1, len(recs))
    body = rng.choice(s.html).data if s.html else b"<p>x</p>"
    recs[i] = warc_record(body, uri=f"https://bad.example/{i}", length=bad)
    return b"".join(recs)


@kind("warc-bad-headers")
def _warc_headers(rng: random.Random, s: Seeds) -> bytes:
    recs = warc_of(rng, s, rng.randrange(1, 4))
    body = s.page(rng)
    broken = rng.choice(
        [
            warc_record(body, uri="https://x.example/", version=b"WARC/9.9"),
            warc_record(body, uri="https://x.example/", version=b"WARC/1.0 extra"),
            warc_record(body, uri="https://x.example/", extra=[("X-Junk", "\u0628" * 100)]),
            warc_record(body, uri="https://x.example/", extra=[("X-Long", "v" * 2_000_000)]),
            warc_record(body, uri="https://x.example/", http_status=b"HTTP/1.1 abc Whatever"),
            warc_record(body, uri="https://x.example/", http_status=b"garbage"),
            warc_record(body, uri="https://x.example/", http_status=b"HTTP/1.1 404 Not Found"),
            warc_record(body, uri="\x00\u0628 not a url", content_type="text/html; charset=bogus"),
            warc_record(body, uri="https://x.example/", rtype="weird-type"),
            b"WARC/1.0\r\nno colon here\r\nContent-Length: 5\r\n\r\nhello\r\n\r\n",
            b"WARC/1.0\nWARC-Type: response\nContent-Length: 3\n\nabc\n\n",
        ]
    )
    recs.insert(rng.randrange(len(recs) + 1), broken)
    return b"".join(recs)


@kind("warc-truncated")
def _warc_cut(rng: random.Random, s: Seeds) -> bytes:
    return _cut(rng, b"".join(warc_of(rng, s, rng.randrange(1, 6))))


@kind("warc-mutated")
def _warc_flip(rng: random.Random, s: Seeds) -> bytes:
    return flip_bytes(rng, b"".join(warc_of(rng, s, rng.randrange(1, 5))), rng.choice([1, 8, 64]))


@kind("warc-gz")
def _warc_gz(rng: random.Random, s: Seeds) -> bytes:
    recs = warc_of(rng, s, rng.randrange(1, 6), wet=rng.random() < 0.3)
    mode = rng.randrange(4)
    if mode == 0:  # one member per record, as crawlers write them
        return b"".join(_gz(r) for r in recs)
    if mode == 1:  # the whole file in one member
        return _gz(b"".join(recs))
    if mode == 2:  # per record, cut
        return _cut(rng, b"".join(_gz(r) for r in recs))
    members = [_gz(r) for r in recs]  # one member damaged
    k = rng.randrange(len(members))
    members[k] = members[k][:10] + flip_bytes(rng, members[k][10:], 4)
    return b"".join(members)


@kind("wet")
def _wet(rng: random.Random, s: Seeds) -> bytes:
    recs = warc_of(rng, s, rng.randrange(1, 6), wet=True)
    if rng.random() < 0.4:
        i = rng.randrange(1, len(recs))
        bad = rng.choice(["-5", "abc", str(2**64), "omit"])
        recs[i] = warc_record(
            rng.choice(s.text).data, uri="https://wet.example/", rtype="conversion", length=bad
        )
    data = b"".join(recs)
    return _cut(rng, data) if rng.random() < 0.2 else data


@kind("empty")
def _empty(rng: random.Random, s: Seeds) -> bytes:
    return rng.choice([b"", b" ", b"\n" * 1000, b"\xef\xbb\xbf", b"\xff\xfe", b"{}", b"[]", b"null", b"\t\r\n",
                       _gz(b""), b"WARC/1.0\r\n\r\n", "\u200b\u200f".encode(), b"<html></html>", b"<p></p>"])  # fmt: skip


@kind("binary-junk")
def _binary(rng: random.Random, s: Seeds) -> bytes:
    magic = rng.choice(
        [b"", b"\x89PNG\r\n\x1a\n", b"%PDF-1.7\n", b"PK\x03\x04", b"\x7fELF", b"\xff\xd8\xff\xe0", b"GIF89a"]
    )
    return magic + rng.randbytes(rng.choice([10, 1000, 100_000]))


@kind("text-with-nuls")
def _nuls(rng: random.Random, s: Seeds) -> bytes:
    data = s.page(rng)
    return _insert(rng, data, [b"\x00", b"\x00\x00\x00\x00"], rng.choice([1, 5, len(data) // 20 + 1]))


@kind("not-news-text")
def _formats(rng: random.Random, s: Seeds) -> bytes:
    t = s.arabic(rng)[:500]
    return rng.choice(
        [
            f'<?xml version="1.0"?><rss><channel><item><title>{t[:50]}</title><description>{t}</description></item></channel></rss>',
            f"<svg xmlns='http://www.w3.org/2000/svg'><text>{t}</text></svg>",
            "id,title,body\n" + "\n".join(f"{i},{t[:20]},{t}" for i in range(200)),
            f"# {t[:40]}\n\n* {t}\n\n```\ncode\n```\n",
            "\n".join(f"{i}\t{i * 3.7}" for i in range(5000)),
            "=" * 10_000,
        ]
    ).encode("utf-8")


@kind("reprints")
def _reprints(rng: random.Random, s: Seeds) -> bytes:
    # Pages from a small pool, so a batch holds exact copies (already present) and reprints.
    pool = s.pages[:12]
    page = rng.choice(pool).data
    if rng.random() < 0.5:
        page = b"<div>Agency wire</div>\n" + page if page.lstrip().startswith(b"<") else b"Wire copy\n" + page
    return page


def generate(name: str, count: int, seed: int, seeds: Seeds) -> list[bytes]:
    """`count` inputs of one kind; the kind's name is mixed into the seed so kinds are independent."""
    rng = random.Random(f"{seed}:{name}")
    return [KINDS[name](rng, seeds) for _ in range(count)]
