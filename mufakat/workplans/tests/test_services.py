"""The rules of instruments, written once in the services and shared by the UI and the API."""

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from mufakat.audit.models import AuditEvent
from mufakat.core.errors import ConflictError
from mufakat.workplans import services
from mufakat.workplans.models import Activity, Indicator, Instrument, InstrumentLink

pytestmark = pytest.mark.django_db


def new_plan(**overrides: Any) -> Any:
    return {
        "key": "somtc-china-wp-2024-2027",
        "title": "SOMTC–China Work Plan 2024–2027",
        "kind": Instrument.Kind.WORK_PLAN,
        "start_year": 2024,
        "end_year": 2027,
        "parties": ["ASEAN"],
        "audience": "public",
        "tlp": "CLEAR",
        **overrides,
    }


def field_of(exc: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    return set(exc.value.message_dict)


# -- creating and editing ----------------------------------------------------------------------


def test_the_secretariat_creates_a_work_plan_with_a_first_version_and_an_audit_event(
    secretariat: Any, asean: Any, ammtc_17: Any
) -> None:
    plan = services.create_instrument(
        actor=secretariat, data=new_plan(adopted_on="2023-08", adopted_at=ammtc_17.pk)
    )

    assert plan.owner_party == secretariat.party
    assert str(plan.adopted) == "2023-08"
    assert plan.adopted_at == ammtc_17
    assert [p.code for p in plan.parties.all()] == ["ASEAN"]
    assert list(plan.versions.values_list("number", flat=True)) == [1]
    assert AuditEvent.objects.filter(
        action="instrument.create", object_id=str(plan.pk), actor_username="secretariat"
    ).exists()


def test_a_focal_point_cannot_create_or_edit_an_instrument(
    idn_focal: Any, work_plan: Instrument, asean: Any
) -> None:
    with pytest.raises(PermissionDenied):
        services.create_instrument(actor=idn_focal, data=new_plan())
    with pytest.raises(PermissionDenied):
        services.update_instrument(
            actor=idn_focal, instrument=work_plan, changes={"title": "x"}, expected_version=1
        )


def test_an_edit_based_on_an_old_version_conflicts(secretariat: Any, work_plan: Instrument) -> None:
    services.update_instrument(
        actor=secretariat, instrument=work_plan, changes={"place": "Jakarta"}, expected_version=1
    )

    with pytest.raises(ConflictError):
        services.update_instrument(
            actor=secretariat, instrument=work_plan, changes={"place": "Bali"}, expected_version=1
        )
    work_plan.refresh_from_db()
    assert work_plan.place == "Jakarta"


def test_every_update_stores_a_version_with_priority_areas_and_activities(
    secretariat: Any, work_plan: Instrument
) -> None:
    services.update_instrument(
        actor=secretariat, instrument=work_plan, changes={"end_year": 2028}, expected_version=1
    )

    version = work_plan.versions.get()
    assert version.created_by == secretariat
    assert version.data["end_year"] == 2028
    areas = {a["title"]: a for a in version.data["priority_areas"]}
    assert areas["Counter terrorism"]["crime_areas"] == ["terrorism"]
    activity = areas["Counter terrorism"]["activities"][0]
    assert activity["code"] == "CT-1"
    assert activity["lead_parties"] == ["JPN"]
    assert activity["indicators"][0]["target"] == "120"
    assert AuditEvent.objects.filter(
        action="instrument.update", object_id=str(work_plan.pk)
    ).exists()


def test_the_key_of_an_instrument_cannot_change(secretariat: Any, work_plan: Instrument) -> None:
    with pytest.raises(ValidationError) as exc:
        services.update_instrument(
            actor=secretariat, instrument=work_plan, changes={"key": "other"}, expected_version=1
        )
    assert field_of(exc) == {"key"}


# -- periods, adoption, extension ----------------------------------------------------------------


def test_a_period_cannot_end_before_it_starts(secretariat: Any, asean: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        services.create_instrument(actor=secretariat, data=new_plan(start_year=2027, end_year=2023))
    assert field_of(exc) == {"end_year"}


def test_a_declaration_may_have_no_period_but_a_work_plan_needs_one(
    secretariat: Any, asean: Any
) -> None:
    declaration = services.create_instrument(
        actor=secretariat,
        data=new_plan(
            key="kl-declaration-2015",
            kind=Instrument.Kind.DECLARATION,
            start_year=None,
            end_year=None,
            adopted_on="2015-09-30",
        ),
    )
    assert declaration.end_year is None

    with pytest.raises(ValidationError) as exc:
        services.create_instrument(actor=secretariat, data=new_plan(start_year=None, end_year=None))
    assert field_of(exc) == {"start_year"}


def test_an_extension_must_run_beyond_the_end_year(
    secretariat: Any, bali_work_plan: Instrument, ammtc_19: Any
) -> None:
    with pytest.raises(ValidationError) as exc:
        services.update_instrument(
            actor=secretariat,
            instrument=bali_work_plan,
            changes={"extended_to_year": 2025},
            expected_version=1,
        )
    assert field_of(exc) == {"extended_to_year"}


def test_an_unreadable_adoption_date_is_refused_on_its_field(secretariat: Any, asean: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        services.create_instrument(actor=secretariat, data=new_plan(adopted_on="12 Nov 2014"))
    assert field_of(exc) == {"adopted_on"}


def test_an_instrument_cannot_be_adopted_at_a_meeting_the_editor_cannot_see(
    secretariat: Any, asean: Any, closed_meeting: Any
) -> None:
    with pytest.raises(ValidationError) as exc:
        services.create_instrument(actor=secretariat, data=new_plan(adopted_at=closed_meeting.pk))
    assert field_of(exc) == {"adopted_at"}


def test_unknown_party_codes_are_refused_on_the_parties_field(secretariat: Any, asean: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        services.create_instrument(actor=secretariat, data=new_plan(parties=["ASEAN", "XXX"]))
    assert field_of(exc) == {"parties"}


def test_a_reserved_key_is_refused(secretariat: Any, asean: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        services.create_instrument(actor=secretariat, data=new_plan(key="new"))
    assert field_of(exc) == {"key"}


# -- lineage -----------------------------------------------------------------------------------


def test_a_link_that_would_make_the_lineage_circular_is_refused(
    secretariat: Any, work_plan: Instrument, declaration: Instrument
) -> None:
    with pytest.raises(ValidationError) as exc:
        services.add_link(
            actor=secretariat,
            source=declaration,
            target=work_plan.pk,
            kind=InstrumentLink.Kind.DERIVES_FROM,
        )
    assert field_of(exc) == {"target"}


def test_an_indirect_cycle_is_refused_too(
    secretariat: Any, work_plan: Instrument, declaration: Instrument
) -> None:
    successor = services.create_instrument(
        actor=secretariat,
        data=new_plan(key="successor", parties=[], start_year=2028, end_year=2032),
    )
    services.add_link(actor=secretariat, source=successor, target=work_plan, kind="supersedes")

    with pytest.raises(ValidationError) as exc:
        services.add_link(actor=secretariat, source=declaration, target=successor, kind="amends")
    assert field_of(exc) == {"target"}


def test_an_instrument_cannot_be_linked_to_itself(secretariat: Any, work_plan: Instrument) -> None:
    with pytest.raises(ValidationError) as exc:
        services.add_link(actor=secretariat, source=work_plan, target=work_plan, kind="amends")
    assert field_of(exc) == {"target"}


def test_adding_and_removing_a_link_is_versioned_and_audited(
    secretariat: Any, bali_work_plan: Instrument, declaration: Instrument
) -> None:
    link = services.add_link(
        actor=secretariat, source=bali_work_plan, target=declaration.pk, kind="derives_from"
    )
    assert bali_work_plan.versions.get().data["links"] == [
        {"kind": "derives_from", "target": declaration.pk}
    ]

    services.remove_link(actor=secretariat, link=link)

    assert not InstrumentLink.objects.filter(pk=link.pk).exists()
    assert bali_work_plan.versions.latest("number").data["links"] == []
    assert AuditEvent.objects.filter(action="instrumentlink.delete").exists()


# -- priority areas, activities, indicators ----------------------------------------------------


def test_activity_codes_are_unique_within_an_instrument(
    secretariat: Any, work_plan: Instrument
) -> None:
    cyber = work_plan.priority_areas.get(title="Cybercrime")

    with pytest.raises(ValidationError) as exc:
        services.create_activity(
            actor=secretariat, priority_area=cyber, data={"code": "ct-1", "title": "Again"}
        )
    assert field_of(exc) == {"code"}


def test_the_same_activity_code_may_be_used_by_another_instrument(
    secretariat: Any, work_plan: Instrument, bali_work_plan: Instrument
) -> None:
    pillar = services.create_priority_area(
        actor=secretariat, instrument=bali_work_plan, data={"title": "Prevention"}
    )
    activity = services.create_activity(
        actor=secretariat,
        priority_area=pillar,
        data={"code": "CT-1", "title": "Prevention workshop", "lead_parties": ["IDN"]},
        indicators=[{"name": "Workshops held", "kind": "numeric", "target": "2"}],
    )
    assert activity.indicators.get().target == "2"
    assert pillar.position == 1


def test_an_activity_period_cannot_end_before_it_starts(
    secretariat: Any, training: Activity
) -> None:
    with pytest.raises(ValidationError) as exc:
        services.update_activity(
            actor=secretariat, activity=training, changes={"end_year": 2020}, expected_version=1
        )
    assert field_of(exc) == {"end_year"}


def test_a_numeric_indicator_needs_numbers(secretariat: Any, training: Activity) -> None:
    with pytest.raises(ValidationError) as exc:
        services.create_indicator(
            actor=secretariat,
            activity=training,
            data={"name": "Cases", "kind": "numeric", "target": "many"},
        )
    assert field_of(exc) == {"target"}

    qualitative = services.create_indicator(
        actor=secretariat,
        activity=training,
        data={"name": "Guidelines", "kind": "qualitative", "target": "adopted"},
    )
    assert qualitative.target == "adopted"


def test_changing_an_activity_records_a_new_version_of_its_instrument(
    secretariat: Any, training: Activity, work_plan: Instrument
) -> None:
    services.update_activity(
        actor=secretariat,
        activity=training,
        changes={
            "title": "Financial investigations course",
            "participating_parties": ["IDN", "JPN"],
        },
        expected_version=1,
    )

    activity = work_plan.versions.get().data["priority_areas"][0]["activities"][0]
    assert activity["title"] == "Financial investigations course"
    assert activity["participating_parties"] == ["IDN", "JPN"]


def test_a_stale_priority_area_edit_conflicts(secretariat: Any, work_plan: Instrument) -> None:
    area = work_plan.priority_areas.get(position=1)
    services.update_priority_area(
        actor=secretariat, priority_area=area, changes={"title": "CT"}, expected_version=1
    )
    with pytest.raises(ConflictError):
        services.update_priority_area(
            actor=secretariat, priority_area=area, changes={"title": "C-T"}, expected_version=1
        )


def test_a_focal_point_cannot_change_activities_or_indicators(
    idn_focal: Any, training: Activity
) -> None:
    with pytest.raises(PermissionDenied):
        services.update_activity(
            actor=idn_focal, activity=training, changes={"title": "x"}, expected_version=1
        )
    with pytest.raises(PermissionDenied):
        services.update_indicator(
            actor=idn_focal,
            indicator=Indicator.objects.get(),
            changes={"target": "1"},
            expected_version=1,
        )
    assert Activity.objects.get(pk=training.pk).title != "x"


def test_a_review_at_a_meeting_the_editor_cannot_see_survives_their_edit(
    secretariat: Any, work_plan: Instrument, closed_meeting: Any, ammtc_17: Any
) -> None:
    work_plan.reviewed_at.add(closed_meeting)

    services.update_instrument(
        actor=secretariat,
        instrument=work_plan,
        changes={"reviewed_at": [ammtc_17.pk]},
        expected_version=1,
    )

    assert set(work_plan.reviewed_at.all()) == {ammtc_17, closed_meeting}
