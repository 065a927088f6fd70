"""Latin names for Arabic person names the gazetteers do not know.

Uses arabic-name-romanizer (optional extra `names`: Wikidata-attested spellings, then its ONNX
model) when installed; otherwise gives None rather than an invented spelling. Its table is mostly
Arab, Maghrebi and South Asian names, which is why foreign public figures come from
data/public_figures.tsv first.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

__all__ = ["romanize_name"]


@lru_cache(maxsize=1)
def _transliterator() -> Any:
    try:
        from arabic_name_romanizer import Transliterator
    except ImportError:
        return None
    try:
        return Transliterator()
    except (OSError, RuntimeError, ValueError):  # damaged resources: no romanisation, no crash
        return None


@lru_cache(maxsize=4096)
def romanize_name(name: str) -> str | None:
    """Best Latin spelling of an Arabic person name, or None when no romaniser is available."""
    tr = _transliterator()
    if tr is None or not name.strip():
        return None
    try:
        result = tr.transliterate(name)
    except (RuntimeError, ValueError, IndexError, KeyError):
        return None
    if isinstance(result, list | tuple):  # top_k > 1 gives candidates
        result = result[0] if result else None
    text = result if isinstance(result, str) else getattr(result, "text", None)
    return str(text).strip() or None if text else None
