"""Article rendering for the CLI formats."""

from __future__ import annotations

import json

import pytest

from marsad.output import render
from test_model import full_article


def test_json_and_jsonl() -> None:
    a = full_article()
    assert json.loads(render(a, "json"))["title"] == "عنوان الخبر"
    line = render(a, "jsonl")
    assert "\n" not in line and json.loads(line)["lede"] == "مقدمة"


def test_markdown_and_text_skip_chrome() -> None:
    a = full_article()
    md = render(a, "markdown")
    assert md.startswith("# عنوان الخبر") and "## عنوان فرعي" in md and "قائمة" not in md
    txt = render(a, "text")
    assert "فقرة ثانية." in txt and "قائمة" not in txt


def test_unknown_format() -> None:
    with pytest.raises(ValueError, match="unknown format"):
        render(full_article(), "xml")
