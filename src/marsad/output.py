"""Article → JSON, JSONL, Markdown or plain text, for the CLI and exports."""

from __future__ import annotations

import json
from typing import Any

from marsad.model import Article, Label

__all__ = ["FORMATS", "rejected_record", "render", "to_json", "to_markdown", "to_text"]

FORMATS = ("json", "jsonl", "markdown", "text")


def to_json(article: Article, *, indent: int | None = 2) -> str:
    return json.dumps(article.to_dict(), ensure_ascii=False, indent=indent)


def to_markdown(article: Article) -> str:
    out: list[str] = []
    if article.title:
        out.append(f"# {article.title}")
    meta: list[str] = []
    if article.byline:
        meta.append(article.byline.outlet or article.byline.person or article.byline.raw)
    if article.published:
        meta.append(article.published)
    if meta:
        out.append("*" + " · ".join(meta) + "*")
    if article.lede:
        out.append(f"**{article.lede}**")
    for img in article.images:
        credit = " / ".join(x for x in (img.photographer, img.agency) if x)
        out.append(f"> 🖼 {img.caption or ''}" + (f" — {credit}" if credit else ""))
    for b in article.blocks:
        if b.label is Label.HEADING:
            out.append(f"## {b.text}")
        elif b.label is Label.PARAGRAPH:
            out.append(b.text)
    if article.related:
        out.append("---")
        out.extend(f"- {r.text}" + (f" <{r.url}>" if r.url else "") for r in article.related)
    return "\n\n".join(out) + "\n"


def to_text(article: Article) -> str:
    parts = [p for p in [article.title, article.lede] if p]
    parts += [b.text for b in article.blocks if b.label in (Label.HEADING, Label.PARAGRAPH)]
    return "\n\n".join(parts) + "\n"


def render(article: Article, fmt: str) -> str:
    if fmt == "json":
        return to_json(article)
    if fmt == "jsonl":
        return to_json(article, indent=None)
    if fmt == "markdown":
        return to_markdown(article)
    if fmt == "text":
        return to_text(article)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def rejected_record(article: Article) -> dict[str, Any]:
    assert article.rejected is not None
    return {"source": article.source.to_dict(), "rejected": article.rejected.to_dict()}
