"""The enrich stage: entities first (claims and events link to them), then claims, then events."""

from __future__ import annotations

from marsad.config import Settings
from marsad.pipeline import Step

__all__ = ["enrich_steps"]


def enrich_steps(settings: Settings) -> list[Step]:
    """The enrich steps, built from `settings` (the entity tagger's model, the rules' limits)."""
    from marsad.enrich.claims import claims_step
    from marsad.enrich.entities.step import entity_step
    from marsad.enrich.events import events_step

    return [entity_step(settings), claims_step(settings), events_step(settings)]
