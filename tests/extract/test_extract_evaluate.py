"""Snippet scoring and the by-site split."""

from __future__ import annotations

from marsad.extract.evaluate import SPLITS, Score, html_split_of, site_of, snippet_score, split_of, squash


def test_squash_ignores_whitespace_and_case() -> None:
    assert squash(" Hello  World\n") == "helloworld"


def test_snippet_score_counts_like_trafilatura() -> None:
    s = snippet_score("Main text here. More text.", ["main text", "absent"], ["More text", "menu"])
    assert (s.tp, s.fn, s.fp, s.tn) == (1, 1, 1, 1)
    assert s.precision == 0.5 and s.recall == 0.5 and s.f1 == 0.5


def test_score_add_and_empty() -> None:
    a = Score()
    assert a.f1 == 0.0 and a.accuracy == 0.0
    a.add(Score(tp=2, fn=0, fp=0, tn=2))
    assert a.f1 == 1.0


def test_split_is_by_site() -> None:
    assert site_of("https://www.news.example.com/a/b") == "example.com"
    assert site_of("http://example.co.uk/x") == "example.co.uk"
    assert split_of("https://a.example.com/1") == split_of("https://b.example.com/2")
    assert split_of("https://x.org/") in ("train", "dev")


def test_html_split_keeps_dev_and_seals_part_of_train() -> None:
    urls = [f"https://site{k}.example{k}.org/page" for k in range(400)]
    got = [html_split_of(u) for u in urls]
    # dev is exactly the dump split's dev; sealed only ever comes out of its train.
    for u, g in zip(urls, got, strict=True):
        assert (g == "dev") == (split_of(u) == "dev")
    assert set(got) == set(SPLITS)
    # every page of one site lands in one split
    assert html_split_of("https://a.example7.org/1") == html_split_of("https://www.b.example7.org/2")
    shares = {s: got.count(s) / len(got) for s in SPLITS}
    assert 0.1 < shares["sealed"] < 0.35 and 0.1 < shares["dev"] < 0.3
