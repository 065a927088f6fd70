"""Interface language: the message table, plurals, dates in words, and `?ui=` with its cookie."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from page_tags import Tags
from serve_samples import filled_db

from marsad.serve.app import create_app
from marsad.serve.i18n import MESSAGES, UI_COOKIE, UI_LANGS, human_date, translate
from marsad.serve.web import TEMPLATES_DIR

# t("key") / t('key', …) with a literal key, in any template.
LITERAL_KEY = re.compile(r"""\bt\(\s*["']([a-z_.]+)["']\s*[,)]""")
ARABIC = re.compile(r"[\u0600-\u06ff]")


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """One SQLite store for the module: these tests read labels, not backends."""
    with filled_db("sqlite", tmp_path_factory.mktemp("i18n")) as (db, _), TestClient(create_app(db)) as c:
        yield c


def test_every_label_has_every_language_and_plurals_have_other() -> None:
    for key, entry in MESSAGES.items():
        assert set(entry) == set(UI_LANGS), key
        for lang, label in entry.items():
            if isinstance(label, dict):
                assert "other" in label, (key, lang)
            assert label, (key, lang)


def test_every_key_a_template_names_exists() -> None:
    used = {k for p in Path(TEMPLATES_DIR).glob("*.html") for k in LITERAL_KEY.findall(p.read_text("utf-8"))}
    assert used, "no t(…) call found: the pattern is wrong"
    assert sorted(used - set(MESSAGES)) == []


def test_arabic_plurals_follow_cldr() -> None:
    said = {n: translate("ar", "count.articles", n) for n in (0, 1, 2, 3, 11, 100)}
    assert said == {
        0: "لا مقالات",
        1: "مقال واحد",
        2: "مقالان",
        3: "3 مقالات",
        11: "11 مقالًا",
        100: "100 مقال",
    }
    assert [translate("en", "count.articles", n) for n in (1, 2)] == ["1 article", "2 articles"]
    assert translate("en", "search.results", 1, q="x") == "1 result for “x”"


def test_an_unknown_key_fails_loudly() -> None:
    with pytest.raises(KeyError):
        translate("ar", "no.such.key")


def test_dates_in_words() -> None:
    assert human_date("2026-12-05T10:00:00+03:00") == "5 ديسمبر 2026"
    assert human_date("2026-12-05", "en") == "5 December 2026"
    # a month (the entity page's timeline rows) is named too, without a day
    assert human_date("2024-04") == "أبريل 2024"
    assert human_date("2024-04", "en") == "April 2024"
    assert human_date("2024-13") == "2024-13"  # not a date: shown as found
    assert human_date("yesterday") == "yesterday"
    assert human_date(None) == ""


def test_ui_en_gives_english_labels_left_to_right_and_a_cookie(client: TestClient) -> None:
    r = client.get("/entities", params={"ui": "en"})
    assert r.status_code == 200
    tags = Tags(r.text)
    assert tags.find("html", lang="en", dir="ltr")
    assert r.cookies.get(UI_COOKIE) == "en"
    nav = r.text.split('class="sections"', 1)[1].split("</nav>", 1)[0]
    assert "Stories" in nav and not ARABIC.search(nav)  # one language per label
    # the cookie carries the choice to the next page, which has no ?ui=
    again = client.get("/entities")
    assert Tags(again.text).find("html", lang="en") and "Entities" in again.text
    back = client.get("/entities", params={"ui": "ar"})
    assert Tags(back.text).find("html", lang="ar", dir="rtl") and back.cookies.get(UI_COOKIE) == "ar"
    nav = back.text.split('class="sections"', 1)[1].split("</nav>", 1)[0]
    assert "القصص" in nav and "Stories" not in nav


def test_the_switch_keeps_the_page_and_its_parameters(client: TestClient) -> None:
    client.cookies.clear()
    html = client.get("/entities", params={"q": "Moscow"}).text
    switch = Tags(html).find("a", hreflang="en")
    assert switch and switch[0]["href"] == "/entities?q=Moscow&ui=en"
    assert client.get(switch[0]["href"] or "").text.count("موسكو") >= 1  # the same page, in English


def test_an_unknown_interface_language_is_a_400_naming_the_choices(client: TestClient) -> None:
    r = client.get("/entities", params={"ui": "fr"})
    assert r.status_code == 400
    assert "query parameter &#39;ui&#39;: &#39;fr&#39; is not one of ar, en" in r.text
    assert UI_COOKIE not in r.cookies


def test_the_switch_keeps_an_encoded_path_encoded(client: TestClient) -> None:
    client.cookies.clear()
    html = client.get("/entities/a%2Fb%3Fc").text  # an id holding "/" and "?": a 404 page
    switch = Tags(html).find("a", hreflang="en")
    assert switch and switch[0]["href"] == "/entities/a%2Fb%3Fc?ui=en"
