"""What the claim layer finds in one sentence: the result type shared by the rules (extract.py)
and the learnt classifier (learnt.py), kept apart so neither imports the other for it."""

from __future__ import annotations

from dataclasses import dataclass

from marsad.model import SourceRef

__all__ = ["UNKNOWN_SPEAKER", "Analysis"]

# The source of a reporting verb whose speaker neither this sentence nor an earlier one names.
UNKNOWN_SPEAKER = SourceRef("", "unknown")


@dataclass(slots=True)
class Analysis:
    """What the claim layer found in one sentence (the events layer reads it too)."""

    certainty: str
    chain: list[SourceRef]
    cues: list[str]
    source_spans: list[tuple[int, int]]  # sentence offsets of the source phrases
    continued: bool = False

    @property
    def attributed(self) -> bool:
        """Reported speech (some source other than the outlet), named or not."""
        return bool(self.chain)
