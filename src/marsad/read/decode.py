"""Bytes → str for pages whose encoding nobody told us.

Order: byte-order mark, then a charset the document declares (HTTP-equiv / meta charset, XML
declaration), then strict UTF-8, then statistical detection. Arabic sites often serve
windows-1256 or ISO-8859-6, and often declare the wrong one: a declared charset is only trusted
when the bytes decode under it and are not better explained as UTF-8.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

from marsad.errors import InputError

__all__ = ["declared_charset", "decode", "looks_binary"]

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)|<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_.:-]+)""",
    re.IGNORECASE,
)
# Arabic legacy code pages first: detection among single-byte encodings is ambiguous and these
# are what Arabic pages that are not UTF-8 actually use.
_CANDIDATES = ("windows-1256", "iso-8859-6", "cp720", "windows-1252", "iso-8859-1", "utf-16")


def declared_charset(data: bytes) -> str | None:
    """The charset the document itself declares in its first 4 KB, if it is one Python knows."""
    m = _META.search(data[:4096])
    if not m:
        return None
    name = (m.group(1) or m.group(2) or b"").decode("ascii", "ignore").strip().lower()
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _arabic_ratio(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum("\u0600" <= c <= "\u06ff" for c in letters) / len(letters)


def decode(data: bytes) -> tuple[str, str]:
    """Decode page bytes; returns (text, encoding name). Raises InputError on binary data."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data.decode(enc, errors="replace"), enc.replace("-sig", "")
    declared = declared_charset(data)
    try:
        text = data.decode("utf-8")
        # Valid UTF-8 beats a declared single-byte charset: the declaration is the usual liar.
        return text, "utf-8"
    except UnicodeDecodeError:
        # Mostly UTF-8 with a few broken bytes (a truncated crawl, a bad paste) is still UTF-8:
        # replace the broken bytes rather than reading the whole page in a wrong code page.
        lossy = data.decode("utf-8", errors="replace")
        non_ascii = sum(1 for b in data[:200_000] if b >= 0x80)
        if non_ascii and lossy.count("\ufffd") <= max(3, non_ascii // 200):
            return lossy, "utf-8"
    if declared and declared not in ("utf-8", "utf_8"):
        try:
            text = data.decode(declared)
        except UnicodeDecodeError:
            pass
        else:
            # A wrong single-byte declaration over Arabic bytes yields letter soup (ÇáÑÆíÓ, or
            # Arabic mixed with ê/è when 8859-6 is read as 1256). When another Arabic code page
            # explains the same bytes as clearly more Arabic text, the declaration lied.
            base = _arabic_ratio(text)
            for cand in ("windows-1256", "iso-8859-6"):
                if cand == declared:
                    continue
                try:
                    alt = data.decode(cand)
                except UnicodeDecodeError:
                    continue
                if _arabic_ratio(alt) > max(0.5, base + 0.05):
                    return alt, cand
            return text, declared
    best = charset_normalizer.from_bytes(data[:200_000], cp_isolation=[*_CANDIDATES, "utf-8"]).best()
    if best is not None and best.encoding:
        enc = codecs.lookup(best.encoding).name
        text = data.decode(enc, errors="replace")
        # charset_normalizer cannot tell windows-1256 from its Latin siblings on short pages;
        # if another candidate yields clearly Arabic text, prefer it.
        if _arabic_ratio(text) < 0.3:
            for cand in ("windows-1256", "iso-8859-6"):
                try:
                    alt = data.decode(cand)
                except UnicodeDecodeError:
                    continue
                if _arabic_ratio(alt) > 0.5:
                    return alt, cand
        return text, enc
    if declared:
        return data.decode(declared, errors="replace"), declared
    raise InputError("cannot determine the text encoding (the file looks binary)")


def looks_binary(data: bytes) -> bool:
    """True for images, archives, executables: NUL bytes or many C0 controls in the first 8 KB."""
    head = data[:8192]
    if not head:
        return False
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls / len(head) > 0.05
