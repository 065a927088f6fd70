"""The query language's help page (/help): every operator with an example that links to it.

Arabic first, each line with its English gloss; the examples are the ones docs/serve.md
("## Query language") gives, and each is a search link, so a reader can try it.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from marsad.config import SETTINGS
from marsad.serve.web import render
from marsad.store.query import FIELD_NAMES

__all__ = ["EXAMPLES", "router"]

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True, slots=True)
class Example:
    query: str
    arabic: str  # what it finds, in Arabic
    english: str

    @property
    def url(self) -> str:
        return "/search?" + urlencode({"q": self.query})


EXAMPLES = (
    Example(
        "ماكرون بوتين", "المقالات التي فيها الكلمتان معًا (بأي صيغة: وماكرون، لبوتين)", "both words, any form"
    ),
    Example('"الرئيس الفرنسي"', "العبارة بكلماتها متجاورة وبترتيبها", "the exact phrase"),
    Example("«الرئيس الفرنسي»", "علامتا التنصيص العربيتان تعملان كذلك", "Arabic quotes work too"),
    Example("ماكرون OR بوتين", "إحدى الكلمتين على الأقل (OR بحروف كبيرة)", "either word (OR in capitals)"),
    Example(
        "ماكرون -ترامب", "ماكرون دون المقالات التي تذكر ترامب", "without articles naming the excluded word"
    ),
    Example("(ماكرون OR بوتين) قمة", "الأقواس تجمع", "parentheses group"),
    Example("اقتصا*", "كل كلمة تبدأ بهذه الحروف: اقتصاد، الاقتصادية", "any word starting with these letters"),
    Example("روسيا outlet:الجزيرة", "من مصدر واحد (أو مصدر:الجزيرة)", "from one outlet"),
    Example("قمة entity:Macron", "مقالات تذكر كيانًا (أو كيان:ماكرون)", "naming an entity, either script"),
    Example("قمة since:2024-01 until:2024-03-31", "بين تاريخين (أو منذ: وحتى:)", "between two dates"),
    Example("قمة -outlet:CNN", "استبعاد مصدر أو كيان", "excluding an outlet or entity"),
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
            "max_terms": SETTINGS.query_max_terms,
            "min_prefix": SETTINGS.query_min_prefix,
        },
    )
