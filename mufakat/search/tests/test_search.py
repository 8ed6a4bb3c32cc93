"""Finding things: ranking, words in the region's languages, filters, facets and the gate."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from mufakat.core.audience import TLP, Audience
from mufakat.library.models import Attachment, KnowledgeItem
from mufakat.search.indexing import index_object
from mufakat.search.selectors import search
from mufakat.testing.factories import CrimeAreaFactory, MeetingFactory, PartyFactory

pytestmark = pytest.mark.django_db

MakeItem = Callable[..., KnowledgeItem]


def titles(results: Any) -> list[str]:
    return [hit.title for hit in results.hits]


def facet(results: Any, name: str) -> dict[str, int]:
    return {f.value: f.count for f in results.facets[name]}


def test_a_title_hit_ranks_above_a_body_hit(make_item: MakeItem, anonymous: Any) -> None:
    make_item(title="Border checks", body="Notes on smuggling of migrants across the border.")
    make_item(title="Smuggling of migrants", body="Notes on border checks.")
    results = search(user=anonymous, query="smuggling")
    assert titles(results) == ["Smuggling of migrants", "Border checks"]


def test_two_words_find_only_records_with_both(make_item: MakeItem, anonymous: Any) -> None:
    make_item(title="One", body="Maritime patrols in the Sulu Sea.")
    make_item(title="Two", body="Maritime training for coast guards.")
    assert titles(search(user=anonymous, query="maritime sulu")) == ["One"]
    assert sorted(titles(search(user=anonymous, query="maritime"))) == ["One", "Two"]
    assert titles(search(user=anonymous, query='"sulu sea"')) == ["One"]
    assert titles(search(user=anonymous, query='"sea sulu"')) == []


def test_vietnamese_words_are_found_with_or_without_diacritics(
    make_item: MakeItem, anonymous: Any
) -> None:
    make_item(
        title="Phòng chống ma túy", body="Đường dây mua bán ma túy xuyên biên giới.", language="vi"
    )
    assert titles(search(user=anonymous, query="ma túy")) == ["Phòng chống ma túy"]
    assert titles(search(user=anonymous, query="ma tuy")) == ["Phòng chống ma túy"]
    assert titles(search(user=anonymous, query="đường dây")) == ["Phòng chống ma túy"]
    assert titles(search(user=anonymous, query="duong day")) == ["Phòng chống ma túy"]
    hit = search(user=anonymous, query="túy").hits[0]
    assert "<mark>túy</mark>" in hit.snippet and "<mark>túy</mark>" in hit.title_html


def test_indonesian_and_malay_words_are_found_by_exact_word(
    make_item: MakeItem, anonymous: Any
) -> None:
    make_item(
        title="Penanggulangan terorisme", body="Pencegahan radikalisme di sekolah.", language="id"
    )
    make_item(
        title="Pemerdagangan orang", body="Mangsa pemerdagangan orang dilindungi.", language="ms"
    )
    assert titles(search(user=anonymous, query="radikalisme sekolah")) == [
        "Penanggulangan terorisme"
    ]
    assert titles(search(user=anonymous, query="mangsa")) == ["Pemerdagangan orang"]
    # No stemming: an inflected form is another word.
    assert titles(search(user=anonymous, query="teroris")) == []


def test_thai_words_are_found_inside_unspaced_text(make_item: MakeItem, anonymous: Any) -> None:
    make_item(
        title="การปราบปรามยาเสพติด",
        body="ความร่วมมือระหว่างประเทศเพื่อปราบปรามการค้ามนุษย์",
        language="th",
    )
    make_item(title="Other", body="ยาแก้ปวด")
    assert titles(search(user=anonymous, query="ยาเสพติด")) == ["การปราบปรามยาเสพติด"]
    assert titles(search(user=anonymous, query="การค้ามนุษย์")) == ["การปราบปรามยาเสพติด"]
    assert titles(search(user=anonymous, query="ความร่วมมือ ยาเสพติด")) == ["การปราบปรามยาเสพติด"]
    assert titles(search(user=anonymous, query="ยาเสพติดปลอม")) == []
    hit = search(user=anonymous, query="มนุษย์").hits[0]
    assert "<mark>มนุษย์</mark>" in hit.snippet


def test_text_extracted_from_an_attachment_is_found(make_item: MakeItem, anonymous: Any) -> None:
    item = make_item(title="Training pack")
    Attachment.objects.create(
        item=item,
        name="pack.pdf",
        content_type="application/pdf",
        size=10,
        sha256="0" * 64,
        text="Module 3: controlled delivery of precursor chemicals.",
        text_status=Attachment.TextStatus.DONE,
    )
    index_object(item)
    results = search(user=anonymous, query="precursor chemicals")
    assert titles(results) == ["Training pack"]
    assert "<mark>precursor</mark> <mark>chemicals</mark>" in results.hits[0].snippet


def test_filters_narrow_hits_and_facets_count_what_is_left(
    make_item: MakeItem, anonymous: Any
) -> None:
    terrorism = CrimeAreaFactory(code="terrorism")
    drugs = CrimeAreaFactory(code="illicit_drug_trafficking")
    tha = PartyFactory(code="THA", name="Thailand")
    make_item(title="A", body="cooperation", crime_areas=[terrorism], language="en")
    make_item(
        title="B",
        body="cooperation",
        crime_areas=[drugs],
        parties=[tha],
        language="th",
        kind=KnowledgeItem.Kind.CASE_STUDY,
    )
    MeetingFactory(summary="cooperation at the meeting")
    index_object(MeetingFactory(summary="cooperation again"))

    everything = search(user=anonymous, query="cooperation")
    assert everything.total == 3  # the first meeting was never indexed
    assert facet(everything, "type") == {"item": 2, "meeting": 1}
    assert facet(everything, "crime_area") == {"terrorism": 1, "illicit_drug_trafficking": 1}
    assert facet(everything, "kind") == {"good_practice": 1, "case_study": 1}
    assert facet(everything, "year") and facet(everything, "party") == {"THA": 1}
    labels = {f.value: f.label for f in everything.facets["party"]}
    assert labels == {"THA": "Thailand"}

    assert titles(
        search(user=anonymous, query="cooperation", filters={"crime_area": "terrorism"})
    ) == ["A"]
    assert titles(search(user=anonymous, query="cooperation", filters={"party": ["THA"]})) == ["B"]
    assert titles(search(user=anonymous, query="cooperation", filters={"language": "th"})) == ["B"]
    assert titles(search(user=anonymous, query="cooperation", filters={"kind": "case_study"})) == [
        "B"
    ]
    only_meetings = search(user=anonymous, query="cooperation", filters={"type": "meeting"})
    assert only_meetings.total == 1 and facet(only_meetings, "type") == {"meeting": 1}
    browse = search(user=anonymous, query="", filters={"type": "item"})
    assert browse.total == 2


def test_an_item_shared_with_asean_japan_is_found_only_by_its_audience(
    shared_with_asean_japan: KnowledgeItem, make_item: MakeItem, all_users: dict[str, Any]
) -> None:
    make_item(title="Public note on mentors", body="Community mentors for youth.")
    query = "community mentors"
    for name in ("jpn_focal", "idn_focal", "secretariat"):
        results = search(user=all_users[name], query=query)
        assert results.total == 2, name
        assert facet(results, "kind") == {"good_practice": 2}, name
    for name in ("outsider", "anonymous"):
        results = search(user=all_users[name], query=query)
        assert titles(results) == ["Public note on mentors"], name
        assert results.total == 1
        assert facet(results, "type") == {"item": 1}
        assert facet(results, "kind") == {"good_practice": 1}
        assert facet(results, "party") == {}
        # Not even a word only the hidden item contains.
        assert search(user=all_users[name], query="pesantren").total == 0


def test_narrowing_the_audience_and_reindexing_hides_the_item_from_the_outsider(
    make_item: MakeItem, outsider: Any, idn: Any, asean_japan: Any, jpn_focal: Any
) -> None:
    item = make_item(
        title="Port security checklist", audience=Audience.PLATFORM, tlp=TLP.GREEN, owner_party=idn
    )
    assert search(user=outsider, query="checklist").total == 1
    item.audience, item.tlp = Audience.SHARING_GROUP, TLP.AMBER
    item.save()
    item.sharing_groups.set([asean_japan])
    index_object(item)
    assert search(user=outsider, query="checklist").total == 0
    assert search(user=jpn_focal, query="checklist").total == 1


def test_access_changes_apply_to_the_next_search_at_once(
    shared_with_asean_japan: KnowledgeItem, outsider: Any, asean_japan: Any
) -> None:
    """The compiled gate is cached per user, but memberships are read by the database on every
    search: joining a group, leaving it or losing one's party takes effect immediately."""
    assert search(user=outsider, query="pesantren").total == 0
    asean_japan.parties.add(outsider.party)
    assert search(user=outsider, query="pesantren").total == 1
    asean_japan.parties.remove(outsider.party)
    assert search(user=outsider, query="pesantren").total == 0
    asean_japan.users.add(outsider)
    assert search(user=outsider, query="pesantren").total == 1
    outsider.is_active = False
    assert search(user=outsider, query="pesantren").total == 0


def test_snippets_escape_the_source_text(make_item: MakeItem, anonymous: Any) -> None:
    make_item(title="<b>Bold</b> claims", body='Payload <script>alert("x")</script> here & there.')
    hit = search(user=anonymous, query="payload").hits[0]
    assert "<script>" not in hit.snippet
    assert "&lt;script&gt;" in hit.snippet and "&amp; there" in hit.snippet
    assert hit.snippet.startswith("<mark>Payload</mark>")
    assert "<b>" not in hit.title_html and "&lt;b&gt;" in hit.title_html
    assert search(user=anonymous, query="script alert").total == 1


def test_queries_that_are_not_words_are_harmless(make_item: MakeItem, anonymous: Any) -> None:
    make_item(title="Anything", body="text")
    for query in ['"', "AND OR NOT", "*", "a:b", "' OR 1=1 --", "NEAR(", "(((", "-x", "text*"]:
        results = search(user=anonymous, query=query)
        assert results.total >= 0
    assert not search(user=anonymous, query="").searched
    assert search(user=anonymous, query="text*").total == 1


def test_pages_cover_all_hits(make_item: MakeItem, anonymous: Any) -> None:
    for n in range(5):
        make_item(title=f"Item {n}", body="shared word")
    first = search(user=anonymous, query="shared", per_page=2)
    last = search(user=anonymous, query="shared", per_page=2, page=99)
    assert first.total == 5 and first.num_pages == 3 and len(first.hits) == 2
    assert last.page == 3 and len(last.hits) == 1


def test_the_gate_holds_when_too_many_documents_match_to_list_them(
    shared_with_asean_japan: KnowledgeItem,
    make_item: MakeItem,
    outsider: Any,
    jpn_focal: Any,
    monkeypatch: Any,
) -> None:
    from mufakat.search import selectors

    make_item(title="Open mentors", body="mentors")
    monkeypatch.setattr(selectors, "CANDIDATE_LIMIT", 1)
    assert titles(search(user=outsider, query="mentors")) == ["Open mentors"]
    assert facet(search(user=outsider, query="mentors"), "kind") == {"good_practice": 1}
    assert search(user=jpn_focal, query="mentors").total == 2
