"""Size limit, per-page caps and nesting cut."""

from __future__ import annotations

import time

import pytest

from marsad.errors import ExtractError
from marsad.extract.html_guard import (
    check_blocks,
    check_lines,
    check_markup,
    check_size,
    check_unicode,
    limit_depth,
    max_depth_of,
)
from marsad.model import Article


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


# --- per-page caps ------------------------------------------------------------------------------
def test_a_long_text_run_is_refused_but_not_a_long_script_or_attribute() -> None:
    words = "كلمة " * 30
    check_markup(f"<p>{words}</p>", max_line_chars=len(words), max_attributes=10)
    with pytest.raises(
        ExtractError, match=f"a line of {len(words) + 1} characters > max_line_chars {len(words)}"
    ):
        check_markup(f"<p>{words}x</p>", max_line_chars=len(words), max_attributes=10)
    # raw elements and tag bodies are no lines of text: a minified script, an inline image
    big = "x" * 10_000
    check_markup(f"<script>{big}</script><style>{big}</style><img src='data:{big}'><p>a</p>", 1000, 10)
    with pytest.raises(ExtractError, match="a line of 10,000 characters"):  # text after an unclosed tag
        check_markup(f"<script>{big}</script><p>{big}", 1000, 10)
    with pytest.raises(ExtractError, match="a line of 10,000 characters"):  # a page with no tag at all
        check_markup(big, 1000, 10)


def test_too_many_attributes_on_one_element_are_refused() -> None:
    def tag(n: int) -> str:
        return "<div " + " ".join(f'a{i}="v {i}"' if i % 2 else f"b{i}" for i in range(n)) + ">x</div>"

    check_markup(tag(50) * 3, max_line_chars=1000, max_attributes=50)  # 150 in all, 50 on each
    with pytest.raises(ExtractError, match="an element with 51 attributes > max_attributes 50"):
        check_markup(tag(51), max_line_chars=1000, max_attributes=50)


def test_dump_lines_and_blocks_are_capped() -> None:
    check_lines(["a" * 10, "b"], max_line_chars=10, max_blocks=2)
    with pytest.raises(ExtractError, match="a line of 11 characters > max_line_chars 10"):
        check_lines(["a" * 11], max_line_chars=10, max_blocks=2)
    with pytest.raises(ExtractError, match="3 lines > max_blocks 2"):
        check_lines(["a", "b", "c"], max_line_chars=10, max_blocks=2)
    check_blocks(2, 2)
    with pytest.raises(ExtractError, match="3 blocks > max_blocks 2"):
        check_blocks(3, 2)


def test_a_page_of_unclosed_tags_is_scanned_in_linear_time() -> None:
    """Each '<' with no '>' after it made the tag scans read to the end of the page: 20,000 of
    them took 74 s. The same page ×50 now takes milliseconds (minutes if the scan regressed)."""
    html = "<div>" * 300 + "<p>words</p>" + "a<b " * 1_000_000
    t0 = time.perf_counter()
    assert max_depth_of(html) == 300
    assert max_depth_of(limit_depth(html, 200)) == 200
    # to an HTML parser, `<b a<b a<b …` is one element with a million attributes named "a<b"
    with pytest.raises(ExtractError, match="an element with 999,999 attributes"):
        check_markup(html, max_line_chars=1000, max_attributes=10)
    assert time.perf_counter() - t0 < 30


def test_the_extractors_quarantine_with_the_cap_named() -> None:
    from marsad.model import Page, Source
    from marsad.steps import default_pipeline

    line = "قال الوزير إن المحادثات ستستأنف. " * 3000  # ~100k characters on one line
    pages = [
        Page(Source(url="https://example.org/a"), text=f"عنوان\n{line}"),
        Page(Source(url="https://example.org/b"), html=f"<html><body><h1>عنوان</h1><p>{line}</p></body></html>"),
        Page(Source(url="https://example.org/c"), text="عنوان\n" + "\n".join(f"سطر رقم {i}" for i in range(3000))),
        Page(Source(url="https://example.org/d"), html="<html><body><article>" + "".join(f"<p>فقرة رقم {i} من الخبر الطويل.</p>" for i in range(3000)) + "</article></body></html>"),
        Page(Source(url="https://example.org/e"), html="<html><body><p " + " ".join(f"a{i}=1" for i in range(3000)) + ">نص</p></body></html>"),
    ]  # fmt: skip
    out = list(default_pipeline().run(Article(source=p.source, page=p) for p in pages))
    got = [
        (a.rejected.step, a.rejected.reason.split(" > ")[1].split()[0]) if a.rejected else None for a in out
    ]
    assert got == [("extract", "max_line_chars"), ("extract", "max_line_chars"), ("extract", "max_blocks"),
                   ("extract", "max_blocks"), ("extract", "max_attributes")]  # fmt: skip


def test_check_unicode_names_the_lone_surrogate() -> None:
    check_unicode("خبر عادي \U0001f600")
    with pytest.raises(ExtractError, match="U\\+DC80 at character 4"):
        check_unicode("خبر \udc80")
