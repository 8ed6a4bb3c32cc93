"""The search page and GET /api/v1/search: one selector, one gate, few queries."""

from __future__ import annotations

from collections.abc import Callable
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from mufakat.core.audience import TLP, Audience
from mufakat.library.models import KnowledgeItem
from mufakat.meetings import services as meeting_services
from mufakat.search.models import SearchDocument
from mufakat.search.selectors import search
from mufakat.testing.factories import BodyFactory, CrimeAreaFactory, InstrumentFactory
from mufakat.workplans import services as workplan_services

pytestmark = pytest.mark.django_db

MakeItem = Callable[..., KnowledgeItem]


def test_the_page_shows_hits_facets_and_highlights_for_a_visitor(
    make_item: MakeItem, as_user: Any, anonymous: Any
) -> None:
    make_item(
        title="Community policing",
        body="Village <b>patrols</b> with community leaders.",
        crime_areas=[CrimeAreaFactory(code="terrorism", name="Terrorism")],
    )
    response = as_user(anonymous).get(reverse("search:results"), {"q": "community patrols"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<mark>Community</mark> policing" in html
    assert "&lt;b&gt;<mark>patrols</mark>&lt;/b&gt;" in html  # the <b> is text: escaped
    assert "<b>" not in html
    assert "Terrorism" in html and "?q=community+patrols&amp;crime_area=terrorism" in html
    assert "1 result" in html


def test_the_page_without_words_explains_and_with_no_hits_helps(
    as_user: Any, anonymous: Any
) -> None:
    empty = as_user(anonymous).get(reverse("search:results")).content.decode()
    assert "You find only what you may open" in empty
    none = as_user(anonymous).get(reverse("search:results"), {"q": "nothingmatches"})
    assert "Nothing found" in none.content.decode()
    assert "Only public records are searched until you log in" in none.content.decode()


def test_the_page_runs_a_bounded_number_of_queries(
    make_item: MakeItem,
    as_user: Any,
    secretariat: Any,
    django_assert_max_num_queries: Any,
    asean_japan: Any,
    idn: Any,
) -> None:
    terrorism = CrimeAreaFactory(code="terrorism")
    for n in range(30):
        make_item(
            title=f"Mentoring note {n}",
            body="mentoring youth",
            crime_areas=[terrorism],
            parties=[idn],
            audience=Audience.SHARING_GROUP if n % 2 else Audience.PUBLIC,
            tlp=TLP.AMBER if n % 2 else TLP.CLEAR,
            sharing_groups=[asean_japan] if n % 2 else [],
        )
    client = as_user(secretariat)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("search:results"), {"q": "mentoring youth", "page": 2})
    assert response.status_code == 200
    assert "30 results" in response.content.decode()


def test_the_api_returns_hits_total_and_facets_through_the_gate(
    shared_with_asean_japan: KnowledgeItem,
    make_item: MakeItem,
    as_user: Any,
    api_headers: Any,
    jpn_focal: Any,
    outsider: Any,
    anonymous: Any,
) -> None:
    make_item(title="Open note on mentors", body="mentor programme")
    url = "/api/v1/search"
    japan = as_user(anonymous).get(url, {"q": "mentor programme"}, headers=api_headers(jpn_focal))
    assert japan.status_code == 200
    assert {h["title"] for h in japan.json()["hits"]} == {
        "Open note on mentors",
        "Deradicalisation through community mentors",
    }
    reintegration = (
        as_user(anonymous)
        .get(url, {"q": "reintegration programme"}, headers=api_headers(jpn_focal))
        .json()
    )
    assert reintegration["total"] == 1
    hit = reintegration["hits"][0]
    assert hit["type"] == "item" and hit["id"] == shared_with_asean_japan.pk
    assert hit["audience"] == "sharing_group" and hit["tlp"] == "AMBER"
    assert "<mark>reintegration</mark>" in hit["snippet"]
    assert reintegration["facets"]["kind"] == [
        {"value": "good_practice", "label": "Good practice", "count": 1}
    ]
    for user in (outsider, anonymous):
        headers = api_headers(user) if user.is_authenticated else {}
        hidden = as_user(anonymous).get(url, {"q": "reintegration programme"}, headers=headers)
        assert hidden.status_code == 200
        assert hidden.json()["total"] == 0
        assert all(values == [] for values in hidden.json()["facets"].values())


def test_the_api_filters_and_pages(make_item: MakeItem, as_user: Any, anonymous: Any) -> None:
    for n in range(3):
        make_item(title=f"Note {n}", body="maritime", language="id" if n else "en")
    client = as_user(anonymous)
    page = client.get("/api/v1/search", {"q": "maritime", "per_page": 2, "page": 2}).json()
    assert page["total"] == 3 and len(page["hits"]) == 1 and page["page"] == 2
    indonesian = client.get("/api/v1/search", {"q": "maritime", "language": "id"}).json()
    assert indonesian["total"] == 2
    assert indonesian["facets"]["language"][0]["label"] == "Bahasa Indonesia"
    bad = client.get("/api/v1/search", {"q": "maritime", "per_page": 1000})
    assert bad.status_code == 422


def test_meeting_and_instrument_services_keep_the_index_in_step(
    secretariat: Any, anonymous: Any, asec: Any
) -> None:
    body = BodyFactory(code="SOMTC-WG-CT")
    meeting = meeting_services.create_meeting(
        actor=secretariat,
        body=body.code,
        number=7,
        start_date="2024-03-05",
        summary="Cross-border financing of terrorism",
        audience=Audience.PUBLIC,
        tlp=TLP.CLEAR,
    )
    assert search(user=anonymous, query="financing").total == 1
    outcome = meeting_services.create_outcome(
        actor=secretariat,
        meeting=meeting,
        kind="recommendation",
        text="Share watch lists through the hotline",
        audience=Audience.PUBLIC,
        tlp=TLP.CLEAR,
    )
    assert [h.type for h in search(user=anonymous, query="hotline").hits] == ["outcome"]
    meeting_services.update_meeting(
        actor=secretariat,
        meeting=meeting,
        changes={"audience": Audience.ORGANISATION, "tlp": TLP.AMBER, "owner_party": "ASEC"},
        expected_version=None,
    )
    assert search(user=anonymous, query="financing").total == 0
    assert search(user=anonymous, query="hotline").total == 0  # the outcome inherits
    assert search(user=secretariat, query="hotline").total == 1
    meeting_services.delete_meeting(actor=secretariat, meeting=meeting)
    assert not SearchDocument.objects.filter(object_id__in=[meeting.pk, outcome.pk]).exists()

    instrument = workplan_services.create_instrument(
        actor=secretariat,
        data={
            "key": "bali-wp",
            "title": "Bali Work Plan",
            "kind": "declaration",
            "audience": Audience.PUBLIC,
            "tlp": TLP.CLEAR,
        },
    )
    workplan_services.create_priority_area(
        actor=secretariat, instrument=instrument, data={"title": "Prevention of radicalisation"}
    )
    assert [h.title for h in search(user=anonymous, query="radicalisation").hits] == [
        "Bali Work Plan"
    ]


def test_the_command_rebuilds_the_index(make_item: MakeItem, anonymous: Any) -> None:
    make_item(title="Indexed", body="lorem")
    InstrumentFactory(title="Never indexed by a service", description="ipsum")
    SearchDocument.objects.all().delete()
    out = StringIO()
    call_command("search_index", "--rebuild", "--batch-size", "1", stdout=out)
    assert "item 1" in out.getvalue() and "instrument 1" in out.getvalue()
    assert search(user=anonymous, query="lorem").total == 1
    assert search(user=anonymous, query="ipsum").total == 1
    call_command("search_index", stdout=out)
    assert "Indexed: item 1" in out.getvalue()
