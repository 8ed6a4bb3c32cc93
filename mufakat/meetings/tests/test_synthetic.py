"""A working group with many meetings, for the page benchmark (``generate --body-meetings``)."""

import datetime as dt
from collections import Counter
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from mufakat.accounts.models import User
from mufakat.audit.models import AuditEvent
from mufakat.core.audience import Audience
from mufakat.core.models import SharingGroup
from mufakat.meetings.models import AgendaItem, Forwarding, Meeting, Outcome, Participant
from mufakat.meetings.synthetic import BODY_CODE, generate_body_meetings
from mufakat.registry.models import Body, Party
from mufakat.testing.factories import member_state

TODAY = dt.date(2026, 6, 1)


@pytest.fixture
def registry(idn: Party, asec: Party, somtc: Body, asean_japan: SharingGroup) -> None:
    member_state("MYS", "Malaysia")
    member_state("THA", "Thailand")


@pytest.fixture
def somtc_meetings(somtc: Body) -> list[Meeting]:
    return [
        Meeting.objects.create(
            body=somtc,
            number=n,
            title=f"SOMTC {n}",
            start_date=dt.date(year, 6, 1),
            status=Meeting.Status.HELD,
            audience=Audience.PUBLIC,
            tlp="CLEAR",
        )
        for n, year in ((20, 2020), (25, 2025), (27, 2027))
    ]


def snapshot() -> list[tuple[Any, ...]]:
    return list(
        Meeting.objects.filter(body__code=BODY_CODE)
        .order_by("number")
        .values_list("number", "start_date", "status", "audience", "tlp", "chair__code")
    )


def test_the_working_group_gets_its_meetings_each_with_five_items_and_five_outcomes(
    registry: None, somtc_meetings: list[Meeting]
) -> None:
    result = generate_body_meetings(count=40, seed=7, today=TODAY)

    assert result.body.parent is not None and result.body.parent.code == "SOMTC"
    meetings = Meeting.objects.filter(body=result.body)
    assert meetings.count() == 40
    assert AgendaItem.objects.filter(meeting__body=result.body).count() == 200
    assert Outcome.objects.filter(meeting__body=result.body).count() == 200
    assert Participant.objects.filter(meeting__body=result.body).exists()
    assert set(meetings.values_list("chair__code", flat=True)) == {"IDN", "MYS", "THA"}
    assert meetings.filter(start_date__gt=TODAY, status=Meeting.Status.PLANNED).exists()
    assert meetings.filter(start_date__lte=TODAY, status=Meeting.Status.PLANNED).count() == 0
    assert AuditEvent.objects.filter(action="synthetic.body_meetings").count() == 1


def test_most_records_are_public_and_the_rest_gives_the_gate_work(registry: None) -> None:
    generate_body_meetings(count=100, seed=7, today=TODAY)

    audiences = Counter(
        Outcome.objects.filter(meeting__body__code=BODY_CODE).values_list("audience", flat=True)
    )
    assert audiences[Audience.PUBLIC] > 250
    assert {Audience.PLATFORM, Audience.MEMBER_STATES, Audience.SHARING_GROUP} <= set(audiences)
    shared = Outcome.objects.filter(meeting__body__code=BODY_CODE, audience="sharing_group")
    assert all(o.sharing_groups.filter(code="asean-jpn").exists() for o in shared)
    anonymous_sees = Meeting.objects.visible_to(None).filter(body__code=BODY_CODE).count()
    assert 0 < anonymous_sees < 100


def test_recommendations_are_forwarded_to_the_next_somtc_meeting(
    registry: None, somtc_meetings: list[Meeting]
) -> None:
    generate_body_meetings(count=60, seed=7, today=TODAY)

    forwardings = Forwarding.objects.select_related("outcome__meeting", "to_meeting")
    assert forwardings.exists()
    for forwarding in forwardings:
        assert forwarding.outcome.kind == Outcome.Kind.RECOMMENDATION
        assert forwarding.to_meeting.body.code == "SOMTC"
        assert forwarding.to_meeting.start_date > forwarding.outcome.meeting.start_date


def test_the_same_seed_gives_the_same_meetings(registry: None) -> None:
    generate_body_meetings(count=30, seed=3, today=TODAY)
    first = snapshot()
    Meeting.objects.filter(body__code=BODY_CODE).delete()
    Body.objects.filter(code=BODY_CODE).delete()

    generate_body_meetings(count=30, seed=3, today=TODAY)

    assert snapshot() == first


def test_a_second_run_is_refused_and_an_empty_registry_is_explained(
    registry: None, secretariat: User
) -> None:
    call_command("generate", "--body-meetings", "5")
    with pytest.raises(CommandError, match="already has meetings"):
        call_command("generate", "--body-meetings", "5")
    assert Meeting.objects.filter(body__code=BODY_CODE).count() == 5


@pytest.mark.django_db
def test_without_parties_the_command_says_what_to_run_first() -> None:
    with pytest.raises(CommandError, match="load_demo or generate --scale"):
        call_command("generate", "--body-meetings", "5")
