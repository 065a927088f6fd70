"""Entities: who, where, which organisation and outlet — with canonical Arabic and Latin names.

A CRF tagger trained by models/train_ner.py marks PERS/LOC/ORG/MISC spans; gazetteers built from
babel, pycountry, GeoNames and the project's data files resolve them to canonical names; mentions
are grouped per article and role phrases linked to people by the article's own evidence.
"""

from __future__ import annotations

from marsad.enrich.entities.step import add_entities, entity_step
from marsad.enrich.entities.tagger import Tagger, load_tagger

__all__ = ["Tagger", "add_entities", "entity_step", "load_tagger"]
