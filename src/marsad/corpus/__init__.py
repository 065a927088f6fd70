"""Stage 5: the corpus step — where a page meets every page stored before it.

fingerprint.py  per page, in parallel: normalised-text hash, MinHash signature, tf-idf terms, day
near.py         MinHash LSH bands and the near-duplicate decision (containment)
stories.py      incremental story clustering: candidates, similarity, join / found / merge
index.py        what the corpus step asks of the store (`CorpusIndex`); the store implements it
step.py         the corpus step itself: one article + the index → its duplicate and story
keys.py         canonical entity keys (shared with the store's entity table)
hashing.py      page hashes: an article's identity
"""
