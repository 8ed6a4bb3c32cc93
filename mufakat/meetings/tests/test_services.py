"""The rules of meetings, outcomes and forwarding, as the services enforce them."""

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from mufakat.audit.models import AuditEvent
from mufakat.core.errors import ConflictError
from mufakat.meetings import services
from mufakat.meetings.models import AgendaItem, Forwarding, Meeting, Outcome, Participant
from mufakat.testing.factories import MeetingFactory, OutcomeFactory

pytestmark = pytest.mark.django_db


def field_errors(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict


def test_a_meeting_without_title_is_called_after_its_number_and_body(
    secretariat: Any, wg_ct: Any
) -> None:
    meeting = services.create_meeting(
        actor=secretariat, body="SOMTC-WG-CT", number=19, start_date="2023-05-18", status="held"
    )
    assert meeting.title == "19th SOMTC Working Group on Counter-Terrorism"


def test_a_second_19th_meeting_of_the_same_body_is_refused_on_the_number(
    secretariat: Any, chain: Any
) -> None:
    with pytest.raises(ValidationError) as exc:
        services.create_meeting(
            actor=secretariat, body="SOMTC-WG-CT", number=19, start_date="2024-05-01"
        )
    message = field_errors(exc)["number"][0]
    assert message.startswith("The SOMTC-WG-CT already has a 19th meeting (")
    assert "19th SOMTC Working Group on Counter-Terrorism" in message


def test_the_same_number_in_another_body_is_fine(secretariat: Any, chain: Any) -> None:
    meeting = services.create_meeting(
        actor=secretariat, body="SOMTC", number=19, start_date="2019-05-01", status="held"
    )
    assert meeting.number == 19


def test_a_clash_with_a_meeting_the_editor_cannot_see_does_not_reveal_its_title(
    secretariat: Any, bnpt_meeting: Meeting
) -> None:
    with pytest.raises(ValidationError) as exc:
        services.create_meeting(
            actor=secretariat, body="SOMTC-WG-CT", number=7, start_date="2024-05-01"
        )
    message = field_errors(exc)["number"][0]
    assert "BNPT" not in message
    assert "cannot see" in message


def test_a_planned_meeting_may_be_dated_by_its_month_alone(secretariat: Any, wg_ct: Any) -> None:
    meeting = services.create_meeting(
        actor=secretariat, body="SOMTC-WG-CT", number=21, start_date="2026-09"
    )
    assert meeting.start_precision == "month"
    assert meeting.start_date == dt.date(2026, 9, 1)
    assert str(meeting.start) == "2026-09"


def test_a_meeting_needs_at_least_its_month(secretariat: Any, wg_ct: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        services.create_meeting(
            actor=secretariat, body="SOMTC-WG-CT", start_date="2023", status="held"
        )
    assert "start_date" in field_errors(exc)


def test_a_past_meeting_known_only_by_its_month_may_be_recorded(
    secretariat: Any, wg_ct: Any
) -> None:
    meeting = services.create_meeting(
        actor=secretariat, body="SOMTC-WG-CT", number=20, start_date="2023-06", status="held"
    )
    assert meeting.start_precision == "month" and meeting.status == "held"


def test_holding_a_month_only_meeting_requires_its_day(secretariat: Any, wg_ct: Any) -> None:
    meeting = services.create_meeting(
        actor=secretariat, body="SOMTC-WG-CT", number=21, start_date="2026-09"
    )
    with pytest.raises(ValidationError) as exc:
        services.update_meeting(
            actor=secretariat, meeting=meeting, changes={"status": "held"}, expected_version=1
        )
    assert "start_date" in field_errors(exc)


def test_a_meeting_cannot_end_before_it_starts(secretariat: Any, wg_ct: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        services.create_meeting(
            actor=secretariat,
            body="SOMTC-WG-CT",
            start_date="2023-05-18",
            end_date="2023-05-17",
        )
    assert "end_date" in field_errors(exc)


@pytest.mark.parametrize(
    ("field", "value"), [("body", "SOMTC-WG-NOPE"), ("host", "XXX"), ("chair", "XXX")]
)
def test_an_unknown_code_is_reported_on_its_field(
    secretariat: Any, wg_ct: Any, field: str, value: str
) -> None:
    arguments: dict[str, Any] = {"body": "SOMTC-WG-CT", "start_date": "2023-05-18", field: value}
    with pytest.raises(ValidationError) as exc:
        services.create_meeting(actor=secretariat, **arguments)
    assert field in field_errors(exc)


def test_an_audience_wider_than_the_tlp_allows_is_refused(secretariat: Any, wg_ct: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        services.create_meeting(
            actor=secretariat,
            body="SOMTC-WG-CT",
            start_date="2023-05-18",
            audience="public",
            tlp="AMBER",
        )
    assert "audience" in field_errors(exc)


def test_a_focal_point_cannot_create_a_meeting(idn_focal: Any, wg_ct: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.create_meeting(actor=idn_focal, body="SOMTC-WG-CT", start_date="2023-05-18")


def test_creating_and_changing_a_meeting_is_audited(secretariat: Any, wg_ct: Any) -> None:
    meeting = services.create_meeting(
        actor=secretariat, body="SOMTC-WG-CT", number=20, start_date="2024-06-01"
    )
    services.update_meeting(
        actor=secretariat, meeting=meeting, changes={"city": "Manila"}, expected_version=1
    )
    actions = list(
        AuditEvent.objects.filter(object_id=str(meeting.pk), object_type="meetings.meeting")
        .order_by("id")
        .values_list("action", "actor_username")
    )
    assert actions == [("meeting.create", "secretariat"), ("meeting.update", "secretariat")]


def test_an_edit_based_on_an_old_version_conflicts(secretariat: Any, chain: Any) -> None:
    services.update_meeting(
        actor=secretariat, meeting=chain.wg, changes={"city": "Jakarta"}, expected_version=1
    )
    with pytest.raises(ConflictError):
        services.update_meeting(
            actor=secretariat, meeting=chain.wg, changes={"city": "Bali"}, expected_version=1
        )
    chain.wg.refresh_from_db()
    assert chain.wg.city == "Jakarta"


def test_moving_a_meeting_after_the_meeting_it_forwarded_to_is_refused(
    secretariat: Any, chain: Any
) -> None:
    with pytest.raises(ValidationError) as exc:
        services.update_meeting(
            actor=secretariat,
            meeting=chain.wg,
            changes={"start_date": "2023-07-01"},
            expected_version=1,
        )
    assert "start_date" in field_errors(exc)


def test_outcomes_are_numbered_per_meeting(secretariat: Any, chain: Any) -> None:
    second = services.create_outcome(
        actor=secretariat, meeting=chain.wg, kind="recommendation", text="Share watch lists."
    )
    third = services.create_outcome(
        actor=secretariat,
        meeting=chain.wg,
        kind="action_item",
        text="Circulate the database concept note.",
        responsible="IDN",
        due_date="2023-09-30",
        audience="public",
        tlp="CLEAR",
    )
    assert (second.number, third.number) == (2, 3)
    assert third.reference == "SOMTC-WG-CT 19/3"
    assert third.responsible is not None and third.responsible.code == "IDN"


def test_an_outcome_edit_based_on_an_old_version_conflicts(secretariat: Any, chain: Any) -> None:
    services.update_outcome(
        actor=secretariat, outcome=chain.wg_outcome, changes={"text": "A"}, expected_version=1
    )
    with pytest.raises(ConflictError):
        services.update_outcome(
            actor=secretariat, outcome=chain.wg_outcome, changes={"text": "B"}, expected_version=1
        )


def test_an_outcome_can_be_forwarded_to_a_later_meeting(secretariat: Any, chain: Any) -> None:
    outcome = OutcomeFactory.create(meeting=chain.wg, number=2)
    forwarding = services.forward_outcome(
        actor=secretariat, outcome=outcome, to_meeting=chain.ammtc.pk
    )
    assert forwarding.status == Forwarding.Status.PENDING
    assert AuditEvent.objects.filter(
        action="outcome.forward", object_id=str(forwarding.pk)
    ).exists()


def test_forwarding_back_in_time_is_refused(secretariat: Any, chain: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        services.forward_outcome(
            actor=secretariat, outcome=chain.ammtc_outcome, to_meeting=chain.wg.pk
        )
    assert "can only be forwarded to a later meeting" in field_errors(exc)["to_meeting"][0]


def test_forwarding_to_a_meeting_on_the_same_day_is_refused(secretariat: Any, chain: Any) -> None:
    same_day = MeetingFactory.create(
        body=chain.somtc.body, number=99, start_date=chain.wg.start_date
    )
    with pytest.raises(ValidationError) as exc:
        services.forward_outcome(actor=secretariat, outcome=chain.wg_outcome, to_meeting=same_day)
    assert "to_meeting" in field_errors(exc)


def test_forwarding_twice_to_the_same_meeting_is_refused(secretariat: Any, chain: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        services.forward_outcome(
            actor=secretariat, outcome=chain.wg_outcome, to_meeting=chain.somtc.pk
        )
    assert "already forwarded" in field_errors(exc)["to_meeting"][0]


def test_forwarding_to_a_meeting_the_editor_cannot_see_is_an_unknown_meeting(
    secretariat: Any, chain: Any, wg_ct: Any, idn: Any
) -> None:
    hidden = MeetingFactory.create(
        body=wg_ct,
        number=30,
        start_date=dt.date(2024, 1, 10),
        audience="organisation",
        tlp="AMBER",
        owner_party=idn,
    )
    with pytest.raises(ValidationError) as exc:
        services.forward_outcome(actor=secretariat, outcome=chain.wg_outcome, to_meeting=hidden.pk)
    assert field_errors(exc)["to_meeting"] == ["Unknown meeting."]


def test_a_focal_point_cannot_forward_an_outcome(idn_focal: Any, chain: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.forward_outcome(
            actor=idn_focal, outcome=chain.somtc_outcome, to_meeting=chain.ammtc.pk + 999
        )


def test_a_decision_is_recorded_on_the_forwarding_and_audited(secretariat: Any, chain: Any) -> None:
    outcome = OutcomeFactory.create(meeting=chain.wg, number=2)
    forwarding = services.forward_outcome(
        actor=secretariat, outcome=outcome, to_meeting=chain.somtc
    )
    decided = services.record_decision(
        actor=secretariat,
        forwarding=forwarding,
        status="returned",
        decision_note="Back to the WG for costing.",
        resulting_outcome=chain.somtc_outcome.pk,
        expected_version=forwarding.lock_version,
    )
    assert decided.status == "returned"
    assert decided.resulting_outcome == chain.somtc_outcome
    assert AuditEvent.objects.filter(
        action="forwarding.decision", object_id=str(forwarding.pk)
    ).exists()


def test_the_resulting_outcome_must_belong_to_the_receiving_meeting(
    secretariat: Any, chain: Any
) -> None:
    with pytest.raises(ValidationError) as exc:
        services.record_decision(
            actor=secretariat,
            forwarding=chain.to_somtc,
            status="endorsed",
            resulting_outcome=chain.ammtc_outcome.pk,
        )
    assert "resulting_outcome" in field_errors(exc)


def test_a_focal_point_cannot_record_a_decision(idn_focal: Any, chain: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.record_decision(actor=idn_focal, forwarding=chain.to_somtc, status="rejected")


def test_a_meeting_whose_outcomes_were_forwarded_cannot_be_deleted(
    secretariat: Any, chain: Any
) -> None:
    with pytest.raises(ValidationError):
        services.delete_meeting(actor=secretariat, meeting=chain.wg)
    assert Meeting.objects.filter(pk=chain.wg.pk).exists()


def test_deleting_a_meeting_deletes_its_outcomes_and_audits_them(
    secretariat: Any, wg_ct: Any
) -> None:
    meeting = MeetingFactory.create(body=wg_ct, number=40)
    outcome = OutcomeFactory.create(meeting=meeting, number=1)
    meeting_id, outcome_id = meeting.pk, outcome.pk
    services.delete_meeting(actor=secretariat, meeting=meeting)
    assert not Outcome.objects.filter(pk=outcome_id).exists()
    assert AuditEvent.objects.filter(action="outcome.delete", object_id=str(outcome_id)).exists()
    assert AuditEvent.objects.filter(action="meeting.delete", object_id=str(meeting_id)).exists()


def test_agenda_items_go_at_the_end_and_positions_are_unique(secretariat: Any, chain: Any) -> None:
    first = services.add_agenda_item(actor=secretariat, meeting=chain.wg, title="Opening")
    second = services.add_agenda_item(actor=secretariat, meeting=chain.wg, title="Adoption")
    assert (first.position, second.position) == (1, 2)
    with pytest.raises(ValidationError) as exc:
        services.add_agenda_item(actor=secretariat, meeting=chain.wg, title="Dup", position=1)
    assert "position" in field_errors(exc)
    services.update_agenda_item(
        actor=secretariat,
        item=second,
        changes={"title": "Adoption of the agenda"},
        expected_version=1,
    )
    services.remove_agenda_item(actor=secretariat, item=first)
    assert list(AgendaItem.objects.values_list("title", flat=True)) == ["Adoption of the agenda"]


def test_participants_name_a_party_once_and_an_agency_of_that_party(
    secretariat: Any, chain: Any, bnpt: Any, jpn: Any
) -> None:
    added = services.add_participant(
        actor=secretariat,
        meeting=chain.wg,
        party="IDN",
        agency="bnpt",
        head_of_delegation="Head of BNPT",
    )
    assert added.agency == bnpt
    with pytest.raises(ValidationError) as exc:
        services.add_participant(actor=secretariat, meeting=chain.wg, party="IDN")
    assert "party" in field_errors(exc)
    with pytest.raises(ValidationError) as exc:
        services.add_participant(actor=secretariat, meeting=chain.wg, party="JPN", agency="BNPT")
    assert "agency" in field_errors(exc)
    with pytest.raises(ValidationError) as exc:
        services.add_participant(actor=secretariat, meeting=chain.wg, party="ZZZ")
    assert "party" in field_errors(exc)
    services.remove_participant(actor=secretariat, participant=added)
    assert not Participant.objects.exists()
