"""A record shared with "sharing groups" but no group (or "named people" but nobody) is one
nobody can open, its author included (issue 10). Every service refuses it, on the field."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from mufakat.accounts.models import User
from mufakat.core.audience import TLP, Audience
from mufakat.core.models import SharingGroup
from mufakat.core.services import check_audience_reachable
from mufakat.library import services as library
from mufakat.library.models import KnowledgeItem
from mufakat.meetings import services as meetings
from mufakat.meetings.documents import add_document
from mufakat.meetings.models import Meeting, MeetingDocument, Outcome
from mufakat.monitoring import services as monitoring
from mufakat.monitoring.models import ProgressReport, ReportingRound
from mufakat.monitoring.tests.reports_fixtures import plan  # noqa: F401  (fixture)
from mufakat.registry.models import Body
from mufakat.testing.factories import BodyFactory, InstrumentFactory, MeetingFactory
from mufakat.workplans import services as workplans
from mufakat.workplans.models import Instrument

ORPHAN: dict[str, Any] = {
    "audience": Audience.SHARING_GROUP,
    "tlp": TLP.AMBER,
    "sharing_groups": [],
}
MESSAGE = "Tick at least one sharing group, or choose another audience."


def test_groups_or_people_are_needed_only_by_the_audiences_that_name_them() -> None:
    check_audience_reachable(Audience.ORGANISATION)
    check_audience_reachable(Audience.SHARING_GROUP, sharing_groups=[1])
    check_audience_reachable(Audience.NAMED, named_users=[1])
    with pytest.raises(ValidationError) as groups:
        check_audience_reachable(Audience.SHARING_GROUP, named_users=[1])
    assert groups.value.message_dict == {"sharing_groups": [MESSAGE]}
    with pytest.raises(ValidationError) as people:
        check_audience_reachable(Audience.NAMED, sharing_groups=[1])
    assert list(people.value.message_dict) == ["named_users"]


@pytest.fixture
def body(db: Any) -> Body:
    return BodyFactory.create(code="SOMTC", name="Senior Officials Meeting on Transnational Crime")


@pytest.fixture
def meeting(body: Body) -> Meeting:
    return MeetingFactory.create(
        body=body, number=25, start_date=dt.date(2025, 6, 1), audience=Audience.PLATFORM,
        tlp=TLP.GREEN,
    )  # fmt: skip


def _meeting(secretariat: User, meeting: Meeting) -> Any:
    return meetings.create_meeting(
        actor=secretariat, body="SOMTC", number=26, start_date="2026-06-01", **ORPHAN
    )


def _outcome(secretariat: User, meeting: Meeting) -> Any:
    return meetings.create_outcome(
        actor=secretariat, meeting=meeting, kind=Outcome.Kind.DECISION, text="Noted.", **ORPHAN
    )


def _document(secretariat: User, meeting: Meeting) -> Any:
    return add_document(
        actor=secretariat,
        meeting=meeting,
        title="Working paper",
        text="Text.",
        audience=Audience.SHARING_GROUP,
        tlp=TLP.AMBER,
    )


def _instrument(secretariat: User, meeting: Meeting) -> Any:
    return workplans.create_instrument(
        actor=secretariat,
        data={
            "key": "orphan-plan",
            "title": "A plan",
            "kind": Instrument.Kind.WORK_PLAN,
            "start_year": 2026,
            "end_year": 2030,
            "audience": Audience.SHARING_GROUP,
            "tlp": TLP.AMBER,
            "sharing_groups": [],
        },
    )


def _item(secretariat: User, meeting: Meeting) -> Any:
    return library.create_item(actor=secretariat, data={"title": "A good practice", **ORPHAN})


CREATES: dict[str, tuple[Callable[[User, Meeting], Any], Any]] = {
    "meeting": (_meeting, Meeting),
    "outcome": (_outcome, Outcome),
    "meeting document": (_document, MeetingDocument),
    "instrument": (_instrument, Instrument),
    "knowledge item": (_item, KnowledgeItem),
}


@pytest.mark.parametrize("name", list(CREATES))
def test_no_service_creates_a_record_shared_with_no_group(
    name: str, secretariat: User, meeting: Meeting
) -> None:
    create, model = CREATES[name]
    before = model.objects.count()
    with pytest.raises(ValidationError) as refused:
        create(secretariat, meeting)
    assert "sharing_groups" in refused.value.message_dict
    assert model.objects.count() == before


def test_an_update_cannot_take_every_group_away(
    secretariat: User, meeting: Meeting, asean_japan: SharingGroup
) -> None:
    instrument = InstrumentFactory(key="plan", audience=Audience.SHARING_GROUP, tlp=TLP.AMBER)
    instrument.sharing_groups.set([asean_japan])
    with pytest.raises(ValidationError) as refused:
        workplans.update_instrument(
            actor=secretariat,
            instrument=instrument,
            changes={"sharing_groups": []},
            expected_version=None,
        )
    assert refused.value.message_dict == {"sharing_groups": [MESSAGE]}
    assert list(instrument.sharing_groups.all()) == [asean_japan]


def test_an_update_to_a_group_audience_needs_a_group(secretariat: User, meeting: Meeting) -> None:
    with pytest.raises(ValidationError):
        meetings.update_meeting(
            actor=secretariat,
            meeting=meeting,
            changes={"audience": Audience.SHARING_GROUP, "tlp": TLP.AMBER},
            expected_version=None,
        )
    meeting.refresh_from_db()
    assert meeting.audience == Audience.PLATFORM


def test_an_update_that_leaves_the_audience_alone_is_not_checked_again(
    secretariat: User, meeting: Meeting
) -> None:
    updated = meetings.update_meeting(
        actor=secretariat, meeting=meeting, changes={"city": "Jakarta"}, expected_version=None
    )
    assert updated.city == "Jakarta"


# -- the round from the issue ------------------------------------------------------------------


def test_a_round_shared_with_no_group_is_refused_before_any_report_is_made(
    secretariat: User,
    plan: Any,  # noqa: F811
) -> None:
    with pytest.raises(ValidationError) as refused:
        monitoring.open_round(
            actor=secretariat,
            title="Round for the 25th SOMTC",
            instruments=[plan.instrument],
            reporting_parties=["IDN", "JPN"],
            opens_on="2025-03-01",
            due_date="2025-06-01",
            **ORPHAN,
        )
    assert refused.value.message_dict == {"sharing_groups": [MESSAGE]}
    assert not ReportingRound.objects.exists()
    assert not ProgressReport.objects.exists()


def test_the_round_form_says_to_tick_a_group_and_saves_nothing(
    as_user: Any,
    secretariat: User,
    plan: Any,  # noqa: F811
) -> None:
    from mufakat.registry.models import Party

    response = as_user(secretariat).post(
        reverse("monitoring:round_create"),
        {
            "title": "Round for the 25th SOMTC",
            "instruments": [plan.instrument.pk],
            "reporting_parties": [p.pk for p in Party.objects.filter(code__in=["IDN", "JPN"])],
            "opens_on": "2025-03-01",
            "due_date": "2025-06-01",
            "audience": "sharing_group",
            "tlp": "AMBER",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["sharing_groups"] == [MESSAGE]
    assert MESSAGE in response.content.decode()
    assert not ReportingRound.objects.exists()
    assert not ProgressReport.objects.exists()


def test_the_api_refuses_a_round_shared_with_no_group(
    client: Any,
    api_headers: Any,
    secretariat: User,
    plan: Any,  # noqa: F811
) -> None:
    response = client.post(
        "/api/v1/rounds",
        {
            "title": "Round for the 25th SOMTC",
            "instruments": [plan.instrument.key],
            "reporting_parties": ["IDN", "JPN"],
            "opens_on": "2025-03-01",
            "due_date": "2025-06-01",
            "audience": "sharing_group",
            "tlp": "AMBER",
            "sharing_groups": [],
        },
        content_type="application/json",
        headers=api_headers(secretariat),
    )
    assert response.status_code == 422, response.content
    assert response.json()["detail"][0]["loc"] == ["body", "sharing_groups"]
    assert not ReportingRound.objects.exists()
