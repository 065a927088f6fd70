"""Charset detection: BOM, declarations, UTF-8, Arabic legacy code pages, lying declarations."""

from __future__ import annotations

import codecs

import pytest

from marsad.errors import InputError
from marsad.read.decode import declared_charset, decode, looks_binary

ARABIC = "زعيم المعارضة يتوجه إلى العاصمة للقاء رئيس الحكومة. وذكرت صحيفة محلية نقلاً عن مصادر مطلعة"


def test_bom_wins() -> None:
    text, enc = decode(codecs.BOM_UTF8 + ARABIC.encode("utf-8"))
    assert text == ARABIC and enc == "utf-8"
    text, enc = decode(ARABIC.encode("utf-16"))
    assert text == ARABIC and enc == "utf-16"


def test_utf8_without_declaration() -> None:
    assert decode(ARABIC.encode("utf-8")) == (ARABIC, "utf-8")


@pytest.mark.parametrize("codec", ["cp1256", "iso-8859-6"])
def test_undeclared_arabic_code_pages(codec: str) -> None:
    text, _ = decode(ARABIC.encode(codec))
    assert text == ARABIC


def test_declared_charset_is_read_from_meta() -> None:
    html = b'<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1256">'
    assert declared_charset(html) == "cp1256"
    assert declared_charset(b'<?xml version="1.0" encoding="ISO-8859-6"?>') == "iso8859-6"
    assert declared_charset(b"<meta charset='no-such-charset'>") is None


def test_declared_arabic_page_decodes() -> None:
    data = b'<html><head><meta charset="windows-1256"></head><body>' + ARABIC.encode("cp1256") + b"</body>"
    text, enc = decode(data)
    assert ARABIC in text and enc == "cp1256"


@pytest.mark.parametrize(("declared", "actual"), [("iso-8859-1", "cp1256"), ("windows-1256", "iso-8859-6")])
def test_wrong_declaration_is_overruled(declared: str, actual: str) -> None:
    data = f'<meta charset="{declared}"><p>'.encode() + ARABIC.encode(actual)
    text, _ = decode(data)
    assert ARABIC in text


def test_utf8_bytes_beat_a_latin_declaration() -> None:
    data = b'<meta charset="iso-8859-1"><p>' + ARABIC.encode("utf-8")
    text, enc = decode(data)
    assert ARABIC in text and enc == "utf-8"


def test_latin_page_keeps_its_declaration() -> None:
    fr = '<meta charset="iso-8859-1"><p>Très élégant, déjà vu à Paris. Ça va très bien, merci.'
    text, _ = decode(fr.encode("latin-1"))
    assert text == fr


def test_binary_detection() -> None:
    assert looks_binary(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert not looks_binary(ARABIC.encode("utf-8"))
    assert not looks_binary(ARABIC.encode("utf-16"))
    assert not looks_binary(b"")


def test_undecodable_raises_input_error_or_decodes() -> None:
    # Random high bytes are decodable by some single-byte code page; the call never crashes.
    try:
        text, _ = decode(bytes(range(128, 256)) * 4)
    except InputError:
        return
    assert isinstance(text, str)
