"""My desk, per role: what each person sees on the home page, and never what they may not."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mufakat.accounts.models import Role, User
from mufakat.core.audience import TLP, Audience
from mufakat.core.models import SharingGroup
from mufakat.desk import selectors
from mufakat.desk.tests.conftest import (
    JAPAN_ITEM,
    NEXT_ROUND,
    OPEN_ITEM,
    OVERDUE_ITEM,
    OVERDUE_ROUND,
    RESTRICTED_MEETING,
    RETURN_COMMENT,
    SECRET_ROUND,
    World,
    add_library,
    add_meetings,
    add_rounds,
    today,
)
from mufakat.library.models import Follow, KnowledgeItem
from mufakat.meetings.action_items import record_update
from mufakat.meetings.models import Meeting, MeetingDocument
from mufakat.monitoring.tests.reports_fixtures import report_of
from mufakat.registry.models import CrimeArea, Party, Term
from mufakat.testing.factories import MeetingFactory, UserFactory

pytestmark = pytest.mark.django_db


def desk_text(client: Any) -> str:
    """The words of the page's main content, tags stripped, spaces collapsed."""
    response = client.get("/")
    assert response.status_code == 200
    main = response.content.decode().split('<main id="content">', 1)[1].split("</main>", 1)[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


def desk_html(client: Any) -> str:
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


# -- focal points ---------------------------------------------------------------------------------


def test_a_focal_point_sees_their_overdue_report_with_the_days_overdue(
    world: World, as_user: Any, idn_focal: User
) -> None:
    html = desk_html(as_user(idn_focal))
    text = desk_text(as_user(idn_focal))
    assert "My desk" in text
    assert f"{OVERDUE_ROUND} 5 days overdue" in text
    assert report_of(world.overdue_round, "CT-3", "IDN").get_absolute_url() in html
    assert f"{NEXT_ROUND} due in 21 days" in text


def test_a_focal_point_never_sees_another_partys_reports(
    world: World, as_user: Any, idn_focal: User, jpn_focal: User
) -> None:
    html = desk_html(as_user(idn_focal))
    japans = report_of(world.overdue_round, "CT-2", "JPN")
    assert japans.get_absolute_url() not in html
    # And Japan's desk lists Japan's draft, not Indonesia's CT-3 (an activity Japan has no part in).
    japan_html = desk_html(as_user(jpn_focal))
    assert japans.get_absolute_url() in japan_html
    assert report_of(world.overdue_round, "CT-3", "IDN").get_absolute_url() not in japan_html


def test_when_every_report_is_submitted_the_focal_point_is_told_so(
    world: World, as_user: Any, jpn_focal: User
) -> None:
    from mufakat.monitoring.models import ProgressReport
    from mufakat.monitoring.services import save_report

    for report in ProgressReport.objects.filter(party__code="JPN", state="draft"):
        save_report(
            actor=jpn_focal,
            report=report,
            changes={"status": "on_track", "percent": 50},
            expected_version=report.lock_version,
            submit=True,
        )
    assert "Nothing due — all your reports are submitted." in desk_text(as_user(jpn_focal))


def test_a_returned_report_appears_with_the_reviewers_comment(
    world: World, as_user: Any, idn_focal: User
) -> None:
    text = desk_text(as_user(idn_focal))
    assert "Returned to fix 1" in text
    assert (
        f"CT-2 Border security training {NEXT_ROUND} Reviewer's comment: {RETURN_COMMENT}" in text
    )


def test_an_overdue_action_item_of_their_party_appears_and_disappears_when_done(
    world: World, as_user: Any, idn_focal: User
) -> None:
    text = desk_text(as_user(idn_focal))
    assert "2 open, 1 overdue" in text
    assert f"{OVERDUE_ITEM} 3 days overdue" in text
    assert OPEN_ITEM in text
    assert JAPAN_ITEM not in text  # Japan's, not Indonesia's

    record_update(
        actor=idn_focal,
        outcome=world.overdue_item,
        follow_up="done",
        note="Shared with the working group on 3 March.",
    )
    text = desk_text(as_user(idn_focal))
    assert OVERDUE_ITEM not in text
    assert OPEN_ITEM in text


def test_a_focal_point_is_asked_to_name_the_delegation_to_a_meeting_they_are_invited_to(
    world: World, as_user: Any, idn_focal: User, outsider: User
) -> None:
    assert "Delegations to name 1 25th SOMTC" in desk_text(as_user(idn_focal))
    assert "Delegations to name" not in desk_text(as_user(outsider))


def test_a_focal_point_sees_requests_they_could_answer_and_news_in_what_they_follow(
    world: World, as_user: Any, idn_focal: User, idn: Party, jpn: Party
) -> None:
    terrorism = CrimeArea.objects.create(code="terrorism", name="Terrorism")
    request = KnowledgeItem.objects.create(
        kind=KnowledgeItem.Kind.EXPERTISE_REQUEST,
        title="Looking for deradicalisation trainers",
        audience=Audience.PLATFORM,
        tlp=TLP.GREEN,
        owner_party=jpn,
    )
    request.crime_areas.set([terrorism])
    ours = KnowledgeItem.objects.create(
        kind=KnowledgeItem.Kind.GOOD_PRACTICE,
        title="Prison deradicalisation programme of Indonesia",
        audience=Audience.PLATFORM,
        tlp=TLP.GREEN,
        owner_party=idn,
    )
    ours.crime_areas.set([terrorism])
    Follow.objects.create(user=idn_focal, crime_area=terrorism)

    text = desk_text(as_user(idn_focal))
    assert (
        "Looking for deradicalisation trainers JPN TLP:GREEN All platform users "
        "Your party holds 1 matching item." in text
    )
    assert "New in what you follow 2 Prison deradicalisation programme of Indonesia" in text


def test_the_empty_sections_of_a_focal_point_say_what_to_do(
    world: World, as_user: Any, idn_focal: User
) -> None:
    text = desk_text(as_user(idn_focal))
    assert "No open request for expertise from another party." in text
    assert "You follow nothing yet" in text and "Choose what to follow" in text


# -- the Secretariat ------------------------------------------------------------------------------


def test_the_secretariat_sees_each_open_rounds_reporting_rate_and_overdue_parties(
    world: World, as_user: Any, secretariat: User
) -> None:
    html = desk_html(as_user(secretariat))
    text = desk_text(as_user(secretariat))
    # 1 of the overdue round's 5 expected reports is in (Japan's CT-1, after the due date, so not on
    # time); both parties are late.
    assert re.search(
        rf"{OVERDUE_ROUND} TLP:AMBER Sharing groups \d+ \w+ \d{{4}} 5 days overdue "
        r"20 % 1 of 5 reported · 0 % on time IDN, JPN",
        text,
    ), text
    assert "Overdue parties 2" in text
    assert "Reports waiting for review 1" in text
    assert reverse("monitoring:review") in html


def test_the_secretariat_sees_the_meeting_missing_its_agenda_and_what_else_is_missing(
    world: World, as_user: Any, secretariat: User
) -> None:
    text = desk_text(as_user(secretariat))
    assert "25th SOMTC" in text
    assert "No documents yet, not even the provisional agenda." in text
    assert f"No snapshot yet of the round “{NEXT_ROUND}” that feeds it" in text
    assert "1 forwarded item without a decision." in text
    assert "Delegations not named (2): IDN, JPN." in text
    assert "19th AMMTC" not in text  # a year away: beyond the 120 days
    freeze = reverse("monitoring:round_freeze", args=[world.next_round.pk])
    assert f'href="{freeze}"' in desk_html(as_user(secretariat))

    MeetingDocument.objects.create(
        meeting=world.next_somtc,
        kind=MeetingDocument.Kind.PROVISIONAL_AGENDA,
        title="Provisional agenda of the 25th SOMTC",
        audience=Audience.PUBLIC,
        tlp=TLP.CLEAR,
    )
    missing = selectors.missing_for_meeting(world.next_somtc, user=secretariat)
    assert not missing.no_agenda and missing.documents == 1
    assert "No documents yet" not in desk_text(as_user(secretariat)).split("ASEAN-only")[0]


def test_what_is_missing_counts_only_what_the_reader_may_see(
    world: World, secretariat: User, jpn_focal: User, asean_only: SharingGroup
) -> None:
    agenda = MeetingDocument.objects.create(
        meeting=world.next_somtc,
        kind=MeetingDocument.Kind.PROVISIONAL_AGENDA,
        title="Provisional agenda (ASEAN only)",
        audience=Audience.SHARING_GROUP,
        tlp=TLP.AMBER,
    )
    agenda.sharing_groups.set([asean_only])
    assert not selectors.missing_for_meeting(world.next_somtc, user=secretariat).no_agenda
    for_japan = selectors.missing_for_meeting(world.next_somtc, user=jpn_focal)
    assert for_japan.no_agenda and for_japan.documents == 0
    # Japan does not see the ASEAN-only round that feeds the retreat, nor the retreat itself.
    assert (
        selectors.missing_for_meeting(world.retreat, user=jpn_focal).rounds_without_snapshot == []
    )


# -- chairs ---------------------------------------------------------------------------------------


def test_a_chair_sees_their_bodys_next_meeting_with_what_is_missing_and_forwarded(
    world: World, as_user: Any, idn_chair: User
) -> None:
    text = desk_text(as_user(idn_chair))
    html = desk_html(as_user(idn_chair))
    assert "The next meeting you chair 25th SOMTC SOMTC" in text
    # A chair does not freeze rounds: the missing snapshot links to the round itself.
    assert "monitoring:round_freeze" not in html and "/freeze/" not in html
    assert f'href="{world.next_round.get_absolute_url()}"' in html
    assert "No documents yet, not even the provisional agenda." in text
    assert "Forwarded to this meeting SOMTC-WG-CT 20/4 Adopt the regional" in text


def test_a_chair_whose_party_chairs_nothing_is_told_so(
    world: World, as_user: Any, jpn: Party
) -> None:
    chair = UserFactory(username="jpn.chair", party=jpn, role=Role.CHAIR)
    assert "No upcoming meeting of a body your party chairs." in desk_text(as_user(chair))


def test_a_focal_point_of_the_chairing_party_gets_no_chair_section(
    world: World, as_user: Any, idn_chair: User, idn_focal: User
) -> None:
    assert "The next meeting you chair" not in desk_text(as_user(idn_focal))


# -- everyone, anonymous visitors, the address -------------------------------------------------


def test_a_reader_sees_upcoming_meetings_only(world: World, as_user: Any, outsider: User) -> None:
    text = desk_text(as_user(outsider))
    assert "Upcoming meetings 25th SOMTC" in text
    for section in ("Reports to write", "Open reporting rounds", "Action items for"):
        assert section not in text


def test_an_anonymous_visitor_gets_the_public_overview(world: World, client: Any) -> None:
    text = desk_text(client)
    assert "ASEAN cooperation against transnational crime" in text
    assert "My desk" not in text
    assert RESTRICTED_MEETING not in text


def test_the_desk_is_also_at_slash_desk_and_needs_a_login(
    world: World, as_user: Any, client: Any, idn_focal: User
) -> None:
    response = as_user(idn_focal).get(reverse("desk:desk"))
    assert response.status_code == 200 and b"Reports to write" in response.content
    assert client.get(reverse("desk:desk")).status_code == 302


def test_signed_in_people_get_a_my_desk_link_in_the_navigation(
    world: World, as_user: Any, client: Any, outsider: User
) -> None:
    assert b'aria-current="page">My desk</a>' in as_user(outsider).get("/").content
    assert b">My desk</a>" not in client.get("/").content


@pytest.mark.parametrize("name", ["jpn_focal", "outsider"])
def test_restricted_meetings_and_rounds_never_appear_for_those_who_may_not_see_them(
    world: World, as_user: Any, request: pytest.FixtureRequest, name: str
) -> None:
    text = desk_text(as_user(request.getfixturevalue(name)))
    assert RESTRICTED_MEETING not in text
    assert SECRET_ROUND not in text


def test_the_secretariat_and_asean_focal_points_see_the_restricted_ones(
    world: World, as_user: Any, secretariat: User, idn_focal: User
) -> None:
    secretariat_text = desk_text(as_user(secretariat))
    assert RESTRICTED_MEETING in secretariat_text and SECRET_ROUND in secretariat_text
    assert SECRET_ROUND in desk_text(as_user(idn_focal))


def test_the_desk_of_nobody_signed_in_is_empty() -> None:
    desk = selectors.desk(user=AnonymousUser())
    assert desk.reports is None and desk.rounds is None and desk.upcoming == []


# -- query counts: bounded, whatever the amount of data ------------------------------------------

#: Upper bounds per role (the measured counts at the time of writing, plus a little slack; one
#: of them reads the reader's sharing groups and membership once for the request).
MAX_QUERIES = {"idn_focal": 21, "secretariat": 23, "idn_chair": 17, "outsider": 9}


def _queries(client: Any) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/").status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", sorted(MAX_QUERIES))
def test_the_desk_costs_a_bounded_number_of_queries_for_each_role(
    world: World,
    as_user: Any,
    request: pytest.FixtureRequest,
    secretariat: User,
    idn: Party,
    jpn: Party,
    idn_chair: User,
    django_assert_max_num_queries: Any,
    name: str,
) -> None:
    user = request.getfixturevalue(name)
    client = as_user(user)
    client.get("/")  # sessions, caches: warm
    add_rounds(secretariat, world.plan, meeting=world.next_somtc, n=2)
    add_meetings(world.somtc, world.wg, idn, n=3)
    add_library(idn, jpn, user, n=2)
    before = _queries(client)
    add_rounds(secretariat, world.plan, meeting=world.next_somtc, n=4)
    add_meetings(world.somtc, world.wg, idn, n=6, start=60)
    add_library(idn, jpn, user, n=5, start=2)
    # Indonesia now chairs the working group too, which meets next month.
    Term.objects.create(
        body=world.wg, party=idn, role=Term.Role.CHAIR, start_date=today() - dt.timedelta(days=9)
    )
    MeetingFactory(
        body=world.wg,
        number=21,
        title="21st WG-CT",
        start_date=today() + dt.timedelta(days=35),
        status=Meeting.Status.PLANNED,
    )
    after = _queries(client)
    assert after == before, f"the desk of {name} grows with the data: {before} → {after}"
    with django_assert_max_num_queries(MAX_QUERIES[name]):
        client.get("/")


def test_a_report_due_today_is_due_not_overdue(world: World, idn_focal: User) -> None:
    """Days are counted from the local date."""
    reports = selectors.reports_to_write(user=idn_focal, on=world.overdue_round.due_date)
    overdue = next(r for r in reports.rounds if r.round.pk == world.overdue_round.pk)
    assert overdue.days_left == 0 and not overdue.overdue
    later = selectors.reports_to_write(
        user=idn_focal, on=world.overdue_round.due_date + dt.timedelta(days=2)
    )
    assert next(r for r in later.rounds if r.round.pk == world.overdue_round.pk).days_overdue == 2
    assert today() > world.overdue_round.due_date


# -- marking and links ------------------------------------------------------------------------


def test_the_desk_is_marked_with_the_most_restrictive_label_of_what_it_shows(
    world: World, as_user: Any, idn_focal: User, outsider: User
) -> None:
    assert "TLP:AMBER National focal point" in desk_text(as_user(idn_focal))
    # The outsider sees public meetings only: the desk is CLEAR.
    assert "TLP:CLEAR Reader" in desk_text(as_user(outsider))


def test_each_open_round_links_to_its_compliance_page(
    world: World, as_user: Any, secretariat: User
) -> None:
    html = desk_html(as_user(secretariat))
    for round_ in (world.overdue_round, world.next_round):
        assert f'href="{reverse("monitoring:round_compliance", args=[round_.pk])}"' in html


def test_the_secretariat_sees_overdue_action_items_per_party(
    world: World, as_user: Any, secretariat: User, idn_focal: User
) -> None:
    text = desk_text(as_user(secretariat))
    assert "Overdue action items 2 IDN : 1 overdue item JPN : 1 overdue item" in text
    record_update(actor=idn_focal, outcome=world.overdue_item, follow_up="done", note="Done.")
    assert "Overdue action items 1 JPN : 1 overdue item" in desk_text(as_user(secretariat))


def test_a_chair_of_two_bodies_sees_the_next_meeting_of_each(
    world: World, as_user: Any, idn_chair: User, idn: Party
) -> None:
    Term.objects.create(
        body=world.wg, party=idn, role=Term.Role.CHAIR, start_date=today() - dt.timedelta(days=9)
    )
    MeetingFactory(
        body=world.wg,
        number=21,
        title="21st WG-CT",
        start_date=today() + dt.timedelta(days=35),
        status=Meeting.Status.PLANNED,
    )
    text = desk_text(as_user(idn_chair))
    assert "The next meetings you chair 25th SOMTC" in text
    # The WG's open action items of its earlier (20th) meeting are for the 21st to review.
    assert "21st WG-CT" in text
    assert "3 open action items of the body's earlier meetings to review." in text


def test_a_focal_point_sees_a_few_reports_per_round_and_links_to_the_rest(
    world: World, as_user: Any, idn_focal: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """However many reports a round holds, the desk lists a few (returned first) and links to
    the rest on My reports; rounds and returned reports beyond the desk's rows are counted."""
    monkeypatch.setattr(selectors, "MAX_REPORTS_PER_ROUND", 2)
    monkeypatch.setattr(selectors, "MAX_ROWS", 2)
    reports = selectors.reports_to_write(user=idn_focal)
    assert [due.round.title for due in reports.rounds] == [OVERDUE_ROUND, NEXT_ROUND]
    assert reports.more_rounds == 1 and reports.rounds_total == 3  # the Secretariat-only round
    overdue, following = reports.rounds
    assert [r.activity.code for r in overdue.reports] == ["CT-1", "CT-2"]
    assert overdue.due == 3 and overdue.more == 1
    assert following.reports[0].state == "returned"
    assert reports.due == 9 and reports.overdue == 3
    assert [r.activity.code for r in reports.returned] == ["CT-2"]
    assert reports.returned_total == 1 and reports.more_returned == 0

    html = desk_html(as_user(idn_focal))
    my_reports = reverse("monitoring:my_reports")
    assert f'href="{my_reports}?round={world.overdue_round.pk}"' in html
    assert "and 1 more round with reports to write" in desk_text(as_user(idn_focal))
