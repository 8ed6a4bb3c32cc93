"""The registry's rules, written once in services and shared by the UI and the API."""

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from mufakat.audit.models import AuditEvent
from mufakat.core.errors import ConflictError
from mufakat.registry import services
from mufakat.registry.models import Body, Party, PartyMembership, Term
from mufakat.testing.factories import PartyFactory, member_state

pytestmark = pytest.mark.django_db


def fields(error: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    return set(error.value.message_dict)


# -- rights ------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["idn_focal", "jpn_focal", "outsider", "anonymous"])
def test_only_the_secretariat_may_register_a_party(who: str, all_users: dict[str, Any]) -> None:
    with pytest.raises(PermissionDenied):
        services.create_party(
            actor=all_users[who], code="TLS", name="Timor-Leste", kind=Party.Kind.MEMBER_STATE
        )
    assert not Party.objects.filter(code="TLS").exists()


def test_a_focal_point_cannot_add_a_term(idn_focal: Any, wg_ct: Body, idn: Party) -> None:
    with pytest.raises(PermissionDenied):
        services.add_term(
            actor=idn_focal,
            body=wg_ct,
            party=idn,
            role=Term.Role.CHAIR,
            start_date=dt.date(2023, 1, 1),
        )


# -- parties -----------------------------------------------------------------------------------


def test_the_secretariat_registers_a_party_and_the_audit_log_records_it(secretariat: Any) -> None:
    party = services.create_party(
        actor=secretariat, code="tls", name=" Timor-Leste ", kind=Party.Kind.MEMBER_STATE
    )

    assert (party.code, party.name) == ("TLS", "Timor-Leste")
    event = AuditEvent.objects.get(object_type="registry.party", object_id=str(party.pk))
    assert event.action == "party.create"
    assert event.actor_username == "secretariat"


def test_a_duplicate_party_code_is_refused_on_the_code_field(secretariat: Any, idn: Party) -> None:
    with pytest.raises(ValidationError) as error:
        services.create_party(
            actor=secretariat, code="IDN", name="Indonesia", kind=Party.Kind.MEMBER_STATE
        )
    assert error.value.message_dict == {"code": ["A party with code “IDN” already exists."]}


def test_a_malformed_party_code_is_refused(secretariat: Any) -> None:
    with pytest.raises(ValidationError) as error:
        services.create_party(actor=secretariat, code="I D", name="X", kind="member_state")
    assert fields(error) == {"code"}


def test_an_unknown_kind_is_refused_on_the_kind_field(secretariat: Any) -> None:
    with pytest.raises(ValidationError) as error:
        services.create_party(actor=secretariat, code="XYZ", name="X", kind="planet")
    assert fields(error) == {"kind"}


def test_updating_a_party_bumps_its_version_and_is_audited(secretariat: Any, idn: Party) -> None:
    saved = services.update_party(
        actor=secretariat,
        party=idn,
        changes={"name": "Republic of Indonesia"},
        expected_version=idn.lock_version,
    )

    assert saved.name == "Republic of Indonesia"
    assert saved.lock_version == idn.lock_version + 1
    event = AuditEvent.objects.get(action="party.update")
    assert (event.before or {})["name"] == "Indonesia"
    assert (event.after or {})["name"] == "Republic of Indonesia"


def test_an_edit_based_on_an_old_version_conflicts(secretariat: Any, idn: Party) -> None:
    services.update_party(
        actor=secretariat, party=idn, changes={"notes": "first"}, expected_version=1
    )
    with pytest.raises(ConflictError):
        services.update_party(
            actor=secretariat, party=idn, changes={"notes": "second"}, expected_version=1
        )
    idn.refresh_from_db()
    assert idn.notes == "first"


def test_a_party_code_cannot_be_changed(secretariat: Any, idn: Party) -> None:
    with pytest.raises(ValidationError) as error:
        services.update_party(
            actor=secretariat, party=idn, changes={"code": "INA"}, expected_version=None
        )
    assert fields(error) == {"code"}


# -- memberships -------------------------------------------------------------------------------


def test_timor_leste_goes_from_applicant_to_observer_to_member(secretariat: Any) -> None:
    tls = PartyFactory.create(code="TLS", name="Timor-Leste")
    for status, start, end in [
        ("applicant", dt.date(2011, 1, 1), dt.date(2022, 1, 1)),
        ("observer", dt.date(2022, 1, 1), dt.date(2025, 10, 26)),
        ("member", dt.date(2025, 10, 26), None),
    ]:
        services.add_membership(
            actor=secretariat, party=tls, status=status, start_date=start, end_date=end
        )

    assert not tls.is_member_on(dt.date(2025, 10, 25))
    assert tls.is_member_on(dt.date(2025, 10, 26))
    assert AuditEvent.objects.filter(action="partymembership.create").count() == 3


def test_overlapping_statuses_are_refused_with_the_clashing_one_named(secretariat: Any) -> None:
    tls = PartyFactory.create(code="TLS", name="Timor-Leste")
    services.add_membership(
        actor=secretariat,
        party=tls,
        status="observer",
        start_date=dt.date(2022, 1, 1),
        end_date=dt.date(2025, 10, 26),
    )

    with pytest.raises(ValidationError) as error:
        services.add_membership(
            actor=secretariat, party=tls, status="member", start_date=dt.date(2025, 1, 1)
        )

    assert "Observer" in error.value.message_dict["start_date"][0]
    assert PartyMembership.objects.filter(party=tls).count() == 1


def test_a_membership_cannot_end_before_it_starts(secretariat: Any, idn: Party) -> None:
    with pytest.raises(ValidationError) as error:
        services.add_membership(
            actor=secretariat,
            party=PartyFactory.create(code="TLS"),
            status="observer",
            start_date=dt.date(2022, 1, 1),
            end_date=dt.date(2021, 1, 1),
        )
    assert fields(error) == {"end_date"}


# -- agencies ----------------------------------------------------------------------------------


def test_the_secretariat_registers_an_agency(secretariat: Any, idn: Party) -> None:
    agency = services.create_agency(
        actor=secretariat, party=idn, acronym="POLRI", name="Indonesian National Police"
    )
    assert agency.party == idn
    assert AuditEvent.objects.filter(action="agency.create").exists()


def test_the_same_acronym_twice_in_one_party_is_refused(secretariat: Any, bnpt: Any) -> None:
    with pytest.raises(ValidationError) as error:
        services.create_agency(actor=secretariat, party=bnpt.party, acronym="bnpt", name="Again")
    assert fields(error) == {"acronym"}


# -- bodies ------------------------------------------------------------------------------------


def test_the_secretariat_adds_a_working_group_under_somtc(
    secretariat: Any, somtc: Body, terrorism: Any, jpn: Party
) -> None:
    body = services.create_body(
        actor=secretariat,
        code="somtc-wg-tip",
        name="SOMTC Working Group on Trafficking in Persons",
        level=Body.Level.WORKING_GROUP,
        parent=somtc,
        crime_areas=[terrorism],
    )

    assert body.code == "SOMTC-WG-TIP"
    assert body.ancestors() == [somtc, somtc.parent]
    assert list(body.crime_areas.all()) == [terrorism]
    after = AuditEvent.objects.get(action="body.create").after or {}
    assert after["crime_areas"] == [terrorism.pk]


def test_a_duplicate_body_code_is_refused(secretariat: Any, somtc: Body) -> None:
    with pytest.raises(ValidationError) as error:
        services.create_body(actor=secretariat, code="SOMTC", name="Again", level="other")
    assert fields(error) == {"code"}


def test_a_body_cannot_report_to_one_of_its_own_sub_bodies(
    secretariat: Any, ammtc: Body, wg_ct: Body
) -> None:
    with pytest.raises(ValidationError) as error:
        services.update_body(
            actor=secretariat, body=ammtc, changes={"parent": wg_ct}, expected_version=None
        )

    assert error.value.message_dict == {
        "parent": [
            "AMMTC cannot report to SOMTC-WG-CT: SOMTC-WG-CT already reports, directly or "
            "indirectly, to AMMTC."
        ]
    }
    ammtc.refresh_from_db()
    assert ammtc.parent is None


def test_a_body_cannot_report_to_itself(secretariat: Any, somtc: Body) -> None:
    with pytest.raises(ValidationError) as error:
        services.update_body(
            actor=secretariat, body=somtc, changes={"parent": somtc}, expected_version=None
        )
    assert fields(error) == {"parent"}


def test_moving_a_body_to_another_parent_is_audited(
    secretariat: Any, ammtc: Body, wg_ct: Body
) -> None:
    services.update_body(
        actor=secretariat, body=wg_ct, changes={"parent": ammtc}, expected_version=1
    )
    wg_ct.refresh_from_db()
    assert wg_ct.parent == ammtc
    after = AuditEvent.objects.get(action="body.update").after or {}
    assert after["parent_id"] == ammtc.pk


# -- terms -------------------------------------------------------------------------------------


def test_indonesia_chairs_the_counter_terrorism_working_group(
    secretariat: Any, wg_ct: Body, idn: Party, bnpt: Any
) -> None:
    term = services.add_term(
        actor=secretariat,
        body=wg_ct,
        party=idn,
        agency=bnpt,
        role=Term.Role.CHAIR,
        start_date=dt.date(2023, 1, 1),
    )
    assert term.is_current_on()
    assert AuditEvent.objects.filter(action="term.create", object_id=str(term.pk)).exists()


def test_a_term_cannot_end_before_it_starts(secretariat: Any, wg_ct: Body, idn: Party) -> None:
    with pytest.raises(ValidationError) as error:
        services.add_term(
            actor=secretariat,
            body=wg_ct,
            party=idn,
            role=Term.Role.CHAIR,
            start_date=dt.date(2023, 1, 1),
            end_date=dt.date(2022, 12, 31),
        )
    assert error.value.message_dict == {
        "end_date": ["The end date cannot be before the start date."]
    }


def test_two_chairs_at_the_same_time_are_refused_with_a_clear_message(
    secretariat: Any, wg_ct: Body, idn: Party
) -> None:
    phl = member_state("PHL", "Philippines")
    services.add_term(
        actor=secretariat, body=wg_ct, party=idn, role="chair", start_date=dt.date(2023, 1, 1)
    )

    with pytest.raises(ValidationError) as error:
        services.add_term(
            actor=secretariat, body=wg_ct, party=phl, role="chair", start_date=dt.date(2024, 1, 1)
        )

    assert error.value.message_dict == {
        "start_date": [
            "Indonesia is already Chair of SOMTC-WG-CT since 1 January 2023, with no end date; "
            "a body has one Chair at a time. End that term first or choose other dates."
        ]
    }


def test_a_chair_and_a_lead_shepherd_may_serve_at_the_same_time(
    secretariat: Any, wg_ct: Body, idn: Party
) -> None:
    phl = member_state("PHL", "Philippines")
    services.add_term(
        actor=secretariat, body=wg_ct, party=idn, role="chair", start_date=dt.date(2023, 1, 1)
    )
    services.add_term(
        actor=secretariat,
        body=wg_ct,
        party=phl,
        role="lead_shepherd",
        start_date=dt.date(2023, 1, 1),
    )
    assert wg_ct.terms.count() == 2


def test_a_new_chair_may_start_the_day_the_previous_term_ended(
    secretariat: Any, wg_ct: Body, idn: Party
) -> None:
    phl = member_state("PHL", "Philippines")
    services.add_term(
        actor=secretariat,
        body=wg_ct,
        party=idn,
        role="chair",
        start_date=dt.date(2023, 1, 1),
        end_date=dt.date(2024, 1, 1),
    )
    later = services.add_term(
        actor=secretariat, body=wg_ct, party=phl, role="chair", start_date=dt.date(2024, 1, 1)
    )
    assert later.is_current_on()


def test_closing_a_term_lets_the_next_chair_begin(
    secretariat: Any, wg_ct: Body, idn: Party
) -> None:
    first = services.add_term(
        actor=secretariat, body=wg_ct, party=idn, role="chair", start_date=dt.date(2023, 1, 1)
    )
    services.update_term(
        actor=secretariat,
        term=first,
        changes={"end_date": dt.date(2024, 1, 1)},
        expected_version=first.lock_version,
    )
    services.add_term(
        actor=secretariat,
        body=wg_ct,
        party=member_state("PHL"),
        role="chair",
        start_date=dt.date(2024, 1, 1),
    )
    assert AuditEvent.objects.filter(action="term.update").count() == 1


def test_a_term_agency_must_belong_to_the_party(
    secretariat: Any, wg_ct: Body, jpn: Party, bnpt: Any
) -> None:
    with pytest.raises(ValidationError) as error:
        services.add_term(
            actor=secretariat,
            body=wg_ct,
            party=jpn,
            agency=bnpt,
            role="chair",
            start_date=dt.date(2023, 1, 1),
        )
    assert fields(error) == {"agency"}


# -- crime areas -------------------------------------------------------------------------------


def test_dropping_a_crime_area_from_the_priority_list_is_dated(
    secretariat: Any, terrorism: Any
) -> None:
    piracy = services.update_crime_area(
        actor=secretariat,
        crime_area=terrorism,
        changes={"priority_since": dt.date(1999, 1, 1), "priority_until": dt.date(2025, 1, 1)},
        expected_version=terrorism.lock_version,
    )
    assert piracy.is_priority_on(dt.date(2024, 12, 31))
    assert not piracy.is_priority_on(dt.date(2025, 1, 1))
    assert AuditEvent.objects.filter(action="crimearea.update").exists()


def test_a_priority_period_cannot_end_before_it_starts(secretariat: Any, terrorism: Any) -> None:
    with pytest.raises(ValidationError) as error:
        services.update_crime_area(
            actor=secretariat,
            crime_area=terrorism,
            changes={"priority_since": dt.date(2025, 1, 1), "priority_until": dt.date(2024, 1, 1)},
            expected_version=None,
        )
    assert fields(error) == {"priority_until"}


def test_a_crime_area_code_is_fixed(secretariat: Any, terrorism: Any) -> None:
    with pytest.raises(ValidationError) as error:
        services.update_crime_area(
            actor=secretariat,
            crime_area=terrorism,
            changes={"code": "terror"},
            expected_version=None,
        )
    assert fields(error) == {"code"}
