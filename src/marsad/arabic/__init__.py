"""arabic step."""
