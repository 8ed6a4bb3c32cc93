"""The meeting pages: the gate, the chain, the forms, and constant query counts."""

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from mufakat.audit.models import AuditEvent
from mufakat.meetings import services
from mufakat.meetings.models import Forwarding, Meeting, Outcome
from mufakat.testing.factories import (
    ForwardingFactory,
    MeetingFactory,
    OutcomeFactory,
    PartyFactory,
)

pytestmark = pytest.mark.django_db


def page(client: Any, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, response.content[:500]
    return response.content.decode()


# -- the gate ----------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["anonymous", "outsider"])
def test_an_outsider_cannot_see_the_bnpt_meeting_or_note_in_the_meeting_pages(
    who: str, all_users: dict[str, Any], as_user: Any, bnpt_meeting: Meeting, bnpt_note: Outcome
) -> None:
    client = as_user(all_users[who])
    assert "BNPT" not in page(client, reverse("meetings:list"))
    assert "BNPT" not in page(client, reverse("meetings:calendar"))
    assert "BNPT" not in page(client, reverse("meetings:detail", args=[bnpt_note.meeting_id]))
    page(client, reverse("meetings:detail", args=[bnpt_meeting.pk]), status=404)
    assert b"BNPT" not in client.get(reverse("meetings:ical")).content


def test_the_indonesian_focal_point_sees_the_bnpt_meeting_and_note(
    idn_focal: Any, as_user: Any, bnpt_meeting: Meeting, bnpt_note: Outcome
) -> None:
    client = as_user(idn_focal)
    assert "BNPT internal preparatory meeting" in page(client, reverse("meetings:list"))
    assert "BNPT internal preparatory meeting" in page(client, reverse("meetings:calendar"))
    detail = page(client, reverse("meetings:detail", args=[bnpt_note.meeting_id]))
    assert "BNPT note on foreign terrorist fighters." in detail
    assert "Owning organisation" in detail  # its access label
    own = page(client, reverse("meetings:detail", args=[bnpt_meeting.pk]))
    assert "TLP:AMBER+STRICT" in own
    assert b"BNPT internal preparatory meeting" in client.get(reverse("meetings:ical")).content


def test_the_list_counts_only_what_the_reader_may_see(
    as_user: Any, anonymous: Any, chain: Any, bnpt_meeting: Meeting
) -> None:
    assert "3 meetings" in page(as_user(anonymous), reverse("meetings:list"))


# -- list, filters, calendar -------------------------------------------------------------------


def test_the_list_filters_by_body_year_and_host(as_user: Any, anonymous: Any, chain: Any) -> None:
    client = as_user(anonymous)
    by_body = page(client, reverse("meetings:list") + "?body=SOMTC")
    assert "23rd SOMTC" in by_body and "17th AMMTC" not in by_body
    by_host = page(client, reverse("meetings:list") + "?host=IDN&year=2023")
    assert "19th SOMTC Working Group" in by_host and "23rd SOMTC" not in by_host
    assert "No meetings match." in page(client, reverse("meetings:list") + "?year=1999")


def test_the_list_page_costs_the_same_queries_with_more_meetings(
    as_user: Any, idn_focal: Any, chain: Any, django_assert_max_num_queries: Any
) -> None:
    client = as_user(idn_focal)
    client.get(reverse("meetings:list"))  # warm the session
    with django_assert_max_num_queries(9) as few:
        page(client, reverse("meetings:list"))
    for n in range(30):
        MeetingFactory.create(
            body=chain.wg.body, number=100 + n, host=PartyFactory.create(code=f"H{n:02d}")
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = page(client, reverse("meetings:list") + "?page=2")
    assert "Page 2 of 2" in html


def test_the_calendar_groups_by_month_and_shows_month_only_dates(
    as_user: Any, anonymous: Any, chain: Any
) -> None:
    MeetingFactory.create(
        body=chain.wg.body,
        number=21,
        title="21st WG on CT",
        start_date=dt.date(2026, 9, 1),
        start_precision="month",
        status="planned",
    )
    html = page(as_user(anonymous), reverse("meetings:calendar") + "?year=2026")
    assert "September 2026" in html and "21st WG on CT" in html and "17th AMMTC" not in html
    html = page(as_user(anonymous), reverse("meetings:calendar") + "?year=2023")
    assert html.index("May 2023") < html.index("June 2023") < html.index("August 2023")
    filtered = page(as_user(anonymous), reverse("meetings:calendar") + "?body=AMMTC&year=2023")
    assert "17th AMMTC" in filtered and "23rd SOMTC" not in filtered


def test_the_ical_feed_has_all_day_events_and_leaves_month_only_meetings_out(
    as_user: Any, anonymous: Any, chain: Any
) -> None:
    MeetingFactory.create(
        body=chain.wg.body,
        number=21,
        title="21st WG on CT",
        start_date=dt.date(2026, 9, 1),
        start_precision="month",
        status="planned",
    )
    response = as_user(anonymous).get(reverse("meetings:ical"))
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert "DTSTART;VALUE=DATE:20230518" in body
    assert "SUMMARY:17th AMMTC" in body
    assert "21st WG on CT" not in body


# -- the detail page ---------------------------------------------------------------------------


def test_the_wg_page_shows_the_chain_up_to_the_ministers(
    as_user: Any, anonymous: Any, chain: Any
) -> None:
    html = page(as_user(anonymous), chain.wg.get_absolute_url())
    assert 'class="chain"' in html
    trace = html[html.index('id="trace"') :]
    assert (
        trace.index("19th SOMTC Working Group")
        < trace.index("23rd SOMTC")
        < trace.index("17th AMMTC")
    )
    assert "Endorsed" in trace and "Adopted" in trace


def test_the_decision_is_shown_at_the_origin(as_user: Any, anonymous: Any, chain: Any) -> None:
    html = page(as_user(anonymous), chain.wg.get_absolute_url())
    outcomes = html[html.index('id="outcomes"') : html.index('id="received"')]
    assert "Endorsed; submitted to the 17th AMMTC." in outcomes
    assert chain.somtc.get_absolute_url() in outcomes
    assert "SOMTC 23/1" in outcomes


def test_the_ammtc_page_traces_each_received_outcome_back_to_its_origin(
    as_user: Any, anonymous: Any, chain: Any
) -> None:
    html = page(as_user(anonymous), chain.ammtc.get_absolute_url())
    received = html[html.index('id="received"') : html.index('id="trace"')]
    assert "SOMTC 23/1" in received and chain.somtc.get_absolute_url() in received
    trace = html[html.index('id="trace"') :]
    assert trace.index("19th SOMTC Working Group") < trace.index("23rd SOMTC")
    assert chain.wg.get_absolute_url() in trace


def test_the_detail_page_shows_the_facts_with_links(
    as_user: Any, anonymous: Any, chain: Any
) -> None:
    html = page(as_user(anonymous), chain.wg.get_absolute_url())
    assert reverse("registry:body", args=["SOMTC-WG-CT"]) in html
    assert "18 May 2023" in html and "Bali" in html and "TLP:CLEAR" in html


def test_a_virtual_meeting_is_shown_online(as_user: Any, anonymous: Any, wg_ct: Any) -> None:
    meeting = MeetingFactory.create(body=wg_ct, is_virtual=True, city="")
    assert "online" in page(as_user(anonymous), meeting.get_absolute_url())


def test_the_detail_page_costs_the_same_queries_with_more_outcomes(
    as_user: Any, idn_focal: Any, chain: Any, django_assert_max_num_queries: Any
) -> None:
    client = as_user(idn_focal)
    client.get(chain.somtc.get_absolute_url())
    with django_assert_max_num_queries(14) as few:
        page(client, chain.somtc.get_absolute_url())
    for n in range(2, 12):
        extra = OutcomeFactory.create(meeting=chain.wg, number=n)
        ForwardingFactory.create(
            outcome=extra,
            to_meeting=chain.somtc,
            status=Forwarding.Status.NOTED,
            resulting_outcome=chain.somtc_outcome,
        )
        OutcomeFactory.create(meeting=chain.somtc, number=n + 10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = page(client, chain.somtc.get_absolute_url())
    assert html.count('class="chain"') == 11


def test_edit_controls_are_shown_to_the_secretariat_only(
    as_user: Any, secretariat: Any, idn_focal: Any, chain: Any
) -> None:
    url = chain.wg.get_absolute_url()
    assert reverse("meetings:edit", args=[chain.wg.pk]) in page(as_user(secretariat), url)
    assert reverse("meetings:edit", args=[chain.wg.pk]) not in page(as_user(idn_focal), url)


# -- editing -----------------------------------------------------------------------------------


def meeting_form(**overrides: Any) -> dict[str, Any]:
    data = {
        "body": "SOMTC-WG-CT",
        "number": "20",
        "title": "",
        "start_date": "2024-05-20",
        "end_date": "2024-05-21",
        "city": "Manila",
        "status": "held",
        "audience": "public",
        "tlp": "CLEAR",
    }
    data.update(overrides)
    return data


def test_the_secretariat_creates_a_meeting_through_the_form(
    as_user: Any, secretariat: Any, chain: Any
) -> None:
    response = as_user(secretariat).post(reverse("meetings:create"), meeting_form())
    meeting = Meeting.objects.get(number=20, body__code="SOMTC-WG-CT")
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    assert meeting.title == "20th SOMTC Working Group on Counter-Terrorism"
    assert AuditEvent.objects.filter(action="meeting.create", object_id=str(meeting.pk)).exists()


def test_a_duplicate_number_shows_on_the_number_field_of_the_form(
    as_user: Any, secretariat: Any, chain: Any
) -> None:
    response = as_user(secretariat).post(reverse("meetings:create"), meeting_form(number="19"))
    assert response.status_code == 200
    assert (
        "The SOMTC-WG-CT already has a 19th meeting" in response.context["form"].errors["number"][0]
    )


def test_a_focal_point_gets_403_on_the_edit_pages(as_user: Any, idn_focal: Any, chain: Any) -> None:
    client = as_user(idn_focal)
    assert client.get(reverse("meetings:create")).status_code == 403
    assert client.post(reverse("meetings:create"), meeting_form()).status_code == 403
    assert client.get(reverse("meetings:edit", args=[chain.wg.pk])).status_code == 403
    assert client.post(reverse("meetings:outcome_add", args=[chain.wg.pk]), {}).status_code == 403
    forward = reverse("meetings:outcome_forward", args=[chain.wg_outcome.pk])
    assert client.post(forward, {"to_meeting": chain.ammtc.pk}).status_code == 403


def test_editing_a_hidden_meeting_is_not_found_even_for_the_secretariat(
    as_user: Any, secretariat: Any, bnpt_meeting: Meeting
) -> None:
    assert (
        as_user(secretariat).get(reverse("meetings:edit", args=[bnpt_meeting.pk])).status_code
        == 404
    )


def test_an_edit_from_a_stale_form_conflicts_instead_of_overwriting(
    as_user: Any, secretariat: Any, chain: Any
) -> None:
    client = as_user(secretariat)
    url = reverse("meetings:edit", args=[chain.wg.pk])
    first = meeting_form(number="19", start_date="2023-05-18", end_date="", city="Jakarta")
    assert client.post(url, {**first, "lock_version": "1"}).status_code == 302
    stale = client.post(url, {**first, "city": "Bali", "lock_version": "1"})
    assert stale.status_code == 200
    assert "changed by someone else" in str(stale.context["form"].non_field_errors())
    chain.wg.refresh_from_db()
    assert chain.wg.city == "Jakarta"


def test_the_inline_agenda_form_is_served_to_htmx_and_saves(
    as_user: Any, secretariat: Any, chain: Any
) -> None:
    client = as_user(secretariat)
    url = reverse("meetings:agenda_add", args=[chain.wg.pk])
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith("<form") and f'hx-post="{url}"' in fragment
    saved = client.post(url, {"title": "Opening remarks"}, headers={"HX-Request": "true"})
    assert saved.status_code == 200 and saved["HX-Redirect"].startswith(chain.wg.get_absolute_url())
    assert "Opening remarks" in page(client, chain.wg.get_absolute_url())


def test_forwarding_through_the_form_refuses_an_earlier_meeting(
    as_user: Any, secretariat: Any, chain: Any
) -> None:
    client = as_user(secretariat)
    url = reverse("meetings:outcome_forward", args=[chain.ammtc_outcome.pk])
    response = client.post(url, {"to_meeting": chain.wg.pk})
    assert (
        "can only be forwarded to a later meeting"
        in response.context["form"].errors["to_meeting"][0]
    )


def test_the_secretariat_forwards_and_records_a_decision_through_the_forms(
    as_user: Any, secretariat: Any, chain: Any
) -> None:
    client = as_user(secretariat)
    outcome = OutcomeFactory.create(meeting=chain.wg, number=2, text="Study deradicalisation.")
    forward = reverse("meetings:outcome_forward", args=[outcome.pk])
    assert str(chain.ammtc.pk) in page(client, forward)
    assert client.post(forward, {"to_meeting": chain.ammtc.pk}).status_code == 302
    decision = reverse("meetings:decision", args=[outcome.pk, chain.ammtc.pk])
    posted = client.post(
        decision, {"status": "noted", "decision_note": "Noted with thanks.", "lock_version": "1"}
    )
    assert posted.status_code == 302
    html = page(client, chain.wg.get_absolute_url())
    assert "Noted with thanks." in html


def test_adding_a_participant_and_an_outcome_through_the_forms(
    as_user: Any, secretariat: Any, chain: Any, bnpt: Any
) -> None:
    client = as_user(secretariat)
    add = reverse("meetings:participant_add", args=[chain.wg.pk])
    assert client.post(add, {"party": "IDN", "agency": "BNPT"}).status_code == 302
    outcome = reverse("meetings:outcome_add", args=[chain.wg.pk])
    posted = client.post(
        outcome,
        {
            "kind": "action_item",
            "text": "Draft terms of reference.",
            "responsible": "IDN",
            "due_date": "2023-12-01",
            "audience": "public",
            "tlp": "CLEAR",
        },
    )
    assert posted.status_code == 302
    html = page(client, chain.wg.get_absolute_url())
    assert "BNPT" in html and "SOMTC-WG-CT 19/2" in html


def test_a_meeting_whose_outcomes_travelled_is_not_deleted(
    as_user: Any, secretariat: Any, chain: Any
) -> None:
    response = as_user(secretariat).post(reverse("meetings:delete", args=[chain.wg.pk]))
    assert response.status_code == 302
    assert Meeting.objects.filter(pk=chain.wg.pk).exists()


def test_every_edit_page_renders_for_the_secretariat_as_a_page_and_as_an_htmx_fragment(
    as_user: Any, secretariat: Any, chain: Any
) -> None:
    client = as_user(secretariat)
    item = services.add_agenda_item(actor=secretariat, meeting=chain.wg, title="Opening")
    urls = [
        reverse("meetings:create"),
        reverse("meetings:edit", args=[chain.wg.pk]),
        reverse("meetings:delete", args=[chain.wg.pk]),
        reverse("meetings:agenda_add", args=[chain.wg.pk]),
        reverse("meetings:agenda_edit", args=[item.pk]),
        reverse("meetings:participant_add", args=[chain.wg.pk]),
        reverse("meetings:outcome_add", args=[chain.wg.pk]),
        reverse("meetings:outcome_edit", args=[chain.wg_outcome.pk]),
        reverse("meetings:outcome_forward", args=[chain.wg_outcome.pk]),
        reverse("meetings:decision", args=[chain.wg_outcome.pk, chain.somtc.pk]),
    ]
    for url in urls:
        full = page(client, url)
        assert "<h1>" in full and 'name="csrfmiddlewaretoken"' in full, url
        assert 'style="' not in full and "<script>" not in full, url
    for url in urls[3:]:
        fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
        assert fragment.lstrip().startswith("<form") and "<legend>" in fragment, url


def test_pages_carry_no_inline_styles_or_scripts(
    as_user: Any, secretariat: Any, chain: Any
) -> None:
    client = as_user(secretariat)
    for url in [
        reverse("meetings:list"),
        reverse("meetings:calendar"),
        chain.wg.get_absolute_url(),
        chain.ammtc.get_absolute_url(),
    ]:
        html = page(client, url)
        assert 'style="' not in html and "<script>" not in html, url
