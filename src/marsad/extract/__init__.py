"""extract step."""
