"""Canonical entity keys: how one entity is recognised across articles and scripts.

An entity is known by (type, Latin name casefolded) or (type, Arabic name in search form). Two
keys, because one article may know the Latin name and another not; either key reaches the same
canonical entity in the store, and the first key is what stories count shared entities by.
"""

from __future__ import annotations

from marsad.arabic.normalize import search_form

__all__ = ["entity_keys"]


def entity_keys(type_: str, name: str, latin: str | None) -> list[str]:
    """Merge keys of an entity, Latin first (the more reliable across spellings)."""
    keys = []
    if latin and latin.strip():
        keys.append(f"{type_}|l|{latin.strip().casefold()}")
    form = search_form(name).strip()
    if form:
        keys.append(f"{type_}|n|{form}")
    return keys
