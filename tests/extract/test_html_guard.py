"""Size limit and nesting cut."""

from __future__ import annotations

import time

import pytest

from marsad.errors import ExtractError
from marsad.extract.html_guard import check_size, limit_depth, max_depth_of


def test_check_size() -> None:
    check_size("<p>x</p>", 100)
    with pytest.raises(ExtractError, match="max_page_bytes"):
        check_size("x" * 101, 100)


def test_shallow_page_unchanged() -> None:
    html = "<html><body><div><p>a<p>b<ul><li>c<li>d</ul></div><br><img src=x></body></html>"
    assert limit_depth(html, 5) is html


def test_optional_end_tags_add_no_depth() -> None:
    html = "<ul>" + "<li>item" * 1000 + "</ul>"
    assert max_depth_of(html) == 1


def test_deep_page_is_cut_and_keeps_its_text() -> None:
    html = "<html><body>" + "<div>" * 10_000 + "<p>deep words</p>" + "</div>" * 10_000 + "</body></html>"
    t0 = time.perf_counter()
    out = limit_depth(html, 200)
    assert time.perf_counter() - t0 < 5
    assert max_depth_of(out) <= 200
    assert "deep words" in out


def test_script_content_is_not_counted() -> None:
    html = "<div><script>" + "<div>" * 500 + "</script><p>x</p></div>"
    assert "<div>" * 500 in limit_depth(html, 10)
