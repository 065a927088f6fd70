"""The claims step: a claim for every sentence of the main text, chains carried across sentences."""

from __future__ import annotations

from collections.abc import Iterator

from marsad.config import Settings
from marsad.enrich.claims.extract import analyse_sentence, claim_of
from marsad.enrich.claims.sources import EntitySpan
from marsad.model import MAIN_TEXT_LABELS, Article, Block, Entity, Label, SourceRef
from marsad.pipeline import MapStep, settings_step

__all__ = ["add_claims", "claim_sentences", "claims_step", "entity_spans"]

# Claims are read from running text; captions and credits are not statements of the article.
# Sentences are the Arabic layer's (`arabic.sentences`, the normalise step): the step requires them
# rather than splitting again, so one rule decides where a sentence ends.
CLAIM_LABELS = MAIN_TEXT_LABELS | {Label.CAPTION}


def entity_spans(entities: list[Entity], block: int, start: int, end: int) -> list[EntitySpan]:
    """Entity mentions inside [start, end) of a block, in offsets relative to `start`."""
    out = []
    for e in entities:
        for m in e.mentions:
            if m.block == block and m.start >= start and m.end <= end:
                out.append(EntitySpan(m.start - start, m.end - start, e, m.role))
    return sorted(out, key=lambda x: x.start)


def claim_sentences(article: Article) -> Iterator[tuple[Block, int, int, str]]:
    """(block, start, end, text) of every non-empty sentence that can carry a claim or an event."""
    blocks = {b.index: b for b in article.blocks}
    for sent in article.sentences:
        block = blocks.get(sent.block)
        if block is None or block.label not in CLAIM_LABELS:
            continue
        start, end = max(0, sent.start), min(len(block.text), sent.end)
        text = block.text[start:end]
        if text.strip():
            yield block, start, end, text


def add_claims(article: Article, settings: Settings) -> Article:
    """Fill `article.claims` (rule limits from `settings`)."""
    blocks = {b.index: b for b in article.blocks}
    claims = []
    previous: list[SourceRef] | None = None
    last_block: int | None = None
    for block, start, end, text in claim_sentences(article):
        if (
            block.label is not Label.PARAGRAPH
            or last_block is None
            or blocks[last_block].label is not Label.PARAGRAPH
        ):
            previous = None  # a chain continues inside running paragraphs, not across a heading
        an = analyse_sentence(
            text, entity_spans(article.entities, block.index, start, end), previous, settings
        )
        claims.append(claim_of(text, block.index, start, an))
        previous = an.chain or previous  # the last named speaker, for "وأضاف" further on
        last_block = block.index
    article.claims = claims
    return article


# Claims name their sources through the entities found in the same sentence.
def claims_step(settings: Settings) -> MapStep:
    """The claims step, its rules' limits from `settings`."""
    req = {"blocks", "sentences", "entities"}
    return settings_step("claims", add_claims, settings, requires=req, provides={"claims"})
