"""Claims: for every sentence, who asserts it (the source chain) and how sure it is (certainty)."""

from marsad.enrich.claims.extract import Analysis, analyse_sentence
from marsad.enrich.claims.step import add_claims, claims_step

__all__ = ["Analysis", "add_claims", "analyse_sentence", "claims_step"]
