"""The accepted date filter forms: the published pattern agrees with the calendar exactly."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from marsad.date_forms import (
    FILTER_DATE_MAX_CHARS,
    FILTER_DATE_PATTERN,
    PUBLISHED_PATTERN,
    filter_date_error,
    published_error,
)


def _is_calendar_day(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def test_every_yyyy_mm_dd_is_accepted_exactly_when_it_is_a_calendar_day() -> None:
    # Four centuries around the leap-year rules (1900 no, 2000 yes, 2100 no), the first years,
    # the last ones, and impossible months and days alike.
    years = [*range(1, 12), *range(1896, 1905), *range(1996, 2005), *range(2096, 2105), 2400, 9996, 9999]
    for year in years:
        for month in range(0, 14):
            for day in range(0, 33):
                text = f"{year:04d}-{month:02d}-{day:02d}"
                assert (filter_date_error(text) is None) == _is_calendar_day(text), text
                assert (published_error(text) is None) == _is_calendar_day(text), text


@given(st.text(alphabet="0123456789-", min_size=10, max_size=10))
def test_date_shaped_strings_match_the_calendar(text: str) -> None:
    assert (published_error(text) is None) == (
        re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) is not None and _is_calendar_day(text)
    )


@given(
    st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)),
    st.integers(-23 * 60, 23 * 60),
)
def test_python_isoformat_datetimes_are_accepted(moment: datetime, offset_minutes: int) -> None:
    aware = moment.replace(tzinfo=timezone(timedelta(minutes=offset_minutes)))
    for text in (moment.isoformat(), aware.isoformat(), moment.isoformat(timespec="minutes")):
        assert filter_date_error(text) is None, text
        assert published_error(text) is None, text
        assert datetime.fromisoformat(text)  # and each is one Python reads


def test_forms() -> None:
    for ok in ("", "2024-05", "2024-05-01", "2024-02-29", "2024-05-01T09:30", "2024-05-01T09:30:15Z",
               "2024-05-01T09:30:15.5+03:00", "2024-05-01T09:30:15.123456-05:30"):  # fmt: skip
        assert filter_date_error(ok) is None, ok
    for bad in ("2024-13-45", "2023-02-29", "1900-02-29", "0000-01-01", "2024-5-1", "20240501", "2024-W18-3",
                "2024-05-01 09:30", "2024-05-01T24:00", "2024-05-01T09:30+24:00", "2024-05-01T09:30:15.1234567",
                " 2024-05-01", "2024-05-01\n", "٢٠٢٤-٠٥-٠١", "yesterday", "2024", "x" * 100_000):  # fmt: skip
        assert filter_date_error(bad) is not None, bad
    assert published_error("") is not None and published_error("2024-05") is not None  # a day at least
    assert len("2024-05-01T12:30:15.123456+03:00") == FILTER_DATE_MAX_CHARS


def test_the_message_says_what_was_given_and_what_would_do() -> None:
    message = filter_date_error("2024-13-45")
    assert message is not None
    assert "'2024-13-45'" in message and "YYYY-MM-DD" in message and "YYYY-MM" in message
    long = filter_date_error("9" * 100_000)
    assert long is not None and len(long) < 200  # a huge value is not echoed back whole


def test_the_patterns_use_only_portable_syntax() -> None:
    """ECMA-262 (what OpenAPI tools read) and Python agree on these: ASCII classes, no look-arounds,
    no \\d (which is any Unicode digit in Python)."""
    for pattern in (FILTER_DATE_PATTERN, PUBLISHED_PATTERN):
        assert "\\d" not in pattern and "(?=" not in pattern and "(?!" not in pattern and "(?<" not in pattern
        assert pattern.startswith("^") and pattern.endswith("$")
