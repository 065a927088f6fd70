"""corpus step."""
