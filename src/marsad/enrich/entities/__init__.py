"""Entities: who, where, which organisation and outlet — with canonical Arabic and Latin names.

A CRF tagger trained by models/train_ner.py marks PERS/LOC/ORG/MISC spans; gazetteers built from
babel, pycountry, GeoNames and the project's data files resolve them to canonical names; mentions
are grouped per article and role phrases linked to people by the article's own evidence.
"""

from __future__ import annotations

from marsad.enrich.entities.step import ENTITY_STEP, add_entities
from marsad.enrich.entities.tagger import Tagger, load_tagger

__all__ = ["ENTITY_STEP", "Tagger", "add_entities", "load_tagger"]
