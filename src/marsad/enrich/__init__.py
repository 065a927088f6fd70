"""enrich step."""
