"""The enrich stage: entities first (claims and events link to them), then claims, then events."""

from __future__ import annotations

from marsad.pipeline import Step

__all__ = ["enrich_steps"]


def enrich_steps() -> list[Step]:
    from marsad.enrich.claims import CLAIMS_STEP
    from marsad.enrich.entities import ENTITY_STEP
    from marsad.enrich.events import EVENTS_STEP

    return [ENTITY_STEP, CLAIMS_STEP, EVENTS_STEP]
