"""The claims step over a whole article: one claim per sentence, chains carried across sentences."""

from __future__ import annotations

from marsad.config import SETTINGS
from marsad.enrich.claims import add_claims, claims_step
from marsad.model import Article, Block, Entity, Label, Mention, Sentence, Source


def article(*paras: tuple[Label, str], split: bool = True) -> Article:
    blocks = [Block(i, t, lab) for i, (lab, t) in enumerate(paras)]
    sents = []
    if split:
        for b in blocks:
            start = 0
            for part in b.text.split(". "):
                end = start + len(part) + (1 if start + len(part) < len(b.text) else 0)
                sents.append(Sentence(b.text[start:end], b.index, start, end))
                start = end + 1
    return Article(Source(format="text"), blocks=blocks, sentences=sents)


def test_one_claim_per_sentence_with_valid_offsets() -> None:
    a = add_claims(
        article((Label.PARAGRAPH, "قال الوزير إن الاتفاق قريب. وأضاف أن التوقيع قد يتم غداً.")), SETTINGS
    )
    assert len(a.claims) == 2
    for c in a.claims:
        assert a.blocks[c.block].text[c.start : c.end] == c.text
        c.to_dict()


def test_chain_continues_with_wa_adafa() -> None:
    a = add_claims(
        article((Label.PARAGRAPH, "قال الوزير إن الاتفاق قريب. وأضاف أن التوقيع قد يتم غداً.")), SETTINGS
    )
    first, second = a.claims
    assert [s.name for s in second.source_chain] == [s.name for s in first.source_chain] == ["الوزير"]
    assert second.certainty == "possible"


def test_chain_continues_across_paragraphs_but_not_across_a_heading() -> None:
    a = add_claims(
        article(
            (Label.PARAGRAPH, "قال الوزير إن الاتفاق قريب."),
            (Label.PARAGRAPH, "وتابع أن التوقيع سيتم."),
            (Label.HEADING, "مخاوف"),
            (Label.PARAGRAPH, "وأضاف أن الأسعار سترتفع."),
        ),
        SETTINGS,
    )
    chains = [[s.kind for s in c.source_chain] for c in a.claims]
    assert chains == [["officials"], ["officials"], [], ["unknown"]]


def test_unattributed_sentence_keeps_the_last_speaker_for_later() -> None:
    a = add_claims(
        article(
            (Label.PARAGRAPH, "قالت الشرطة إن الطريق مغلق. وتساقطت الثلوج بكثافة. وأضافت أن الطريق سيفتح.")
        ),
        SETTINGS,
    )
    assert [c.certainty for c in a.claims] == ["reported", "asserted", "reported"]
    assert a.claims[2].source_chain[0].name == "الشرطة"


def test_claims_follow_the_arabic_layers_sentences() -> None:
    """One rule decides where a sentence ends: the normaliser's; the step does not split again."""
    from marsad.arabic.step import normalise

    a = normalise(
        article((Label.PARAGRAPH, "قال الوزير إن الاتفاق قريب. ربما يوقع غداً."), split=False), SETTINGS
    )
    assert [c.certainty for c in add_claims(a, SETTINGS).claims] == ["reported", "possible"]
    unsplit = article((Label.PARAGRAPH, "قال الوزير إن الاتفاق قريب. ربما يوقع غداً."), split=False)
    assert add_claims(unsplit, SETTINGS).claims == []


def test_chrome_and_related_blocks_hold_no_claim() -> None:
    a = add_claims(
        article((Label.CHROME, "قال الموقع إن الإعلان مهم."), (Label.RELATED_ITEM, "ربما يحدث.")), SETTINGS
    )
    assert a.claims == []


def test_step_declares_what_it_provides() -> None:
    assert claims_step(SETTINGS).name == "claims" and "claims" in claims_step(SETTINGS).provides
    out = list(claims_step(SETTINGS)([article((Label.PARAGRAPH, "نفى الوزير الخبر."))]))
    assert out[0].claims[0].certainty == "denied" and out[0].steps == ["claims"]


def _person(text: str, name: str, roles: list[str]) -> Entity:
    """A person entity with its name's and its role phrases' mentions in block 0 of `text`."""
    mentions = [Mention(name, text.index(name), text.index(name) + len(name), 0)]
    mentions += [Mention(r, text.index(r), text.index(r) + len(r), 0, role=True) for r in roles]
    return Entity("E1", "PERSON", name, "Sami al-Khatib", mentions=sorted(mentions, key=lambda m: m.start))


def test_a_title_before_a_name_keeps_the_name_in_the_source() -> None:
    """A role phrase of the person (an honorific, an office) before the name does not cut the source."""
    for text, roles in (
        ("وقال المهندس سامي الخطيب إن المشروع تأخر.", ["المهندس"]),
        ("وقال مدير المشروع المهندس سامي الخطيب إن المشروع تأخر.", ["مدير المشروع المهندس"]),
    ):
        a = article((Label.PARAGRAPH, text))
        a.entities = [_person(text, "سامي الخطيب", roles)]
        (claim,) = add_claims(a, SETTINGS).claims
        (source,) = claim.source_chain
        assert source.name.endswith("سامي الخطيب") and source.entity == "E1", source
