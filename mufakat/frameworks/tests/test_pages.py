"""The framework pages, the mappings on the instrument and activity pages, and the editor."""

import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mufakat.frameworks import services
from mufakat.frameworks.models import ActivityMapping, FrameworkItem
from mufakat.monitoring import services as monitoring
from mufakat.monitoring.models import ProgressReport
from mufakat.workplans.models import Activity, Instrument
from mufakat.workplans.tests import make

pytestmark = pytest.mark.django_db

LIST = reverse("frameworks:list")
SDG16 = reverse("frameworks:framework", args=["sdg-16"])
SDG164 = reverse("frameworks:item", args=["sdg-16", "16.4"])


def sdg(code: str) -> FrameworkItem:
    return FrameworkItem.objects.get(framework__key="sdg-16", code=code)


def queries_for(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def count_of(html: str, code: str) -> int:
    row = re.search(rf'id="item-{re.escape(code)}".*?data-activity-count="(\d+)"', html, re.S)
    assert row, f"no row for {code}"
    return int(row.group(1))


@pytest.fixture
def annex_activity(cyber_annex: Instrument) -> Activity:
    area = make.priority_area(instrument=cyber_annex, position=1, title="Annex area")
    return make.activity(priority_area=area, code="AX-1", title="Confidential annex activity")


@pytest.fixture
def mapped(secretariat: Any, training: Activity, annex_activity: Activity) -> None:
    services.map_activity(actor=secretariat, activity=training, item=sdg("16.4"))
    services.map_activity(actor=secretariat, activity=annex_activity, item=sdg("16.4"))


# -- the framework list and page ---------------------------------------------------------------


def test_everyone_finds_sdg_16_in_the_framework_list(as_user: Any, anonymous: Any) -> None:
    html = as_user(anonymous).get(LIST).content.decode()

    assert "Sustainable Development Goal 16" in html
    assert SDG16 in html


def test_the_framework_page_counts_only_activities_the_reader_may_see(
    as_user: Any, outsider: Any, jpn_focal: Any, mapped: None
) -> None:
    assert count_of(as_user(outsider).get(SDG16).content.decode(), "164") == 1
    assert count_of(as_user(jpn_focal).get(SDG16).content.decode(), "164") == 2
    assert count_of(as_user(jpn_focal).get(SDG16).content.decode(), "165") == 0


def test_the_framework_page_of_a_restricted_instrument_is_a_404_for_the_outsider(
    as_user: Any, secretariat: Any, outsider: Any, jpn_focal: Any, annex_activity: Activity
) -> None:
    services.framework_for_instrument(
        actor=secretariat, instrument=annex_activity.priority_area.instrument
    )
    url = reverse("frameworks:framework", args=["japan-cyber-annex"])

    assert as_user(outsider).get(url).status_code == 404
    assert as_user(outsider).get(url + "1/").status_code == 404
    assert "Annex area" in as_user(jpn_focal).get(url).content.decode()
    assert "Confidential cyber annex" not in as_user(outsider).get(LIST).content.decode()


# -- the item view -----------------------------------------------------------------------------


def test_the_item_view_lists_the_activities_serving_it_with_their_lead_and_standing(
    as_user: Any, jpn_focal: Any, mapped: None, training: Activity
) -> None:
    html = as_user(jpn_focal).get(SDG164).content.decode()

    assert "Training on terrorist financing investigations" in html
    assert "ASEAN–Japan Work Plan 2023–2027" in html
    assert "Confidential annex activity" in html
    assert "JPN" in html  # the lead party of the training
    assert "No report" in html
    assert "2 activities across the instruments you may see" in html


def test_an_outsider_does_not_see_the_restricted_instruments_activity_there(
    as_user: Any, outsider: Any, mapped: None
) -> None:
    html = as_user(outsider).get(SDG164).content.decode()

    assert "Training on terrorist financing investigations" in html
    assert "Confidential annex" not in html
    assert "1 activity across the instruments you may see" in html


def test_the_item_view_shows_where_the_activity_stands_as_monitoring_says(
    as_user: Any, secretariat: Any, idn_focal: Any, outsider: Any, mapped: None, work_plan: Any
) -> None:
    import datetime as dt

    round_ = monitoring.open_round(
        actor=secretariat,
        title="Round for the 25th SOMTC",
        instruments=[work_plan],
        reporting_parties=["IDN"],
        opens_on=dt.date(2024, 3, 1),
        due_date=dt.date(2024, 6, 1),
        audience="public",
        tlp="CLEAR",
    )
    report = ProgressReport.objects.get(round=round_, activity__code="CT-1", party__code="IDN")
    monitoring.save_report(
        actor=idn_focal, report=report, changes={"status": "delayed"}, expected_version=None
    )

    # A draft is Indonesia's own: the outsider sees that nothing was reported yet.
    assert "Delayed" in as_user(idn_focal).get(SDG164).content.decode()
    assert "Delayed" not in as_user(outsider).get(SDG164).content.decode()
    report.refresh_from_db()
    monitoring.save_report(
        actor=idn_focal,
        report=report,
        changes={},
        expected_version=report.lock_version,
        submit=True,
    )
    html = as_user(outsider).get(SDG164).content.decode()
    assert "Delayed" in html and "Round for the 25th SOMTC" in html


def test_the_item_view_costs_the_same_for_many_activities(
    as_user: Any, secretariat: Any, jpn_focal: Any, mapped: None, work_plan: Instrument
) -> None:
    client = as_user(jpn_focal)
    few = queries_for(client, SDG164)
    area = work_plan.priority_areas.first()
    for n in range(6):
        extra = make.activity(priority_area=area, code=f"X-{n}", title=f"Extra {n}")
        extra.lead_parties.set(Activity.objects.get(code="CT-1").lead_parties.all())
        ActivityMapping.objects.create(activity=extra, item=sdg("16.4"))

    assert queries_for(client, SDG164) == few


def test_an_unknown_item_is_a_404(as_user: Any, anonymous: Any) -> None:
    assert (
        as_user(anonymous).get(reverse("frameworks:item", args=["sdg-16", "16.99"])).status_code
        == 404
    )


# -- the instrument page -----------------------------------------------------------------------


def test_the_instrument_page_links_each_activity_to_the_items_it_serves(
    as_user: Any, anonymous: Any, mapped: None, work_plan: Instrument
) -> None:
    html = as_user(anonymous).get(work_plan.get_absolute_url()).content.decode()

    assert "Frameworks served:" in html
    assert f'href="{SDG164}"' in html


def test_the_instrument_page_costs_the_same_however_many_mappings(
    as_user: Any, secretariat: Any, jpn_focal: Any, training: Activity, work_plan: Instrument
) -> None:
    client = as_user(jpn_focal)
    services.map_activity(actor=secretariat, activity=training, item=sdg("16.1"))
    one = queries_for(client, work_plan.get_absolute_url())
    services.set_activity_mappings(
        actor=secretariat,
        activity=training,
        items=[sdg(c) for c in ("16.1", "16.2", "16.3", "16.4", "16.5", "16.a")],
    )
    cyber = Activity.objects.get(code="CY-1")
    services.set_activity_mappings(
        actor=secretariat, activity=cyber, items=[sdg("16.4"), sdg("16.b")]
    )
    for n in range(3):  # more areas, each with a mapped activity
        area = make.priority_area(instrument=work_plan, position=3 + n, title=f"Area {n}")
        extra = make.activity(priority_area=area, code=f"Z-{n}", title=f"Extra {n}")
        ActivityMapping.objects.create(activity=extra, item=sdg("16.6"))

    html = client.get(work_plan.get_absolute_url()).content.decode()
    assert html.count(f'href="{reverse("frameworks:item", args=["sdg-16", "16.6"])}"') == 3
    assert queries_for(client, work_plan.get_absolute_url()) == one


def test_a_mapping_to_a_restricted_frameworks_item_is_not_shown_to_who_may_not_see_it(
    as_user: Any,
    secretariat: Any,
    outsider: Any,
    jpn_focal: Any,
    training: Activity,
    annex_activity: Activity,
) -> None:
    services.framework_for_instrument(
        actor=secretariat, instrument=annex_activity.priority_area.instrument
    )
    services.map_activity(actor=secretariat, activity=training, item="japan-cyber-annex / 1")
    url = training.priority_area.instrument.get_absolute_url()

    assert "Confidential cyber annex" not in as_user(outsider).get(url).content.decode()
    assert "Annex area" not in as_user(outsider).get(training.get_absolute_url()).content.decode()
    assert "Annex area" in as_user(jpn_focal).get(training.get_absolute_url()).content.decode()


# -- the mapping editor on the activity page ---------------------------------------------------


def test_the_secretariat_maps_and_unmaps_from_the_activity_page(
    as_user: Any, secretariat: Any, training: Activity
) -> None:
    client = as_user(secretariat)
    editor = reverse("frameworks:activity_mappings", args=[training.pk])
    assert editor in client.get(training.get_absolute_url()).content.decode()

    response = client.post(editor, {"item": sdg("16.4").pk}, follow=True)
    assert "Mapped to SDG 16.4." in response.content.decode()
    assert ActivityMapping.objects.filter(activity=training, item__code="16.4").exists()

    response = client.post(editor, {"remove": sdg("16.4").pk}, follow=True)
    assert "SDG 16.4 is no longer mapped." in response.content.decode()
    assert not ActivityMapping.objects.exists()


def test_a_focal_point_sees_the_mappings_but_no_editor_and_may_not_post(
    as_user: Any, idn_focal: Any, mapped: None, training: Activity
) -> None:
    client = as_user(idn_focal)
    editor = reverse("frameworks:activity_mappings", args=[training.pk])
    html = client.get(training.get_absolute_url()).content.decode()

    assert "SDG 16.4" in html and editor not in html
    assert client.post(editor, {"item": sdg("16.5").pk}).status_code == 403


def test_the_secretariat_uses_an_instruments_priority_areas_as_a_framework(
    as_user: Any, secretariat: Any, work_plan: Instrument
) -> None:
    client = as_user(secretariat)
    assert "asean-japan-wp-2023-2027" in client.get(LIST).content.decode()

    response = client.post(reverse("frameworks:mirror"), {"instrument": work_plan.key}, follow=True)

    assert "Counter terrorism" in response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("frameworks:framework", args=[work_plan.key])
