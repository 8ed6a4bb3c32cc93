"""The permission matrix of the knowledge exchange: people × audience × TLP × every surface.

For each of six people and one item per audience (each TLP label used at least once), every
place an item can show up answers exactly as the oracle in ``matrix.may_see`` (DESIGN.md §3)
says: allowed → 200 and the title (or the hit, the mail, the panel entry) is there; denied →
404 for what has an address, and plain absence — not even in a count — everywhere else.

The world is built once for the module (see ``matrix.py``); each test observes one surface for
one person and compares what it shows for all eight items with the oracle's answer.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mufakat.core.audience import TLP, TLP_CAP, Audience, audience_rank
from mufakat.library import services
from mufakat.library.digests import send_digest
from mufakat.library.models import KnowledgeItem

from .matrix import (
    AUTHOR,
    CASES,
    COMMON_WORD,
    FILE_WORD,
    LOGGED_IN,
    USER_NAMES,
    Case,
    World,
    build_world,
    may_see,
)

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture(scope="module")
def world(django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[World]:
    with django_db_blocker.unblock():
        yield from build_world(tmp_path_factory.mktemp("matrix-media"))


# -- the surfaces ------------------------------------------------------------------------------
# Each surface observes, for one person, which matrix items it shows: {case id: shown?}. A
# surface with an address per item also checks the *way* it refuses: 404, and a body that
# names nothing. The test compares the observation with the oracle's answer for every case.

Observation = dict[str, bool]


def _page(world: World, user: str, url: str) -> Any:
    return world.clients[user].get(url)


def _api(world: World, user: str, path: str, **params: Any) -> Any:
    client: Client = world.clients["anonymous"]  # the token alone says who is asking
    return client.get(API + path, params, headers=world.api(user))


def _addressed(response: Any, case: Case, *, has_title: bool = True) -> bool:
    """200 (with the title) → shown; 404 saying nothing → hidden; anything else fails."""
    body = response.content.decode(errors="replace") if not response.streaming else ""
    if response.status_code == 200:
        assert not has_title or case.title in body, f"{case.id}: 200 without its title"
        return True
    assert response.status_code == 404, f"{case.id}: {response.status_code}, not 200 or 404"
    assert case.title not in body and "Summary of the" not in body and case.id not in body
    if response["Content-Type"].startswith("application/json"):
        assert response.json() == {"detail": "Not found."}
    return False


def _titles_in(response: Any) -> Observation:
    assert response.status_code == 200
    body = response.content.decode()
    return {case.id: case.title in body for case in CASES}


def _each(world: World, observe: Callable[[Case], bool]) -> Observation:
    return {case.id: observe(case) for case in CASES}


def observe_detail_page(world: World, user: str) -> Observation:
    return _each(
        world, lambda c: _addressed(_page(world, user, world.items[c.id].get_absolute_url()), c)
    )


def observe_history_page(world: World, user: str) -> Observation:
    return _each(
        world,
        lambda c: _addressed(
            _page(world, user, reverse("library:history", args=[world.items[c.id].pk])), c
        ),
    )


def _download(response: Any, case: Case) -> bool:
    shown = _addressed(response, case, has_title=False)
    if shown:
        assert b"".join(response.streaming_content).startswith(b"%PDF")
        assert response["Content-Disposition"].startswith("attachment")
        assert response["Cache-Control"] == "private, no-store"
    return shown


def observe_attachment_download(world: World, user: str) -> Observation:
    return _each(
        world,
        lambda c: _download(
            _page(world, user, reverse("library:attachment", args=[world.attachments[c.id].pk])),
            c,
        ),
    )


def observe_api_attachment_download(world: World, user: str) -> Observation:
    return _each(
        world,
        lambda c: _download(
            _api(world, user, f"/library/attachments/{world.attachments[c.id].pk}/download"), c
        ),
    )


def observe_api_detail(world: World, user: str) -> Observation:
    return _each(
        world, lambda c: _addressed(_api(world, user, f"/library/items/{world.items[c.id].pk}"), c)
    )


def _versions(response: Any, case: Case) -> bool:
    shown = _addressed(response, case, has_title=False)
    if shown:
        assert [v["number"] for v in response.json()] == [3, 2, 1]  # published, file, revised
    return shown


def observe_api_versions(world: World, user: str) -> Observation:
    return _each(
        world,
        lambda c: _versions(
            _api(world, user, f"/library/items/{world.items[c.id].pk}/versions"), c
        ),
    )


def observe_list_page(world: World, user: str) -> Observation:
    return _titles_in(_page(world, user, reverse("library:list")))


def observe_api_list(world: World, user: str) -> Observation:
    return _titles_in(_api(world, user, "/library/items"))


def _search_page(world: World, user: str, query: str) -> Any:
    response = _page(world, user, reverse("search:results") + "?" + f"q={query}")
    assert response.status_code == 200
    return response


def _api_search(world: World, user: str, query: str, **filters: Any) -> dict[str, Any]:
    response = _api(world, user, "/search", q=query, **filters)
    assert response.status_code == 200
    return response.json()


def _case_of(world: World, item_id: int) -> str:
    return next(c.id for c in CASES if world.items[c.id].pk == item_id)


def observe_search_page(world: World, user: str) -> Observation:
    """The word every matrix item has: the hits (with <mark>ed words) are the visible items."""
    response = _search_page(world, user, COMMON_WORD)
    results = response.context["results"]
    body = response.content.decode()
    hits = {_case_of(world, h.object_id) for h in results.hits if h.type == "item"}
    assert len(results.hits) == results.total == len(hits)
    assert all(f"<mark>{COMMON_WORD}</mark>" in str(h.snippet) for h in results.hits)
    for case in CASES:
        assert (case.title in body) is (case.id in hits)
    return {case.id: case.id in hits for case in CASES}


def observe_api_search(world: World, user: str) -> Observation:
    """Two words of the item's body find it — and only it — or nothing at all."""

    def found(case: Case) -> bool:
        result = _api_search(world, user, " ".join(case.words))
        ids = [h["id"] for h in result["hits"] if h["type"] == "item"]
        assert result["total"] == len(result["hits"]) == len(ids)
        assert ids in ([], [world.items[case.id].pk])
        if ids:
            hit = result["hits"][0]
            assert f"<mark>{case.words[1]}</mark>" in hit["snippet"]
            assert (hit["audience"], hit["tlp"]) == (case.audience, case.tlp)
        return bool(ids)

    return _each(world, found)


def observe_api_search_attachment_text(world: World, user: str) -> Observation:
    """A word only in the attached PDFs finds the items the person may open."""
    result = _api_search(world, user, FILE_WORD)
    hits = {_case_of(world, h["id"]) for h in result["hits"] if h["type"] == "item"}
    assert result["total"] == len(hits)
    return {case.id: case.id in hits for case in CASES}


def _counted(facets: dict[str, dict[str, int]], total: int) -> Observation:
    """Each matrix item has its own crime area: it is counted iff its area has a count. And
    every other count must be exactly what those counted items give — no more."""
    counted = {c.id: c.crime_area in facets["crime_area"] for c in CASES}
    included = [c for c in CASES if counted[c.id]]
    assert total == len(included)
    assert facets["crime_area"] == {c.crime_area: 1 for c in included}
    assert facets["kind"] == dict(Counter(c.kind for c in included))
    assert facets["type"] == ({"item": len(included)} if included else {})
    assert facets["party"] == ({"IDN": len(included)} if included else {})
    return counted


def observe_search_page_facets(world: World, user: str) -> Observation:
    response = _search_page(world, user, COMMON_WORD)
    results = response.context["results"]
    facets = {name: {f.value: f.count for f in values} for name, values in results.facets.items()}
    counted = _counted(facets, results.total)
    shown = re.findall(r'class="facet-count">(\d+)<', response.content.decode())
    assert sum(map(int, shown)) == sum(sum(v.values()) for v in facets.values())
    return counted


def observe_api_search_facets(world: World, user: str) -> Observation:
    result = _api_search(world, user, COMMON_WORD)
    facets = {n: {f["value"]: f["count"] for f in values} for n, values in result["facets"].items()}
    return _counted(facets, result["total"])


def observe_digest_email(world: World, user: str) -> Observation:
    """Everyone follows every crime area of the matrix; the digest still holds only what the
    person may open (title in the text and in the HTML alike)."""
    mail.outbox = []
    send_digest(world.users[user], timezone.now())
    assert len(mail.outbox) == 1, "every person may open at least one matrix item"
    (message,) = mail.outbox
    html = "".join(content for content, _type in message.alternatives)
    for case in CASES:
        assert (case.title in message.body) is (case.title in html)
    return {case.id: case.title in message.body for case in CASES}


def observe_related_meeting_panel(world: World, user: str) -> Observation:
    return _titles_in(
        _page(world, user, reverse("meetings:detail", args=[world.linked_meeting.pk]))
    )


def observe_related_crime_area_panel(world: World, user: str) -> Observation:
    return _titles_in(_page(world, user, reverse("meetings:detail", args=[world.area_meeting.pk])))


def observe_related_party_panel(world: World, user: str) -> Observation:
    return _titles_in(_page(world, user, reverse("registry:party", args=["IDN"])))


# -- the list's exports (CSV, JSON)


def _exported_titles(response: Any, fmt: str) -> Observation:
    """The titles of the items a streamed export holds (the JSON parsed, the CSV as text)."""
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    if fmt == "json":
        titles = {row["title"] for row in json.loads(body)}
        return {case.id: case.title in titles for case in CASES}
    return {case.id: case.title in body for case in CASES}


def observe_list_csv(world: World, user: str) -> Observation:
    url = reverse("library:export", kwargs={"fmt": "csv"})
    return _exported_titles(_page(world, user, url), "csv")


def observe_list_json(world: World, user: str) -> Observation:
    url = reverse("library:export", kwargs={"fmt": "json"})
    return _exported_titles(_page(world, user, url), "json")


Observe = Callable[[World, str], Observation]

SURFACES: dict[str, Observe] = {
    "detail_page": observe_detail_page,
    "list_page": observe_list_page,
    "search_page": observe_search_page,
    "search_page_facets": observe_search_page_facets,
    "attachment_download": observe_attachment_download,
    "api_detail": observe_api_detail,
    "api_list": observe_api_list,
    "api_search": observe_api_search,
    "api_search_facets": observe_api_search_facets,
    "api_search_attachment_text": observe_api_search_attachment_text,
    "api_attachment_download": observe_api_attachment_download,
    "digest_email": observe_digest_email,
    "related_meeting_panel": observe_related_meeting_panel,
    "related_crime_area_panel": observe_related_crime_area_panel,
    "related_party_panel": observe_related_party_panel,
    "history_page": observe_history_page,
    "api_versions": observe_api_versions,
    # -- the list's exports
    "list_csv": observe_list_csv,
    "list_json": observe_list_json,
}

#: Surfaces that only exist for someone logged in (nobody mails a digest to a visitor).
LOGGED_IN_ONLY = {"digest_email"}

MATRIX = [
    pytest.param(surface, user, id=f"{user}-on-{surface}")
    for surface in SURFACES
    for user in USER_NAMES
    if not (surface in LOGGED_IN_ONLY and user not in LOGGED_IN)
]


def expected_for(user: str) -> Observation:
    return {case.id: may_see(user, case) for case in CASES}


@pytest.mark.parametrize(("surface", "user"), MATRIX)
def test_every_surface_shows_each_item_exactly_to_those_the_oracle_allows(
    world: World, surface: str, user: str
) -> None:
    assert SURFACES[surface](world, user) == expected_for(user)


def test_the_matrix_covers_every_audience_and_tlp_label_and_both_answers() -> None:
    assert {c.audience for c in CASES} == set(Audience.values)
    assert {c.tlp for c in CASES} == set(TLP.values)
    for user in USER_NAMES:  # everyone sees something, so "nothing shown" is never a pass
        assert any(may_see(user, case) for case in CASES)
    for case in CASES[1:]:  # every item but the public one is hidden from someone
        assert not all(may_see(user, case) for user in USER_NAMES)


@pytest.mark.parametrize("user", USER_NAMES)
def test_a_drill_down_counts_only_the_visible_items_of_that_kind(world: World, user: str) -> None:
    """Two matrix items are good practices (one public, one for named people only)."""
    visible = [c for c in CASES if may_see(user, c) and c.kind == "good_practice"]
    found = _api_search(world, user, COMMON_WORD, kind="good_practice")
    assert found["total"] == len(visible)
    assert {f["value"]: f["count"] for f in found["facets"]["kind"]} == (
        {"good_practice": len(visible)} if visible else {}
    )


# -- what the oracle says may not exist is refused at the door ---------------------------------

OVER_THE_CAP = [
    (audience, tlp)
    for tlp in TLP.values
    for audience in Audience.values
    if audience_rank(audience) < audience_rank(TLP_CAP[tlp])
]


@pytest.mark.parametrize(
    ("audience", "tlp"), OVER_THE_CAP, ids=[f"{a}-{t}" for a, t in OVER_THE_CAP]
)
def test_an_audience_wider_than_the_tlp_allows_is_refused_at_create(
    world: World, audience: str, tlp: str
) -> None:
    before = KnowledgeItem.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.create_item(
            actor=world.users[AUTHOR],
            data={
                "kind": "good_practice",
                "title": "Too wide",
                "audience": audience,
                "tlp": tlp,
                "sharing_groups": ["asean-japan"],
            },
        )
    assert "audience" in refused.value.message_dict
    assert KnowledgeItem.objects.count() == before


@pytest.mark.parametrize(
    ("audience", "tlp"), OVER_THE_CAP, ids=[f"{a}-{t}" for a, t in OVER_THE_CAP]
)
def test_the_api_refuses_the_same_combinations_by_field(
    world: World, audience: str, tlp: str
) -> None:
    before = KnowledgeItem.objects.count()
    response = world.clients["anonymous"].post(
        API + "/library/items",
        {
            "kind": "good_practice",
            "title": "Too wide",
            "audience": audience,
            "tlp": tlp,
            "sharing_groups": ["asean-japan"],
        },
        content_type="application/json",
        headers=world.api(AUTHOR),
    )
    assert response.status_code == 422
    assert [p["loc"] for p in response.json()["detail"]] == [["body", "audience"]]
    assert KnowledgeItem.objects.count() == before


def test_every_allowed_combination_is_accepted(world: World) -> None:
    """The other side of the cap: each audience up to the cap is accepted for each label."""
    allowed = [
        (a, t)
        for t in TLP.values
        for a in Audience.values
        if audience_rank(a) >= audience_rank(TLP_CAP[t])
    ]
    for audience, tlp in allowed:
        item = services.create_item(
            actor=world.users[AUTHOR],
            data={
                "kind": "good_practice",
                "title": f"Fits {audience} {tlp}",
                "audience": audience,
                "tlp": tlp,
                "sharing_groups": ["asean-japan"] if audience == Audience.SHARING_GROUP else [],
            },
        )
        assert (item.audience, item.tlp) == (audience, tlp)
