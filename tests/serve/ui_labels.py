"""A page's labels in one interface language at a time (issue 13.7): shared by the page tests."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

__all__ = ["assert_one_language"]


def assert_one_language(
    client: TestClient, path: str, arabic: tuple[str, ...], english: tuple[str, ...], **params: Any
) -> None:
    """The default page shows the `arabic` labels and none of the `english` ones; `?ui=en` the
    reverse. The client's cookies are cleared before and after (the choice is remembered)."""
    client.cookies.clear()
    try:
        ar = client.get(path, params=params)
        en = client.get(path, params={**params, "ui": "en"})
    finally:
        client.cookies.clear()
    assert ar.status_code == 200 and en.status_code == 200, (ar.status_code, en.status_code)
    for a, e in zip(arabic, english, strict=True):
        assert a in ar.text and e not in ar.text, (path, a, e)
        assert e in en.text and a not in en.text, (path, a, e)
