"""Article view model: which blocks show, where links and claims land, canonical entity ids."""

from __future__ import annotations

from pathlib import Path

from serve_samples import cooperation_article, hostile_article

from marsad.model import Block, Claim, Label
from marsad.serve.views import build_article_view, canonical_ids, chain_text
from marsad.store.open import open_store


def test_blocks_keep_page_order_and_leave_chrome_out() -> None:
    a = cooperation_article()
    view = build_article_view(a, {})
    assert [v.kind for v in view.blocks] == ["lede", "paragraph", "heading", "paragraph"]
    assert all(v.block.label is not Label.CHROME for v in view.blocks)
    assert view.title_html is not None and 'href="/entities/e3"' in str(view.title_html)


def test_links_use_canonical_ids_and_claims_sit_in_their_block() -> None:
    a = cooperation_article()
    view = build_article_view(a, {"e2": "canon-russia"})
    para = str(view.blocks[1].html)
    assert 'href="/entities/canon-russia"' in para and 'href="/entities/e2"' not in para
    assert [c.anchor for c in view.blocks[1].claims] == ["claim-0"]
    assert 'data-claim="claim-0"' in para and "certainty-reported" in para
    assert [c.anchor for c in view.blocks[3].claims] == ["claim-1"]
    assert view.entities[0].entity.name in {"سامح شكري", "موسكو"}  # two mentions each: listed first
    assert view.entity_names["e2"] == "روسيا"


def test_a_lede_without_a_lede_block_is_still_shown() -> None:
    a = cooperation_article()
    a.blocks = [b for b in a.blocks if b.label is not Label.LEDE]
    view = build_article_view(a, {})
    assert view.blocks[0].kind == "lede" and str(view.blocks[0].html) == a.lede


def test_chain_text_reads_nearest_source_first() -> None:
    a = hostile_article()
    assert chain_text(a.claims[0].source_chain).startswith("مصدر <script>")
    assert "no stated source" in chain_text([])


def test_canonical_ids_map_article_ids_to_store_ids(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "v.db"))
    try:
        a = cooperation_article()
        store.put(a)
        ids = canonical_ids(store, a)
        assert set(ids) == {e.id for e in a.entities}
        assert ids["e2"] == store.resolve_entity("Russia")[0] != "e2"
        assert len(set(ids.values())) == len(a.entities)
    finally:
        store.close()


def test_captions_show_with_their_images_not_twice() -> None:
    a = cooperation_article()
    a.blocks.append(Block(len(a.blocks), "وزير الخارجية خلال المؤتمر الصحفي", Label.CAPTION))
    assert "caption" not in [v.kind for v in build_article_view(a, {}).blocks]
    a.images = []  # no image record: the caption line stays in the text
    assert "caption" in [v.kind for v in build_article_view(a, {}).blocks]


def test_event_actors_named_in_either_script_find_their_entity() -> None:
    view = build_article_view(cooperation_article(), {"e2": "canon-russia"})
    assert view.entity_by_name["روسيا"] == view.entity_by_name["Russia"] == "canon-russia"


def test_only_attributed_or_hedged_sentences_are_marked() -> None:
    a = cooperation_article()
    block = a.blocks[2]
    a.claims.append(Claim(block.text[:3], 2, 0, 3, "asserted"))  # the outlet's own voice
    view = build_article_view(a, {}, "en")
    assert [c.claim.certainty for c in view.claims] == ["reported", "possible"]
    assert view.sentences == 3
    para = str(view.blocks[1].html)
    assert para.count('class="claim ') == 1 and "certainty-asserted" not in para
    assert "reported</span></span>" in para  # the level's word in the interface language
    assert view.claims[0].chain_title == "reported — سامح شكري (Sameh Shoukry)"


def test_event_triggers_are_marked_with_their_type_named() -> None:
    view = build_article_view(cooperation_article(), {}, "ar")
    assert [(e.event.type, e.name) for e in view.events] == [("CONSULT", "تشاور")]
    lede = str(view.blocks[0].html)
    assert lede.startswith('<span class="ev ev-consult" title="تشاور (CONSULT)">بحث</span>')
