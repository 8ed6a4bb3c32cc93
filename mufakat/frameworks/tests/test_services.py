"""Mapping activities onto framework items: who may, what is recorded, how codes resolve, and
how an instrument's priority areas become a framework that stays in step with them."""

import re
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from mufakat.audit.models import AuditEvent
from mufakat.frameworks import services
from mufakat.frameworks.models import ActivityMapping, Framework, FrameworkItem
from mufakat.workplans import services as workplans
from mufakat.workplans.models import Activity, Instrument, InstrumentVersion
from mufakat.workplans.tests import make

pytestmark = pytest.mark.django_db


def sdg(code: str) -> FrameworkItem:
    return FrameworkItem.objects.get(framework__key="sdg-16", code=code)


def last_note(instrument: Instrument) -> str:
    return InstrumentVersion.objects.filter(instrument=instrument).order_by("-number")[0].note


# -- reference data ----------------------------------------------------------------------------


def test_every_database_holds_the_twelve_sdg_16_targets_with_their_un_wording() -> None:
    framework = Framework.objects.get(key="sdg-16")
    codes = list(framework.items.order_by("position").values_list("code", flat=True))

    assert codes == [f"16.{n}" for n in range(1, 11)] + ["16.a", "16.b"]
    assert sdg("16.4").title.startswith("By 2030, significantly reduce illicit financial")
    assert "A/RES/70/1" in framework.source
    assert framework.source_url == "https://sdgs.un.org/goals/goal16"
    assert sdg("16.4").label == "SDG 16.4"
    assert sdg("16.4").reference == "sdg-16 / 16.4"


# -- mapping -----------------------------------------------------------------------------------


def test_the_secretariat_maps_an_activity_and_the_change_is_audited_and_versioned(
    secretariat: Any, training: Activity
) -> None:
    versions = InstrumentVersion.objects.count()

    mapping = services.map_activity(actor=secretariat, activity=training, item=sdg("16.4"))

    assert mapping.created_by == secretariat
    assert AuditEvent.objects.filter(action="activitymapping.create").count() == 1
    assert InstrumentVersion.objects.count() == versions + 1
    assert last_note(training.priority_area.instrument) == "Frameworks: CT-1 serves SDG 16.4"


def test_a_focal_point_may_not_map_activities(idn_focal: Any, training: Activity) -> None:
    with pytest.raises(PermissionDenied):
        services.map_activity(actor=idn_focal, activity=training, item=sdg("16.4"))
    assert not ActivityMapping.objects.exists()


def test_mapping_twice_is_refused_and_unmapping_what_is_not_mapped_too(
    secretariat: Any, training: Activity
) -> None:
    services.map_activity(actor=secretariat, activity=training, item="SDG 16.4")

    with pytest.raises(ValidationError, match=re.escape("already serves SDG 16.4")):
        services.map_activity(actor=secretariat, activity=training, item="SDG 16.4")
    services.unmap_activity(actor=secretariat, activity=training, item="SDG 16.4")
    with pytest.raises(ValidationError, match=re.escape("does not serve SDG 16.4")):
        services.unmap_activity(actor=secretariat, activity=training, item="SDG 16.4")
    assert AuditEvent.objects.filter(action="activitymapping.delete").count() == 1
    assert "no longer serves SDG 16.4" in last_note(training.priority_area.instrument)


def test_setting_the_mappings_replaces_them_in_one_version_and_nothing_when_unchanged(
    secretariat: Any, training: Activity
) -> None:
    services.map_activity(actor=secretariat, activity=training, item=sdg("16.1"))
    versions = InstrumentVersion.objects.count()

    result = services.set_activity_mappings(
        actor=secretariat, activity=training, items=["SDG 16.4", "sdg-16 / 16.a"]
    )

    assert [m.item.code for m in result] == ["16.4", "16.a"]
    assert InstrumentVersion.objects.count() == versions + 1
    note = last_note(training.priority_area.instrument)
    assert note == "Frameworks of CT-1: added SDG 16.4, SDG 16.a; removed SDG 16.1"
    services.set_activity_mappings(
        actor=secretariat, activity=training, items=[sdg("16.a"), sdg("16.4")]
    )
    assert InstrumentVersion.objects.count() == versions + 1


def test_setting_mappings_is_all_or_nothing(secretariat: Any, training: Activity) -> None:
    services.map_activity(actor=secretariat, activity=training, item=sdg("16.1"))

    with pytest.raises(ValidationError, match=re.escape("has no item “16.12”")):
        services.set_activity_mappings(
            actor=secretariat, activity=training, items=["SDG 16.4", "SDG 16.12"]
        )
    assert list(ActivityMapping.objects.values_list("item__code", flat=True)) == ["16.1"]


# -- codes -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "code", ["SDG 16.4", "sdg 16.4", "sdg-16 / 16.4", "  SDG-16/16.4 ", "SDG 16 / 16.4"]
)
def test_a_code_may_be_written_in_the_forms_people_type(code: str, outsider: Any) -> None:
    assert services.resolve_item_code(code, user=outsider) == sdg("16.4")


def test_an_unknown_code_says_what_is_wrong_and_what_exists(anonymous: Any) -> None:
    with pytest.raises(services.ItemCodeError) as unknown_item:
        services.resolve_item_code("SDG 16.12", user=anonymous)
    with pytest.raises(services.ItemCodeError) as unknown_framework:
        services.resolve_item_code("SDH 16.4", user=anonymous)
    with pytest.raises(services.ItemCodeError) as no_code:
        services.resolve_item_code("16.4", user=anonymous)

    assert "SDG 16 has no item “16.12” (its items: 16.1, 16.2" in unknown_item.value.messages[0]
    assert "no framework is called “SDH”" in unknown_framework.value.messages[0]
    assert "sdg-16 / 16.4" in no_code.value.messages[0]
    assert unknown_item.value.item_code == "SDG 16.12"


def test_a_cell_may_hold_several_codes(anonymous: Any) -> None:
    items = services.resolve_item_codes("SDG 16.4; SDG 16.a\nSDG 16.4", user=anonymous)

    assert [i.code for i in items] == ["16.4", "16.a"]
    assert services.resolve_item_codes("  ", user=anonymous) == []


# -- frameworks mirrored from instruments ------------------------------------------------------


def test_an_instruments_priority_areas_become_a_framework_that_follows_them(
    secretariat: Any, work_plan: Instrument
) -> None:
    framework = services.framework_for_instrument(actor=secretariat, instrument=work_plan)
    items = list(framework.items.order_by("position"))
    assert [(i.code, i.title) for i in items] == [("1", "Counter terrorism"), ("2", "Cybercrime")]
    assert framework.key == work_plan.key and str(framework) == "ASEAN–Japan Work Plan 2023–2027"

    first, second = (i.priority_area for i in items)
    workplans.update_priority_area(
        actor=secretariat, priority_area=first, changes={"position": 2}, expected_version=None
    )
    workplans.update_priority_area(
        actor=secretariat,
        priority_area=second,
        changes={"position": 1, "title": "Cybercrime and e-evidence"},
        expected_version=None,
    )
    workplans.create_priority_area(
        actor=secretariat, instrument=work_plan, data={"title": "Sea piracy"}
    )

    assert list(framework.items.order_by("position").values_list("code", "title")) == [
        ("1", "Cybercrime and e-evidence"),
        ("2", "Counter terrorism"),
        ("3", "Sea piracy"),
    ]
    assert services.framework_for_instrument(actor=secretariat, instrument=work_plan) == framework


def test_an_editor_may_name_an_instruments_area_by_its_key_before_it_is_a_framework(
    secretariat: Any, training: Activity, bali_work_plan: Instrument
) -> None:
    make.priority_area(instrument=bali_work_plan, position=1, title="Prevention")
    make.priority_area(instrument=bali_work_plan, position=2, title="Counter-radicalisation")

    services.set_activity_mappings(
        actor=secretariat, activity=training, items=["bali-wp-2019-2025 / 2"]
    )

    assert Framework.objects.get(instrument=bali_work_plan).items.count() == 2
    assert ActivityMapping.objects.get().item.title == "Counter-radicalisation"
    assert services.resolve_item_code("Bali Work Plan 2", user=secretariat).code == "2"


def test_a_restricted_instruments_items_are_unknown_to_those_who_may_not_see_it(
    secretariat: Any, outsider: Any, jpn_focal: Any, cyber_annex: Instrument, training: Activity
) -> None:
    make.priority_area(instrument=cyber_annex, position=1, title="Confidential area")
    services.framework_for_instrument(actor=secretariat, instrument=cyber_annex)

    with pytest.raises(services.ItemCodeError, match="no framework is called"):
        services.resolve_item_code("japan-cyber-annex / 1", user=outsider)
    assert services.resolve_item_code("japan-cyber-annex / 1", user=jpn_focal).code == "1"


def test_the_history_of_a_public_plan_does_not_name_an_item_of_a_restricted_one(
    secretariat: Any, cyber_annex: Instrument, training: Activity
) -> None:
    make.priority_area(instrument=cyber_annex, position=1, title="Confidential area")
    services.framework_for_instrument(actor=secretariat, instrument=cyber_annex)

    services.map_activity(actor=secretariat, activity=training, item="japan-cyber-annex / 1")

    note = last_note(training.priority_area.instrument)
    assert note == "Frameworks: CT-1 serves an item of a restricted framework"


def test_mappings_to_items_the_editor_may_not_see_are_kept_when_they_replace_the_rest(
    secretariat: Any, training: Activity, cyber_annex: Instrument
) -> None:
    area = make.priority_area(instrument=cyber_annex, position=1, title="Confidential area")
    framework = services.framework_for_instrument(actor=secretariat, instrument=cyber_annex)
    hidden = framework.items.get()
    ActivityMapping.objects.create(activity=training, item=hidden)
    # The annex becomes Japan's own: the Secretariat no longer sees it.
    Instrument.objects.filter(pk=cyber_annex.pk).update(audience="organisation")

    services.set_activity_mappings(actor=secretariat, activity=training, items=["SDG 16.4"])

    assert set(ActivityMapping.objects.values_list("item__code", flat=True)) == {"1", "16.4"}
    assert area.pk == hidden.priority_area_id
