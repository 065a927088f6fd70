"""Events: PLOVER-typed who-did-what-to-whom, with place, time and the certainty of their claim."""

from marsad.enrich.events.extract import events_in_sentence
from marsad.enrich.events.step import EVENTS_STEP, add_events

__all__ = ["EVENTS_STEP", "add_events", "events_in_sentence"]
