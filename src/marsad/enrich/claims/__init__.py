"""Claims: for every sentence, who asserts it (the source chain) and how sure it is (certainty)."""

from marsad.enrich.claims.extract import Analysis, analyse_sentence
from marsad.enrich.claims.step import CLAIMS_STEP, add_claims

__all__ = ["CLAIMS_STEP", "Analysis", "add_claims", "analyse_sentence"]
