"""run step."""
