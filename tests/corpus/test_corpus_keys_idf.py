"""Canonical entity keys and the story term weights."""

from __future__ import annotations

import math

from marsad.corpus.idf import idf_table
from marsad.corpus.keys import entity_keys


def test_entity_keys_latin_first_then_arabic_search_form() -> None:
    assert entity_keys("PERSON", "فلاديمير بوتين", " Vladimir Putin ") == [
        "PERSON|l|vladimir putin",
        "PERSON|n|فلاديمير بوتين",
    ]
    # spelling variants of the Arabic name meet in the search form
    assert entity_keys("LOCATION", "أوكرانيا", None) == entity_keys("LOCATION", "اوكرانيا", "")
    assert entity_keys("PERSON", "", None) == []


def test_idf_weighs_function_words_low_and_unknown_words_highest() -> None:
    idf = idf_table()
    assert idf("في") < 0.1  # in almost every article
    assert idf("صواريخ") > idf("حكومه") > idf("قال") > idf("في")  # comparison forms (stems)
    assert idf("كلمةلمتردابدا") == idf.unknown > max(idf.weights.values())  # a new name: df 1
    assert math.isclose(idf.unknown, math.log(27_876), rel_tol=1e-9)
