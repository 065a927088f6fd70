"""The events step: PLOVER events per sentence, each with the certainty of the claim it sits in."""

from __future__ import annotations

from marsad.config import Settings
from marsad.enrich.claims.extract import analyse_sentence
from marsad.enrich.claims.step import claim_sentences, entity_spans
from marsad.enrich.events.extract import TimeSpan, events_in_sentence
from marsad.enrich.events.lexicon import event_lexicon
from marsad.enrich.events.tagger import load_trigger_tagger
from marsad.model import Article, When
from marsad.pipeline import MapStep, settings_step

__all__ = ["add_events", "events_step"]


def _times(article: Article, block: int, start: int, text: str) -> list[TimeSpan]:
    """The Arabic layer's date mentions inside this sentence, in sentence offsets.

    A weekday has an ISO date only when the article's own date was known (`arabic.dates`' rule).
    """
    end = start + len(text)
    return [
        (d.start - start, d.end - start, When(d.text, d.date))
        for d in article.dates
        if d.block == block
        and d.start is not None
        and d.end is not None
        and start <= d.start
        and d.end <= end
    ]


def add_events(article: Article, settings: Settings) -> Article:
    """Fill `article.events` (rule limits from `settings`)."""
    claims = {(c.block, c.start): c for c in article.claims}
    mode = settings.events_trigger_tagger
    tagger = load_trigger_tagger().using(mode, settings.events_tagger_gate) if mode != "off" else None
    events = []
    for block, start, end, text in claim_sentences(article):
        claim = claims.get((block.index, start))
        ents = entity_spans(article.entities, block.index, start, end)
        # The phrases naming who reports ("حسبما ذكرت وسائل إعلام…") hold no participant of the event;
        # the claim layer knows where they are (re-reading is cheaper than storing spans in the model).
        events += events_in_sentence(
            text,
            block.index,
            ents,
            certainty=claim.certainty if claim else "asserted",
            skip=analyse_sentence(text, ents, None, settings).source_spans,
            vso_gap=settings.events_vso_gap,
            times=_times(article, block.index, start, text),
            lex=event_lexicon(settings.events_grown_lexicon),
            tagger=tagger,
        )
    article.events = events
    return article


def events_step(settings: Settings) -> MapStep:
    """The events step, its rules' limits from `settings`."""
    req = {"blocks", "sentences", "dates", "entities", "claims"}
    return settings_step("events", add_events, settings, requires=req, provides={"events"})
