"""claims.analysis: a sentence is attributed exactly when it has a source chain."""

from __future__ import annotations

from marsad.enrich.claims.analysis import UNKNOWN_SPEAKER, Analysis
from marsad.model import SourceRef


def test_attributed_follows_the_chain() -> None:
    own = Analysis(certainty="asserted", chain=[], cues=[], source_spans=[])
    reported = Analysis(
        certainty="reported", chain=[SourceRef("الوزير", "officials")], cues=[], source_spans=[]
    )
    assert not own.attributed and reported.attributed


def test_an_unnamed_speaker_still_counts_as_a_source() -> None:
    assert Analysis("reported", [UNKNOWN_SPEAKER], [], []).attributed
    assert UNKNOWN_SPEAKER.name == "" and UNKNOWN_SPEAKER.kind == "unknown"
