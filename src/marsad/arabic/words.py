"""Closed classes of Arabic words that rules outside the Arabic layer look for.

Written as the claim and event lexicons fold text (`arabic.normalize.fold_char`: no hamza on alef,
ى → ي, ة → ه) unless said otherwise, so a rule compares folded tokens with them directly.
"""

from __future__ import annotations

__all__ = ["GROUP_STOPS", "MODIFIER_ENDINGS", "NUMBER_WORDS"]

# Words that end a noun group ("قوات الأمن في …"): prepositions, the complementiser أن, the
# relative pronouns and the conjunction و. على is as it was in enrich/events/roles.py, unfolded:
# folded tokens read علي, so this entry does not match them (kept: moving the list changes nothing).
GROUP_STOPS = frozenset({"في", "من", "على", "الي", "عن", "مع", "ان", "الذي", "التي", "الذين", "و"})
# Endings of an indefinite adjective after a noun: the nisba (ي، يه) and the sound plurals
# ("مجموعة مسلحة" ends in ه once folded, "مسلحون", "مسلحين", "قوات حكومية").
MODIFIER_ENDINGS = ("ي", "يه", "ه", "ون", "ين", "ات", "يون", "يين")
# Number words (as written: fold them before comparing): counted objects follow a group noun
# without being part of it ("اعتقلت قوات الأمن ثلاثة أشخاص").
NUMBER_WORDS = (
    "واحد", "اثنين", "اثنان", "ثلاثة", "أربعة", "خمسة", "ستة", "سبعة", "ثمانية", "تسعة", "عشرة",
    "عشرات", "مئات", "آلاف", "ألف", "مئة",
)  # fmt: skip
