"""The action item pages and API: the list and its filters, the follow-up form, the evidence
download, the gate, and constant query counts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from mufakat.audit.models import AuditEvent
from mufakat.meetings import action_items
from mufakat.meetings.models import ActionItemUpdate, FollowUp, Outcome
from mufakat.meetings.tests.test_action_items import PDF, World, build_world, days
from mufakat.registry.models import Body, Party
from mufakat.testing.factories import OutcomeFactory

pytestmark = pytest.mark.django_db

LIST = "/meetings/action-items/"
API = "/api/v1/action-items"


@pytest.fixture
def world(somtc: Body, idn: Party, jpn: Party) -> World:
    return build_world(somtc, idn, jpn)


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def page(client: Any, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, response.content[:500]
    return response.content.decode()


def detail_url(outcome: Outcome) -> str:
    return reverse("meetings:action_item", args=[outcome.pk])


def mark_done(client: Any, outcome: Outcome, **extra: Any) -> Any:
    data = {"note": "Contact list shared.", "follow_up": "done", "lock_version": 1, **extra}
    return client.post(detail_url(outcome), data)


# -- the list ----------------------------------------------------------------------------------


def test_the_list_shows_open_items_by_default_with_reference_meeting_and_state(
    world: World, as_user: Any, secretariat: Any
) -> None:
    assert reverse("meetings:action_items") == LIST
    html = page(as_user(secretariat), LIST)
    assert "SOMTC 23/1" in html
    assert "Share the national contact list" in html
    assert "23rd SOMTC" in html
    assert "badge-bad follow-up-overdue" in html
    assert "SOMTC 23/2" in html and "SOMTC 23/3" in html
    assert "Circulate the meeting report." not in html  # done: not in the open list
    assert "Note the progress report." not in html  # a decision is no action item
    assert "3 action items" in html


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("?state=done", ["Circulate the meeting report."], ["Share the national contact"]),
        ("?state=overdue", ["Share the national contact"], ["Host a workshop"]),
        ("?state=all", ["Circulate the meeting report.", "Host a workshop"], []),
        ("?party=JPN&state=all", ["Host a workshop"], ["Share the national contact"]),
        ("?body=AMMTC", [], ["Share the national contact"]),
    ],
)
def test_the_list_filters_by_state_party_and_body(
    query: str, shown: list[str], hidden: list[str], world: World, as_user: Any, secretariat: Any
) -> None:
    html = page(as_user(secretariat), LIST + query)
    for text in shown:
        assert text in html
    for text in hidden:
        assert text not in html


def test_the_list_filters_by_due_dates_and_sorts_latest_first(
    world: World, as_user: Any, secretariat: Any
) -> None:
    client = as_user(secretariat)
    window = f"?due_after={days(0).isoformat()}&due_before={days(60).isoformat()}"
    html = page(client, LIST + window)
    assert "Host a workshop" in html and "Share the national contact" not in html
    html = page(client, LIST + "?sort=-due")
    assert html.index("Review the trafficking handbook") < html.index("Share the national contact")
    assert 'aria-sort="descending"' in html


def test_the_meetings_list_links_to_the_action_items(as_user: Any, anonymous: Any) -> None:
    assert LIST in page(as_user(anonymous), reverse("meetings:list"))


def test_the_latest_note_shows_in_the_list(
    world: World, as_user: Any, secretariat: Any, idn_focal: Any
) -> None:
    action_items.record_update(
        actor=secretariat, outcome=world.overdue, follow_up="open", note="Chased on 3 March."
    )
    action_items.record_update(
        actor=idn_focal, outcome=world.overdue, follow_up="open", note="Draft list circulated."
    )
    html = page(as_user(secretariat), LIST)
    assert "Draft list circulated." in html
    assert "Chased on 3 March." not in html


def test_the_list_costs_the_same_queries_for_three_items_or_thirty(
    world: World,
    as_user: Any,
    secretariat: Any,
    idn: Party,
    django_assert_num_queries: Any,
    django_assert_max_num_queries: Any,
) -> None:
    client = as_user(secretariat)
    client.get(LIST)  # warm the session and caches
    with django_assert_max_num_queries(8) as few:
        page(client, LIST + "?state=all")
    for n in range(30):
        OutcomeFactory.create(
            meeting=world.held,
            number=100 + n,
            kind=Outcome.Kind.ACTION_ITEM,
            responsible=idn,
            due_date=days(n),
        )
    with django_assert_num_queries(len(few.captured_queries)):
        html = page(client, LIST + "?state=all")
    assert "SOMTC 23/129" in html


# -- the gate ----------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["outsider", "jpn_focal", "anonymous"])
def test_a_restricted_item_is_404_and_absent_for_an_outsider(
    who: str, world: World, all_users: dict[str, Any], as_user: Any
) -> None:
    client = as_user(all_users[who])
    html = page(client, LIST + "?state=all")
    assert "BNPT" not in html
    assert "SOMTC 23/7" not in html
    not_found = page(client, detail_url(world.restricted), status=404)
    assert "BNPT" not in not_found
    assert "BNPT" not in page(client, reverse("meetings:detail", args=[world.next.pk]))


def test_the_owning_party_sees_its_restricted_item(
    world: World, as_user: Any, idn_focal: Any
) -> None:
    client = as_user(idn_focal)
    assert "BNPT watch-list follow-up." in page(client, LIST + "?state=overdue")
    assert "BNPT watch-list follow-up." in page(client, detail_url(world.restricted))


def test_the_pages_are_marked_with_the_strictest_label_they_show(
    world: World, as_user: Any, idn_focal: Any, secretariat: Any
) -> None:
    mine = as_user(idn_focal)
    strict = '<span class="tlp tlp-amber-strict">TLP:AMBER+STRICT</span> The marking of this page'
    assert strict in page(mine, detail_url(world.restricted))
    assert strict in page(mine, LIST + "?state=overdue")
    assert "TLP:CLEAR</span> The marking of this page" in page(as_user(secretariat), LIST)
    world.held.tlp = "GREEN"  # a CLEAR item of a GREEN meeting is shown on a GREEN page
    world.held.audience = "platform"
    world.held.save()
    html = page(as_user(secretariat), detail_url(world.overdue))
    assert "TLP:GREEN</span> The marking" in html


def test_an_outcome_that_is_no_action_item_has_no_page(
    world: World, as_user: Any, secretariat: Any
) -> None:
    page(as_user(secretariat), detail_url(world.decision), status=404)


# -- the detail page and the follow-up form ----------------------------------------------------


def test_the_responsible_focal_point_marks_the_item_done_with_evidence_and_it_leaves_the_list(
    world: World, as_user: Any, idn_focal: Any, media: Path
) -> None:
    client = as_user(idn_focal)
    before = page(client, detail_url(world.overdue))
    assert "Record follow-up" in before
    assert 'enctype="multipart/form-data"' in before
    evidence = SimpleUploadedFile("contact list.pdf", PDF, content_type="application/pdf")
    response = mark_done(client, world.overdue, evidence=evidence)
    assert response.status_code == 302
    world.overdue.refresh_from_db()
    assert world.overdue.follow_up == FollowUp.DONE
    html = page(client, detail_url(world.overdue))
    assert "Follow-up recorded." in html
    assert "Contact list shared." in html
    assert "contact_list.pdf" in html
    assert "Share the national contact" not in page(client, LIST)
    assert "Share the national contact" in page(client, LIST + "?state=done")

    update = ActionItemUpdate.objects.get()
    download = client.get(reverse("meetings:action_item_evidence", args=[update.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in download["Content-Disposition"]


def test_another_partys_focal_point_sees_no_form_and_is_refused(
    world: World, as_user: Any, jpn_focal: Any
) -> None:
    client = as_user(jpn_focal)
    assert "Record follow-up" not in page(client, detail_url(world.overdue))
    assert mark_done(client, world.overdue).status_code == 403
    assert not ActionItemUpdate.objects.exists()


def test_the_japanese_focal_point_updates_the_japanese_item(
    world: World, as_user: Any, jpn_focal: Any
) -> None:
    response = mark_done(as_user(jpn_focal), world.open_jpn, note="Workshop held in Tokyo.")
    assert response.status_code == 302
    world.open_jpn.refresh_from_db()
    assert world.open_jpn.follow_up == FollowUp.DONE


def test_a_missing_note_and_a_wrong_file_are_reported_on_the_form(
    world: World, as_user: Any, idn_focal: Any, media: Path
) -> None:
    client = as_user(idn_focal)
    html = mark_done(client, world.overdue, note="").content.decode()
    assert "This field is required." in html
    program = SimpleUploadedFile("list.pdf", b"MZ\x90\x00", content_type="application/pdf")
    html = mark_done(client, world.overdue, evidence=program).content.decode()
    assert "is a program (executable)" in html
    assert not ActionItemUpdate.objects.exists()


def test_a_stale_form_reports_the_conflict(
    world: World, as_user: Any, idn_focal: Any, secretariat: Any
) -> None:
    action_items.record_update(
        actor=secretariat, outcome=world.overdue, follow_up="open", note="Chased."
    )
    response = mark_done(as_user(idn_focal), world.overdue, lock_version=1)
    assert response.status_code == 200
    assert "changed by someone else" in response.content.decode()
    world.overdue.refresh_from_db()
    assert world.overdue.follow_up == FollowUp.OPEN


def test_the_evidence_of_a_restricted_item_is_404_for_an_outsider_and_its_download_audited(
    world: World, as_user: Any, idn_focal: Any, outsider: Any, media: Path
) -> None:
    update = action_items.record_update(
        actor=idn_focal,
        outcome=world.restricted,
        follow_up="done",
        note="Watch-list shared with BNPT.",
        evidence=SimpleUploadedFile("watch.pdf", PDF),
    )
    url = reverse("meetings:action_item_evidence", args=[update.pk])
    assert as_user(outsider).get(url).status_code == 404
    assert as_user(idn_focal).get(url).status_code == 200
    # The item is AMBER+STRICT: who downloaded its evidence is an audit event.
    assert AuditEvent.objects.filter(action="record.download", actor_id=idn_focal.pk).count() == 1


def test_the_detail_page_costs_the_same_queries_with_one_update_or_ten(
    world: World,
    as_user: Any,
    secretariat: Any,
    django_assert_num_queries: Any,
    django_assert_max_num_queries: Any,
) -> None:
    client = as_user(secretariat)
    action_items.record_update(
        actor=secretariat, outcome=world.overdue, follow_up="open", note="Note 0"
    )
    client.get(detail_url(world.overdue))
    with django_assert_max_num_queries(8) as few:
        page(client, detail_url(world.overdue))
    for n in range(1, 10):
        action_items.record_update(
            actor=secretariat, outcome=world.overdue, follow_up="open", note=f"Note {n}"
        )
    with django_assert_num_queries(len(few.captured_queries)):
        html = page(client, detail_url(world.overdue))
    assert "Note 9" in html


# -- the meeting page --------------------------------------------------------------------------


def test_the_next_meeting_lists_the_open_items_of_earlier_meetings(
    world: World, as_user: Any, secretariat: Any
) -> None:
    html = page(as_user(secretariat), reverse("meetings:detail", args=[world.next.pk]))
    assert "Action items due from earlier meetings" in html
    section = html[html.index('id="action-items-due"') :]
    assert "SOMTC 23/1" in section and "SOMTC 23/2" in section
    assert "SOMTC 23/4" not in section  # done


def test_a_held_meeting_shows_the_follow_up_of_its_action_items(
    world: World, as_user: Any, secretariat: Any
) -> None:
    html = page(as_user(secretariat), reverse("meetings:detail", args=[world.held.pk]))
    assert "Action items due from earlier meetings" not in html
    assert "Follow-up:" in html
    assert detail_url(world.overdue) in html
    assert detail_url(world.decision) not in html


def test_the_meeting_page_costs_no_query_per_action_item_due(
    world: World,
    as_user: Any,
    secretariat: Any,
    idn: Party,
    django_assert_num_queries: Any,
    django_assert_max_num_queries: Any,
) -> None:
    client = as_user(secretariat)
    url = reverse("meetings:detail", args=[world.next.pk])
    client.get(url)
    with django_assert_max_num_queries(40) as few:
        page(client, url)
    for n in range(10):
        OutcomeFactory.create(
            meeting=world.held,
            number=100 + n,
            kind=Outcome.Kind.ACTION_ITEM,
            responsible=idn,
            due_date=days(n),
        )
    with django_assert_num_queries(len(few.captured_queries)):
        page(client, url)


# -- the API -----------------------------------------------------------------------------------


def test_the_api_lists_visible_action_items_with_their_state(
    world: World, client: Any, api_headers: Any, secretariat: Any
) -> None:
    response = client.get(API + "?state=all", headers=api_headers(secretariat))
    assert response.status_code == 200, response.content
    body = response.json()
    refs = [row["reference"] for row in body["items"]]
    assert refs == ["SOMTC 23/4", "SOMTC 23/1", "SOMTC 23/2", "SOMTC 23/3"]
    first = body["items"][1]
    assert first["state"] == "overdue"
    assert first["responsible"] == "IDN"
    assert first["body"] == "SOMTC"
    assert body["count"] == 4
    overdue = client.get(API + "?state=overdue", headers=api_headers(secretariat)).json()
    assert [row["reference"] for row in overdue["items"]] == ["SOMTC 23/1"]


@pytest.mark.parametrize("who", ["outsider", "jpn_focal"])
def test_a_restricted_item_is_absent_from_the_api_and_404(
    who: str, world: World, client: Any, api_headers: Any, all_users: dict[str, Any]
) -> None:
    headers = api_headers(all_users[who])
    listed = client.get(API + "?state=all", headers=headers).json()
    assert "SOMTC 23/7" not in [row["reference"] for row in listed["items"]]
    response = client.get(f"{API}/{world.restricted.pk}", headers=headers)
    assert response.status_code == 404
    assert "BNPT" not in response.content.decode()
    post = client.post(
        f"{API}/{world.restricted.pk}/updates",
        {"follow_up": "done", "note": "x"},
        content_type="application/json",
        headers=headers,
    )
    assert post.status_code == 404


def test_the_api_shows_one_item_with_its_history(
    world: World, client: Any, api_headers: Any, secretariat: Any
) -> None:
    action_items.record_update(
        actor=secretariat, outcome=world.overdue, follow_up="open", note="Chased."
    )
    response = client.get(f"{API}/{world.overdue.pk}", headers=api_headers(secretariat))
    assert response.status_code == 200
    body = response.json()
    assert body["lock_version"] == 2
    assert body["updates"][0]["note"] == "Chased."
    assert body["updates"][0]["author"] == "secretariat"


def test_the_api_records_an_update_and_answers_403_409_and_422(
    world: World, client: Any, api_headers: Any, idn_focal: Any, jpn_focal: Any
) -> None:
    url = f"{API}/{world.overdue.pk}/updates"

    def post(user: Any, payload: dict[str, Any]) -> Any:
        return client.post(url, payload, content_type="application/json", headers=api_headers(user))

    assert post(jpn_focal, {"follow_up": "done", "note": "Done."}).status_code == 403
    assert post(idn_focal, {"follow_up": "done", "note": " "}).status_code == 422
    assert post(idn_focal, {"follow_up": "lost", "note": "Done."}).status_code == 422
    created = post(idn_focal, {"follow_up": "done", "note": "Done.", "lock_version": 1})
    assert created.status_code == 201, created.content
    assert created.json()["state"] == "done"
    assert created.json()["done_on"] == timezone.localdate().isoformat()
    stale = post(idn_focal, {"follow_up": "open", "note": "Reopen.", "lock_version": 1})
    assert stale.status_code == 409
