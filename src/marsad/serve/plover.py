"""PLOVER event types in Arabic and English: one table for the events page and the article page.

Codes and English names follow the PLOVER codebook (Political Language Ontology for Verifiable
Event Records, openeventdata); the set is exactly what the enrich step emits
(`enrich/events/data/triggers.json`, docs/schema-enrich.md): the codebook's sixteen types plus
DISAPPROVE and INVESTIGATE from its first edition. FIGHT is folded into ASSAULT by the enrich step,
and movement is CONSULT with mode `travel`, so neither is a type here. Arabic names are the
project's own: the verbal noun a news writer uses for the act (تشاور، اعتداء…).
"""

from __future__ import annotations

__all__ = ["PLOVER_LANGS", "PLOVER_MODES", "PLOVER_TYPES", "plover_mode_name", "plover_name"]

# code → (Arabic name, English name)
PLOVER_TYPES: dict[str, tuple[str, str]] = {
    "AGREE": ("اتفاق", "Agree"),
    "CONSULT": ("تشاور", "Consult"),
    "SUPPORT": ("تأييد", "Support"),
    "CONCEDE": ("تنازل", "Concede"),
    "COOPERATE": ("تعاون", "Cooperate"),
    "AID": ("مساعدة", "Aid"),
    "RETREAT": ("انسحاب", "Retreat"),
    "REQUEST": ("طلب", "Request"),
    "ACCUSE": ("اتهام", "Accuse"),
    "REJECT": ("رفض", "Reject"),
    "DISAPPROVE": ("استنكار", "Disapprove"),
    "THREATEN": ("تهديد", "Threaten"),
    "PROTEST": ("احتجاج", "Protest"),
    "SANCTION": ("عقوبات", "Sanction"),
    "MOBILIZE": ("تعبئة", "Mobilize"),
    "COERCE": ("إكراه", "Coerce"),
    "ASSAULT": ("اعتداء", "Assault"),
    "INVESTIGATE": ("تحقيق", "Investigate"),
}
# Subtypes the enrich step gives (`Event.mode`): CONSULT meet/visit/travel/call, COOPERATE recognize.
PLOVER_MODES: dict[str, tuple[str, str]] = {
    "meet": ("لقاء", "meeting"),
    "visit": ("زيارة", "visit"),
    "travel": ("سفر", "travel"),
    "call": ("اتصال", "call"),
    "recognize": ("اعتراف", "recognition"),
}
PLOVER_LANGS = ("ar", "en")


def _name(table: dict[str, tuple[str, str]], key: str, lang: str) -> str:
    if lang not in PLOVER_LANGS:
        raise ValueError(f"unknown language {lang!r}: use one of {', '.join(PLOVER_LANGS)}")
    names = table.get(key)
    # A code from a newer enrich step than this table still shows, as the code itself.
    return key if names is None else names[PLOVER_LANGS.index(lang)]


def plover_name(code: str, lang: str) -> str:
    """The name of a PLOVER type in `lang` ("ar" or "en"); an unknown code comes back as given."""
    return _name(PLOVER_TYPES, code, lang)


def plover_mode_name(mode: str, lang: str) -> str:
    """The name of an event subtype (`Event.mode`) in `lang`; an unknown mode comes back as given."""
    return _name(PLOVER_MODES, mode, lang)
