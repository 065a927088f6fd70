"""Events: PLOVER-typed who-did-what-to-whom, with place, time and the certainty of their claim."""

from marsad.enrich.events.extract import events_in_sentence
from marsad.enrich.events.step import add_events, events_step

__all__ = ["add_events", "events_in_sentence", "events_step"]
