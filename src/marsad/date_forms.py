"""The date forms a `since`/`until` filter accepts, as one regular expression.

Accepted: a month (2024-05), a day (2024-05-01) or a datetime (2024-05-01T12:30,
2024-05-01T12:30:15.5Z, 2024-05-01T12:30+03:00); stores compare the first 10 characters, so a
datetime filters by its written day. An empty string means "no bound" (an empty form field).

The expression checks the calendar itself (month lengths, 29 February in leap years only, no
year 0), so it is both the validator and the `pattern` the OpenAPI description publishes: a
client generating strings from the spec gets exactly what the server accepts. Python's
`fromisoformat` is not used as the check: it also takes 20240501, 2024-W18-3 and a space for
the T, which the stores' prefix comparison would misread.

No FastAPI here: the CLI, the API and the query language (store/query.py) share `filter_date_error`.
"""

from __future__ import annotations

import re
from typing import Final

__all__ = [
    "FILTER_DATE_FORMS",
    "FILTER_DATE_MAX_CHARS",
    "FILTER_DATE_PATTERN",
    "PUBLISHED_FORMS",
    "PUBLISHED_PATTERN",
    "filter_date_error",
    "published_error",
]

_YEAR = "(?:[0-9]{3}[1-9]|[0-9]{2}[1-9]0|[0-9][1-9]00|[1-9]000)"  # 0001-9999
_LEAP_YEAR = "(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00)"
_MONTH = "(?:0[1-9]|1[0-2])"
_DAY_OF_MONTH = (
    f"(?:{_MONTH}-(?:0[1-9]|1[0-9]|2[0-8])"  # days every month has
    "|(?:0[13-9]|1[0-2])-(?:29|30)"  # 29 and 30 in all months but February
    "|(?:0[13578]|1[02])-31)"
)
_DATE = f"(?:{_YEAR}-{_DAY_OF_MONTH}|{_LEAP_YEAR}-02-29)"
_HOUR, _MINUTE = "(?:[01][0-9]|2[0-3])", "[0-5][0-9]"
_TIME = f"T{_HOUR}:{_MINUTE}(?::{_MINUTE}(?:\\.[0-9]{{1,6}})?)?(?:Z|[+-]{_HOUR}:{_MINUTE})?"

# The published pattern (ECMA-262 and Python alike: ASCII classes only, no look-arounds).
FILTER_DATE_PATTERN = f"^(?:|{_YEAR}-{_MONTH}|{_DATE}(?:{_TIME})?)$"
FILTER_DATE_FORMS = "YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS[.ffffff]][Z|±HH:MM]"
# Longest accepted value: 2024-05-01T12:30:15.123456+03:00.
FILTER_DATE_MAX_CHARS: Final = 32  # fact: the length of that longest form
# A stated publication date (POST /api/ingest `published`): a day or a datetime, no month.
PUBLISHED_PATTERN = f"^{_DATE}(?:{_TIME})?$"
PUBLISHED_FORMS = "YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS[.ffffff]][Z|±HH:MM]"

_FILTER_DATE = re.compile(FILTER_DATE_PATTERN)
_PUBLISHED = re.compile(PUBLISHED_PATTERN)


def _error(value: str, pattern: re.Pattern[str], forms: str) -> str | None:
    if len(value) <= FILTER_DATE_MAX_CHARS and pattern.fullmatch(value):
        return None
    shown = value if len(value) <= 40 else value[:40] + "…"
    return f"{shown!r} is not a date: use {forms}"


def filter_date_error(value: str) -> str | None:
    """None when `value` is an accepted date filter, else why not (for the user to read)."""
    return _error(value, _FILTER_DATE, FILTER_DATE_FORMS)


def published_error(value: str) -> str | None:
    """None when `value` is an accepted stated publication date, else why not."""
    return _error(value, _PUBLISHED, PUBLISHED_FORMS)
