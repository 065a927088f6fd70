"""What kind of page a byte string holds, decided from the bytes themselves."""

from __future__ import annotations

import json
import re

__all__ = ["GZIP_MAGIC", "is_warc", "json_layout", "sniff"]

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
    if json_layout(data[:65536]) is not None:
        return "jsonl"
    if _HTML_START.match(head):
        return "html"
    # A dump that merely mentions a tag is text; an HTML fragment without a preamble is tag-dense.
    tags = len(_TAG.findall(head))
    if tags >= 5 and tags * 40 > len(head):
        return "html"
    return "text"


_OBJECT_START = re.compile(rb'\{\s*"[^"\n]{0,200}"\s*:')
_DOCUMENT_START = re.compile(rb"\[\s*(\{|\])|\{\s*\n\s*\"")


def json_layout(head: bytes) -> str | None:
    """How the JSON records in a file starting with `head` are laid out: "lines" (JSONL, one
    object a line: streamed), "document" (one array or pretty-printed object: parsed whole),
    or None when it is not JSON records at all."""
    head = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{"):
        # Any of the first lines an object: JSONL, even when its first line is the broken one.
        for line in head.split(b"\n")[:20]:
            if line.strip().startswith(b"{") and isinstance(_loads(line), dict):
                return "lines"
        if b"\n" not in head and _OBJECT_START.match(head):
            return "lines"  # a first line longer than the head (a whole page in it) starts an object
    elif not head.startswith(b"["):
        return None
    if isinstance(_loads(head), dict | list) or _DOCUMENT_START.match(head):
        return "document"
    return None


def _loads(data: bytes) -> object:
    try:
        return json.loads(data)
    except (ValueError, RecursionError):
        return None
