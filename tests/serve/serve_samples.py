"""Sample articles for the API, page and browser tests.

Three hand-built articles are stored as they are (no extraction, no corpus step): offsets are
computed with `str.find` from the block text, so they are right by construction; the hostile
article carries script tags, event handlers, javascript: URLs and a bidi override in every field
the pages show. Then invented reports go down the real ingest road (extract, enrich, corpus step,
store writer): one story told by three outlets over two days, an exact reprint of one of its
articles by a fourth outlet, and two singletons, one of them full of attack strings.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from marsad.config import SETTINGS, Settings
from marsad.corpus.step import CorpusStep
from marsad.corpus.stories import story_id
from marsad.model import (
    Article,
    Block,
    Byline,
    Claim,
    Entity,
    Event,
    Image,
    Label,
    Mention,
    Related,
    Source,
    SourceRef,
    When,
)
from marsad.read import read_bytes
from marsad.run.ingest import RecordResult, ingest_articles, process
from marsad.store.base import Store
from marsad.store.open import open_store
from testpaths import PG_URL

# The bearer token of the test apps (POST /api/ingest and other writes).
TOKEN = "test-token-5b"
RLO = "\u202e"
HOSTILE_SCRIPT = "<script>alert('title')</script>"
HOSTILE_IMG = '<img src=x onerror="alert(1)" id="injected-img">'
HOSTILE_URL = "javascript:alert(3)"


def mention(blocks: list[Block], index: int, word: str) -> Mention:
    text = blocks[index].text
    start = text.find(word)
    assert start >= 0, f"{word!r} not in block {index}"
    return Mention(word, start, start + len(word), index)


def claim(blocks: list[Block], index: int, part: str, certainty: str, chain: list[SourceRef]) -> Claim:
    text = blocks[index].text
    start = text.find(part)
    assert start >= 0, f"{part!r} not in block {index}"
    return Claim(part, index, start, start + len(part), certainty, chain, cues=["قال"])


def cooperation_article() -> Article:
    """Two countries' talks: entities in title and body, a reported and a possible claim, an event."""
    blocks = [
        Block(0, "القاهرة وموسكو تبحثان توسيع التعاون الاقتصادي", Label.TITLE),
        Block(1, "بحث وزير الخارجية المصري سامح شكري مع نظيره الروسي سبل توسيع التعاون التجاري.", Label.LEDE),
        Block(
            2,
            "قال سامح شكري إن العلاقات مع روسيا تشهد تطورا كبيرا في مجالات الطاقة والزراعة.",
            Label.PARAGRAPH,
        ),
        Block(3, "اتفاق محتمل", Label.HEADING),
        Block(
            4,
            "وأفادت وكالة الأنباء الرسمية بأن الجانبين قد يوقعان اتفاقا جديدا للقمح الشهر المقبل في موسكو.",
            Label.PARAGRAPH,
        ),
        Block(5, "اشترك في النشرة البريدية", Label.CHROME, reason="newsletter"),
        Block(6, "جميع الحقوق محفوظة", Label.CHROME, reason="footer"),
    ]
    egypt_fm = Entity(
        "e1",
        "PERSON",
        "سامح شكري",
        "Sameh Shoukry",
        "minister",
        [mention(blocks, 1, "سامح شكري"), mention(blocks, 2, "سامح شكري")],
        ["وزير الخارجية المصري"],
    )
    russia = Entity("e2", "LOCATION", "روسيا", "Russia", "country", [mention(blocks, 2, "روسيا")])
    cairo = Entity("e3", "LOCATION", "القاهرة", "Cairo", "city", [mention(blocks, 0, "القاهرة")])
    moscow = Entity(
        "e4",
        "LOCATION",
        "موسكو",
        "Moscow",
        "city",
        [mention(blocks, 0, "موسكو"), mention(blocks, 4, "موسكو")],
    )
    agency = Entity(
        "e5",
        "ORGANIZATION",
        "وكالة الأنباء الرسمية",
        None,
        "news agency",
        [mention(blocks, 4, "وكالة الأنباء الرسمية")],
    )
    return Article(
        source=Source(url="https://news.example.org/economy/cairo-moscow", format="html"),
        language="ar",
        title=blocks[0].text,
        byline=Byline(
            "بقلم: ليلى حسن - وكالة الأنباء",
            outlet="وكالة الأنباء",
            person="ليلى حسن",
            outlet_latin="News Agency",
        ),
        published="2024-03-05T10:00:00",
        lede=blocks[1].text,
        site_name="وكالة الأنباء",
        blocks=blocks,
        images=[
            Image(
                caption="وزير الخارجية خلال المؤتمر الصحفي",
                photographer="أحمد علي",
                agency="AFP",
                url="https://img.example.org/1.jpg",
            )
        ],
        related=[Related("أخبار الطاقة", "https://news.example.org/energy")],
        entities=[egypt_fm, russia, cairo, moscow, agency],
        claims=[
            claim(
                blocks,
                2,
                "العلاقات مع روسيا تشهد تطورا كبيرا",
                "reported",
                [SourceRef("سامح شكري", "person", "Sameh Shoukry", "e1")],
            ),
            claim(
                blocks,
                4,
                "الجانبين قد يوقعان اتفاقا جديدا للقمح",
                "possible",
                [SourceRef("وكالة الأنباء الرسمية", "outlet", None, "e5")],
            ),
        ],
        events=[
            Event(
                "CONSULT",
                blocks[1].text,
                "بحث",
                1,
                actors=["e1"],
                targets=["روسيا"],  # events may name actors rather than give ids,
                location="e4",
                when=When("الشهر المقبل"),
            )
        ],
    )


def wheat_article() -> Article:
    """A second outlet, month and topic that also mentions the same country."""
    blocks = [
        Block(0, "أسعار القمح ترتفع في الأسواق العالمية", Label.TITLE),
        Block(1, "ارتفعت أسعار القمح بعد أن أعلنت روسيا خفض صادراتها هذا الموسم.", Label.PARAGRAPH),
        Block(2, "ويتوقع محللون أن تستمر الأسعار في الصعود حتى نهاية العام.", Label.PARAGRAPH),
    ]
    russia = Entity("x9", "LOCATION", "روسيا", "Russia", "country", [mention(blocks, 1, "روسيا")])
    return Article(
        source=Source(url="https://markets.example.net/wheat", format="html"),
        language="ar",
        title=blocks[0].text,
        byline=Byline("الأسواق اليوم", outlet="الأسواق اليوم"),
        published="2024-04-12",
        blocks=blocks,
        entities=[russia],
        claims=[
            claim(blocks, 2, "أن تستمر الأسعار في الصعود", "probable", [SourceRef("محللون", "anonymous")])
        ],
    )


def hostile_article() -> Article:
    """Attack strings in the title, body, byline, entity names, claim sources and every URL."""
    blocks = [
        Block(0, f"خبر عاجل {HOSTILE_SCRIPT}", Label.TITLE),
        Block(
            1,
            f'نص فيه صورة {HOSTILE_IMG} ورابط <a href="{HOSTILE_URL}">اضغط</a> والمدينة الخبيثة هنا.',
            Label.PARAGRAPH,
        ),
        Block(2, f"سطر مقلوب {RLO}txet desrever{RLO} ينتهي هنا.", Label.PARAGRAPH),
        Block(3, "<script>alert('chrome')</script>", Label.CHROME, reason="script"),
    ]
    evil = Entity(
        "h1",
        "LOCATION",
        "المدينة الخبيثة",
        "<b onmouseover=alert(5)>Evil</b>",
        None,
        [mention(blocks, 1, "المدينة الخبيثة")],
    )
    return Article(
        source=Source(url=HOSTILE_URL, format="html"),
        language="ar",
        title=blocks[0].text,
        byline=Byline('"><script>alert(6)</script>', outlet=f"منفذ {HOSTILE_IMG}"),
        published="2024-04-20",
        canonical_url="  JaVaScRiPt:alert(7)",
        blocks=blocks,
        images=[Image(caption=HOSTILE_SCRIPT, url="javascript:alert(8)")],
        related=[
            Related(f"رابط {HOSTILE_IMG}", "java\tscript:alert(9)"),
            Related("data", "data:text/html,<script>"),
        ],
        entities=[evil],
        claims=[
            claim(
                blocks,
                2,
                "txet desrever",
                "claimed",
                [SourceRef(f"مصدر {HOSTILE_SCRIPT}", "person", '"onmouseover=alert(10)')],
            )
        ],
    )


# --- reports that go down the ingest road -------------------------------------------------
FIRE_A = (
    "اندلع حريق كبير فجر الثلاثاء في مستودعات ميناء الريحان التجاري، وامتدت النيران إلى ثلاث سفن "
    "راسية على الرصيف الشمالي قبل أن تتمكن فرق الدفاع المدني من محاصرتها.\n"
    "وقال مدير الميناء المهندس خالد العمري إن الحريق بدأ في مستودع للمواد الكيميائية، مؤكدا أن جميع "
    "العمال غادروا الموقع دون إصابات.\n"
    "وأفادت مصادر في الدفاع المدني بأن النيران قد تكون ناجمة عن تماس كهربائي في أحد المخازن.\n"
    "وأعلنت السلطات إغلاق ميناء الريحان أمام حركة الملاحة حتى إشعار آخر."
)
FIRE_B = (
    "أتى حريق ضخم فجر الثلاثاء على مستودعات في ميناء الريحان التجاري، وطالت النيران سفنا راسية على "
    "الرصيف الشمالي، بحسب ما أعلن الدفاع المدني.\n"
    "وأكد المهندس خالد العمري مدير الميناء أن النيران اندلعت في مستودع للمواد الكيميائية وأن العمال "
    "أخلوا جميعا دون إصابات.\n"
    "ونفت الشركة المشغلة للمستودع أن تكون قد خزنت مواد خطرة دون ترخيص."
)
FIRE_C = (
    "أعلنت السلطات الأربعاء إعادة فتح ميناء الريحان التجاري جزئيا بعد السيطرة على الحريق الذي اندلع "
    "في مستودعاته فجر الثلاثاء وطال سفنا راسية على الرصيف الشمالي.\n"
    "وقال المهندس خالد العمري مدير الميناء إن الأضرار اقتصرت على مستودعين وثلاث سفن، وإن التحقيق جار "
    "لمعرفة أسباب الحريق في مستودع المواد الكيميائية.\n"
    "وذكر شهود أن سحب الدخان غطت الأحياء القريبة من الميناء طوال ساعات."
)
MATCH = (
    "فاز نادي النجوم على ضيفه نادي الساحل بثلاثة أهداف مقابل هدف في المباراة التي أقيمت مساء السبت "
    "على الملعب البلدي ضمن الجولة العاشرة من الدوري الممتاز.\n"
    "وسجل المهاجم يوسف القاسم هدفين في الشوط الأول، قبل أن يضيف زميله كريم الحداد الهدف الثالث "
    "من ركلة جزاء، فيما أحرز الساحل هدفه الوحيد في الدقائق الأخيرة.\n"
    "وبهذا الفوز يرتقي النجوم إلى المركز الثاني في جدول الترتيب خلف المتصدر نادي الجبل."
)
VOTE = (
    f"قالت لجنة الانتخابات في مدينة الغدير {HOSTILE_IMG} إن نسبة المشاركة في الاقتراع البلدي بلغت "
    "ستين في المئة، وهي أعلى نسبة تسجل منذ عشر سنوات في المدينة.\n"
    "وأضافت اللجنة أن فرز الأصوات سيبدأ مساء الخميس وأن النتائج النهائية ستعلن خلال يومين "
    f"{HOSTILE_SCRIPT}.\n"
    "وشارك في الانتخابات أكثر من مئة مرشح يتنافسون على خمسة وعشرين مقعدا في المجلس البلدي."
)
FIRE_TITLE = "حريق كبير في مستودعات ميناء الريحان"
HOSTILE_STORY_TITLE = f"انتخابات الغدير {HOSTILE_SCRIPT} {RLO}txet{RLO}"
HOSTILE_OUTLET = f"منفذ {HOSTILE_IMG}"
# Outlets of the story's three canonical articles, and of the reprint.
FIRE_OUTLETS = ("الأفق", "الساحل اليوم", "المنارة")
WIRE_OUTLET = "وكالة البرق"


def _record(name: str, outlet: str, host: str, day: str, title: str, text: str) -> dict[str, str]:
    return {
        "id": name,
        "url": f"https://{host}.example/news/{name}",
        "title": title,
        "published": day,
        "outlet": outlet,
        "text": text,
    }


STORY_RECORDS = [
    _record("fire_a", "الأفق", "alufuq", "2024-04-08", FIRE_TITLE, FIRE_A),
    _record(
        "fire_b", "الساحل اليوم", "sahil", "2024-04-08", "النيران تلتهم مستودعات في ميناء الريحان", FIRE_B
    ),
    # fire_a's very text under a wire's chrome: an exact reprint (the same page byte for byte would
    # be the same page, "already present", whatever the outlet and URL)
    _record(
        "fire_wire",
        WIRE_OUTLET,
        "barq",
        "2024-04-08",
        "حريق في ميناء الريحان",
        "شارك على فيسبوك\n" + FIRE_A + "\nاقرأ أيضا\nأخبار الدوري",
    ),
    _record(
        "fire_c", "المنارة", "almanara", "2024-04-09", "إعادة فتح ميناء الريحان جزئيا بعد الحريق", FIRE_C
    ),
    _record(
        "match", "الأفق", "alufuq", "2024-04-10", "النجوم يفوز على الساحل ويرتقي إلى المركز الثاني", MATCH
    ),
    _record("vote", HOSTILE_OUTLET, "evil", "2024-04-11", HOSTILE_STORY_TITLE, VOTE),
]


STORY_RECORDS_NAMES = [r["id"] for r in STORY_RECORDS]


def jsonl(records: list[dict[str, str]]) -> bytes:
    return "\n".join(json.dumps(r, ensure_ascii=False) for r in records).encode("utf-8")


def ingest_records(store: Store, records: list[dict[str, str]]) -> dict[str, str]:
    """The records down the ingest road (enriched); returns record id → article id."""
    results: list[RecordResult] = []
    ingest_articles(
        read_bytes(jsonl(records), settings=SETTINGS), store, enrich=True, on_result=results.append
    )
    assert all(r.status in ("stored", "duplicate") for r in results), results
    return {rec["id"]: str(r.id) for rec, r in zip(records, results, strict=True)}


def fill(store: Store) -> dict[str, str]:
    """Store every sample; returns name → article id, and `<name>_story` → its story id for the
    ingested ones that have a story (fire_story, match_story, vote_story)."""
    ids = {
        "cooperation": store.put(cooperation_article()).id,
        "wheat": store.put(wheat_article()).id,
        "hostile": store.put(hostile_article()).id,
    }
    ids.update(ingest_records(store, STORY_RECORDS))
    stored = {name: store.get(ids[name]) for name in STORY_RECORDS_NAMES}
    fire = stored["fire_a"]
    assert fire is not None and fire.story, "the fire reports formed no story"
    # what the tests rely on: one story of three outlets (and the wire's reprint), two singletons
    for name in ("fire_b", "fire_c", "fire_wire"):
        a = stored[name]
        assert a is not None and a.story == fire.story, (name, a and a.story, fire.story)
    wire = stored["fire_wire"]
    assert wire is not None and (wire.duplicate_of, wire.dup_kind) == (ids["fire_a"], "exact")
    ids["fire_story"] = fire.story
    for name in ("match", "vote"):
        a = stored[name]
        assert a is not None and a.story not in (None, fire.story), name
        ids[f"{name}_story"] = str(a.story)
    return ids


def article_ids(ids: dict[str, str]) -> dict[str, str]:
    """The article entries of `fill`'s answer (name → article id), story ids left out."""
    return {k: v for k, v in ids.items() if not k.endswith("_story")}


def fill_store(path: Path) -> dict[str, str]:
    """A SQLite store at `path` holding every sample."""
    store = open_store(str(path))
    try:
        return fill(store)
    finally:
        store.close()


def fill_merged(store: Store) -> dict[str, str]:
    """Two stories merged by a bridging article: fire_a and fire_b are first kept apart (a
    corpus step with a bar no two reports clear), then fire_c, which matches both, joins them.
    Returns the article ids, the `survivor` story id and the `merged` one."""
    records = [r for r in STORY_RECORDS if r["id"] in ("fire_a", "fire_b", "fire_c")]
    pages = list(
        process(read_bytes(jsonl(records), settings=SETTINGS), corpus=True)
    )  # the page steps of the road
    apart = CorpusStep(Settings(story_threshold=0.99))
    ids = {r["id"]: store.write([a], corpus=apart)[0].id for r, a in zip(records[:2], pages[:2], strict=True)}
    founded = {story_id(ids["fire_a"]), story_id(ids["fire_b"])}
    ids["fire_c"] = store.write([pages[2]], corpus=CorpusStep(Settings()))[0].id
    stories = {name: (a.story if (a := store.get(i)) else None) for name, i in ids.items()}
    assert len(set(stories.values())) == 1, f"the bridge did not merge the stories: {stories}"
    survivor = str(stories["fire_a"])
    assert survivor in founded, (survivor, founded)
    ids["survivor"] = survivor
    ids["merged"] = (founded - {survivor}).pop()
    return ids


@contextmanager
def filled_db(
    backend: str, directory: Path, fill_with: Callable[[Store], dict[str, str]] = fill
) -> Iterator[tuple[str, dict[str, str]]]:
    """(store URL, `fill_with`'s answer) of a store filled by `fill_with`: a SQLite file in
    `directory`, or a throwaway PostgreSQL schema (MARSAD_TEST_PG) that the URL's search_path
    option points at, dropped afterwards."""
    if backend == "sqlite":
        db = directory / "serve.db"
        store = open_store(str(db))
        try:
            ids = fill_with(store)
        finally:
            store.close()
        yield str(db), ids
        return
    from marsad.store.postgres import PostgresStore

    assert PG_URL is not None
    schema = f"t_{uuid.uuid4().hex[:12]}"
    pg = PostgresStore(PG_URL, settings=SETTINGS, schema=schema)
    try:
        ids = fill_with(pg)
        sep = "&" if "?" in PG_URL else "?"
        yield f"{PG_URL}{sep}options={quote(f'-csearch_path={schema}')}", ids
    finally:
        pg.conn.execute(f'DROP SCHEMA "{schema}" CASCADE')
        pg.close()
