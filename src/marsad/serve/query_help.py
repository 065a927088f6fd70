"""The query language's help page (/help): every operator with an example that links to it.

Labels and explanations in the reader's interface language (serve/i18n.py); the examples are the
ones docs/serve.md ("## Query language") gives, and each is a search link, so a reader can try it.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from marsad.serve import i18n
from marsad.serve.web import render
from marsad.store.query import FIELD_NAMES

__all__ = ["EXAMPLES", "router"]

# An unknown interface language (?ui=xx) is a 400, as on every reading-room page.
router = APIRouter(include_in_schema=False, dependencies=[Depends(i18n.check_ui)])


@dataclass(frozen=True, slots=True)
class Example:
    query: str
    key: str  # what it finds: an i18n key (serve/i18n.py MESSAGES), shown in the reader's language

    @property
    def url(self) -> str:
        return "/search?" + urlencode({"q": self.query})


EXAMPLES = (
    Example("أردوغان ميركل", "help.ex.words"),
    Example('"الرئيس الفرنسي"', "help.ex.phrase"),
    Example("«الرئيس الفرنسي»", "help.ex.arabic_quotes"),
    Example("أردوغان OR ميركل", "help.ex.or"),
    Example("أردوغان -ترامب", "help.ex.not"),
    Example("(أردوغان OR ميركل) قمة", "help.ex.group"),
    Example("اقتصا*", "help.ex.prefix"),
    Example("روسيا outlet:الجزيرة", "help.ex.outlet"),
    Example("قمة entity:Erdogan", "help.ex.entity"),
    Example("قمة since:2024-01 until:2024-03-31", "help.ex.dates"),
    Example("قمة -outlet:CNN", "help.ex.exclude"),
)


@router.get("/help", response_class=HTMLResponse)
def help_page(request: Request) -> Response:
    aliases: dict[str, list[str]] = {}
    for typed, name in FIELD_NAMES.items():
        aliases.setdefault(name, []).append(f"{typed}:")
    return render(
        request,
        "help.html",
        {
            "examples": EXAMPLES,
            "aliases": aliases,
            "max_terms": request.app.state.settings.query_max_terms,
            "min_prefix": request.app.state.settings.query_min_prefix,
        },
    )
