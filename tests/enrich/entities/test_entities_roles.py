"""Role phrases by apposition (marsad.enrich.entities.roles), on sentences written for these tests.

Each sentence is tokenised and folded as the entity step does it (the tagger's clitic readings
from the shipped resources); the names are given as spans, so only the role grammar is tested.
"""

from __future__ import annotations

from importlib import resources

import pytest

from marsad.arabic.tokens import tokenize
from marsad.config import SETTINGS
from marsad.enrich.entities import load_tagger
from marsad.enrich.entities.features import word_info
from marsad.enrich.entities.roles import head_of, person_roles, role_lexicon
from marsad.enrich.entities.text import key

NISBA = {"فرنسي", "مصري", "امريكي", "تونسي"}


def _is_nisba(k: str) -> bool:
    s = k[2:] if k.startswith("ال") else k
    return s in NISBA or (s.endswith("ه") and s[:-1] in NISBA)


def _roles(sentence: str, names: dict[str, str]) -> dict[str, list[str]]:
    """Role phrases (as written) of each name in `names` (name → PERS/ORG/LOC) in the sentence."""
    toks = [t.text for t in tokenize(sentence)]
    res = load_tagger().resources  # the shipped gazetteer and word counts pick the clitic readings
    info = [word_info(w, res) for w in toks]
    keys = [k for k, _, _, _ in info]
    pre = [p for _, p, _, _ in info]
    spans = []
    for name, typ in names.items():
        parts = name.split()
        for i in range(len(toks) - len(parts) + 1):
            if toks[i : i + len(parts)] == parts:
                spans.append((i, i + len(parts), typ))
    found = person_roles(keys, pre, spans, _is_nisba, SETTINGS)
    out: dict[str, list[str]] = {}
    for i, j, typ in spans:
        if typ == "PERS":
            name = " ".join(toks[i:j])
            out[name] = [" ".join(toks[p.start : p.end])[p.cut :] for p in found.get(i, [])]
    return out


def test_role_right_before_the_name() -> None:
    got = _roles("التقى وزير الخارجية الفرنسي جان دوبون نظيره أمس.", {"جان دوبون": "PERS"})
    assert got == {"جان دوبون": ["وزير الخارجية الفرنسي"]}


def test_role_before_the_name_across_a_comma() -> None:
    got = _roles("وقال المدير التنفيذي للشركة، كريم منصور، إن الأرباح زادت.", {"كريم منصور": "PERS"})
    assert got == {"كريم منصور": ["المدير التنفيذي للشركة"]}


def test_role_after_the_name_behind_a_comma() -> None:
    got = _roles(
        "وأكدت ليلى حداد، المتحدثة باسم وزارة الصحة، أن اللقاح وصل.",
        {"ليلى حداد": "PERS", "وزارة الصحة": "ORG"},
    )
    assert got == {"ليلى حداد": ["المتحدثة باسم وزارة الصحة"]}
    # It goes on through an organisation's name and an indefinite noun in construct.
    got = _roles("وقال ماهر سعيد، مدرب منتخب تونس، إن الفريق جاهز.", {"ماهر سعيد": "PERS", "تونس": "LOC"})
    assert got == {"ماهر سعيد": ["مدرب منتخب تونس"]}


def test_clitic_led_prepositional_phrase_and_feminine_head() -> None:
    got = _roles("وصرحت مديرة الإعلام بالقصر الجمهوري سلمى عادل للصحفيين.", {"سلمى عادل": "PERS"})
    assert got == {"سلمى عادل": ["مديرة الإعلام بالقصر الجمهوري"]}


def test_stacked_appositions_all_link() -> None:
    got = _roles("وقال المتحدث باسم الجيش العقيد سامي نور إن الهدوء عاد.", {"سامي نور": "PERS"})
    assert got == {"سامي نور": ["العقيد", "المتحدث باسم الجيش"]}


def test_honorifics_are_no_role_and_are_stepped_over() -> None:
    assert _roles("وشكرت السيدة منى فاروق الحضور.", {"منى فاروق": "PERS"}) == {"منى فاروق": []}
    got = _roles("واستقبل وزير المالية الشيخ خالد سالم الوفد.", {"خالد سالم": "PERS"})
    assert got == {"خالد سالم": ["وزير المالية"]}


def test_a_rank_heads_only_its_own_short_form() -> None:
    assert _roles("وأعلن اللواء الركن سامي نور ذلك.", {"سامي نور": "PERS"}) == {"سامي نور": ["اللواء الركن"]}
    # الفريق is also "the team": followed by an adjective it is no rank.
    assert _roles("وسجل نجم الفريق الملكي رامي علي هدفين.", {"رامي علي": "PERS"}) == {"رامي علي": []}


def test_indefinite_phrases_are_descriptions_or_possessors_not_appositions() -> None:
    # محامي + a name: the name is the lawyer's client, not the lawyer.
    assert _roles("وقال محامي سامي نور إنه بريء.", {"سامي نور": "PERS"}) == {"سامي نور": []}
    assert _roles("وقال مسؤول فرنسي، جان دوبون، إن", {"جان دوبون": "PERS"}) == {"جان دوبون": []}


def test_no_role_across_a_conjunction_a_relative_or_onto_another_person() -> None:
    # The name's span starts at وجان, as the mention collector gives it (the و is cut from the text).
    got = _roles("التقى الرئيس الفرنسي وجان دوبون الوفد.", {"وجان دوبون": "PERS"})
    assert got == {"وجان دوبون": []}
    got = _roles("ورحب الوزير الذي زار سامي نور بالاتفاق.", {"سامي نور": "PERS"})
    assert got == {"سامي نور": []}
    # The phrase after «سامي نور ،» runs into رامي علي: it is his role, not سامي's.
    got = _roles("وحضر سامي نور، وزير الخارجية رامي علي.", {"سامي نور": "PERS", "رامي علي": "PERS"})
    assert got == {"سامي نور": [], "رامي علي": ["وزير الخارجية"]}


@pytest.mark.parametrize(
    ("word", "head", "cut"),
    [
        ("للرئيس", "رئيس", 2),
        ("ناطقها", "ناطق", 0),
        ("والمديرة", "مدير", 1),
        ("ووزير", "وزير", 1),
        ("وزير", "وزير", 0),
    ],
)
def test_head_of_reads_clitics_and_endings(word: str, head: str, cut: int) -> None:
    h = head_of(key(word), role_lexicon())
    assert h is not None and (h.base, h.cut) == (head, cut)


@pytest.mark.parametrize("word", ["محافظة", "مقدمة", "رئيسي", "وزارة", "الذي"])
def test_head_of_refuses_words_that_only_look_like_heads(word: str) -> None:
    assert head_of(key(word), role_lexicon()) is None


def test_role_heads_file_is_consistent() -> None:
    text = resources.files("marsad.enrich").joinpath("data/role_heads.tsv").read_text(encoding="utf-8")
    rows = [ln.split("\t") for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    cats = {"office", "rank", "occupation", "honorific", "rank_modifier", "modifier", "not_head"}
    for word, cat, count, source in rows:
        assert cat in cats, word
        # A corpus word was seen at least 5 times next to a person's name; the rest come from the
        # guideline's closed classes.
        assert (source == "corpus") == (int(count) >= 5), word
    assert len({r[0] for r in rows}) == len(rows)


def test_honorifics_are_known_as_written() -> None:
    from marsad.enrich.entities.roles import is_honorific

    assert is_honorific("المهندس") and is_honorific("السيد") and is_honorific("الشيخ")
    assert not is_honorific("مدير") and not is_honorific("للمهندس")  # a role; a clitic-led word
