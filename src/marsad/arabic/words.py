"""Closed classes of Arabic words that rules outside the Arabic layer look for.

Written as the claim and event lexicons fold text (`arabic.normalize.fold_char`: no hamza on alef,
ى → ي, ة → ه) unless said otherwise, so a rule compares folded tokens with them directly.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = [
    "AGENCY_HEAD",
    "AGENCY_NEWS",
    "CLAUSE_PRONOUNS",
    "DISCOURSE_OPENERS",
    "GROUP_STOPS",
    "MODIFIER_ENDINGS",
    "NUMBER_WORDS",
    "POSSESSIVE_SUFFIXES",
    "RELATIVE_PRONOUNS",
    "TOWARD",
    "glued_joins",
]

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

# Words that name a destination after a verb of travel ("توجه إلى …", "نحو …"), folded (إلى → الي).
TOWARD = frozenset({"الي", "نحو"})
# Discourse openers before a sentence's subject ("لكن الوزير، …، قال"): the conjunctions and
# adverbial openers a subject phrase never starts with, and the auxiliary كان (وكان …).
DISCOURSE_OPENERS = frozenset({"لكن", "ولكن", "كما", "بينما", "فيما", "وكان", "كان", "و"})
# A news agency's name: وكالة X للأنباء / الأنباء, folded (وكاله ends the head noun, with or
# without a proclitic or the article: ووكاله, الوكاله).
AGENCY_HEAD = "وكاله"
AGENCY_NEWS = ("للانباء", "الانباء")

# Pronouns that stand for a whole clause before them ("وهو ما قد يساعد": ما is then "which", the clause).
CLAUSE_PRONOUNS = frozenset({"هو", "وهو", "هي", "وهي"})
# The relative pronouns, folded: a definite-looking word (الذي) that opens a clause, so it ends a
# noun phrase rather than modifying it ("الوزير الذي التقى …").
RELATIVE_PRONOUNS = frozenset(
    {"الذي", "التي", "الذين", "اللذان", "اللتان", "اللذين", "اللتين", "اللواتي", "اللاتي", "اللائي"}
)
# Annexed (possessive) pronoun endings: a noun carrying one is definite ("قواتها", "بلادنا").
POSSESSIVE_SUFFIXES = ("ها", "هم", "هما", "هن", "كم", "نا")

# Letters that only end a word (ة, ى): one followed by another Arabic letter inside a token is two
# words glued without a space, as a dump glues a menu's links ("الرئيسيةسياسةاقتصاد"). Unfolded text.
_GLUED = re.compile("[\u0629\u0649](?=[\u0622-\u063a\u0641-\u064a])")


def glued_joins(text: str, long_token: int) -> int:
    """How many places in `text` join two Arabic words with no space: a word-final letter inside
    a token, and each token of `long_token` letters or more (Settings.glued_token_letters: too
    long to be one word)."""
    return len(_GLUED.findall(text)) + len(_long_token(long_token).findall(text))


@lru_cache(maxsize=4)
def _long_token(letters: int) -> re.Pattern[str]:
    return re.compile(f"[\u0621-\u063a\u0641-\u064a]{{{letters},}}")
