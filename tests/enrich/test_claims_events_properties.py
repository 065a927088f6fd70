"""Property tests: claims and events never crash on arbitrary Unicode and always return valid objects."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marsad.config import SETTINGS
from marsad.enrich.claims import add_claims
from marsad.enrich.claims.certainty import LEVELS
from marsad.enrich.events import add_events
from marsad.model import Article, Block, Entity, Label, Mention, Sentence, Source

# Words that exercise the frames and cues, mixed with arbitrary characters.
WORDS = [
    "قال",
    "وأضاف",
    "وفقاً",
    "لمسؤولين",
    "نقلاً",
    "عن",
    "مصادر",
    "لم",
    "تحددها",
    "قد",
    "يحصل",
    "فقد",
    "زاعمة",
    "أن",
    "إن",
    "ربما",
    "يُفترض",
    "غزو",
    "أوكرانيا",
    "اجتماع",
    "بين",
    "و",
    "،",
    ".",
    ":",
    '"',
    "said",
    "according",
    "to",
    "may",
    "denied",
    "حسبما",
    "ذكرت",
    "متوجهًا",
    "إلى",
    "روسيا",
    "مساء",
    "الأحد",
]
text_st = st.one_of(
    st.text(max_size=200),
    st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=4)), max_size=40).map(" ".join),
)


@st.composite
def articles(draw: st.DrawFn) -> Article:
    texts = draw(st.lists(text_st, min_size=1, max_size=3))
    blocks = [
        Block(i, t, draw(st.sampled_from([Label.PARAGRAPH, Label.TITLE, Label.HEADING, Label.CHROME])))
        for i, t in enumerate(texts)
    ]
    sentences = []
    entities = []
    for b in blocks:
        n = len(b.text)
        if draw(st.booleans()) and n:
            s = draw(st.integers(0, n))
            e = draw(st.integers(s, n))
            sentences.append(Sentence(b.text[s:e], b.index, s, e))
        if n:
            s = draw(st.integers(0, n - 1))
            e = draw(st.integers(s + 1, n))
            typ = draw(st.sampled_from(["PERSON", "LOCATION", "ORGANIZATION", "MISC"]))
            entities.append(
                Entity(f"E{b.index}", typ, b.text[s:e], None, None, [Mention(b.text[s:e], s, e, b.index)])
            )
    published = draw(st.one_of(st.none(), st.just("2023-09-11")))
    return Article(
        Source(format="text"), blocks=blocks, sentences=sentences, entities=entities, published=published
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(articles())
def test_claims_and_events_are_valid_on_any_text(a: Article) -> None:
    out = add_events(add_claims(a, SETTINGS), SETTINGS)
    for c in out.claims:
        block = out.blocks[c.block].text
        assert 0 <= c.start <= c.end <= len(block)
        assert block[c.start : c.end] == c.text
        assert c.certainty in LEVELS
        assert all(s.kind and isinstance(s.name, str) for s in c.source_chain)
    for e in out.events:
        assert 0 <= e.block < len(out.blocks)
        assert e.trigger and e.trigger in e.text
        assert e.certainty in LEVELS
    json.dumps(out.to_dict(), ensure_ascii=False)
    back = Article.from_dict(out.to_dict())
    assert [c.to_dict() for c in back.claims] == [c.to_dict() for c in out.claims]
    assert [e.to_dict() for e in back.events] == [e.to_dict() for e in out.events]
