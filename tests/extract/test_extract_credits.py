"""Photo credits glued onto captions, in several languages."""

from __future__ import annotations

import pytest

from marsad.config import SETTINGS
from marsad.extract.credits import has_credit, parse_credit, split_caption


def test_caption_with_copyright_credit_is_split_and_parsed() -> None:
    line = "لقاء بين الرئيسين عام 2019 في موسكو Copyright Jane Roe/Copyright 2019 The AP. All rights reserved"
    cap, cred = split_caption(line, SETTINGS.credit_tail_chars)
    assert cap == "لقاء بين الرئيسين عام 2019 في موسكو"
    assert cred is not None
    c = parse_credit(cred)
    assert c.photographer == "Jane Roe"
    assert c.agency == "The AP"
    assert c.copyright == "Copyright 2019 The AP. All rights reserved"


@pytest.mark.parametrize(
    ("line", "caption", "photographer", "agency"),
    [
        ("Protesters in Paris © Reuters", "Protesters in Paris", None, "Reuters"),
        ("متظاهرون في وسط المدينة (أ ف ب)", "متظاهرون في وسط المدينة", None, "أ ف ب"),
        ("A man walks past. Photo: John Smith/AFP", "A man walks past.", "John Smith", "AFP"),
        ("Une école en travaux. Crédit : Jean Dupont / AFP", "Une école en travaux.", "Jean Dupont", "AFP"),
        ("Ein Radfahrer am Ufer. Foto: dpa/Max Bauer", "Ein Radfahrer am Ufer.", "Max Bauer", "dpa"),
        ("الوزير خلال المؤتمر تصوير: أحمد علي", "الوزير خلال المؤتمر", "أحمد علي", None),
        ("Officials meet (AFP via Getty Images)", "Officials meet", None, "AFP"),
    ],
)
def test_glued_credits(line: str, caption: str, photographer: str | None, agency: str | None) -> None:
    cap, cred = split_caption(line, SETTINGS.credit_tail_chars)
    assert cap == caption
    assert cred is not None
    c = parse_credit(cred)
    assert c.photographer == photographer
    assert c.agency == agency


def test_credit_alone_has_no_caption() -> None:
    cap, cred = split_caption("صورة: محمد علي", SETTINGS.credit_tail_chars)
    assert cap is None
    assert cred == "صورة: محمد علي"
    assert parse_credit(cred).photographer == "محمد علي"


@pytest.mark.parametrize(
    "line",
    [
        "He said that in 2019 prices rose by a fifth across the region.",
        "قال الوزير إن الحكومة ستعلن خطتها في 2024.",
        "The AP style guide was updated this year",
    ],
)
def test_ordinary_sentences_carry_no_credit(line: str) -> None:
    assert not has_credit(line, SETTINGS.credit_tail_chars)
    assert split_caption(line, SETTINGS.credit_tail_chars) == (line, None)
