"""The entity step: tag an article's own text and attach its canonical entities."""

from __future__ import annotations

from marsad.config import Settings
from marsad.enrich.entities.canonical import build_entities
from marsad.enrich.entities.mentions import collect, tag_article
from marsad.enrich.entities.tagger import Tagger
from marsad.enrich.entities.text import key
from marsad.enrich.entities.transformer import load_ner_tagger
from marsad.model import Article, Entity, Label, Mention
from marsad.pipeline import MapStep, settings_step

__all__ = ["add_entities", "entity_step"]


def add_entities(article: Article, settings: Settings, tagger: Tagger | None = None) -> Article:
    """Fill `article.entities` (replacing any earlier result); the tagger is `settings.ner_model`'s
    unless one is given."""
    if tagger is None:
        tagger = load_ner_tagger(settings.ner_model)
    texts = {b.index: b.text for b in article.blocks}
    sents = tag_article(article, tagger, settings)
    mentions = collect(sents, tagger, texts, settings)
    entities = build_entities(sents, mentions, tagger.resources.gazetteer, texts, settings)
    _add_byline_outlet(article, entities, tagger)
    article.entities = entities
    return article


def _add_byline_outlet(article: Article, entities: list[Entity], tagger: Tagger) -> None:
    """The outlet that published the article is an organisation of kind "news outlet"."""
    by = article.byline
    if by is None or not by.outlet:
        return
    name = by.outlet.strip()
    g = tagger.resources.gazetteer
    entries = [e for e in g.lookup(name) if e.type == "ORG"]
    latin = by.outlet_latin or (entries[0].latin if entries else None)
    mention: list[Mention] = []
    for b in article.blocks:
        if b.label is Label.BYLINE and name in b.text:
            at = b.text.index(name)
            mention = [Mention(name, at, at + len(name), b.index)]
            break
    for e in entities:
        if e.type == "ORGANIZATION" and (key(e.name) == key(name) or (latin and e.latin == latin)):
            e.kind = "news outlet"
            e.latin = e.latin or latin
            e.mentions += mention
            return
    entities.append(Entity(f"E{len(entities) + 1}", "ORGANIZATION", name, latin, "news outlet", mention, []))


def entity_step(settings: Settings) -> MapStep:
    """The entity step with the tagger of `settings.ner_model` (a directory; "" = the bundled CRF),
    loaded once per model and process."""
    req = {"blocks", "sentences", "byline"}  # the byline's outlet is an entity
    return settings_step("entities", add_entities, settings, requires=req, provides={"entities"})
