"""The corpus tests import their samples from corpus_samples.py (this folder is on sys.path)."""
