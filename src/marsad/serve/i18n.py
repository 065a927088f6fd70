"""The reading room's labels in one language at a time: Arabic (default) or English.

A reader picks the interface language with `?ui=ar|en` on any page; the choice is remembered in a
cookie (`UI_COOKIE`) and every label then comes from `MESSAGES` in that language, instead of both
languages mashed into each label. Page text (titles, names, claims) is shown as found whatever
the interface language.

Templates call `t("key")` (a Jinja global, see `install`), `t("key", n=3)` for a counted label
(CLDR plural categories via babel: Arabic has zero/one/two/few/many/other), and `human_date(iso)`
for a date in words ("5 ديسمبر 2026", Western digits in both languages, as the rest of the pages).
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import quote, urlencode

import jinja2
from babel import Locale
from babel.dates import format_date
from fastapi import HTTPException, Request
from fastapi.responses import Response

from marsad.serve.plover import PLOVER_TYPES, plover_name

__all__ = [
    "DEFAULT_UI",
    "MESSAGES",
    "UI_COOKIE",
    "UI_LANGS",
    "check_ui",
    "human_date",
    "install",
    "remember_ui",
    "switch_url",
    "translate",
    "ui_lang",
]

UI_LANGS = ("ar", "en")
DEFAULT_UI = "ar"  # Arabic-first: a reader with no choice made gets Arabic labels
UI_COOKIE = "marsad_ui"
UI_PARAM = "ui"

# A label is one string, or a dict of CLDR plural categories (`{n}` is the count) with "other"
# as the fallback every language has.
Label = str | dict[str, str]

MESSAGES: dict[str, dict[str, Label]] = {
    # --- every page (base.html) ---
    "site.name": {"ar": "مرصد", "en": "Marsad"},
    "site.tagline": {
        "ar": "مرصد — قراءة الأخبار العربية ومصادرها",
        "en": "Marsad — Arabic news and its sources",
    },
    "site.skip": {"ar": "انتقل إلى المحتوى", "en": "Skip to content"},
    "site.nav": {"ar": "أقسام الموقع", "en": "Site sections"},
    "site.search_placeholder": {"ar": "ابحث في الأخبار…", "en": "Search the news…"},
    "site.search_label": {"ar": "بحث في الأخبار", "en": "Search the news"},
    "site.search_button": {"ar": "ابحث", "en": "Search"},
    "site.ui_switch": {"ar": "لغة الواجهة", "en": "Interface language"},
    "nav.stories": {"ar": "القصص", "en": "Stories"},
    "nav.search": {"ar": "البحث", "en": "Search"},
    "nav.claims": {"ar": "الادعاءات", "en": "Claims"},
    "nav.events": {"ar": "الأحداث", "en": "Events"},
    "nav.outlets": {"ar": "المصادر", "en": "Outlets"},
    "nav.entities": {"ar": "الكيانات", "en": "Entities"},
    "nav.saved": {"ar": "المحفوظ", "en": "Saved"},
    "nav.help": {"ar": "مساعدة", "en": "Help"},
    "nav.api": {"ar": "واجهة البرمجة", "en": "API"},
    "lang.ar": {"ar": "العربية", "en": "العربية"},  # a language is named in itself
    "lang.en": {"ar": "English", "en": "English"},
    "untitled": {"ar": "(بلا عنوان)", "en": "(untitled)"},
    "no_outlet": {"ar": "(بلا مصدر)", "en": "(no outlet)"},
    "pager.prev": {"ar": "→ السابق", "en": "← Previous"},
    "pager.next": {"ar": "التالي ←", "en": "Next →"},
    "pager.label": {"ar": "الصفحات", "en": "Pages"},
    "count.articles": {
        "ar": {
            "zero": "لا مقالات",
            "one": "مقال واحد",
            "two": "مقالان",
            "few": "{n} مقالات",
            "many": "{n} مقالًا",
            "other": "{n} مقال",
        },
        "en": {"one": "{n} article", "other": "{n} articles"},
    },
    "count.mentions": {
        "ar": {"zero": "لا ذكر", "one": "ذكر واحد", "two": "ذكران", "few": "{n} مرات", "other": "{n} مرة"},
        "en": {"one": "{n} mention", "other": "{n} mentions"},
    },
    # --- i18nb (issue 13.7): claims, events, stories, story, home, outlets, compare, charts ---
    "count.outlets": {
        "ar": {
            "one": "مصدر واحد",
            "two": "مصدران",
            "few": "{n} مصادر",
            "many": "{n} مصدرًا",
            "other": "{n} مصدر",
        },
        "en": {"one": "{n} outlet", "other": "{n} outlets"},
    },
    "count.stories": {
        "ar": {"zero": "لا قصص", "one": "قصة واحدة", "two": "قصتان", "few": "{n} قصص", "other": "{n} قصة"},
        "en": {"one": "{n} story", "other": "{n} stories"},
    },
    "count.reprints": {
        "ar": {"one": "نسخة واحدة", "two": "نسختان", "few": "{n} نسخ", "other": "{n} نسخة"},
        "en": {"one": "{n} reprint", "other": "{n} reprints"},
    },
    # `plus` is "+" when the count stopped at its cap (more match than were counted).
    "count.claims": {
        "ar": {
            "zero": "لا ادعاءات",
            "one": "ادعاء واحد",
            "two": "ادعاءان",
            "few": "{n}{plus} ادعاءات",
            "many": "{n}{plus} ادعاءً",
            "other": "{n}{plus} ادعاء",
        },
        "en": {"one": "{n}{plus} claim", "other": "{n}{plus} claims"},
    },
    "count.events": {
        "ar": {
            "zero": "لا أحداث",
            "one": "حدث واحد",
            "two": "حدثان",
            "few": "{n}{plus} أحداث",
            "many": "{n}{plus} حدثًا",
            "other": "{n}{plus} حدث",
        },
        "en": {"one": "{n}{plus} event", "other": "{n}{plus} events"},
    },
    "claims.title": {"ar": "الادعاءات", "en": "Claims"},
    "claims.about_entity": {"ar": "عن الكيان", "en": "About entity"},
    "claims.source": {"ar": "المصدر", "en": "Source"},
    "claims.source_kind": {"ar": "نوع المصدر", "en": "Source kind"},
    "claims.voice": {"ar": "الصوت", "en": "Voice"},
    "claims.outlet": {"ar": "الوسيلة", "en": "Outlet"},
    "claims.story": {"ar": "القصة", "en": "Story"},
    "claims.no_entity": {"ar": "لا كيان بالاسم", "en": "No entity is named"},
    "claims.as_written": {"ar": "، فالبحث بالنص كما كُتب", "en": ": matched as written"},
    "claims.none": {"ar": "لا ادعاءات بهذه الشروط.", "en": "No claims match."},
    "claims.sort_newest": {"ar": "الأحدث أولًا", "en": "newest first"},
    "claims.sort_oldest": {"ar": "الأقدم أولًا", "en": "oldest first"},
    "claims.sort_least": {"ar": "الأقل يقينًا أولًا", "en": "least certain first"},
    "claims.sort_most": {"ar": "الأكثر يقينًا أولًا", "en": "most certain first"},
    "voice.reported": {"ar": "منسوب إلى مصدر", "en": "attributed to a source"},
    "voice.asserted": {"ar": "صوت الوسيلة نفسها", "en": "the outlet’s own voice"},
    "source.state": {"ar": "دولة", "en": "state"},
    "source.unknown_speaker": {"ar": "متحدث غير مسمّى", "en": "unknown speaker"},
    "events.title": {"ar": "الأحداث", "en": "Events"},
    "events.type": {"ar": "النوع", "en": "Type"},
    "events.actor": {"ar": "الفاعل", "en": "Actor"},
    "events.target": {"ar": "المستهدف", "en": "Target"},
    "events.place": {"ar": "المكان", "en": "Place"},
    "events.when": {"ar": "الزمن", "en": "When"},
    "events.trigger": {"ar": "الكلمة", "en": "Trigger"},
    "events.none": {"ar": "لا أحداث بهذه الشروط.", "en": "No events match."},
    "stories.min_articles": {"ar": "مقالات على الأقل", "en": "Min. articles"},
    "stories.min_each": {"ar": "، {m}+ مقالات لكل منها", "en": ", {m}+ articles each"},
    "stories.none": {"ar": "لا قصص.", "en": "No stories."},
    "story.title": {"ar": "قصة", "en": "Story"},
    "story.merged": {"ar": "دُمجت فيها", "en": "Merged in"},
    "story.timeline": {"ar": "التسلسل الزمني", "en": "Timeline"},
    "story.timeline_caption": {
        "ar": "مقالات يوميًا، والأيام بلا مقال صفر؛ الجدول أدناه بالأرقام",
        "en": "Articles per day, days without one as zero; the table below has the figures",
    },
    "story.by_source": {"ar": "من قال ماذا", "en": "Claims by source"},
    "story.no_claims": {"ar": "لا ادعاءات منسوبة إلى مصادر", "en": "No attributed claims"},
    "story.articles": {"ar": "مقالات القصة", "en": "Articles"},
    "home.title": {"ar": "القصص الأبرز", "en": "Top stories"},
    "home.window": {"ar": "آخر {days} أيام حتى", "en": "The last {days} days up to"},
    "home.window_end": {"ar": "(أحدث مقال مؤرَّخ)", "en": "(the newest dated article)"},
    "home.no_dates": {"ar": "لا مقالات مؤرَّخة بعد", "en": "No dated articles yet"},
    "home.biggest": {"ar": "الأكبر أولًا", "en": "Biggest first"},
    "home.none": {
        "ar": "لا قصص يرويها أكثر من مقال في هذه الأيام.",
        "en": "No story told by more than one article in these days.",
    },
    "home.browse": {"ar": "تصفح", "en": "Browse"},
    "home.search_all": {"ar": "بحث في كل المقالات", "en": "Search all articles"},
    "trending.title": {"ar": "الأكثر صعودًا", "en": "Trending"},
    "trending.window": {
        "ar": "مقالات آخر {days} أيام مقابل الأيام {days} قبلها",
        "en": "Articles in the last {days} days vs the {days} before",
    },
    "trending.now": {"ar": "الآن", "en": "Now"},
    "trending.before": {"ar": "قبل", "en": "Before"},
    "trending.change": {"ar": "الفرق", "en": "Change"},
    "outlets.reprints": {"ar": "نسخ", "en": "Reprints"},
    "outlets.first": {"ar": "من", "en": "First"},
    "outlets.last": {"ar": "إلى", "en": "Last"},
    "outlets.none": {"ar": "لا مصادر", "en": "No outlets"},
    "outlet.reprints": {"ar": "{n} نسخ عن غيره", "en": "{n} reprints of others"},
    "outlet.its_articles": {"ar": "مقالاته", "en": "its articles"},
    "outlet.its_stories": {"ar": "قصصه", "en": "its stories"},
    "outlet.volume": {"ar": "الحجم عبر الزمن", "en": "Volume over time"},
    "outlet.top_stories": {"ar": "أبرز قصصه", "en": "Top stories"},
    "outlet.story_counts": {"ar": "{n} مقال، منها {mine} له", "en": "{n} articles, {mine} from this outlet"},
    "outlet.no_stories": {"ar": "لا قصص يرويها أكثر من مقال", "en": "No story told by more than one article"},
    "outlet.certainty": {"ar": "يقين ادعاءاته", "en": "Certainty of its claims"},
    "outlet.no_claims": {"ar": "لا ادعاءات", "en": "No claims"},
    "outlet.top_entities": {"ar": "أبرز الكيانات", "en": "Top entities"},
    "compare.title": {"ar": "مقارنة", "en": "Compare"},
    "compare.intro": {
        "ar": "مصدران أو كيانان جنبًا إلى جنب، على الأيام نفسها",
        "en": "Two outlets or two entities side by side, over the same days",
    },
    "compare.outlet": {"ar": "مصدر", "en": "outlet"},
    "compare.entity": {"ar": "كيان", "en": "entity"},
    "compare.mentioned_with": {"ar": "يُذكر مع", "en": "Mentioned with"},
    "compare.none": {"ar": "لا شيء", "en": "none"},
    "compare.a": {"ar": "الأول", "en": "A"},
    "compare.b": {"ar": "الثاني", "en": "B"},
    "compare.kind": {"ar": "النوع", "en": "Kind"},
    "compare.auto": {"ar": "تلقائي", "en": "auto"},
    "compare.outlets": {"ar": "مصادر", "en": "outlets"},
    "compare.entities": {"ar": "كيانات", "en": "entities"},
    "compare.button": {"ar": "قارن", "en": "Compare"},
    "chart.per_day": {"ar": "مقالات يوميًا", "en": "articles per day"},
    "chart.dropped": {"ar": "{n} قبلها غير مرسومة", "en": "{n} earlier, not drawn"},
    "chart.data": {"ar": "الأرقام", "en": "Data table"},
    "chart.day": {"ar": "اليوم", "en": "Day"},
    "chart.articles": {"ar": "مقالات", "en": "Articles"},
    "chart.other_days": {"ar": "الأيام الأخرى بين", "en": "Other days between"},
    "chart.and": {"ar": "و", "en": " and "},
    "chart.zero": {"ar": ": صفر", "en": ": 0"},
    "chart.results_per_day": {"ar": "النتائج يوميًا", "en": "Results per day"},
    "chart.search_alt": {
        "ar": "مقالات نتائج البحث يوميًا ({n} في المجموع)",
        "en": "Articles found per day ({n} in all)",
    },
    "chart.search_all": {"ar": "المقالات", "en": "articles"},
    "chart.no_dates": {"ar": "لا مقالات مؤرَّخة", "en": "no dated articles"},
    "chart.summary_none": {"ar": "لا مقالات مؤرَّخة.", "en": "No dated articles."},
    "chart.summary": {
        "ar": "{total} من المقالات في {days} من الأيام ({span})؛ أكثر الأيام {peak_day}: {peak}.",
        "en": "{total} articles over {days} days ({span}); busiest day {peak_day}: {peak}.",
    },
    # "من المقالات" ("of the articles") keeps an Arabic count free of number agreement.
    "chart.summary_dropped": {
        "ar": " و{n} من المقالات قبلها غير مرسومة.",
        "en": " {n} earlier articles not drawn.",
    },
    # --- end i18nb ---
    # --- error page ---
    "error.not_found": {"ar": "غير موجود", "en": "Not found"},
    "error.title": {"ar": "خطأ {status}", "en": "Error {status}"},
    "error.back": {"ar": "العودة إلى البحث", "en": "Back to search"},
    "error.ui": {"ar": "لغة الواجهة: ar أو en", "en": "interface language: ar or en"},
    # --- search page ---
    "search.title": {"ar": "بحث", "en": "Search"},
    "search.filter_button": {"ar": "تصفية", "en": "Filter"},
    "search.top_stories": {"ar": "أبرز القصص", "en": "Top stories"},
    "search.all_stories": {"ar": "كل القصص", "en": "all stories"},
    "search.results": {
        "ar": {
            "zero": "{n} نتيجة لـ «{q}»",
            "one": "نتيجة واحدة لـ «{q}»",
            "two": "نتيجتان لـ «{q}»",
            "few": "{n} نتائج لـ «{q}»",
            "many": "{n} نتيجة لـ «{q}»",
            "other": "{n} نتيجة لـ «{q}»",
        },
        "en": {"one": "{n} result for “{q}”", "other": "{n} results for “{q}”"},
    },
    "search.newest": {
        "ar": {
            "zero": "{n} مقالًا",
            "one": "مقال واحد",
            "two": "مقالان، الأحدث أولًا",
            "few": "{n} مقالات، الأحدث أولًا",
            "many": "{n} مقالًا، الأحدث أولًا",
            "other": "{n} مقال، الأحدث أولًا",
        },
        "en": {"one": "{n} article", "other": "{n} articles, newest first"},
    },
    "search.none": {"ar": "لا نتائج.", "en": "No results."},
    "search.oldest": {
        "ar": {
            "zero": "{n} مقالًا",
            "one": "مقال واحد",
            "two": "مقالان، الأقدم أولًا",
            "few": "{n} مقالات، الأقدم أولًا",
            "many": "{n} مقالًا، الأقدم أولًا",
            "other": "{n} مقال، الأقدم أولًا",
        },
        "en": {"one": "{n} article", "other": "{n} articles, oldest first"},
    },
    "search.malformed": {"ar": "تعذّر فهم البحث", "en": "Malformed query"},
    "search.how_to_query": {"ar": "طريقة كتابة البحث", "en": "How to write a query"},
    "search.query_help": {"ar": "لغة البحث", "en": "Query help"},
    "search.remove": {"ar": "إزالة", "en": "remove"},
    "search.story": {"ar": "القصة", "en": "story"},
    "search.also_in": {
        "ar": {
            "one": "أيضًا في مصدر آخر",
            "two": "أيضًا في مصدرين آخرين",
            "few": "أيضًا في {n} مصادر أخرى",
            "other": "أيضًا في {n} مصدرًا آخر",
        },
        "en": {"one": "also in {n} outlet", "other": "also in {n} outlets"},
    },
    "search.copies": {
        "ar": {"one": "نسخة أخرى", "two": "نسختان أخريان", "few": "{n} نسخ أخرى", "other": "{n} نسخة أخرى"},
        "en": {"one": "{n} other copy", "other": "{n} other copies"},
    },
    "facet.outlet": {"ar": "المصدر", "en": "Outlet"},
    "facet.entity": {"ar": "الكيانات", "en": "Entities"},
    "facet.date": {"ar": "التاريخ", "en": "Date"},
    "facet.language": {"ar": "اللغة", "en": "Language"},
    "facets.label": {"ar": "تصفية حسب", "en": "Narrow by"},
    "filter.entity": {"ar": "الكيان", "en": "Entity"},
    "filter.outlet": {"ar": "المصدر", "en": "Outlet"},
    "filter.since": {"ar": "من", "en": "Since"},
    "filter.until": {"ar": "إلى", "en": "Until"},
    "filter.lang": {"ar": "اللغة", "en": "Language"},
    "filter.certainty": {"ar": "اليقين", "en": "Certainty"},
    "filter.event_type": {"ar": "نوع الحدث", "en": "Event type"},
    "filter.sort": {"ar": "الترتيب", "en": "Sort"},
    "filter.any": {"ar": "الكل", "en": "any"},
    "sort.relevance": {"ar": "الأكثر صلة", "en": "relevance"},
    "sort.date": {"ar": "الأحدث أولًا", "en": "newest first"},
    "sort.date_asc": {"ar": "الأقدم أولًا", "en": "oldest first"},
    # --- entities ---
    "entities.title": {"ar": "الكيانات", "en": "Entities"},
    "entities.name_placeholder": {"ar": "اسم بالعربية أو باللاتينية", "en": "A name, Arabic or Latin"},
    "entities.name_label": {"ar": "اسم الكيان", "en": "Entity name"},
    "entities.find": {"ar": "ابحث", "en": "Find"},
    "entities.name": {"ar": "الاسم", "en": "Name"},
    "entities.latin": {"ar": "بالحروف اللاتينية", "en": "Latin"},
    "entities.type": {"ar": "النوع", "en": "Type"},
    "entities.articles": {"ar": "مقالات", "en": "Articles"},
    "entities.none": {"ar": "لا كيانات", "en": "No entities"},
    "type.PERSON": {"ar": "شخص", "en": "Person"},
    "type.LOCATION": {"ar": "مكان", "en": "Location"},
    "type.ORGANIZATION": {"ar": "منظمة", "en": "Organization"},
    "type.MISC": {"ar": "أخرى", "en": "Misc"},
    "entity.all_articles": {"ar": "كل المقالات", "en": "all articles"},
    "entity.forms": {"ar": "الصيغ في النص", "en": "Forms in the text"},
    "entity.roles": {"ar": "الصفات", "en": "Roles"},
    "entity.timeline": {"ar": "الذكر عبر الزمن", "en": "Mentions over time"},
    "entity.month": {"ar": "الشهر", "en": "Month"},
    "entity.chart_caption": {
        "ar": "مقالات يوميًا، والأيام بلا مقال صفر؛ الجدول أدناه بالأشهر",
        "en": "Articles per day, days without one as zero; the table below has months",
    },
    "entity.share": {"ar": "النسبة", "en": "Share"},
    "entity.undated": {"ar": "بلا تاريخ", "en": "undated"},
    "entity.no_dates": {"ar": "لا تواريخ معروفة", "en": "No dated articles"},
    "entity.articles": {"ar": "المقالات", "en": "Articles"},
    "entity.claims": {"ar": "ما قيل عنه", "en": "Claims that mention it"},
    "entity.article": {"ar": "المقال", "en": "article"},
    "entity.co_mentioned": {"ar": "يُذكر معه", "en": "Co-mentioned"},
    "entity.sources": {"ar": "مصادر تتحدث عنه", "en": "Sources speaking about it"},
    # --- article page ---
    "article.title": {"ar": "مقال", "en": "Article"},
    "article.outlet": {"ar": "المصدر", "en": "Outlet"},
    "article.original": {"ar": "الأصل", "en": "Original"},
    "article.by": {"ar": "الكاتب", "en": "By"},
    "article.published": {"ar": "نُشر", "en": "Published"},
    "article.updated": {"ar": "حُدّث", "en": "Updated"},
    "article.language": {"ar": "اللغة", "en": "Language"},
    "article.reprint_of": {"ar": "المقال الأصلي", "en": "the original"},
    "article.layers": {"ar": "إظهار في النص", "en": "Show in the text"},
    "article.layer_entities": {"ar": "الكيانات", "en": "Entities"},
    "article.layer_claims": {"ar": "الادعاءات", "en": "Claims"},
    "article.layer_events": {"ar": "الأحداث", "en": "Events"},
    "article.images": {"ar": "الصور", "en": "Images"},
    "article.photo": {"ar": "تصوير", "en": "Photo"},
    "article.image": {"ar": "الصورة", "en": "image"},
    "article.claims": {"ar": "الادعاءات ومصادرها", "en": "Claims and their sources"},
    "article.claims_show": {
        "ar": {
            "one": "ادعاء واحد",
            "two": "ادعاءان",
            "few": "{n} ادعاءات",
            "many": "{n} ادعاءً",
            "other": "{n} ادعاء",
        },
        "en": {"one": "{n} claim", "other": "{n} claims"},
    },
    "article.chain": {"ar": "سلسلة المصادر", "en": "Source chain"},
    "article.no_source": {"ar": "بلا مصدر معلن", "en": "no stated source"},
    "article.cues": {"ar": "الإشارات", "en": "Cues"},
    "article.events": {"ar": "الأحداث", "en": "Events"},
    "article.events_show": {
        "ar": {
            "one": "حدث واحد",
            "two": "حدثان",
            "few": "{n} أحداث",
            "many": "{n} حدثًا",
            "other": "{n} حدث",
        },
        "en": {"one": "{n} event", "other": "{n} events"},
    },
    "article.actors": {"ar": "الفاعل", "en": "Actors"},
    "article.targets": {"ar": "الطرف الآخر", "en": "Targets"},
    "article.where": {"ar": "المكان", "en": "Where"},
    "article.when": {"ar": "الزمان", "en": "When"},
    "article.related": {"ar": "روابط ذات صلة", "en": "Related"},
    "article.chrome": {"ar": "عناصر الصفحة المستبعدة", "en": "Page chrome, hidden"},
    "article.file": {"ar": "الملف", "en": "File"},
    "article.id": {"ar": "المعرّف", "en": "ID"},
    "article.story": {"ar": "القصة", "en": "Story"},
    "article.story_counts": {"ar": "{articles}، {outlets} مصدر", "en": "{articles}, {outlets} outlets"},
    "article.copies": {"ar": "نسخ أخرى", "en": "Other copies"},
    "article.entities": {"ar": "الكيانات", "en": "Entities"},
    "article.certainty": {"ar": "درجات اليقين", "en": "Certainty"},
    "article.unmarked": {
        "ar": "الجمل التي يقررها المصدر بنفسه دون نسبة أو تحوّط لا تُعلَّم.",
        "en": "Sentences the outlet states in its own voice, unhedged, are not marked.",
    },
    "certainty.asserted": {"ar": "مؤكَّد", "en": "asserted"},
    "certainty.reported": {"ar": "منقول", "en": "reported"},
    "certainty.probable": {"ar": "مرجَّح", "en": "probable"},
    "certainty.possible": {"ar": "محتمل", "en": "possible"},
    "certainty.claimed": {"ar": "مزعوم", "en": "claimed"},
    "certainty.denied": {"ar": "منفي", "en": "denied"},
    "source.outlet": {"ar": "وسيلة إعلام", "en": "outlet"},
    "source.person": {"ar": "شخص", "en": "person"},
    "source.officials": {"ar": "مسؤولون", "en": "officials"},
    "source.anonymous": {"ar": "مصدر مجهول", "en": "anonymous"},
    "source.document": {"ar": "وثيقة", "en": "document"},
    "source.organization": {"ar": "منظمة", "en": "organization"},
    "source.media": {"ar": "إعلام", "en": "media"},
    "source.writer": {"ar": "كاتب", "en": "writer"},
    "source.unknown": {"ar": "غير معروف", "en": "unknown"},
    "dup.exact": {"ar": "نسخة مطابقة", "en": "exact reprint"},
    "dup.near": {"ar": "نسخة معدّلة", "en": "near reprint"},
    "dup.original": {"ar": "الأصل", "en": "original"},
    # --- i18na (issue 13.7): the header's help link, search feeds, /help and /saved ---
    "site.search_help": {"ar": "طريقة البحث", "en": "How to search"},
    "search.feeds": {"ar": "هذا البحث بصيغة", "en": "This search as"},
    "search.feed_title": {"ar": "نتائج هذا البحث (Atom)", "en": "This search's results (Atom)"},
    "filter.q": {"ar": "البحث", "en": "Query"},
    "help.title": {"ar": "لغة البحث", "en": "Query language"},
    "help.normalised": {
        "ar": "تُطبَّع الكلمات كما في البحث العادي: الهمزات والتاء المربوطة والتشكيل وأدوات الربط"
        " (و، ف، ب، ل، ك، ال) لا تمنع التطابق، داخل العبارات وفي الاستبعاد أيضًا.",
        "en": "Words are normalised as in plain search: hamza forms, taa marbuta, diacritics and"
        " proclitics (wa-, fa-, bi-, li-, ka-, al-) do not prevent a match, inside phrases and"
        " exclusions too.",
    },
    "help.examples": {"ar": "أمثلة", "en": "Examples"},
    "help.query": {"ar": "البحث", "en": "Query"},
    "help.finds": {"ar": "ما يجده", "en": "What it finds"},
    "help.ex.words": {
        "ar": "المقالات التي فيها الكلمتان معًا (بأي صيغة: وأردوغان، لميركل)",
        "en": "Articles with both words, in any form (وأردوغان, لميركل)",
    },
    "help.ex.phrase": {
        "ar": "العبارة بكلماتها متجاورة وبترتيبها",
        "en": "The exact phrase, words side by side",
    },
    "help.ex.arabic_quotes": {"ar": "علامتا التنصيص العربيتان تعملان كذلك", "en": "Arabic quotes work too"},
    "help.ex.or": {"ar": "إحدى الكلمتين على الأقل (OR بحروف كبيرة)", "en": "Either word (OR in capitals)"},
    "help.ex.not": {
        "ar": "أردوغان دون المقالات التي تذكر ترامب",
        "en": "Without the articles naming the excluded word",
    },
    "help.ex.group": {"ar": "الأقواس تجمع", "en": "Parentheses group"},
    "help.ex.prefix": {
        "ar": "كل كلمة تبدأ بهذه الحروف: اقتصاد، الاقتصادية",
        "en": "Any word starting with these letters: اقتصاد, الاقتصادية",
    },
    "help.ex.outlet": {"ar": "من مصدر واحد (أو مصدر:الجزيرة)", "en": "From one outlet (or مصدر:الجزيرة)"},
    "help.ex.entity": {
        "ar": "مقالات تذكر كيانًا (أو كيان:أردوغان)",
        "en": "Naming an entity, in either script",
    },
    "help.ex.dates": {"ar": "بين تاريخين (أو منذ: وحتى:)", "en": "Between two dates (or منذ: and حتى:)"},
    "help.ex.exclude": {"ar": "استبعاد مصدر أو كيان", "en": "Excluding an outlet or an entity"},
    "help.fields": {"ar": "الحقول", "en": "Fields"},
    "help.fields_scope": {
        "ar": "تنطبق الحقول على البحث كله، فلا توضع داخل الأقواس أو على أحد طرفي OR.",
        "en": "Fields apply to the whole query: not inside parentheses, nor on one side of OR.",
    },
    "help.fields_negate": {
        "ar": "يمكن استبعاد هذين الحقلين فقط:",
        "en": "Only these two fields can be negated:",
    },
    "help.fields_quote": {
        "ar": "القيمة ذات الكلمات تُكتب بين علامتي تنصيص:",
        "en": "A value of several words goes between quotes:",
    },
    "help.order": {"ar": "الترتيب والتصفية", "en": "Order and filters"},
    "help.order_text": {
        "ar": "رتّب النتائج حسب الصلة أو الأحدث أو الأقدم، وصفِّ حسب درجة يقين الادعاءات أو نوع"
        " الحدث من نموذج التصفية.",
        "en": "Sort the results by relevance, newest or oldest, and filter by claim certainty or"
        " event type from the filter form.",
    },
    "help.order_api": {"ar": "وفي واجهة البرمجة:", "en": "In the API:"},
    "help.mistakes": {"ar": "أخطاء شائعة", "en": "Common mistakes"},
    "help.mistake_unclosed": {
        "ar": "علامة تنصيص بلا إغلاق، أو قوس بلا مقابل.",
        "en": "An unclosed quote or parenthesis.",
    },
    "help.mistake_lone": {
        "ar": "«-» وحدها، أو OR في أول البحث أو آخره.",
        "en": "A lone “-”, or OR at either end.",
    },
    "help.mistake_only_not": {
        "ar": "استبعاد بلا كلمة يُبحث عنها، مثل:",
        "en": "Only exclusions, with no word to find, as in:",
    },
    # Counts as values, not plurals: the sentence avoids a counted noun in Arabic.
    "help.mistake_size": {
        "ar": "بادئة عدد حروفها أقل من {prefix}، أو بحث عدد كلماته أكثر من {terms}.",
        "en": "A prefix of fewer than {prefix} letters, or more than {terms} words.",
    },
    "help.mistake_field": {"ar": "حقل غير معروف، مثل:", "en": "An unknown field, as in:"},
    "help.messages": {
        "ar": "في كل حالة تظهر رسالة تقول ما الخطأ وأين.",
        "en": "Each gets a message saying what is wrong and where.",
    },
    "saved.title": {"ar": "البحوث المحفوظة", "en": "Saved searches"},
    "saved.intro": {
        "ar": "يفتح كل بحث صفحة نتائجه ويعدّ ما فيه مقروءًا.",
        "en": "Opening a search shows its results and marks what it holds as seen.",
    },
    "saved.new": {
        "ar": {
            "one": "مقال جديد واحد",
            "two": "مقالان جديدان",
            "few": "{n}{plus} مقالات جديدة",
            "many": "{n}{plus} مقالًا جديدًا",
            "other": "{n}{plus} مقال جديد",
        },
        "en": {"one": "{n}{plus} new article", "other": "{n}{plus} new articles"},
    },
    "saved.new_title": {"ar": "جديد منذ آخر زيارة", "en": "New since the last visit"},
    "saved.nothing_new": {"ar": "لا جديد", "en": "Nothing new"},
    "saved.all_news": {"ar": "كل الأخبار", "en": "All the news"},
    "saved.last_visit": {"ar": "آخر زيارة: {day}", "en": "Last visit: {day}"},
    "saved.not_visited": {"ar": "لم يُزر بعد", "en": "Not visited yet"},
    "saved.feeds": {"ar": "النتائج بصيغة", "en": "Results as"},
    "saved.none": {"ar": "لا بحوث محفوظة بعد.", "en": "No saved searches yet."},
    "saved.how_to_save": {
        "ar": "احفظ بحثًا عبر واجهة البرمجة (يلزم رمز الخادم):",
        "en": "Save one through the API (it needs the server's token):",
    },
    # --- end i18na ---
}


def ui_lang(request: Request | None) -> str:
    """The interface language of a request: `?ui=`, else the cookie, else Arabic."""
    if request is None:
        return DEFAULT_UI
    for value in (request.query_params.get(UI_PARAM), request.cookies.get(UI_COOKIE)):
        if value in UI_LANGS:
            return value
    return DEFAULT_UI


def check_ui(request: Request) -> None:
    """Router dependency: an unknown `?ui=` value is a 400 with the accepted values, not Arabic."""
    value = request.query_params.get(UI_PARAM)
    if value is not None and value not in UI_LANGS:
        raise HTTPException(400, f"query parameter 'ui': {value[:20]!r} is not one of {', '.join(UI_LANGS)}")


def remember_ui(request: Request, response: Response) -> None:
    """Keep a `?ui=` choice in a cookie, so the next pages open in the same language."""
    value = request.query_params.get(UI_PARAM)
    if value in UI_LANGS:
        response.set_cookie(
            UI_COOKIE,
            value,
            max_age=request.app.state.settings.ui_cookie_days * 86_400,
            httponly=True,
            samesite="lax",
        )


def _plural(label: dict[str, str], lang: str, n: int) -> str:
    category = Locale(lang).plural_form(abs(n))
    return label.get(category) or label["other"]


def translate(lang: str, key: str, n: int | None = None, **values: Any) -> str:
    """The label `key` in `lang` (Arabic when the key has no such language); KeyError when
    the key is unknown (a typo in a template must fail its test, not print a key)."""
    entry = MESSAGES[key]
    label = entry.get(lang) or entry[DEFAULT_UI]
    if isinstance(label, dict):
        label = _plural(label, lang, n if n is not None else 0)
    return label.format(n=n, **values) if (values or n is not None) else label


def human_date(value: str | None, lang: str = DEFAULT_UI) -> str:
    """ "2026-12-05…" → "5 ديسمبر 2026" (or "5 December 2026"); a month "2026-12" → "ديسمبر 2026"
    (the entity page's timeline counts by month); a value that is neither as found."""
    if not value:
        return ""
    month = len(value) == 7  # "YYYY-MM": the first of the month, shown without a day
    try:
        day = date.fromisoformat(value + "-01" if month else value[:10])
    except ValueError:
        return value
    return format_date(day, "MMMM y" if month else "d MMMM y", locale=lang)


def switch_url(request: Request, lang: str) -> str:
    """The current page's URL in another interface language (its other parameters kept)."""
    params = [(k, v) for k, v in request.query_params.multi_items() if k != UI_PARAM]
    params.append((UI_PARAM, lang))
    # The path as the client sent it (percent-encoded): a decoded id holding "/" or "?" (an
    # outlet's name, an entity id) would point elsewhere.
    raw = request.scope.get("raw_path")
    path = raw.decode("ascii", "replace") if isinstance(raw, bytes) else quote(request.url.path)
    return f"{path}?{urlencode(params)}"


@jinja2.pass_context
def _t(ctx: jinja2.runtime.Context, key: str, n: int | None = None, **values: Any) -> str:
    return translate(ui_lang(ctx.get("request")), key, n, **values)


@jinja2.pass_context
def _label(ctx: jinja2.runtime.Context, prefix: str, value: str | None) -> str:
    """A stored vocabulary value's label ("certainty", "reported"), the value itself if unknown."""
    key = f"{prefix}.{value}"
    return translate(ui_lang(ctx.get("request")), key) if key in MESSAGES else (value or "")


@jinja2.pass_context
def _ui(ctx: jinja2.runtime.Context) -> str:
    return ui_lang(ctx.get("request"))


@jinja2.pass_context
def _human_date(ctx: jinja2.runtime.Context, value: str | None) -> str:
    return human_date(value, ui_lang(ctx.get("request")))


@jinja2.pass_context
def _plover_name(ctx: jinja2.runtime.Context, code: str | None) -> str:
    """A PLOVER type in the interface language (a filter holds the code, in any case)."""
    return plover_name((code or "").upper(), ui_lang(ctx.get("request"))) if code else ""


@jinja2.pass_context
def _language_name(ctx: jinja2.runtime.Context, code: str | None) -> str:
    """A text's language named in the interface language ("ar" → "العربية" / "Arabic"); a code
    CLDR does not know stays as found."""
    if not code:
        return ""
    name = Locale(ui_lang(ctx.get("request"))).languages.get(code)
    return name if isinstance(name, str) else code


def install(env: jinja2.Environment) -> None:
    """Make `t`, `label`, `ui`, `human_date`, `plover_name` and `switch_url` available to the
    templates of `env`."""
    env.globals["t"] = _t
    env.globals["ui"] = _ui
    env.globals["label"] = _label
    env.globals["human_date"] = _human_date
    # PLOVER types named, not coded, on the search form and its filter chips (issue 13.6/13.7)
    env.globals["plover_name"] = _plover_name
    env.globals["plover_types"] = tuple(PLOVER_TYPES)
    env.globals["language_name"] = _language_name
    env.globals["ui_langs"] = UI_LANGS
    env.globals["switch_url"] = switch_url
