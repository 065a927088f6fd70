"""A report on Putin for the claims and events tests: the samples of serve_samples.py carry
claims but few events, and no entity known by a Latin name as well as an Arabic one.

Built by hand like serve_samples' own articles (offsets from `str.find`, right by construction):
a claim about Putin on the word of unnamed sources (possible), one on a named official's word
about him (reported), one in the same article that does not mention him (asserted: the "about"
rule is the sentence, not the article), and three events — one dated by its own text
(2024-05-02) in an article published the day after.
"""

from __future__ import annotations

from serve_samples import claim, fill, mention

from marsad.model import Article, Block, Byline, Entity, Event, Label, Source, SourceRef, When
from marsad.store.base import Store

__all__ = ["PUTIN_OUTLET", "PUTIN_PUBLISHED", "fill_claims", "putin_article"]

PUTIN_OUTLET = "صوت الشرق"
PUTIN_PUBLISHED = "2024-05-03"
ANONYMOUS = "مصادر مطلعة"


def putin_article() -> Article:
    blocks = [
        Block(0, "بوتين يلتقي شي جين بينغ في بكين", Label.TITLE),
        Block(
            1,
            "التقى الرئيس الروسي فلاديمير بوتين نظيره الصيني شي جين بينغ في بكين يوم الخميس.",
            Label.LEDE,
        ),
        Block(
            2,
            "وقالت مصادر مطلعة إن بوتين قد يزور الهند الشهر المقبل.",
            Label.PARAGRAPH,
        ),
        Block(3, "وقال المتحدث دميتري بيسكوف إن بوتين سيعود إلى موسكو مساء الجمعة.", Label.PARAGRAPH),
        Block(4, "وقصفت القوات الروسية مواقع في كييف في الثاني من مايو.", Label.PARAGRAPH),
        Block(5, "وارتفعت أسعار النفط في الأسواق.", Label.PARAGRAPH),
    ]
    putin = Entity(
        "p1",
        "PERSON",
        "فلاديمير بوتين",
        "Vladimir Putin",
        "president",
        [mention(blocks, 1, "فلاديمير بوتين"), mention(blocks, 2, "بوتين"), mention(blocks, 3, "بوتين")],
    )
    xi = Entity("p2", "PERSON", "شي جين بينغ", "Xi Jinping", "president", [mention(blocks, 1, "شي جين بينغ")])
    peskov = Entity(
        "p3", "PERSON", "دميتري بيسكوف", "Dmitry Peskov", "spokesman", [mention(blocks, 3, "دميتري بيسكوف")]
    )
    kyiv = Entity("l1", "LOCATION", "كييف", "Kyiv", "city", [mention(blocks, 4, "كييف")])
    return Article(
        source=Source(url="https://east.example/news/putin-xi", format="html"),
        language="ar",
        title=blocks[0].text,
        byline=Byline(PUTIN_OUTLET, outlet=PUTIN_OUTLET, outlet_latin="Voice of the East"),
        published=PUTIN_PUBLISHED,
        blocks=blocks,
        entities=[putin, xi, peskov, kyiv],
        claims=[
            claim(blocks, 1, blocks[1].text, "asserted", []),
            claim(blocks, 2, blocks[2].text, "possible", [SourceRef(ANONYMOUS, "anonymous", "informed sources")]),
            claim(
                blocks, 3, blocks[3].text, "reported", [SourceRef("المتحدث دميتري بيسكوف", "person", "Dmitry Peskov", "p3")]
            ),
            claim(blocks, 4, blocks[4].text, "asserted", []),
            claim(blocks, 5, blocks[5].text, "asserted", []),
        ],
        events=[
            Event(
                "CONSULT", blocks[1].text, "التقى", 1, mode="meet",
                actors=["فلاديمير بوتين", "شي جين بينغ"], location="بكين", when=When("يوم الخميس", "2024-05-02"),
            ),
            Event(
                "CONSULT", blocks[2].text, "يزور", 2, mode="visit", actors=["فلاديمير بوتين"],
                location="الهند", when=When("الشهر المقبل", "2024-06"), certainty="possible",
            ),
            Event(
                "ASSAULT", blocks[4].text, "قصفت", 4, actors=["القوات الروسية"], targets=["كييف"],
                location="كييف", when=When("الثاني من مايو", "2024-05-02"),
            ),
        ],
    )  # fmt: skip


def fill_claims(store: Store) -> dict[str, str]:
    """serve_samples' `fill`, then the Putin report (`putin` → its article id)."""
    ids = fill(store)
    ids["putin"] = store.put(putin_article()).id
    return ids
