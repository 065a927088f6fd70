"""The enrich stage: entities first (claims and events link to them), then claims, then events."""

from __future__ import annotations

from marsad.config import SETTINGS, Settings
from marsad.pipeline import Step

__all__ = ["enrich_steps"]


def enrich_steps(settings: Settings | None = None) -> list[Step]:
    """The enrich steps, the entity tagger's model taken from `settings` (default: `SETTINGS`)."""
    from marsad.enrich.claims import CLAIMS_STEP
    from marsad.enrich.entities.step import entity_step
    from marsad.enrich.events import EVENTS_STEP

    return [entity_step((settings or SETTINGS).ner_model), CLAIMS_STEP, EVENTS_STEP]
