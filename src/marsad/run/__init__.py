"""Where steps run: `local` (an ordered process pool) and `ingest` (inputs → store, resumable)."""
