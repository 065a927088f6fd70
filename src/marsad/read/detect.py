"""What kind of page a byte string holds, decided from the bytes themselves."""

from __future__ import annotations

import json
import re

GZIP_MAGIC = b"\x1f\x8b"
_HTML_START = re.compile(
    rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta|title|div|p|article|section|table|span|a|h[1-6])[\s>/]",
    re.IGNORECASE | re.DOTALL,
)
_TAG = re.compile(rb"</?[a-zA-Z][a-zA-Z0-9]*[\s>/]")


def is_warc(head: bytes) -> bool:
    """`head` (the first bytes of a file, decompressed) starts a WARC or WET archive."""
    return head[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"WARC/")


def sniff(data: bytes) -> str:
    """One of gzip, warc, jsonl, html, text (binary is checked separately)."""
    if data.startswith(GZIP_MAGIC):
        return "gzip"
    if is_warc(data):
        return "warc"
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{") and _is_jsonl(data):
        return "jsonl"
    if _HTML_START.match(head):
        return "html"
    # A dump that merely mentions a tag is text; an HTML fragment without a preamble is tag-dense.
    tags = len(_TAG.findall(head))
    if tags >= 5 and tags * 40 > len(head):
        return "html"
    return "text"


def _is_jsonl(data: bytes) -> bool:
    first = data.lstrip().split(b"\n", 1)[0]
    try:
        obj = json.loads(first)
    except ValueError:
        try:
            obj = json.loads(data)
        except ValueError:
            return False
    return isinstance(obj, dict | list)
