"""Near duplicates: edited copies are found, different stories are not."""

from __future__ import annotations

from marsad.corpus.near import NearDuplicates, shingles

STORY = (
    "أعلنت وزارة الخارجية أن وفدا رسميا وصل إلى العاصمة لإجراء محادثات حول التعاون الاقتصادي "
    "بين البلدين، وقال المتحدث باسم الوزارة إن الزيارة تستمر ثلاثة أيام وتشمل لقاءات مع رجال "
    "الأعمال وممثلي الغرف التجارية، كما يتوقع توقيع عدد من الاتفاقيات في مجالات الطاقة والنقل والزراعة."
)
OTHER = (
    "فاز الفريق المحلي في المباراة النهائية للبطولة بعد أداء قوي في الشوط الثاني، وسجل المهاجم "
    "هدفين متتاليين قبل نهاية اللقاء بدقائق، واحتفل المشجعون في شوارع المدينة حتى ساعات الصباح الأولى."
)


def test_edited_copy_is_a_near_duplicate() -> None:
    idx = NearDuplicates()
    assert idx.add("a", STORY) == []
    copy = "القاهرة - وكالة: " + STORY.replace("أعلنت", "اعلنت") + " المزيد على موقعنا."
    assert idx.add("b", copy) == ["a"]
    assert idx.add("c", OTHER) == []


def test_shingles_use_the_search_form() -> None:
    assert shingles("أعلنت الوزارة الشمالية اليوم عن خطة") == shingles("اعلنت الوزاره الشماليه اليوم عن خطه")
    assert shingles("كلمتان فقط") == {"كلمتان فقط"}
    assert shingles("") == set()
