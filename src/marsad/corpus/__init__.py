"""Stage 5: the corpus view — content hashes (exact duplicates) and MinHash near duplicates."""
