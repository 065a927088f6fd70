"""store step."""
