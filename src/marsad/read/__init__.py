"""read step."""
